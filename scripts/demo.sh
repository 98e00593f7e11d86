#!/usr/bin/env bash
# Install newsgraph (scripts/setup.sh), run the main job on the bundled example articles, store
# them in a knowledge store and end with the web app serving it on http://127.0.0.1:8000/
# (PORT=8001 bash scripts/demo.sh for another port; Ctrl-C stops it).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
mkdir -p out
# exit code 3 = some records were rejected (examples/bad_records.jsonl holds one of each kind)
.venv/bin/newsgraph extract examples/ -o out/examples.jsonl --published 2024-03-01 || [ $? -eq 3 ]
echo
echo "demo: one DocumentGraph per article in out/examples.jsonl; rejected records in out/examples.rejects.jsonl"
.venv/bin/python - <<'PY'
import json
for line in open("out/examples.jsonl", encoding="utf-8"):
    d = json.loads(line)
    people = [e["name"] for e in d["entities"] if e["type"] == "PERSON"]
    print(f"{d['document']['id']:<32} {len(d['entities']):3} entities {len(d['events']):3} events "
          f"{len(d['quotes']):3} quotes  people: {', '.join(people[:4])}")
PY

echo
.venv/bin/newsgraph ingest examples/ --db out/examples.duckdb --published 2024-03-01 2>/dev/null || [ $? -eq 3 ]
PORT=${PORT:-8000}
echo "demo: the knowledge store is out/examples.duckdb; point your browser at http://127.0.0.1:$PORT/"
echo "demo: try searching 'Hasan Shaikh Mohamud' or 'Dabaiba' (other spellings), then click a dot on the time line"
exec .venv/bin/newsgraph serve --db out/examples.duckdb --port "$PORT"

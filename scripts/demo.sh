#!/usr/bin/env bash
# Install newsgraph (scripts/setup.sh) and run the main job on the bundled example articles.
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

#!/usr/bin/env bash
# Score newsgraph on the public evaluation cases and the public annotated corpora of ../shared
# (PLOVER gold sentences, MEANTIME time expressions). Needs scripts/setup.sh first.
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${SHARED:-../shared}
mkdir -p out/eval
.venv/bin/newsgraph extract "$SHARED"/eval/cases/*.jsonl -o out/eval/cases.jsonl
python3 "$SHARED/eval/score.py" out/eval/cases.jsonl "$SHARED"/eval/cases/*.gold.json --text "$SHARED"/eval/cases/*.jsonl
for kind in plover timex; do
  python3 "$SHARED/eval/external_score.py" cases "$kind" > "out/eval/$kind.cases.jsonl"
  .venv/bin/newsgraph extract "out/eval/$kind.cases.jsonl" -o "out/eval/$kind.out.jsonl" 2>/dev/null || true
  python3 "$SHARED/eval/external_score.py" "$kind" "out/eval/$kind.out.jsonl"
done
# quotes and their speakers on PolNeAR's public dev half (political news; corpus_score.py docstring)
python3 "$SHARED/eval/corpus_score.py" cases polnear > out/eval/polnear.cases.jsonl
.venv/bin/newsgraph extract out/eval/polnear.cases.jsonl -o out/eval/polnear.out.jsonl 2>/dev/null || true
python3 "$SHARED/eval/corpus_score.py" polnear out/eval/polnear.out.jsonl

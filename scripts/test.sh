#!/usr/bin/env bash
# Install newsgraph with its test dependencies (scripts/setup.sh) and run the WHOLE test suite:
# lint, unit tests, Spark tests (local mode) and the quality gate.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/ruff check newsgraph tests eval benchmarks
.venv/bin/ruff format --check newsgraph tests eval benchmarks
set +e
.venv/bin/python -m pytest -q -p no:cacheprovider "$@"
code=$?
set -e
if [ "$code" -eq 5 ]; then
  echo "test: pytest collected no tests: that is a failure" >&2
  exit 1
fi
exit "$code"

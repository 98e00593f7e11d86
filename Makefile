# The same commands README gives and CI runs.
.PHONY: setup demo test lint eval bench
setup:
	bash scripts/setup.sh
demo:
	bash scripts/demo.sh
test:
	bash scripts/test.sh
lint:
	.venv/bin/ruff check newsgraph tests eval benchmarks
	.venv/bin/ruff format --check newsgraph tests eval benchmarks
eval:
	bash scripts/eval.sh
bench:
	.venv/bin/python benchmarks/run_all.py

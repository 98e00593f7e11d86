"""Loads the data files under newsgraph/data/ once, validates them, and names the file and
line of any problem (LexiconError). Every data file starts with a comment header of `#` lines
that says where its entries came from (checked by tests/test_data_files.py).

Formats:
- `.txt`: one entry per line; `#` comments and blank lines ignored.
- `.csv`: `#` header lines, then a CSV header row, then rows (returned as dicts).
- `.yaml`: a mapping; the `#` header is a YAML comment.
- `.toml`: a table (newsgraph/data/defaults.toml, the settings); the `#` header is a comment.
Every file declares a `version` (a `# version: N` header line, or a `version` key).
"""

from __future__ import annotations

import csv
import functools
import io
import json
import tomllib
from importlib import resources
from typing import Any

import yaml

from newsgraph.errors import LexiconError

_DATA = "newsgraph.data"


def data_text(path: str) -> str:
    """The text of a data file, path relative to newsgraph/data/ ("lexicons/titles.csv")."""
    parts = path.split("/")
    node = resources.files(_DATA).joinpath(*parts)
    try:
        return node.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise LexiconError(f"{path}: no such data file") from exc


def header(path: str) -> list[str]:
    """The leading comment lines of a data file (its provenance header)."""
    out = []
    for line in data_text(path).splitlines():
        if line.startswith("#"):
            out.append(line.lstrip("#").strip())
        elif line.strip():
            break
    return out


@functools.cache
def load_lines(path: str) -> tuple[str, ...]:
    """Entries of a one-per-line .txt file, in order, without duplicates."""
    seen: dict[str, int] = {}
    for no, raw in enumerate(data_text(path).splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line in seen:
            raise LexiconError(f"{path}:{no}: duplicate entry {line!r} (first on line {seen[line]})")
        seen[line] = no
    return tuple(seen)


@functools.cache
def load_csv(path: str) -> tuple[dict[str, str], ...]:
    """Rows of a .csv data file as dicts; empty cells are ''. Every row must fill `required`
    columns, which are the header's columns not ending in '?' (an optional column)."""
    lines = [ln for ln in data_text(path).splitlines() if not ln.startswith("#")]
    reader = csv.reader(io.StringIO("\n".join(lines)))
    try:
        head = next(reader)
    except StopIteration as exc:
        raise LexiconError(f"{path}: no header row") from exc
    optional = {h for h in head if h.endswith("?")}
    names = [h.rstrip("?") for h in head]
    rows = []
    n_header = sum(1 for ln in data_text(path).splitlines() if ln.startswith("#"))
    for no, row in enumerate(reader, n_header + 2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(names):
            raise LexiconError(f"{path}:{no}: {len(row)} cells, header has {len(names)}")
        row = [c.strip() for c in row] + [""] * (len(names) - len(row))
        for h, name, cell in zip(head, names, row, strict=True):
            if h not in optional and not cell:
                raise LexiconError(f"{path}:{no}: empty {name}")
        rows.append(dict(zip(names, row, strict=True)))
    return tuple(rows)


@functools.cache
def load_yaml(path: str) -> Any:
    try:
        return yaml.safe_load(data_text(path))
    except yaml.YAMLError as exc:
        raise LexiconError(f"{path}: {exc}") from exc


@functools.cache
def load_toml(path: str) -> dict[str, Any]:
    try:
        return tomllib.loads(data_text(path))
    except tomllib.TOMLDecodeError as exc:
        raise LexiconError(f"{path}: {exc}") from exc


def version(path: str) -> int | None:
    """The version a data file declares: a `version: N` line of its header (.txt, .csv) or its
    `version` key (.yaml, .toml, .json)."""
    kind = path.rsplit(".", 1)[-1]
    if kind in ("yaml", "yml"):
        value = load_yaml(path).get("version")
    elif kind == "toml":
        value = load_toml(path).get("version")
    elif kind == "json":
        value = json.loads(data_text(path)).get("version")
    else:
        value = next((h.split(":", 1)[1].strip() for h in header(path) if h.startswith("version:")), None)
    try:
        return int(value) if value is not None else None
    except ValueError as exc:
        raise LexiconError(f"{path}: version {value!r} is not a whole number") from exc


def load_all() -> int:
    """Load every data file with the loader of its format, so that a malformed one raises its
    LexiconError now, not in the middle of a run (the stages' own loaders add their checks on
    top). Returns the number of files loaded."""
    files = data_files()
    for path in files:
        kind = path.rsplit(".", 1)[-1]
        if kind == "txt":
            load_lines(path)
        elif kind == "csv":
            load_csv(path)
        elif kind in ("yaml", "yml"):
            load_yaml(path)
        elif kind == "toml":
            load_toml(path)
        elif kind == "json":
            try:
                json.loads(data_text(path))
            except json.JSONDecodeError as exc:
                raise LexiconError(f"{path}:{exc.lineno}: {exc.msg}") from exc
    return len(files)


def data_files() -> list[str]:
    """Every data file shipped in the package (relative paths), for tests and docs."""
    out: list[str] = []

    def walk(node: Any, prefix: str) -> None:
        for child in node.iterdir():
            name = f"{prefix}{child.name}"
            if child.is_dir():
                if child.name != "__pycache__":
                    walk(child, name + "/")
            elif child.name.endswith((".txt", ".csv", ".yaml", ".yml", ".toml", ".json")):
                out.append(name)

    walk(resources.files(_DATA), "")
    return sorted(out)

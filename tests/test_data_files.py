"""Every data file under newsgraph/data/ loads with its loader, says where its entries came from
(a `#` provenance header), and holds no duplicate key: a duplicate is a silent override or a typo."""

from __future__ import annotations

from collections import Counter

import pytest
import yaml

from newsgraph import lexicons
from newsgraph.errors import LexiconError

FILES = lexicons.data_files()
# the words a provenance header uses to say where its entries came from
PROVENANCE_WORDS = ("source", "from", "written by", "compiled", "derived")


def kind(path: str) -> str:
    return path.rsplit(".", 1)[-1]


class _UniqueKeyLoader(yaml.SafeLoader):
    """A YAML loader that fails on a key given twice in one mapping (PyYAML keeps the last)."""


def _mapping_without_duplicates(loader: yaml.SafeLoader, node: yaml.MappingNode, deep: bool = False):
    keys = [loader.construct_object(k, deep=deep) for k, _ in node.value]
    dups = [k for k, n in Counter(map(repr, keys)).items() if n > 1]
    if dups:
        raise yaml.constructor.ConstructorError(None, None, f"duplicate keys {dups}", node.start_mark)
    return loader.construct_mapping(node, deep=deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_without_duplicates)


def test_there_are_data_files():
    assert any(kind(f) == "txt" for f in FILES) and any(kind(f) == "csv" for f in FILES)


@pytest.mark.parametrize("path", FILES)
def test_starts_with_a_provenance_header(path):
    head = lexicons.header(path)
    assert head, f"{path}: no '#' header"
    assert lexicons.data_text(path).startswith("#"), f"{path}: the header must come first"
    text = " ".join(head).lower()
    assert any(w in text for w in PROVENANCE_WORDS), (
        f"{path}: the header does not say where entries came from"
    )


@pytest.mark.parametrize("path", FILES)
def test_loads_with_its_loader(path):
    if kind(path) == "txt":
        entries = lexicons.load_lines(path)
        assert entries and all(e == e.strip() for e in entries)
    elif kind(path) == "csv":
        rows = lexicons.load_csv(path)
        assert rows and all(isinstance(r, dict) for r in rows)
    elif kind(path) in ("yaml", "yml"):
        data = lexicons.load_yaml(path)
        assert isinstance(data, dict) and data
    elif kind(path) == "toml":
        data = lexicons.load_toml(path)
        assert isinstance(data, dict) and data
    else:
        pytest.fail(f"{path}: no loader for .{kind(path)} files in newsgraph/lexicons.py")


@pytest.mark.parametrize("path", FILES)
def test_declares_a_version(path):
    v = lexicons.version(path)
    assert isinstance(v, int) and v >= 1, (
        f"{path}: no version (a '# version: N' header line or a version key)"
    )


def test_every_data_file_loads_at_once():
    # what pipeline.load_data does before the first record: a broken file stops the run there
    assert lexicons.load_all() == len(FILES) > 20


@pytest.mark.parametrize("path", [f for f in FILES if kind(f) == "txt"])
def test_txt_has_no_duplicates_even_in_another_case(path):
    # load_lines already refuses exact duplicates; a case variant is almost always a duplicate too
    entries = lexicons.load_lines(path)
    folded = Counter(e.casefold() for e in entries)
    assert [e for e, n in folded.items() if n > 1] == []


@pytest.mark.parametrize("path", [f for f in FILES if kind(f) == "csv"])
def test_csv_first_column_is_a_unique_key(path):
    rows = lexicons.load_csv(path)
    key = next(iter(rows[0]))
    counts = Counter(r[key].casefold() for r in rows)
    assert [k for k, n in counts.items() if n > 1] == [], f"{path}: duplicate {key}"


@pytest.mark.parametrize("path", [f for f in FILES if kind(f) == "csv"])
def test_csv_alias_points_to_one_row(path):
    # an alias listed under two rows would make the name ambiguous for the linker
    rows = lexicons.load_csv(path)
    if "aliases" not in rows[0]:
        pytest.skip("no aliases column")
    key = next(iter(rows[0]))
    owner: dict[str, set[str]] = {}
    for r in rows:
        for alias in filter(None, (a.strip() for a in r["aliases"].split("|"))):
            owner.setdefault(alias, set()).add(r[key])
    assert {a: o for a, o in owner.items() if len(o) > 1} == {}


@pytest.mark.parametrize("path", [f for f in FILES if kind(f) in ("yaml", "yml")])
def test_yaml_has_no_duplicate_keys(path):
    yaml.load(lexicons.data_text(path), Loader=_UniqueKeyLoader)  # a SafeLoader subclass: safe


def test_duplicate_yaml_keys_are_caught():
    with pytest.raises(yaml.constructor.ConstructorError, match="duplicate"):
        yaml.load("a: 1\nb: 2\na: 3\n", Loader=_UniqueKeyLoader)


def test_a_missing_data_file_is_a_lexicon_error():
    with pytest.raises(LexiconError, match="no such data file"):
        lexicons.data_text("lexicons/no-such-file.txt")

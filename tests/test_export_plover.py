"""export-plover: the events of extracted documents as PLOVER records, read back as JSON."""

from __future__ import annotations

import json

from newsgraph import cli
from newsgraph.export.plover import to_plover

STORY = (
    "Turkish forces shelled Kurdish positions on Tuesday, a monitoring group said.\n\n"
    "Turkey did not attack the city of Kobani, its defence ministry said."
)


def _by_trigger(records: list[dict]) -> dict[str, dict]:
    return {r["event_text"]: r for r in records}


def test_events_become_plover_records_with_codes_dates_and_evidence(extract_dict):
    doc = extract_dict(STORY, published="2024-03-07", id="syria-1")
    records = _by_trigger(to_plover(doc))
    shelled, attack = records["shelled"], records["attack"]
    assert shelled["event_type"] == attack["event_type"] == "ASSAULT"
    assert shelled["doc_id"] == "syria-1" and shelled["id"].startswith("syria-1-v")
    assert shelled["date"] == "2024-03-05"  # the Tuesday before the Thursday of publication
    assert shelled["date_interval"] == ["2024-03-05", "2024-03-05"]
    assert shelled["negated"] is False and "shelled Kurdish positions" in shelled["text"]
    assert shelled["evidence"][0]["text"] in STORY
    # a state's ISO 3166 code, the target by name, the denial kept as negated
    assert attack["source"] == [
        {
            "actorText": "Turkey",
            "code": "TUR",
            "country": "TUR",
            "sector": None,
            "kind": "name",
            "type": "GPE",
        }
    ]
    assert [t["actorText"] for t in attack["target"]] == ["Kobani"]
    assert attack["negated"] is True and attack["date"] is None


def test_the_command_leaves_denied_events_out_unless_asked(extract_dict, tmp_path, capsys):
    doc = extract_dict(STORY, published="2024-03-07", id="syria-1")
    src = tmp_path / "docs.jsonl"
    src.write_text(json.dumps(doc) + "\n\n", encoding="utf-8")  # a blank line is skipped
    out, out_all = tmp_path / "plover.jsonl", tmp_path / "plover-all.jsonl"
    assert cli.main(["export-plover", str(src), "-o", str(out)]) == 0
    assert cli.main(["export-plover", str(src), "-o", str(out_all), "--include-negated"]) == 0
    asserted = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    every = [json.loads(line) for line in out_all.read_text(encoding="utf-8").splitlines()]
    assert [r["event_text"] for r in asserted] == ["shelled"]
    assert sorted(r["event_text"] for r in every) == ["attack", "shelled"]
    assert "1 PLOVER events" in capsys.readouterr().err

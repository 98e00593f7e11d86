"""PLOVER export: newsgraph's events in the record layout of the PLOVER gold-standard records
(openeventdata/PLOVER, gold_standard_records/PLOVER_GSR_CAMEO: `event_type`, `mode`, `context`,
`source` and `target` as lists of {actorText, code}, `event_text`, `event_loc`, `date`, `text`),
plus newsgraph's own provenance fields (`doc_id`, `negated`, `modality`, `evidence`), the claim
(`claimed_by`: who says it happened, with the attribution's span) and the casualty counts
(`casualties`: killed, wounded, arrested, displaced, missing, each with its relation and span).
Each actor carries `country` (ISO 3166 alpha-3: a state's own, a demonym's, an agent's) and
`sector` (an agent's: COP, MIL, GOV, REB ...); `code` joins them CAMEO-style ("KENCOP" for Kenyan
police, "IRN" for Iran: the gazetteer's countries), null when neither is known.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from typing import Any

from newsgraph.gazetteer import gazetteer


def _iso3() -> dict[str, str]:
    return gazetteer().country_iso3


def _actor(entity: dict[str, Any]) -> dict[str, Any]:
    country = entity.get("country") or _iso3().get(entity["name"])
    sector = entity.get("sector")
    code = f"{country or ''}{sector or ''}" or None
    return {
        "actorText": entity["name"],
        "code": code,
        "country": country,
        "sector": sector,
        "kind": entity.get("kind", "name"),
        "type": entity["type"],
    }


def to_plover(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """PLOVER records for the events of one DocumentGraph dict (the output of `extract`)."""
    entities = {e["id"]: e for e in doc.get("entities", [])}
    out = []
    for v in doc.get("events", []):
        date = v.get("date") or {}
        loc = [entities[x] for x in v.get("locations", []) if x in entities]
        out.append(
            {
                "id": f"{doc['document']['id']}-{v['id']}",
                "doc_id": doc["document"]["id"],
                "date": date.get("start") if date.get("start") == date.get("end") else None,
                "date_interval": [date.get("start"), date.get("end")] if date else None,
                "event_type": v["type"],
                "mode": v.get("mode"),
                "context": [],
                "source": [_actor(entities[a]) for a in v.get("actors", []) if a in entities]
                or ([{"actorText": v["actor_text"], "code": None}] if v.get("actor_text") else []),
                "target": [_actor(entities[t]) for t in v.get("targets", []) if t in entities],
                "event_text": v.get("trigger"),
                "event_loc": {"name": loc[0]["name"], "code": _iso3().get(loc[0]["name"])} if loc else None,
                "text": " ".join(e["text"] for e in v.get("evidence", [])),
                "negated": v.get("negated", False),
                "modality": v.get("modality"),
                "claimed_by": v.get("claim"),
                "casualties": v.get("casualties", []),
                "evidence": v.get("evidence", []),
            }
        )
    return out


def add_subcommand(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "export-plover",
        help="write the events of extracted documents as PLOVER records",
        description="Read DocumentGraph JSONL (the output of `newsgraph extract`) and write one PLOVER "
        "event record per line (field names of the PLOVER gold-standard records).",
    )
    p.add_argument("input", metavar="IN", help="DocumentGraph JSONL, or - for stdin")
    p.add_argument("-o", "--output", default="-", help="PLOVER JSONL (default: - for stdout)")
    p.add_argument("--include-negated", action="store_true", help="also write denied events (negated: true)")
    p.set_defaults(func=_cli)


def _lines(path: str) -> Iterator[str]:
    if path == "-":
        yield from sys.stdin
        return
    with open(path, encoding="utf-8") as fh:
        yield from fh


def _cli(args: argparse.Namespace) -> int:
    out = sys.stdout if args.output == "-" else open(args.output, "w", encoding="utf-8")  # noqa: SIM115
    n = 0
    try:
        for line in _lines(args.input):
            if not line.strip():
                continue
            for record in to_plover(json.loads(line)):
                if record["negated"] and not args.include_negated:
                    continue
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
                n += 1
    finally:
        if out is not sys.stdout:
            out.close()
    print(f"newsgraph: {n} PLOVER events", file=sys.stderr)
    return 0

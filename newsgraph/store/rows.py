"""rows: one extracted article (the extractor's JSON dict) -> the rows of the store's tables.

Pure functions, used by `ingest`, `ingest --from-parquet` and tests alike. Column orders are
the constants below, the same as schema.sql (tests/test_store.py checks it). Fields the
extractor does not write yet (entity kind/sector/country, event claimed_by/casualties, quote
kind) are read with .get(): they fill their columns the day they appear, and each item's whole
JSON is kept in `record` meanwhile.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import re
from collections.abc import Sequence
from typing import Any

from newsgraph.model import Article
from newsgraph.resolve.units import group_key

COLUMNS: dict[str, tuple[str, ...]] = {
    "documents": (
        "doc_id", "content_hash", "published", "title", "source", "url", "language", "authors",
        "dateline", "wire_sources", "text", "clean_text", "removed", "n_entities", "n_events",
        "n_quotes", "record", "extractor_version", "run_id", "ingested_at",
    ),
    "sentences": ("doc_id", "sent_no", "start_char", "end_char", "text"),
    "doc_entities": (
        "doc_id", "local_id", "type", "name", "kind", "sector", "country", "alias_names",
        "alias_kinds", "n_mentions", "first_char", "group_key", "entity_id", "record",
    ),
    "mentions": ("doc_id", "local_id", "start_char", "end_char", "text", "label", "sent_no"),
    "roles": (
        "doc_id", "local_id", "role_no", "title", "org_local_id", "organization", "qualifier",
        "current", "observed", "valid_from", "valid_to", "ev_start", "ev_end", "sent_no",
    ),
    "events": (
        "doc_id", "event_id", "type", "mode", "date_start", "date_end", "negated", "modality",
        "trigger", "actor_text", "target_text", "claimed_by_local_id", "claimed_by_text", "killed",
        "wounded", "arrested", "displaced", "missing", "ev_start", "ev_end", "sent_no", "evidence",
        "record",
    ),
    "event_args": ("doc_id", "event_id", "role", "local_id", "position"),
    "quotes": (
        "doc_id", "quote_id", "speaker_local_id", "speaker_text", "speaker_kind", "kind", "direct",
        "named", "text", "start_char", "end_char", "verb", "anonymity_reason", "ev_start", "ev_end",
        "sent_no", "record",
    ),
    "times": (
        "doc_id", "time_no", "start_char", "end_char", "text", "value_start", "value_end",
        "granularity", "rule",
    ),
}  # fmt: skip
FACT_TABLES = ("sentences", "doc_entities", "mentions", "roles", "events", "event_args", "quotes", "times")
CASUALTY_FIELDS = ("killed", "wounded", "arrested", "displaced", "missing")

# A name quoted in its own script right after a mention: "Esmail Qaani (اسماعیل قاآنی)".
# Arabic (with Persian letters), Cyrillic, Hebrew and Greek letters, spaces and joiners inside
# brackets, at most 60 characters after the mention.
_SCRIPT_NAME = re.compile(
    r"\s*[(（\[]\s*([\u0600-\u06ff\u0750-\u077f\u0400-\u04ff\u0590-\u05ff\u0370-\u03ff]"
    r"[\u0600-\u06ff\u0750-\u077f\u0400-\u04ff\u0590-\u05ff\u0370-\u03ff\u200c\u200d\s'-]{0,58})"
    r"\s*[)）\]]"
)
# Sentence ends for the sentences table: after . ! ? (and closing quotes/brackets) before a
# capital, a digit or an opening quote; and at line breaks. Abbreviations that end with a full
# stop but not a sentence, as news writes them before a name or a number.
_SENT_END = re.compile(r"(?<=[.!?])[\"”’')\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])|\n\s*")
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof gen lt col maj capt sgt brig adm gov sen rep st mt no vs jan feb mar apr "
    "jun jul aug sep sept oct nov dec u.s u.n u.k inc corp co ltd jr sr".split()
)


def content_hash(article: Article) -> str:
    """The identity of an input record: sha256 of its text, date, title, source and url (not its
    id, so the same article under two ids or paths is stored once)."""
    key = [
        article.text,
        article.published.isoformat() if article.published else None,
        article.title,
        article.source,
        article.url,
    ]
    return hashlib.sha256(json.dumps(key, ensure_ascii=False).encode("utf-8")).hexdigest()


def reject_id(record: str, raw: str | None) -> str:
    return hashlib.sha256(json.dumps([record, raw], ensure_ascii=False).encode("utf-8")).hexdigest()[:32]


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of the original text (for display and for each fact's sent_no)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENT_END.finditer(text):
        if m.group().startswith(("\n", "\r")) or not _ends_with_abbreviation(text, m.start()):
            _add_span(spans, text, start, m.start())
            start = m.end()
    _add_span(spans, text, start, len(text))
    return spans


def _ends_with_abbreviation(text: str, end: int) -> bool:
    word = re.search(r"([\w.]+)\.$", text[max(0, end - 12) : end])
    return bool(word) and (word.group(1).lower() in _ABBREVIATIONS or len(word.group(1)) == 1)


def _add_span(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


class _SentenceIndex:
    def __init__(self, spans: Sequence[tuple[int, int]]) -> None:
        self.starts = [s for s, _ in spans]

    def of(self, offset: int | None) -> int | None:
        if offset is None or not self.starts:
            return None
        return max(bisect.bisect_right(self.starts, offset) - 1, 0)


def script_aliases(text: str | None, mentions: Sequence[dict[str, Any]]) -> list[str]:
    """Names in another script quoted in brackets right after a mention of the entity."""
    if not text:
        return []
    out: list[str] = []
    for m in mentions:
        end = m.get("end")
        if not isinstance(end, int) or end > len(text):
            continue
        found = _SCRIPT_NAME.match(text, end)
        if found:
            name = " ".join(found.group(1).split())
            if name not in out:
                out.append(name)
    return out


def _dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True)


def _first_evidence(ev: Any) -> dict[str, Any]:
    if isinstance(ev, list):
        return ev[0] if ev else {}
    return ev or {}


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, dict):  # {"count": 3, "evidence": ...}
        return _int(value.get("count", value.get("value")))
    return None


def _claimant(event: dict[str, Any]) -> tuple[str | None, str | None]:
    claimed = event.get("claimed_by")
    if isinstance(claimed, dict):
        return claimed.get("entity") or claimed.get("id"), claimed.get("text") or claimed.get("description")
    if isinstance(claimed, str):
        return (claimed, None) if re.fullmatch(r"e\d+", claimed) else (None, claimed)
    return None, None


def document_rows(
    result: dict[str, Any],
    text: str | None,
    content_hash_: str,
    run_id: str | None = None,
    extractor_version: str | None = None,
    ingested_at: Any = None,
) -> dict[str, list[tuple]]:
    """Rows of every table for one article: `result` is the extractor's dict, `text` the
    original input text its offsets point into."""
    doc = result["document"]
    did = str(doc["id"])
    published = doc.get("published")
    sentences = split_sentences(text) if text else []
    sent = _SentenceIndex(sentences)
    entities = result.get("entities", [])
    names = {e["id"]: e.get("name") for e in entities}
    rows: dict[str, list[tuple]] = {t: [] for t in ("documents", *FACT_TABLES)}
    rows["documents"].append(
        (
            did, content_hash_, published, doc.get("title"), doc.get("source"), doc.get("url"),
            doc.get("language"), list(doc.get("authors") or []), doc.get("dateline"),
            list(doc.get("wire_sources") or []), text, doc.get("clean_text"),
            _dumps(doc.get("removed") or []), len(entities), len(result.get("events", [])),
            len(result.get("quotes", [])), _dumps(doc), extractor_version, run_id, ingested_at,
        )
    )  # fmt: skip
    rows["sentences"] = [(did, i, s, e, text[s:e]) for i, (s, e) in enumerate(sentences)] if text else []
    for e in entities:
        rows["doc_entities"].append(_entity_row(did, e, text))
        for m in e.get("mentions", []):
            rows["mentions"].append(
                (did, e["id"], m["start"], m["end"], m.get("text", ""), m.get("label"), sent.of(m["start"]))
            )
        for i, r in enumerate(e.get("roles", [])):
            ev = _first_evidence(r.get("evidence"))
            org = r.get("organization")
            org_id = org if org in names else None
            rows["roles"].append(
                (
                    did, e["id"], i, r.get("title") or "", org_id, names.get(org, org) if org else None,
                    r.get("qualifier"), r.get("current"), published, r.get("valid_from"),
                    r.get("valid_to"), ev.get("start"), ev.get("end"), sent.of(ev.get("start")),
                )
            )  # fmt: skip
    for v in result.get("events", []):
        rows["events"].append(_event_row(did, v, sent))
        args = [("actor", v.get("actors")), ("target", v.get("targets")), ("location", v.get("locations"))]
        claimant, _ = _claimant(v)
        if claimant:
            args.append(("claimant", [claimant]))
        for role, ids in args:
            for pos, lid in enumerate(ids or []):
                rows["event_args"].append((did, v["id"], role, str(lid), pos))
    for q in result.get("quotes", []):
        ev = _first_evidence(q.get("evidence"))
        speaker = q.get("speaker")
        rows["quotes"].append(
            (
                did, q["id"], speaker, q.get("speaker_text"), q.get("speaker_kind"),
                q.get("kind") or ("direct" if q.get("direct") else "indirect"), q.get("direct"),
                speaker is not None, q.get("text") or "", q.get("start"), q.get("end"), q.get("verb"),
                q.get("anonymity_reason"), ev.get("start"), ev.get("end"), sent.of(ev.get("start")),
                _dumps(q),
            )
        )  # fmt: skip
    for i, t in enumerate(result.get("times", [])):
        value = t.get("value") or {}
        rows["times"].append(
            (
                did, i, t["start"], t["end"], t.get("text", ""), value.get("start"), value.get("end"),
                t.get("granularity"), t.get("rule"),
            )
        )  # fmt: skip
    return rows


def _entity_row(did: str, e: dict[str, Any], text: str | None) -> tuple:
    kinds = [tuple(k) for k in e.get("alias_kinds") or []]
    if not kinds:
        kinds = [(a, "name" if a == e["name"] else "alias") for a in e.get("aliases", [])]
    known = {a for a, _ in kinds}
    for name in script_aliases(text, e.get("mentions", [])):
        if name not in known:
            kinds.append((name, "script"))
    mentions = e.get("mentions", [])
    return (
        did, e["id"], e.get("type") or "OTHER", e["name"], e.get("kind"), e.get("sector"),
        e.get("country"), [a for a, _ in kinds], [k for _, k in kinds], len(mentions),
        min((m["start"] for m in mentions), default=None), group_key(e["name"], e.get("type") or ""),
        None, _dumps(e),
    )  # fmt: skip


def _event_row(did: str, v: dict[str, Any], sent: _SentenceIndex) -> tuple:
    date = v.get("date") or {}
    evidence = v.get("evidence") or []
    ev = _first_evidence(evidence)
    casualties = v.get("casualties") or {}
    counts = [_int(casualties.get(f)) if isinstance(casualties, dict) else None for f in CASUALTY_FIELDS]
    claimant, claimant_text = _claimant(v)
    return (
        did, v["id"], v.get("type") or "", v.get("mode"), date.get("start"), date.get("end"),
        bool(v.get("negated")), v.get("modality"), v.get("trigger"), v.get("actor_text"),
        v.get("target_text"), claimant, claimant_text, *counts, ev.get("start"), ev.get("end"),
        sent.of(ev.get("start")), _dumps(evidence), _dumps(v),
    )  # fmt: skip

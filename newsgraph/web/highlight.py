"""highlight: a document's original text as HTML, every fact in it marked.

All of them: every mention of every entity, every event (its trigger word, and its evidence
span for when it is picked), every quote, every time expression, and the clutter the cleaner
removed (struck through). Marks overlap (a name inside a quote inside an event's sentence),
so the text is cut at every mark's boundary into elementary segments, each carrying the set
of marks that cover it: no nesting to get wrong, and a fact picked in the side panel lights up
all of its segments (`data-k`). Sentences wrap their segments (`id="s12"`), so a link to
`#s12` scrolls a fact's sentence into view, with or without JavaScript.

The text is untrusted: every piece of it, and every attribute value, goes through
markupsafe.escape; the function returns Markup only for what it escaped itself.
"""

from __future__ import annotations

import bisect
import itertools
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from markupsafe import Markup, escape

# kinds of mark, and the CSS class each gives its segments
CLASSES = {
    "mention": "m",
    "trigger": "v",
    "event": "ve",
    "quote": "q",
    "quote_ev": "qe",
    "time": "t",
    "removed": "rm",
    "target": "hl",
}


@dataclass(frozen=True, slots=True)
class Mark:
    start: int
    end: int
    kind: str  # a key of CLASSES
    key: str  # what the mark belongs to: "m:e3", "v:v2", "q:q1", "t:4", "r:0"
    label: str | None = None  # the entity type, the event type ...
    href: str | None = None
    title: str | None = None


@dataclass(slots=True)
class Fact:
    """One item of the side panel: what it is, and where its sentence is."""

    key: str
    kind: str
    label: str
    text: str
    start: int | None
    end: int | None
    sent_no: int | None
    href: str | None = None
    detail: str | None = None


@dataclass(slots=True)
class DocView:
    text: str
    marks: list[Mark]
    sentences: list[tuple[int, int, int]]  # (sent_no, start, end)
    entities: list[Fact] = field(default_factory=list)
    events: list[Fact] = field(default_factory=list)
    quotes: list[Fact] = field(default_factory=list)
    times: list[Fact] = field(default_factory=list)
    removed: list[Fact] = field(default_factory=list)


def entity_href(entity_id: str | None) -> str | None:
    return f"/entities/{quote(entity_id, safe='')}" if entity_id else None


def document_href(
    doc_id: str, start: int | None = None, end: int | None = None, sent_no: int | None = None
) -> str:
    """The link to a fact's evidence: the document, its span marked, its sentence in view."""
    url = f"/documents/{quote(doc_id, safe='/')}"
    if start is not None and end is not None:
        url += f"?hl={int(start)}-{int(end)}"
    if sent_no is not None:
        url += f"#s{int(sent_no)}"
    return url


def _cuts(text_len: int, marks: Sequence[Mark], sentences: Sequence[tuple[int, int, int]]) -> list[int]:
    points = {0, text_len}
    for m in marks:
        points.add(m.start)
        points.add(m.end)
    for _, s, e in sentences:
        points.add(s)
        points.add(e)
    return sorted(p for p in points if 0 <= p <= text_len)


def clamp(marks: Iterable[Mark], text_len: int) -> list[Mark]:
    """Marks inside the text, non-empty (offsets from the store are trusted only this far)."""
    out = []
    for m in marks:
        s, e = max(0, min(m.start, text_len)), max(0, min(m.end, text_len))
        if e > s:
            out.append(Mark(s, e, m.kind, m.key, m.label, m.href, m.title))
    return out


def render(view: DocView) -> Markup:
    """The text as HTML: sentences (`<span class="s" id="sN">`) of segments."""
    text = view.text
    marks = clamp(view.marks, len(text))
    sentences = sorted((no, max(0, s), min(len(text), e)) for no, s, e in view.sentences if e > s)
    sent_starts = [s for _, s, _ in sorted(sentences, key=lambda x: x[1])]
    by_start = sorted(sentences, key=lambda x: x[1])
    starting: dict[int, list[Mark]] = {}
    for m in marks:
        starting.setdefault(m.start, []).append(m)
    active: list[Mark] = []
    out: list[str] = []
    open_sent: int | None = None
    cuts = _cuts(len(text), marks, sentences)
    for a, b in itertools.pairwise(cuts):
        active = [m for m in active if m.end > a] + starting.get(a, [])
        k = bisect.bisect_right(sent_starts, a) - 1
        sent = by_start[k] if k >= 0 and by_start[k][1] <= a < by_start[k][2] else None
        sent_no = sent[0] if sent else None
        if sent_no != open_sent:
            if open_sent is not None:
                out.append("</span>")
            if sent_no is not None:
                out.append(f'<span class="s" id="s{sent_no}">')
            open_sent = sent_no
        out.append(_segment(text[a:b], active))
    if open_sent is not None:
        out.append("</span>")
    return Markup("".join(out))


def _segment(piece: str, active: Sequence[Mark]) -> str:
    if not active:
        return str(escape(piece))
    classes = sorted(
        {CLASSES[m.kind] for m in active} | {f"m-{m.label}" for m in active if m.kind == "mention"}
    )
    keys = sorted({m.key for m in active})
    titles = [m.title for m in active if m.title]
    attrs = f' class="{escape(" ".join(classes))}" data-k="{escape(" ".join(keys))}"'
    if titles:
        attrs += f' title="{escape(" · ".join(dict.fromkeys(titles)))}"'
    href = next((m.href for m in active if m.kind == "mention" and m.href), None)
    tag = "del" if any(m.kind == "removed" for m in active) else "span"
    inner = f"<{tag}{attrs}>{escape(piece)}</{tag}>"
    if href:
        inner = f'<a href="{escape(href)}" tabindex="-1">{inner}</a>'
    return inner


def target_mark(hl: str | None, text_len: int) -> Mark | None:
    """The `?hl=START-END` span of a link to evidence, if it is one."""
    if not hl or "-" not in hl:
        return None
    a, _, b = hl.partition("-")
    if not (a.isdigit() and b.isdigit()) or len(a) > 9 or len(b) > 9:
        return None
    start, end = int(a), int(b)
    if not 0 <= start < end <= text_len:
        return None
    return Mark(start, end, "target", "hl")


def _sent_of(sentences: Sequence[tuple[int, int, int]], offset: int | None) -> int | None:
    if offset is None:
        return None
    for no, s, e in sentences:
        if s <= offset < e:
            return no
    return None


def _trigger_mark(
    text: str, ev_key: str, trigger: str | None, start: int, end: int, etype: str
) -> Mark | None:
    if not trigger:
        return None
    at = text.find(trigger, max(0, start), max(0, end))
    if at < 0:
        return None
    return Mark(at, at + len(trigger), "trigger", ev_key, etype, None, f"{etype} event: {trigger}")


def _parse_removed(value: Any) -> list[dict[str, Any]]:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return []
    return [r for r in value or [] if isinstance(r, dict)]


def _args_text(names: Sequence[str]) -> str:
    return ", ".join(names) if names else "?"


def from_store(doc: dict[str, Any], quote_spans: dict[str, tuple[int | None, int | None]]) -> DocView:
    """The view of a stored document (store/queries.document)."""
    text = doc.get("text") or ""
    sentences = [(s["sent_no"], s["start"], s["end"]) for s in doc["sentences"]]
    view = DocView(text=text, marks=[], sentences=sentences)
    ents = {e["local_id"]: e for e in doc["entities"]}
    first_mention: dict[str, dict[str, Any]] = {}
    counts: dict[str, int] = {}
    for m in doc["mentions"]:
        ent = ents.get(m["local_id"], {})
        key = f"m:{m['local_id']}"
        view.marks.append(
            Mark(
                m["start"],
                m["end"],
                "mention",
                key,
                ent.get("type") or m.get("label"),
                entity_href(ent.get("entity_id")),
                f"{ent.get('type', '')} {ent.get('name', m['text'])}".strip(),
            )
        )
        first_mention.setdefault(m["local_id"], m)
        counts[m["local_id"]] = counts.get(m["local_id"], 0) + 1
    for e in doc["entities"]:
        first = first_mention.get(e["local_id"])
        view.entities.append(
            Fact(
                f"m:{e['local_id']}",
                "entity",
                e["type"],
                e["name"],
                first["start"] if first else None,
                first["end"] if first else None,
                first.get("sent_no") if first else None,
                entity_href(e.get("entity_id")),
                f"{counts.get(e['local_id'], 0)} mentions",
            )
        )
    for v in doc["events"]:
        key = f"v:{v['event_id']}"
        start, end = v.get("start"), v.get("end")
        actors = [a["name"] for a in v.get("actors", [])] or (
            [v["actor_text"]] if v.get("actor_text") else []
        )
        targets = [a["name"] for a in v.get("targets", [])] or (
            [v["target_text"]] if v.get("target_text") else []
        )
        title = f"{v['type']}: {_args_text(actors)} → {_args_text(targets)}"
        if start is not None and end is not None:
            view.marks.append(Mark(start, end, "event", key, v["type"], None, None))
            trig = _trigger_mark(text, key, v.get("trigger"), start, end, v["type"])
            if trig:
                view.marks.append(trig)
        detail = v.get("date_start") or ""
        if v.get("negated"):
            detail = (detail + " · denied").strip(" ·")
        view.events.append(
            Fact(key, "event", v["type"], title, start, end, v.get("sent_no"), None, detail or None)
        )
    for q in doc["quotes"]:
        key = f"q:{q['quote_id']}"
        qs, qe = quote_spans.get(q["quote_id"], (None, None))
        speaker = q.get("speaker_name") or q.get("speaker_text") or "?"
        if qs is not None and qe is not None:
            view.marks.append(Mark(qs, qe, "quote", key, None, None, f"quote: {speaker}"))
        if q.get("start") is not None and q.get("end") is not None:
            view.marks.append(Mark(q["start"], q["end"], "quote_ev", key))
        view.quotes.append(
            Fact(
                key,
                "quote",
                "named" if q.get("named") else "unnamed",
                q["quote"],
                q.get("start"),
                q.get("end"),
                q.get("sent_no"),
                entity_href(q.get("speaker_id")),
                speaker,
            )
        )
    for t in doc["times"]:
        key = f"t:{t['time_no']}"
        value = t.get("value_start") or ""
        if t.get("value_end") and t.get("value_end") != value:
            value = f"{value} – {t['value_end']}"
        view.marks.append(Mark(t["start"], t["end"], "time", key, None, None, f"time: {value or t['text']}"))
        view.times.append(
            Fact(
                key,
                "time",
                t.get("granularity") or "",
                t["text"],
                t["start"],
                t["end"],
                _sent_of(sentences, t["start"]),
                None,
                value or None,
            )
        )
    _add_removed(view, _parse_removed(doc.get("removed")))
    return view


def _add_removed(view: DocView, removed: list[dict[str, Any]]) -> None:
    for i, r in enumerate(removed):
        if not isinstance(r.get("start"), int) or not isinstance(r.get("end"), int):
            continue
        reason = str(r.get("reason") or "clutter")
        view.marks.append(Mark(r["start"], r["end"], "removed", f"r:{i}", None, None, f"removed: {reason}"))
        view.removed.append(
            Fact(f"r:{i}", "removed", reason, str(r.get("text") or ""), r["start"], r["end"], None)
        )


def from_graph(graph: dict[str, Any], text: str, sentences: Sequence[tuple[int, int]]) -> DocView:
    """The view of an extraction that is not stored (the paste page): the DocumentGraph of
    ../shared/eval/FORMAT.md, its offsets into `text`; `sentences` from store/rows.py."""
    numbered = [(i, s, e) for i, (s, e) in enumerate(sentences)]
    view = DocView(text=text, marks=[], sentences=numbered)
    names = {e["id"]: e["name"] for e in graph.get("entities", [])}
    for e in graph.get("entities", []):
        key = f"m:{e['id']}"
        mentions = e.get("mentions") or []
        for m in mentions:
            view.marks.append(
                Mark(m["start"], m["end"], "mention", key, e["type"], None, f"{e['type']} {e['name']}")
            )
        first = mentions[0] if mentions else None
        aliases = [a for a in e.get("aliases", []) if a != e["name"]]
        detail = f"{len(mentions)} mentions" + (f" · also {', '.join(aliases[:4])}" if aliases else "")
        view.entities.append(
            Fact(
                key,
                "entity",
                e["type"],
                e["name"],
                first["start"] if first else None,
                first["end"] if first else None,
                _sent_of(numbered, first["start"]) if first else None,
                None,
                detail,
            )
        )
    for v in graph.get("events", []):
        key = f"v:{v['id']}"
        evidence = v.get("evidence") or []
        for ev in evidence:
            view.marks.append(Mark(ev["start"], ev["end"], "event", key, v["type"]))
        first = evidence[0] if evidence else None
        if first:
            trig = _trigger_mark(text, key, v.get("trigger"), first["start"], first["end"], v["type"])
            if trig:
                view.marks.append(trig)
        actors = [names.get(a, a) for a in v.get("actors", [])] or (
            [v["actor_text"]] if v.get("actor_text") else []
        )
        targets = [names.get(a, a) for a in v.get("targets", [])] or (
            [v["target_text"]] if v.get("target_text") else []
        )
        when = (v.get("date") or {}).get("start") or ""
        detail = (when + (" · denied" if v.get("negated") else "")).strip(" ·") or None
        view.events.append(
            Fact(
                key,
                "event",
                v["type"],
                f"{v['type']}: {_args_text(actors)} → {_args_text(targets)}",
                first["start"] if first else None,
                first["end"] if first else None,
                _sent_of(numbered, first["start"]) if first else None,
                None,
                detail,
            )
        )
    for q in graph.get("quotes", []):
        key = f"q:{q['id']}"
        speaker = names.get(q.get("speaker") or "") or q.get("speaker_text") or "?"
        if q.get("start") is not None and q.get("end") is not None:
            view.marks.append(Mark(q["start"], q["end"], "quote", key, None, None, f"quote: {speaker}"))
        ev = q.get("evidence") or {}
        if isinstance(ev, dict) and ev.get("start") is not None:
            view.marks.append(Mark(ev["start"], ev["end"], "quote_ev", key))
        view.quotes.append(
            Fact(
                key,
                "quote",
                "named" if q.get("speaker") else "unnamed",
                q.get("text", ""),
                ev.get("start") if isinstance(ev, dict) else None,
                ev.get("end") if isinstance(ev, dict) else None,
                _sent_of(numbered, ev.get("start")) if isinstance(ev, dict) else None,
                None,
                speaker,
            )
        )
    for i, t in enumerate(graph.get("times", [])):
        key = f"t:{i}"
        value = (t.get("value") or {}).get("start") or ""
        view.marks.append(Mark(t["start"], t["end"], "time", key, None, None, f"time: {value or t['text']}"))
        view.times.append(
            Fact(
                key,
                "time",
                t.get("granularity") or "",
                t["text"],
                t["start"],
                t["end"],
                _sent_of(numbered, t["start"]),
                None,
                value or None,
            )
        )
    _add_removed(view, _parse_removed((graph.get("document") or {}).get("removed")))
    return view

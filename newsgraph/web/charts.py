"""charts: the layout of the server-drawn SVG charts (timelines of events and of roles).

Drawn on the server, as SVG the template writes with attributes only (no inline style: the
Content-Security-Policy forbids it), so a chart needs no script, prints, and its dots are
plain links to their evidence. Colours come from the stylesheet, by PLOVER type class.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

# PLOVER's 16 event types in the order of its manual, from cooperation to material conflict:
# the legend's order and the stylesheet's colour classes (web/static/app.css).
PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)  # fmt: skip
_TYPE_CLASS = re.compile(r"^[A-Z_]{1,20}$")

WIDTH = 720
MARGIN = 28
LANE = 84  # height of one lane (as actor, as target)
DOT = 6
STACK = 2 * DOT + 2  # vertical step between dots of one day
MAX_STACK = 5  # dots stacked in one column before they overlap
TOP = 6
PAD_DAYS = 15  # a timeline of a single day still spans a month


def type_class(event_type: str | None) -> str:
    t = (event_type or "").upper()
    return f"t-{t}" if _TYPE_CLASS.match(t) else "t-OTHER"


@dataclass(frozen=True, slots=True)
class Dot:
    x: float
    y: float
    cls: str
    href: str
    title: str
    key: str
    x_end: float  # the end of the event's date interval (= x for a day)
    negated: bool


@dataclass(frozen=True, slots=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True, slots=True)
class Bar:
    x: float
    y: float
    width: float
    label: str
    href: str | None
    title: str
    current: bool


@dataclass(frozen=True, slots=True)
class Timeline:
    width: int
    height: int
    dots: list[Dot]
    ticks: list[Tick]
    lanes: list[tuple[float, float, str]]  # (y of the lane's axis, y of its label, the label)
    types: list[str]  # the types shown, in PLOVER order (the legend)
    undated: int


def _day(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def _span(days: Sequence[date]) -> tuple[date, date]:
    lo, hi = min(days), max(days)
    if (hi - lo).days < 2 * PAD_DAYS:
        mid = lo + (hi - lo) / 2
        lo, hi = mid - timedelta(days=PAD_DAYS), mid + timedelta(days=PAD_DAYS)
    return lo, hi


def _x(d: date, lo: date, hi: date, width: int = WIDTH) -> float:
    span = max((hi - lo).days, 1)
    return round(MARGIN + (d - lo).days / span * (width - 2 * MARGIN), 1)


def ticks(lo: date, hi: date, width: int = WIDTH, most: int = 8) -> list[Tick]:
    """Axis ticks at years, or months, or days, at most `most` of them."""
    days = (hi - lo).days
    out: list[Tick] = []
    if days > 3 * 365:
        step = max(1, (hi.year - lo.year) // most + 1)
        for y in range(lo.year + 1, hi.year + 1, step):
            out.append(Tick(_x(date(y, 1, 1), lo, hi, width), str(y)))
    elif days > 60:
        months = (hi.year - lo.year) * 12 + hi.month - lo.month
        step = max(1, months // most + 1)
        y, m = lo.year, lo.month
        while True:
            m += 1
            if m > 12:
                y, m = y + 1, 1
            d = date(y, m, 1)
            if d > hi:
                break
            if ((y * 12 + m) - (lo.year * 12 + lo.month)) % step == 0:
                out.append(Tick(_x(d, lo, hi, width), d.strftime("%b %Y")))
    else:
        step = max(1, days // most + 1)
        d = lo
        while d <= hi:
            out.append(Tick(_x(d, lo, hi, width), d.strftime("%d %b")))
            d += timedelta(days=step)
    return out


def event_timeline(events: Sequence[dict[str, Any]], entity_id: str, href_of: Any) -> Timeline:
    """Events of one entity on a date axis: a lane for events it acts in, one for events that
    target it; same-day events stack. `href_of(event)` is the link to its evidence."""
    placed: list[tuple[date, str, dict[str, Any]]] = []
    undated = 0
    for ev in events:
        d = _day(ev.get("date_start")) or _day(ev.get("published"))
        if d is None:
            undated += 1
            continue
        is_actor = any(a.get("entity_id") == entity_id for a in ev.get("actors", []))
        is_target = any(a.get("entity_id") == entity_id for a in ev.get("targets", []))
        if is_actor:
            placed.append((d, "actor", ev))
        if is_target or not is_actor:
            placed.append((d, "target" if is_target else "other", ev))
    lanes_used = [lane for lane in ("actor", "target", "other") if any(p[1] == lane for p in placed)]
    lanes_used = lanes_used or ["actor", "target"]
    # lane i spans [TOP + i * LANE, TOP + (i + 1) * LANE): its label at the top, its axis at
    # the bottom, the dots of a day stacked upwards from the axis
    lane_y = {lane: TOP + (i + 1) * LANE - DOT - 4 for i, lane in enumerate(lanes_used)}
    labels = {"actor": "as actor", "target": "as target", "other": "named in"}
    height = TOP + LANE * len(lanes_used) + 22
    dots: list[Dot] = []
    types: set[str] = set()
    if placed:
        ends = [e for e in (_day(p[2].get("date_end")) for p in placed) if e]
        lo, hi = _span([p[0] for p in placed] + ends)
        column: dict[tuple[str, int], int] = {}
        for d, lane, ev in sorted(placed, key=lambda p: (p[0], p[2].get("type") or "")):
            x = _x(d, lo, hi)
            end = _day(ev.get("date_end"))
            x_end = _x(min(end, hi), lo, hi) if end and end > d else x
            slot = (lane, int(x // (2 * DOT)))
            n = column.get(slot, 0)
            column[slot] = n + 1
            y = lane_y[lane] - min(n, MAX_STACK) * STACK
            types.add(ev.get("type") or "")
            actors = ", ".join(a["name"] for a in ev.get("actors", [])) or ev.get("actor_text") or "?"
            targets = ", ".join(a["name"] for a in ev.get("targets", [])) or ev.get("target_text") or "?"
            title = f"{d.isoformat()} {ev.get('type')}: {actors} → {targets}. {ev.get('sentence') or ''}"
            dots.append(
                Dot(
                    x,
                    y,
                    type_class(ev.get("type")),
                    href_of(ev),
                    title[:400],
                    f"v:{ev['doc_id']}:{ev['event_id']}",
                    x_end,
                    bool(ev.get("negated")),
                )
            )
        axis = ticks(lo, hi)
    else:
        axis = []
    return Timeline(
        WIDTH,
        height,
        dots,
        axis,
        [(lane_y[lane] + DOT + 2, TOP + i * LANE + 12, labels[lane]) for i, lane in enumerate(lanes_used)],
        [t for t in PLOVER_TYPES if t in types] + sorted(t for t in types if t not in PLOVER_TYPES),
        undated,
    )


@dataclass(frozen=True, slots=True)
class RoleChart:
    width: int
    height: int
    bars: list[Bar]
    ticks: list[Tick]


ROW = 26


def role_chart(roles: Sequence[dict[str, Any]], href_of: Any) -> RoleChart:
    """Each role a bar from the first to the last date a document states it."""
    dated = [(r, _day(r.get("first_seen")), _day(r.get("last_seen"))) for r in roles]
    days = [d for _, a, b in dated for d in (a, b) if d]
    if not days:
        return RoleChart(WIDTH, 0, [], [])
    lo, hi = _span(days)
    bars = []
    for i, (r, a, b) in enumerate(dated):
        a = a or lo
        b = b or a
        x0, x1 = _x(a, lo, hi), _x(b, lo, hi)
        label = r["title"] + (
            f", {r['organization']}" if r.get("organization") and r["organization"] not in r["title"] else ""
        )
        if r.get("qualifier"):
            label = f"{r['qualifier']} {label}"
        title = f"{label}: {a.isoformat()} – {b.isoformat()}, {r.get('n_docs', 1)} documents. "
        title += r.get("sentence") or ""
        bars.append(
            Bar(x0, 8 + i * ROW, max(x1 - x0, 6.0), label, href_of(r), title[:400], bool(r.get("current")))
        )
    return RoleChart(WIDTH, 8 + len(bars) * ROW + 22, bars, ticks(lo, hi))

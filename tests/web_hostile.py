"""A store whose every text field carries markup that would run if a page did not escape it:
titles, outlets, URLs, article text, entity names, quotes, unnamed-source descriptions, event
arguments, removed clutter, time expressions. Each payload calls window.__xss(n), which the
browser test defines: a call means the payload ran. Written for these tests."""

from __future__ import annotations

import hashlib
from pathlib import Path

from newsgraph.store import db
from newsgraph.store.resolution import resolve_store
from newsgraph.store.rows import document_rows
from newsgraph.store.writer import StoredDocument, write_batch

PAYLOADS = [
    "<script>window.__xss(1)</script>",
    '<img src=x onerror="window.__xss(2)">',
    "<svg/onload=window.__xss(3)>",
    '"><script>window.__xss(4)</script>',
    "'><img src=x onerror=window.__xss(5)>",
    "</textarea><script>window.__xss(6)</script>",
    "</title><script>window.__xss(7)</script>",
    '<iframe src="javascript:window.__xss(8)"></iframe>',
    '<a href="javascript:window.__xss(9)">link</a>',
    "<body onload=window.__xss(10)>",
    "<details open ontoggle=window.__xss(11)>x</details>",
    "<math><mtext><table><mglyph><style><img src=x onerror=window.__xss(12)>",
    "<input autofocus onfocus=window.__xss(13)>",
    '<object data="javascript:window.__xss(14)"></object>',
    "<style>*{display:none}</style>",
    '<base href="http://evil.example/">',
    '<meta http-equiv="refresh" content="0;url=javascript:window.__xss(17)">',
    "<!-- unclosed comment",
    "</script><script>window.__xss(19)</script>",
    "{{ 7*7 }}{% if 1 %}jinja{% endif %}",
    "\u202e<b>reversed</b>\u202c",
    "<select onfocus=window.__xss(22) autofocus>",
    '<div style="background:url(javascript:window.__xss(23))">',
    "` onmouseover=window.__xss(24) x=`",
    "<scr<script>ipt>window.__xss(25)</scr</script>ipt>",
]
URL_PAYLOADS = [
    "javascript:window.__xss(101)",
    "JaVaScRiPt:window.__xss(102)",
    "data:text/html,<script>window.__xss(103)</script>",
    'https://example.org/"><script>window.__xss(104)</script>',
    "vbscript:msgbox(105)",
]


def hostile_graph(i: int, payload: str) -> tuple[dict, str]:
    """One article: payload in the title, outlet, URL, names, quotes, sources, events."""
    name = f"Khalid {payload} Hamdan"
    org = f"Brigade {payload}"
    quote = f"{payload} was all we saw"
    source = f"an official {payload}"
    lead = f"BYLINE {payload}\n\n"
    s1 = f"{name} said the {org} attacked the town on Monday."
    s2 = f' "{quote}," said {source}.'
    text = lead + s1 + s2
    a = len(lead)
    name_at = a
    org_at = a + s1.index(org)
    q_at = a + len(s1) + 2
    mon_at = a + s1.index("Monday")
    graph = {
        "document": {
            "id": f"hostile-{i}",
            "published": "2024-03-04",
            "title": f"Title {payload}",
            "source": f"Outlet {payload}" if i % 5 == 0 else "Hostile Wire",
            "url": URL_PAYLOADS[i % len(URL_PAYLOADS)],
            "authors": [f"Author {payload}"],
            "dateline": f"Town {payload}",
            "wire_sources": [],
            "clean_text": s1 + s2,
            "removed": [{"start": 0, "end": len(lead) - 2, "reason": f"byline {payload}", "text": lead[:-2]}],
        },
        "entities": [
            {"id": "e1", "type": "PERSON", "name": name, "aliases": [name], "alias_kinds": [[name, "name"]],
             "roles": [{"title": f"commander {payload}", "organization": "e2",
                        "evidence": {"start": a, "end": a + len(s1), "text": s1}}],
             "mentions": [{"start": name_at, "end": name_at + len(name), "text": name, "label": "PERSON"}]},
            {"id": "e2", "type": "ORG", "name": org, "aliases": [org], "alias_kinds": [[org, "name"]], "roles": [],
             "mentions": [{"start": org_at, "end": org_at + len(org), "text": org, "label": "ORG"}]},
        ],
        "events": [
            {"id": "v1", "type": "ASSAULT", "mode": None, "actors": ["e2"], "targets": [], "locations": [],
             "date": {"start": "2024-03-04", "end": "2024-03-04"}, "negated": False, "modality": None,
             "trigger": "attacked", "actor_text": None, "target_text": f"the town {payload}",
             "evidence": [{"start": a, "end": a + len(s1), "text": s1}]},
            {"id": "v2", "type": "ACCUSE", "mode": None, "actors": ["e1"], "targets": ["e2"], "locations": [],
             "date": {"start": "2024-03-04", "end": "2024-03-04"}, "negated": False, "modality": None,
             "trigger": "said", "actor_text": None, "target_text": None,
             "evidence": [{"start": a, "end": a + len(s1), "text": s1}]},
        ],
        "quotes": [
            {"id": "q1", "speaker": None, "speaker_text": source, "speaker_kind": "unnamed_official",
             "text": quote, "direct": True, "start": q_at, "end": q_at + len(quote), "verb": "say",
             "anonymity_reason": f"not authorised {payload}",
             "evidence": {"start": a + len(s1) + 1, "end": len(text), "text": s2.strip()}},
            {"id": "q2", "speaker": "e1", "speaker_text": name, "speaker_kind": "named_person",
             "text": s1, "direct": False, "start": a, "end": a + len(s1), "verb": "say", "anonymity_reason": None,
             "evidence": {"start": a, "end": a + len(s1), "text": s1}},
        ],
        "times": [{"start": mon_at, "end": mon_at + 6, "text": "Monday", "value": {"start": "2024-03-04", "end": "2024-03-04"},
                   "granularity": "day", "rule": f"rule {payload}"}],
    }  # fmt: skip
    return graph, text


def build_hostile_store(path: Path) -> list[str]:
    """Write one hostile article per payload and resolve; the payloads written."""
    items = []
    for i, payload in enumerate(PAYLOADS):
        graph, text = hostile_graph(i, payload)
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        items.append(StoredDocument(graph["document"]["id"], digest, document_rows(graph, text, digest)))
    with db.connect(path, write=True, create_missing=True) as con:
        with db.transaction(con, str(path)):
            write_batch(con, items, "hostile", db.now())
        resolve_store(con, str(path))
    return PAYLOADS

"""ingest: read JSONL, .txt, .html files, directories and stdin into Article records.

Bad records do not stop a run: each one becomes an `InputError(record_id, reason, raw)`
in the same stream, which `pipeline` writes to the rejects file. Record ids are the
record's own `id` when it has one, else `<path>:<line>`.
"""

from __future__ import annotations

import gzip
import json
import logging
import re
import sys
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

from newsgraph.errors import InputError
from newsgraph.model import Article

log = logging.getLogger(__name__)

# spaCy's own default `nlp.max_length` is 1,000,000 characters; a story 150 times longer than a
# long feature (~6,500 chars) is a dump, not an article. Records above it are rejected, not cut.
MAX_TEXT_CHARS = 1_000_000
# A text whose share of control characters (other than \n \r \t) is above this is binary.
# Real news text has none; a PDF/ZIP read as UTF-8 has 5-30 %.
MAX_CONTROL_SHARE = 0.01
# Language: a text is rejected as not English when (a) most of its letters are of another
# script, or (b) few of its words are English function words AND more are those of another
# language. (b) alone would reject English tables and lists: Reuters earnings reports
# ("Shr 27 cts vs 29 cts") have ~6 % English function words but no other language's either.
# Thresholds: on the BBC and Reuters corpora (first 2,000 each) no text is rejected; the French,
# German and Arabic paragraphs of tests/test_ingest.py have English share <= 0.03 and their own
# language's >= 0.25.
MIN_ENGLISH_SHARE = 0.08
MIN_FOREIGN_SHARE = 0.15
MIN_LATIN_LETTERS = 0.5
ENGLISH_MIN_WORDS = 20  # too short to judge the language below this
_FUNCTION_WORDS = frozenset(
    "the of and to in a is that for on was with as by at from it he said his be has have are "
    "were an its not but this which will had who they their been after would or also more than "
    "over into about she her we i up out".split()
)
_FOREIGN_FUNCTION_WORDS = {
    "French": frozenset(
        "le la les des du de un une et est que qui dans pour pas sur au aux ce il elle ont sont avec "
        "par plus".split()
    ),
    "German": frozenset(
        "der die das und ist nicht ein eine den dem des mit sich auf für von zu im auch wird wurde "
        "sind".split()
    ),
    "Spanish": frozenset(
        "el la los las de del y en que un una es por con para se su al lo como más fue ha".split()
    ),
    "Italian": frozenset(
        "il lo la gli le di del della e è che un una per con non si sono nel alla ha".split()
    ),
    "Portuguese": frozenset(
        "o a os as de do da dos das e em que um uma para com não se por é foi no na".split()
    ),
    "Dutch": frozenset("de het een en van in is dat op te zijn met voor niet die aan er ook".split()),
}
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
FIELDS = ("id", "text", "published", "title", "source", "url", "language", "authors")


def read_inputs(
    paths: Iterable[str],
    published: date | None = None,
    allow_undated: bool = False,
    stdin: Iterable[str] | None = None,
) -> Iterator[Article | InputError]:
    """Yield an Article or an InputError for every record of every input, in order.

    `published` is the date given on the command line for .txt inputs, which carry none;
    `allow_undated` reads records without a date (relative dates then stay unresolved).
    """
    opts = {"published": published, "allow_undated": allow_undated}
    for path in paths:
        if path == "-":
            yield from read_jsonl_lines(stdin or sys.stdin, "<stdin>", allow_undated)
            continue
        p = Path(path)
        if p.is_dir():
            for child in sorted(p.rglob("*")):
                if child.is_file() and _kind(child) is not None:
                    yield from read_path(child, **opts)
        elif not p.exists():
            yield InputError(path, "no such file")
        else:
            yield from read_path(p, **opts)


def _kind(path: Path) -> str | None:
    name = path.name.lower()
    for suffix, kind in (
        (".jsonl.gz", "jsonl"),
        (".jsonl", "jsonl"),
        (".json", "jsonl"),
        (".ndjson", "jsonl"),
        (".txt", "txt"),
        (".html", "html"),
        (".htm", "html"),
    ):
        if name.endswith(suffix):
            return kind
    return None


def read_path(
    path: Path, published: date | None = None, allow_undated: bool = False
) -> Iterator[Article | InputError]:
    kind = _kind(path) or "jsonl"
    if kind == "jsonl":
        opener = gzip.open if path.name.endswith(".gz") else open
        try:
            with opener(path, "rt", encoding="utf-8", errors="replace", newline="") as fh:
                yield from read_jsonl_lines(fh, str(path), allow_undated)
        except (OSError, EOFError) as exc:
            yield InputError(str(path), f"cannot read: {exc}")
        return
    raw = path.read_bytes()
    rid = str(path)  # unique: 2023/05/story.txt and 2023/06/story.txt must not share an id
    text = _decode(raw, rid)
    if isinstance(text, InputError):
        yield text
        return
    if kind == "txt":
        record = {"id": rid, "text": text, "published": published.isoformat() if published else None}
        yield _checked(rid, record, raw=None, allow_undated=allow_undated)
    else:
        yield from _read_html(rid, text, published, allow_undated)


def _decode(raw: bytes, rid: str) -> str | InputError:
    if b"\x00" in raw[:65536]:
        return InputError(rid, "binary file (NUL bytes), not text")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:
        return InputError(rid, "not UTF-8 or cp1252 text")


def _read_html(
    rid: str, html: str, published: date | None, allow_undated: bool
) -> Iterator[Article | InputError]:
    # imported here: trafilatura/htmldate pull in lxml and take ~0.3 s to import
    import trafilatura
    from htmldate import find_date

    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True)
    meta = trafilatura.extract_metadata(html)
    if not text:
        yield InputError(rid, "no article text found in the HTML")
        return
    found = find_date(html, extensive_search=False, original_date=True)
    record: dict[str, Any] = {
        "id": rid,
        "text": text,
        "published": found or (published.isoformat() if published else None),
        "title": getattr(meta, "title", None) if meta else None,
        "source": getattr(meta, "sitename", None) if meta else None,
        "url": getattr(meta, "url", None) if meta else None,
    }
    author = getattr(meta, "author", None) if meta else None
    if author:
        record["authors"] = [a.strip() for a in re.split(r";|\band\b", author) if a.strip()]
    yield _checked(rid, record, raw=None, allow_undated=allow_undated)


def read_jsonl_lines(
    fh: Iterable[str], name: str, allow_undated: bool = False, first_line: int = 1
) -> Iterator[Article | InputError]:
    for no, line in enumerate(fh, first_line):
        rid = f"{name}:{no}"
        if not line.strip():
            # a blank line is a common trailing artefact: report it, it holds no record to lose
            yield InputError(rid, "empty line", raw=line)
            continue
        try:
            record = json.loads(line.rstrip("\r\n"))
        except json.JSONDecodeError as exc:
            reason = f"invalid JSON: {exc.msg.removesuffix(' at')} (column {exc.colno})"
            yield InputError(rid, reason, raw=line.rstrip("\n"))
            continue
        if not isinstance(record, dict):
            yield InputError(rid, f"a JSON {type(record).__name__}, not an object", raw=line.rstrip("\n"))
            continue
        if record.get("id") not in (None, ""):
            rid = f"{name}:{no} (id {record['id']})"
        yield _checked(rid, record, raw=line.rstrip("\n"), allow_undated=allow_undated)


def _checked(
    rid: str, record: dict[str, Any], raw: str | None, allow_undated: bool = False
) -> Article | InputError:
    """Validate one record; an InputError names the record and the first problem found."""
    text = record.get("text")
    if text is None:
        return InputError(rid, "no 'text' field", raw)
    if not isinstance(text, str):
        return InputError(rid, f"'text' is a {type(text).__name__}, not a string", raw)
    if not text.strip():
        return InputError(rid, "empty text", raw)
    if len(text) > MAX_TEXT_CHARS:
        return InputError(rid, f"text too long ({len(text):,} chars > {MAX_TEXT_CHARS:,})", raw)
    controls = sum(1 for c in text[:100_000] if ord(c) < 32 and c not in "\n\r\t")
    if controls / max(len(text[:100_000]), 1) > MAX_CONTROL_SHARE or "\x00" in text:
        return InputError(rid, "binary content (control characters), not text", raw)
    language = record.get("language")
    if language and str(language).lower()[:2] != "en":
        return InputError(rid, f"language {language!r} is not supported (English only)", raw)
    foreign = foreign_language(text)
    if foreign:
        return InputError(rid, f"not English (looks like {foreign})", raw)
    published = record.get("published")
    day: date | None = None
    if published in (None, ""):
        if not allow_undated:
            return InputError(
                rid, "missing 'published' date (YYYY-MM-DD; --allow-undated reads it anyway)", raw
            )
    else:
        try:
            day = date.fromisoformat(str(published)[:10])
        except ValueError:
            return InputError(rid, f"malformed 'published' {published!r} (want YYYY-MM-DD)", raw)
    authors = record.get("authors") or ()
    if isinstance(authors, str):
        authors = (authors,)
    doc_id = str(record.get("id") or rid)
    return Article(
        id=doc_id,
        text=text,
        published=day,
        title=_opt_str(record.get("title")),
        source=_opt_str(record.get("source")),
        url=_opt_str(record.get("url")),
        language=_opt_str(language),
        authors=tuple(str(a) for a in authors),
    )


def foreign_language(text: str) -> str | None:
    """The language a text is written in when it is clearly not English, else None."""
    sample = text[:20_000]
    letters = [c for c in sample if c.isalpha()]
    if len(letters) >= 100:
        latin = sum(1 for c in letters if c.isascii() or "\u00c0" <= c <= "\u024f")
        if latin / len(letters) < MIN_LATIN_LETTERS:
            return "a non-Latin script"
    words = [w.lower() for w in _WORD.findall(sample)[:400]]
    if len(words) < ENGLISH_MIN_WORDS:
        return None
    english = sum(1 for w in words if w in _FUNCTION_WORDS) / len(words)
    if english >= MIN_ENGLISH_SHARE:
        return None
    best, share = max(
        (
            (name, sum(1 for w in words if w in vocab) / len(words))
            for name, vocab in _FOREIGN_FUNCTION_WORDS.items()
        ),
        key=lambda x: x[1],
    )
    return best if share >= MIN_FOREIGN_SHARE else None


def _opt_str(value: Any) -> str | None:
    return None if value in (None, "") else str(value)

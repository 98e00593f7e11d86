"""ingest: read JSONL, .txt, .html files, directories and stdin into Article records.

This is the one boundary for untrusted input. Every field of a record is checked and typed
here (`_checked`): ids, text, title, authors, url, source, language and the publication date;
anything else becomes an `InputError(record_id, reason, raw)` with a one-line reason, in the
same stream, which `pipeline` writes to the rejects file. Nothing a record holds raises out of
this module: bytes that are not UTF-8, JSON that is invalid, truncated, nested 100,000 deep or
not an object, a truncated .gz, a field of the wrong type, a lone surrogate, a line or a file
too large to hold. Record ids are the record's own `id` when it has one, else `<path>:<line>`;
an id is shown escaped (`limits.shown`) wherever it is printed.

After this boundary an Article's strings are valid Unicode (UTF-8 encodable), with no NUL;
its url is an absolute http(s) URL; its date lies between EARLIEST_PUBLISHED and a year
from today; its text is at most `Settings.max_article_chars` characters.
"""

from __future__ import annotations

import codecs
import gzip
import io
import json
import logging
import os
import re
import sys
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

from newsgraph.errors import InputError, TimeLimitExceeded
from newsgraph.limits import shown, time_limit
from newsgraph.model import Article
from newsgraph.settings import Settings, default_settings

log = logging.getLogger(__name__)

# The longest text is a setting (`max_article_chars`, data/defaults.toml); this is its default,
# for callers that read without settings.
MAX_TEXT_CHARS = 200_000
# A JSONL line, a .txt or an .html file is read whole only up to this size; above it the record
# is rejected unread, so a 2 GB line is never held in memory. 64 MB holds any text the
# max_article_chars setting allows in any encoding (a JSON \uXXXX escape is 6 bytes) and a news
# page's markup, 10 to 100 times its text (scripts, styles, inline images).
MAX_RECORD_BYTES = 64_000_000
# An id is a key, not a text; a title, a source, a url or one author longer than this is not one.
MAX_ID_CHARS = 1_000
MAX_FIELD_CHARS = 10_000
MAX_AUTHORS = 100
# Publication dates: the largest digitised newspaper archive (Chronicling America) begins in
# 1770, so an earlier date is a placeholder (0001-01-01) or a typo; an embargoed story may be
# dated days ahead, one dated more than a year ahead has a wrong field.
EARLIEST_PUBLISHED = date(1700, 1, 1)
LATEST_PUBLISHED_AHEAD = timedelta(days=366)
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
# Characters no field may hold: NUL and the C0 controls other than tab and line breaks (binary
# junk, terminal escapes), and lone surrogates (not Unicode: they cannot be written as UTF-8).
_BAD_CHAR = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_JSON_KINDS = {
    bool: "a boolean",
    int: "a number",
    float: "a number",
    str: "a string",
    list: "a list",
    dict: "an object",
    type(None): "null",
}


def read_inputs(
    paths: Iterable[str],
    published: date | None = None,
    allow_undated: bool = False,
    stdin: Iterable[str | bytes] | None = None,
    settings: Settings | None = None,
) -> Iterator[Article | InputError]:
    """Yield an Article or an InputError for every record of every input, in order.

    `published` is the date given on the command line for .txt inputs, which carry none;
    `allow_undated` reads records without a date (relative dates then stay unresolved).
    """
    settings = settings or default_settings()
    opts = {"published": published, "allow_undated": allow_undated, "settings": settings}
    for path in paths:
        if path == "-":
            lines = stdin if stdin is not None else _bounded_lines(sys.stdin.buffer, MAX_RECORD_BYTES)
            yield from read_jsonl_lines(lines, "<stdin>", allow_undated, settings=settings)
            continue
        p = Path(path)
        if p.is_dir():
            for child in _files_under(p):
                if isinstance(child, InputError):
                    yield child
                elif _kind(child) is not None:
                    yield from read_path(child, **opts)
        elif not p.exists():
            yield InputError(path, "no such file")
        else:
            yield from read_path(p, **opts)


def _files_under(folder: Path) -> Iterator[Path | InputError]:
    """Every file under `folder`, sorted; symbolic links to folders are not followed (a link
    loop would never end); a folder that cannot be listed is an InputError, not a silent gap."""
    found: list[Path] = []
    errors: list[InputError] = []

    def unreadable(exc: OSError) -> None:
        errors.append(InputError(str(exc.filename or folder), f"cannot list the folder: {exc.strerror}"))

    for root, _dirs, files in os.walk(folder, onerror=unreadable):
        found.extend(Path(root) / name for name in files)
    yield from errors
    yield from sorted(found)


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
    path: Path, published: date | None = None, allow_undated: bool = False, settings: Settings | None = None
) -> Iterator[Article | InputError]:
    settings = settings or default_settings()
    kind = _kind(path) or "jsonl"
    if kind == "jsonl":
        yield from _read_jsonl_file(path, allow_undated, settings)
        return
    rid = str(path)  # unique: 2023/05/story.txt and 2023/06/story.txt must not share an id
    try:
        size = path.stat().st_size
        if size > MAX_RECORD_BYTES:
            yield InputError(rid, f"file too large ({size:,} bytes > {MAX_RECORD_BYTES:,})")
            return
        raw = path.read_bytes()
    except OSError as exc:
        yield InputError(rid, f"cannot read: {exc.strerror or exc}")
        return
    text = _decode(raw, rid)
    if isinstance(text, InputError):
        yield text
        return
    if kind == "txt":
        record = {"id": rid, "text": text, "published": published.isoformat() if published else None}
        yield _checked(rid, record, None, allow_undated, settings.max_article_chars)
    else:
        yield _read_html(rid, text, published, allow_undated, settings)


def _read_jsonl_file(path: Path, allow_undated: bool, settings: Settings) -> Iterator[Article | InputError]:
    name = str(path)
    last = 0
    try:
        with open(path, "rb") if not path.name.endswith(".gz") else gzip.open(path, "rb") as fh:
            lines = _bounded_lines(_utf16_as_text(fh), MAX_RECORD_BYTES)
            for result in read_jsonl_lines(lines, name, allow_undated, settings=settings):
                last += 1
                yield result
    except (OSError, EOFError, zlib.error) as exc:
        # a truncated or corrupt .gz ends here, after every whole line before the damage
        yield InputError(f"{name}:{last + 1}", f"cannot read further: {shown(exc, 200)}")


def _utf16_as_text(fh: IO[bytes]) -> IO[bytes] | IO[str]:
    """The stream itself, or a text stream when it starts with a UTF-16 byte order mark (a file
    saved as "Unicode" by Windows tools). A UTF-8 BOM is dropped by `_line_record`."""
    start = fh.peek(4)[:4] if hasattr(fh, "peek") else b""
    if start[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE) and not start.startswith(codecs.BOM_UTF32_LE):
        return io.TextIOWrapper(fh, encoding="utf-16", errors="replace", newline="\n")
    return fh


class _LongLine:
    """A line longer than the limit: skipped unread, reported with its size."""

    def __init__(self, size: int) -> None:
        self.size = size


def _bounded_lines(fh: IO[bytes] | IO[str], limit: int) -> Iterator[bytes | str | _LongLine]:
    """The lines of a stream; a line over `limit` bytes (characters, for a text stream) is
    skipped in 1 MB steps and yielded as a _LongLine: it is never held whole."""
    while line := fh.readline(limit + 1):
        newline = b"\n" if isinstance(line, bytes) else "\n"
        if len(line) <= limit or line.endswith(newline):  # type: ignore[arg-type]
            yield line
            continue
        size = len(line)
        while (rest := fh.readline(1 << 20)) and not rest.endswith(newline):  # type: ignore[arg-type]
            size += len(rest)
        yield _LongLine(size + len(rest))


def _decode(raw: bytes, rid: str) -> str | InputError:
    for bom, encoding in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if raw.startswith(bom):
            try:
                return raw.decode(encoding)
            except UnicodeDecodeError as exc:
                return InputError(
                    rid, f"not {encoding.upper()} text despite its byte order mark ({exc.reason})"
                )
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
    rid: str, html: str, published: date | None, allow_undated: bool, settings: Settings
) -> Article | InputError:
    """One HTML page, read by trafilatura and htmldate under the per-article time limit.

    The page is untrusted and lxml/trafilatura are not total over it (deep nesting, broken
    encodings declared in the markup): whatever they raise for this page rejects this page
    alone, like any other bad record. A page's own url (its canonical link) is kept only when
    it is an absolute http(s) URL: a relative or script link is left out, not a reason to lose
    the article."""
    try:
        with time_limit(settings.time_limit):
            record = _html_record(rid, html, published)
    except TimeLimitExceeded:
        return InputError(rid, f"HTML extraction took longer than {settings.time_limit:g} s")
    except Exception as exc:  # the per-page catch of untrusted markup (see the docstring)
        return InputError(rid, f"cannot read the HTML ({type(exc).__name__}: {shown(str(exc), 200)})")
    if isinstance(record, InputError):
        return record
    if not isinstance(record.get("url"), str) or _url_problem(record["url"]):
        record["url"] = None
    checked = _checked(rid, record, None, allow_undated, settings.max_article_chars)
    # the extractor's main text: clean removes only what is clearly furniture from it
    return replace(checked, main_text=True) if isinstance(checked, Article) else checked


def _html_record(rid: str, html: str, published: date | None) -> dict[str, Any] | InputError:
    """The record of one HTML page (main text by trafilatura, date by htmldate), unchecked."""
    # imported here: trafilatura/htmldate pull in lxml and take ~0.3 s to import
    import trafilatura
    from htmldate import find_date

    text = _main_text(trafilatura, html)
    meta = trafilatura.extract_metadata(html)
    if not text:
        return InputError(rid, "no article text found in the HTML")
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
    return record


def _main_text(trafilatura: Any, html: str) -> str | None:
    """The page's main text by trafilatura: precision first (fewer stray blocks); when that
    finds nothing (a page whose story sits in an unusual container), its default balance.
    On the public boilerplate pages (boiler_score.py), precision alone leaves 1 of 79 pages
    empty (shingle F1 0.962); with the fallback none is (0.968)."""
    options = {"include_comments": False, "include_tables": False}
    return trafilatura.extract(html, favor_precision=True, **options) or trafilatura.extract(html, **options)


def read_jsonl_lines(
    fh: Iterable[str | bytes | _LongLine],
    name: str,
    allow_undated: bool = False,
    first_line: int = 1,
    settings: Settings | None = None,
) -> Iterator[Article | InputError]:
    """One Article or InputError per line of JSON Lines (str, or bytes that must be UTF-8)."""
    max_chars = (settings or default_settings()).max_article_chars
    for no, line in enumerate(fh, first_line):
        yield _line_record(line, f"{name}:{no}", allow_undated, max_chars)


def _line_record(
    line: str | bytes | _LongLine, rid: str, allow_undated: bool, max_chars: int
) -> Article | InputError:
    if isinstance(line, _LongLine):
        return InputError(rid, f"line too long to read ({line.size:,} bytes); not kept, see the input")
    if isinstance(line, bytes):
        try:
            line = line.decode("utf-8")
        except UnicodeDecodeError as exc:
            raw = line.decode("utf-8", "backslashreplace").rstrip("\r\n")
            bad = line[exc.start]
            return InputError(rid, f"not UTF-8 (byte 0x{bad:02X} at byte {exc.start + 1})", raw=raw)
    line = line.removeprefix("\ufeff").rstrip("\r\n")
    if not line.strip():
        # a blank line is a common trailing artefact: report it, it holds no record to lose
        return InputError(rid, "empty line", raw=line)
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return InputError(rid, f"invalid JSON: {exc.msg.removesuffix(' at')} (column {exc.colno})", raw=line)
    except (ValueError, RecursionError) as exc:
        # ValueError: a number of more than 4,300 digits; RecursionError: arrays nested too deep
        return InputError(rid, f"invalid JSON: {shown(exc, 120)}", raw=line)
    if not isinstance(record, dict):
        return InputError(rid, f"a JSON {type(record).__name__}, not an object", raw=line)
    if record.get("id") not in (None, ""):
        rid = f"{rid} (id {shown(record['id'])})"
    return _checked(rid, record, line, allow_undated, max_chars)


class _Bad(ValueError):
    """One field's problem, as the one-line reason `_checked` gives the InputError."""


def _checked(
    rid: str,
    record: dict[str, Any],
    raw: str | None,
    allow_undated: bool = False,
    max_chars: int = MAX_TEXT_CHARS,
) -> Article | InputError:
    """Check and type every field of one record; an InputError names the record and the first
    problem found."""
    try:
        text = _text(record.get("text"), max_chars)
        language = _short_string("language", record.get("language"))
        if language and language.lower()[:2] != "en":
            raise _Bad(f"language '{shown(language)}' is not supported (English only)")
        foreign = foreign_language(text)
        if foreign:
            raise _Bad(f"not English (looks like {foreign})")
        return Article(
            id=_record_id(record.get("id")) or rid,
            text=text,
            published=_published(record.get("published"), allow_undated),
            title=_short_string("title", record.get("title")),
            source=_short_string("source", record.get("source")),
            url=_url(record.get("url")),
            language=language,
            authors=_authors(record.get("authors")),
        )
    except _Bad as bad:
        return InputError(rid, str(bad), raw)


def _json_kind(value: Any) -> str:
    return _JSON_KINDS.get(type(value), type(value).__name__)


def _text(value: Any, max_chars: int) -> str:
    if value is None:
        raise _Bad("no 'text' field")
    if not isinstance(value, str):
        raise _Bad(f"'text' is {_json_kind(value)}, not a string")
    if not value.strip():
        raise _Bad("empty text")
    if len(value) > max_chars:
        raise _Bad(f"text too long ({len(value):,} chars > {max_chars:,})")
    surrogate = _SURROGATE.search(value)
    if surrogate:
        raise _Bad(
            f"text holds a lone surrogate (U+{ord(surrogate.group()):04X} at character {surrogate.start()})"
        )
    controls = sum(1 for c in value[:100_000] if ord(c) < 32 and c not in "\n\r\t")
    if controls / max(len(value[:100_000]), 1) > MAX_CONTROL_SHARE or "\x00" in value:
        raise _Bad("binary content (control characters), not text")
    return value


def _string_problem(label: str, value: str, limit: int) -> str | None:
    if len(value) > limit:
        return f"{label} too long ({len(value):,} chars > {limit:,})"
    bad = _BAD_CHAR.search(value)
    if bad:
        what = "a lone surrogate" if _SURROGATE.match(bad.group()) else "a control character"
        return f"{label} holds {what} (U+{ord(bad.group()):04X})"
    return None


def _short_string(name: str, value: Any, limit: int = MAX_FIELD_CHARS) -> str | None:
    """An optional string field: absent, null or "" is None; anything else but a string is
    rejected (a title of 7 is a broken record, not a title "7")."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise _Bad(f"'{name}' is {_json_kind(value)}, not a string")
    problem = _string_problem(f"'{name}'", value, limit)
    if problem:
        raise _Bad(problem)
    return value


def _record_id(value: Any) -> str | None:
    """The record's own id: a string or a whole number, printable (no control, format or
    surrogate character: an id is printed in messages and used as a key)."""
    if value is None or value == "":
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise _Bad(f"'id' is {_json_kind(value)}, not a string or a whole number")
    if len(value) > MAX_ID_CHARS:
        raise _Bad(f"'id' too long ({len(value):,} chars > {MAX_ID_CHARS:,})")
    if not value.isprintable() or not value.strip():
        raise _Bad("'id' holds a control, format or surrogate character, or only spaces")
    return value


def _published(value: Any, allow_undated: bool) -> date | None:
    if value is None or value == "":
        if allow_undated:
            return None
        raise _Bad("missing 'published' date (YYYY-MM-DD; --allow-undated reads it anyway)")
    if not isinstance(value, str):
        raise _Bad(f"'published' is {_json_kind(value)}, not a YYYY-MM-DD string")
    try:
        day = date.fromisoformat(value[:10])
    except ValueError:
        raise _Bad(f"malformed 'published' '{shown(value)}' (want YYYY-MM-DD)") from None
    latest = date.today() + LATEST_PUBLISHED_AHEAD
    if not EARLIEST_PUBLISHED <= day <= latest:
        raise _Bad(f"'published' {day.isoformat()} is out of range ({EARLIEST_PUBLISHED} to {latest})")
    return day


def _url(value: Any) -> str | None:
    url = _short_string("url", value)
    if url is None:
        return None
    problem = _url_problem(url)
    if problem:
        raise _Bad(problem)
    return url


def _url_problem(url: str) -> str | None:
    """Why `url` is not an absolute http(s) URL (a `javascript:` or `data:` URL would run in
    whatever page shows it as a link), or None."""
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        return f"'url' is not a URL ({exc})"
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or any(c.isspace() for c in url):
        return f"'url' '{shown(url)}' is not an absolute http(s) URL"
    return None


def _authors(value: Any) -> tuple[str, ...]:
    """A name or a list of names; empty names are dropped."""
    if value is None or value == "":
        return ()
    names = [value] if isinstance(value, str) else value
    if not isinstance(names, list):
        raise _Bad(f"'authors' is {_json_kind(value)}, not a name or a list of names")
    if len(names) > MAX_AUTHORS:
        raise _Bad(f"'authors' lists {len(names):,} names (> {MAX_AUTHORS})")
    out = []
    for i, name in enumerate(names):
        if not isinstance(name, str):
            raise _Bad(f"'authors'[{i}] is {_json_kind(name)}, not a string")
        problem = _string_problem(f"'authors'[{i}]", name, MAX_FIELD_CHARS)
        if problem:
            raise _Bad(problem)
        if name.strip():
            out.append(name)
    return tuple(out)


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

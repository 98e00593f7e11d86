"""ingest: every kind of bad input becomes an InputError naming the record, with a one-line
reason, and the records around it are still read. No spaCy here: these tests are fast."""

from __future__ import annotations

import codecs
import gzip
import json
from datetime import date
from pathlib import Path

import pytest

from newsgraph import ingest
from newsgraph.errors import InputError
from newsgraph.ingest import MAX_TEXT_CHARS, foreign_language, read_inputs, read_jsonl_lines, read_path
from newsgraph.model import Article
from newsgraph.settings import default_settings, replace_settings

STORY = (
    "Security forces in Kirkuk arrested two men on Sunday who were suspected of planting a roadside "
    "bomb near the road to Tikrit, a police officer said. The officer said the men were handed over "
    "to the counter-terrorism service for questioning."
)
FRENCH = (
    "Les forces de sécurité ont arrêté dimanche deux hommes soupçonnés d'avoir posé une bombe sur la "
    "route de Tikrit, a déclaré un officier de police. Les deux hommes ont été remis au service de "
    "lutte contre le terrorisme pour être interrogés par les enquêteurs dans la ville."
)
GERMAN = (
    "Die Sicherheitskräfte haben am Sonntag zwei Männer festgenommen, die eine Bombe an der Straße "
    "nach Tikrit gelegt haben sollen, sagte ein Polizist. Die Männer wurden der Antiterrorbehörde "
    "übergeben und sind nun in der Stadt in Haft, wie die Polizei mit sich auf der Seite teilte."
)
ARABIC = (
    "اعتقلت قوات الأمن في كركوك يوم الأحد رجلين يشتبه في زرعهما عبوة ناسفة على الطريق المؤدي إلى "
    "تكريت، بحسب ما قال ضابط في الشرطة. وأضاف أن الرجلين سلما إلى جهاز مكافحة الإرهاب للتحقيق معهما."
)


def record(**fields) -> str:
    base = {"id": "a1", "text": STORY, "published": "2023-05-17"}
    base.update(fields)
    return json.dumps({k: v for k, v in base.items() if v is not ...}, ensure_ascii=False)


def read_one(line: str, **kw) -> Article | InputError:
    (out,) = list(read_jsonl_lines([line + "\n"], "in.jsonl", **kw))
    return out


def rejected_reason(line: str, **kw) -> str:
    out = read_one(line, **kw)
    assert isinstance(out, InputError), f"accepted: {out}"
    assert "\n" not in out.reason  # a one-line error
    return out.reason


def test_a_good_record_becomes_an_article_with_every_field():
    line = record(
        title="Two held", source="Rudaw", url="https://x.example/1", language="en", authors="Ali Omar"
    )
    art = read_one(line)
    assert isinstance(art, Article)
    assert (art.id, art.published, art.title, art.source) == ("a1", date(2023, 5, 17), "Two held", "Rudaw")
    assert art.url == "https://x.example/1" and art.language == "en" and art.authors == ("Ali Omar",)
    assert art.text == STORY


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("", "empty line"),
        ("   ", "empty line"),
        ('{"id": "a1", "text": "unterminated', "invalid JSON"),
        ("[1, 2, 3]", "not an object"),
        (record(text=...), "no 'text' field"),
        (record(text=42), "not a string"),
        (record(text="   \n "), "empty text"),
        (record(published=...), "missing 'published'"),
        (record(published=""), "missing 'published'"),
        (record(published="17/05/2023"), "malformed 'published'"),
        (record(published="2023-13-45"), "malformed 'published'"),
        (record(text="\x00\x01\x02PK\x03\x04" * 50), "binary"),
        (record(text=FRENCH), "not English (looks like French)"),
        (record(text=GERMAN), "not English (looks like German)"),
        (record(text=ARABIC), "non-Latin script"),
        (record(language="ar"), "not supported"),
    ],
    ids=[
        "empty",
        "blank",
        "invalid-json",
        "json-array",
        "no-text",
        "text-not-string",
        "empty-text",
        "no-published",
        "empty-published",
        "published-dmy",
        "published-impossible",
        "binary",
        "french",
        "german",
        "arabic",
        "language-field",
    ],
)
def test_bad_record_is_an_input_error_with_its_reason(line, reason):
    assert reason in rejected_reason(line)


def test_a_5_mb_article_is_rejected_not_cut():
    huge = (STORY + " ") * (5_000_000 // len(STORY))
    assert len(huge) > MAX_TEXT_CHARS
    assert "too long" in rejected_reason(record(text=huge))


def test_allow_undated_reads_a_record_without_a_date_but_not_a_malformed_one():
    art = read_one(record(published=...), allow_undated=True)
    assert isinstance(art, Article) and art.published is None
    assert "malformed" in rejected_reason(record(published="yesterday"), allow_undated=True)


def test_a_timestamp_is_read_as_its_day():
    art = read_one(record(published="2023-05-17T08:30:00Z"))
    assert isinstance(art, Article) and art.published == date(2023, 5, 17)


def test_the_error_names_the_file_line_and_id():
    lines = [record(id="good") + "\n", "\n", "{oops\n", record(id="story-7", text=...) + "\n"]
    out = list(read_jsonl_lines(lines, "feed.jsonl"))
    assert isinstance(out[0], Article)
    assert [o.record_id for o in out[1:]] == ["feed.jsonl:2", "feed.jsonl:3", "feed.jsonl:4 (id story-7)"]
    assert out[2].raw == "{oops"  # the raw line goes to the rejects file whole


def test_good_records_around_bad_ones_are_still_read(tmp_path):
    path = tmp_path / "mixed.jsonl"
    lines = [record(id="a"), "", "not json", record(id="b", text=FRENCH), record(id="c")]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = list(read_inputs([str(path)]))
    assert [o.id for o in out if isinstance(o, Article)] == ["a", "c"]
    assert len([o for o in out if isinstance(o, InputError)]) == 3


def test_english_with_a_foreign_phrase_or_a_table_is_english():
    quoted = STORY + " The banner read 'le peuple veut la chute du régime', in French."
    assert foreign_language(quoted) is None
    table = "Shr 27 cts vs 29 cts Net 4.1 mln vs 3.9 mln Revs 120.5 mln vs 110.2 mln Qtly div 5 cts " * 3
    assert foreign_language(table) is None
    assert foreign_language("Le président") is None  # too short to judge


# -- files ------------------------------------------------------------------------------------


def test_txt_takes_its_date_from_published(tmp_path):
    path = tmp_path / "kirkuk-arrests.txt"
    path.write_text(STORY, encoding="utf-8")
    (art,) = list(read_path(path, published=date(2023, 5, 17)))
    assert isinstance(art, Article)
    assert (art.published, art.text) == (date(2023, 5, 17), STORY)
    assert art.id in ("kirkuk-arrests", str(path))
    (err,) = list(read_path(path))
    assert isinstance(err, InputError) and "published" in err.reason


def test_txt_in_cp1252_is_decoded(tmp_path):
    path = tmp_path / "legacy.txt"
    path.write_bytes((STORY + " The minister’s office declined to comment.").encode("cp1252"))
    (art,) = list(read_path(path, published=date(2023, 5, 17)))
    assert isinstance(art, Article) and "minister’s office" in art.text


def test_a_binary_file_is_rejected(tmp_path):
    path = tmp_path / "scan.txt"
    path.write_bytes(b"%PDF-1.4\x00\x00\x01\x02" + bytes(range(256)) * 20)
    (err,) = list(read_path(path, published=date(2023, 5, 17)))
    assert isinstance(err, InputError) and "binary" in err.reason and "scan" in err.record_id


def test_binary_junk_in_a_jsonl_file_does_not_stop_the_file(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_bytes(
        record(id="a").encode() + b"\n\xff\xfe\x00\x9c junk \x01\x02\n" + record(id="b").encode() + b"\n"
    )
    out = list(read_inputs([str(path)]))
    assert [o.id for o in out if isinstance(o, Article)] == ["a", "b"]
    assert isinstance(out[1], InputError) and out[1].record_id.endswith(":2")


def test_html_text_by_trafilatura_and_date_by_htmldate(tmp_path):
    paragraphs = "".join(f"<p>{s}.</p>" for s in STORY.split(". "))
    html = (
        "<html><head><title>Two held in Kirkuk</title>"
        '<meta property="article:published_time" content="2023-05-16T09:00:00+03:00">'
        '<meta name="author" content="Ali Omar"></head>'
        "<body><nav>Home | World | Sport</nav><article><h1>Two held in Kirkuk</h1>"
        f"{paragraphs}</article><footer>Copyright 2023</footer></body></html>"
    )
    path = tmp_path / "kirkuk.html"
    path.write_text(html, encoding="utf-8")
    (art,) = list(read_path(path))
    assert isinstance(art, Article)
    assert art.published == date(2023, 5, 16)
    assert "roadside bomb" in art.text and "Home | World" not in art.text
    assert art.authors == ("Ali Omar",)


def test_two_files_with_the_same_name_get_distinct_ids(tmp_path):
    # a directory of dated folders (2023/05/story.txt, 2023/06/story.txt) must not give one id twice
    for month in ("05", "06"):
        (tmp_path / month).mkdir()
        (tmp_path / month / "story.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "05" / "story.html").write_text(
        f"<html><body><article><p>{STORY}</p></article></body></html>"
    )
    out = list(read_inputs([str(tmp_path)], published=date(2023, 5, 17)))
    ids = [o.id for o in out if isinstance(o, Article)]
    assert len(ids) == 3 and len(set(ids)) == 3, ids


def test_html_without_an_article_is_rejected(tmp_path):
    path = tmp_path / "empty.html"
    path.write_text(
        "<html><head><title>Live</title></head><body><script>var a = 1;</script></body></html>",
        encoding="utf-8",
    )
    (err,) = list(read_path(path, published=date(2023, 5, 17)))
    assert isinstance(err, InputError) and "no article text" in err.reason


def test_gzip_directory_stdin_and_a_missing_file(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    with gzip.open(folder / "a.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write(record(id="gz") + "\n")
    (folder / "b.txt").write_text(STORY, encoding="utf-8")
    (folder / "notes.md").write_text("not an input", encoding="utf-8")
    out = list(
        read_inputs(
            [str(folder), "-", str(tmp_path / "nope.jsonl")],
            published=date(2023, 5, 17),
            stdin=[record(id="from-stdin") + "\n"],
        )
    )
    assert [o.id for o in out if isinstance(o, Article)][::2] == ["gz", "from-stdin"]
    assert "b" in out[1].id
    assert isinstance(out[-1], InputError) and out[-1].reason == "no such file"


def test_bundled_bad_records_are_all_rejected_and_named():
    path = Path(__file__).resolve().parent.parent / "examples" / "bad_records.jsonl"
    out = list(read_inputs([str(path)]))
    assert out and all(isinstance(o, InputError) for o in out)
    assert len({o.record_id for o in out}) == len(out)


def test_bundled_examples_are_all_read():
    path = Path(__file__).resolve().parent.parent / "examples" / "articles.jsonl"
    out = list(read_inputs([str(path)]))
    assert len(out) >= 12
    assert all(isinstance(o, Article) for o in out), [o for o in out if isinstance(o, InputError)]


# -- the boundary: every field checked and typed (issue 16) -------------------------------------

WRONG_TYPES = {
    "id": ([1, 2], {"a": 1}, 1.5, True),
    "text": (7, 1.5, True, ["a"], {"a": 1}),
    "published": (20230517, 2023.5, True, ["2023-05-17"], {"y": 2023}),
    "title": (7, 1.5, False, ["t"], {"t": 1}),
    "source": (7, True, ["Reuters"]),
    "url": (7, ["https://x.example"], {"href": "https://x.example"}),
    "language": (7, ["en"], True),
    "authors": (7, 1.5, True, {"name": "Ali Omar"}, ["Ali Omar", 7], [None], [["Ali"]]),
}


@pytest.mark.parametrize(
    ("field", "value"),
    [(f, v) for f, values in WRONG_TYPES.items() for v in values],
    ids=[f"{f}-{type(v).__name__}-{i}" for f, values in WRONG_TYPES.items() for i, v in enumerate(values)],
)
def test_every_field_of_the_wrong_type_is_rejected_with_its_name(field, value):
    reason = rejected_reason(record(**{field: value}))
    assert f"'{field}'" in reason and "not" in reason, reason


def test_authors_7_is_a_reject_not_a_crash():
    # issue 16: `"authors": 7` raised TypeError out of ingest and ended the run
    assert rejected_reason(record(authors=7)) == "'authors' is a number, not a name or a list of names"


def test_an_integer_id_is_read_as_its_string():
    art = read_one(record(id=42))
    assert isinstance(art, Article) and art.id == "42"


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"text": STORY + " \udfff"}, "lone surrogate (U+DFFF"),
        ({"title": "Two held \ud800"}, "'title' holds a lone surrogate"),
        ({"authors": ["Ali \udc00 Omar"]}, "'authors'[0] holds a lone surrogate"),
        ({"id": "a\udfff"}, "'id' holds a control"),
        ({"id": "a\u202eb"}, "'id' holds a control, format"),  # a bidi override would reorder the line
        ({"id": "a\x1b[31mred"}, "'id' holds a control"),  # a terminal escape
        ({"id": "x" * 1001}, "'id' too long"),
        ({"title": "Two\x00held"}, "'title' holds a control character (U+0000)"),
        ({"source": "Reu\x07ters"}, "'source' holds a control character"),
        ({"title": "t" * 10_001}, "'title' too long"),
        ({"authors": ["A"] * 101}, "'authors' lists 101 names"),
        ({"url": "javascript:alert(1)"}, "not an absolute http(s) URL"),
        ({"url": "data:text/html,<script>alert(1)</script>"}, "not an absolute http(s) URL"),
        ({"url": "/news/1"}, "not an absolute http(s) URL"),
        ({"url": "https://x.example/a b"}, "not an absolute http(s) URL"),
        ({"url": "http://[::1"}, "not a URL"),
        ({"published": "0001-01-01"}, "out of range"),
        ({"published": "1650-06-01"}, "out of range"),
        ({"published": "9999-12-31"}, "out of range"),
        ({"published": "2023-02-30"}, "malformed 'published'"),
        ({"published": "99999-01-01"}, "malformed 'published'"),
        ({"published": "\x1b[2J"}, "malformed 'published' '\\x1b[2J'"),  # shown escaped
    ],
)
def test_field_contents_are_checked(fields, words):
    assert words in rejected_reason(record(**fields))


def test_dates_inside_the_range_are_read_as_they_are():
    for day in ("1770-03-05", "1899-12-31", "2020-02-29"):
        art = read_one(record(published=day))
        assert isinstance(art, Article) and art.published == date.fromisoformat(day)


def test_the_record_id_in_a_message_is_escaped():
    (err,) = list(read_jsonl_lines([record(id="evil\n\x1b[31m\u202e", text=...) + "\n"], "in.jsonl"))
    assert isinstance(err, InputError)
    assert err.record_id == "in.jsonl:1 (id evil\\x0a\\x1b[31m\\u202e)"
    assert err.record_id.isprintable()


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ("[" * 100_000 + "]" * 100_000, "invalid JSON"),  # nested deeper than the parser recurses
        ('{"id": ' + "9" * 5000 + "}", "invalid JSON"),  # more digits than int() converts
        ("null", "a JSON NoneType, not an object"),
        ('"just a string"', "a JSON str, not an object"),
        ("3.14", "a JSON float, not an object"),
        ('{"id": "a1", "text": "unterminated', "invalid JSON"),
        ("\ufeff" + record(), None),  # a UTF-8 byte order mark at the start is not part of the record
    ],
)
def test_json_that_is_deep_huge_or_not_an_object(line, words):
    out = read_one(line)
    if words is None:
        assert isinstance(out, Article)
    else:
        assert isinstance(out, InputError) and words in out.reason, out


def test_a_line_that_is_not_utf8_is_rejected_and_kept_escaped(tmp_path):
    path = tmp_path / "latin1.jsonl"
    latin1 = record(id="l1", text=STORY + " Café Fayrouz was hit.").encode("latin-1")
    path.write_bytes(record(id="ok").encode() + b"\n" + latin1 + b"\n")
    out = list(read_inputs([str(path)]))
    assert isinstance(out[0], Article)
    assert isinstance(out[1], InputError) and "not UTF-8 (byte 0xE9" in out[1].reason
    assert "Caf\\xe9 Fayrouz" in out[1].raw  # the bytes are still there, escaped


def test_jsonl_in_utf16_with_a_bom_is_read(tmp_path):
    path = tmp_path / "windows.jsonl"
    text = record(id="u16", text=STORY + " Officials in Erbil – and Kirkuk – agreed.")
    path.write_bytes(codecs.BOM_UTF16_LE + (text + "\r\n" + record(id="u16b") + "\r\n").encode("utf-16-le"))
    out = list(read_inputs([str(path)]))
    assert [o.id for o in out] == ["u16", "u16b"] and all(isinstance(o, Article) for o in out)
    assert "Erbil – and Kirkuk" in out[0].text


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE), ("utf-8", codecs.BOM_UTF8)],
)
def test_txt_with_a_byte_order_mark_is_decoded(tmp_path, encoding, bom):
    path = tmp_path / "bom.txt"
    path.write_bytes(bom + STORY.encode(encoding))
    (art,) = list(read_path(path, published=date(2023, 5, 17)))
    assert isinstance(art, Article) and art.text == STORY


def test_a_truncated_gz_keeps_every_whole_line_and_names_where_it_broke(tmp_path):
    path = tmp_path / "cut.jsonl.gz"
    body = "".join(record(id=f"r{i}", text=f"{STORY} Item {i} of a long feed.") + "\n" for i in range(400))
    data = gzip.compress(body.encode())
    path.write_bytes(data[: len(data) // 2])
    out = list(read_inputs([str(path)]))
    good = [o for o in out if isinstance(o, Article)]
    assert 50 < len(good) < 400 and [a.id for a in good] == [f"r{i}" for i in range(len(good))]
    assert isinstance(out[-1], InputError) and "cannot read further" in out[-1].reason
    assert out[-1].record_id.startswith(f"{path}:")


def test_a_corrupt_gz_is_one_reject(tmp_path):
    path = tmp_path / "junk.jsonl.gz"
    path.write_bytes(b"\x1f\x8b\x08\x00" + bytes(range(256)) * 4)
    (err,) = list(read_inputs([str(path)]))
    assert isinstance(err, InputError) and "cannot read further" in err.reason


def test_a_line_too_long_is_rejected_unread_and_the_next_line_is_read(tmp_path, monkeypatch):
    monkeypatch.setattr(ingest, "MAX_RECORD_BYTES", 8_000)  # 64 MB in use: too slow to write here
    path = tmp_path / "long.jsonl"
    path.write_text(
        record(id="big", text="word " * 10_000) + "\n" + record(id="next") + "\n", encoding="utf-8"
    )
    out = list(read_inputs([str(path)]))
    assert isinstance(out[0], InputError) and "line too long to read (50,0" in out[0].reason
    assert out[0].record_id == f"{path}:1"
    assert isinstance(out[1], Article) and out[1].id == "next"


def test_a_file_too_large_is_rejected_unread(tmp_path, monkeypatch):
    monkeypatch.setattr(ingest, "MAX_RECORD_BYTES", 8_000)
    path = tmp_path / "huge.txt"
    path.write_text(STORY * 100, encoding="utf-8")
    (err,) = list(read_inputs([str(path)], published=date(2023, 5, 17)))
    assert isinstance(err, InputError) and "file too large" in err.reason


def test_max_article_chars_is_the_setting(tmp_path):
    settings = replace_settings(default_settings(), max_article_chars=len(STORY) - 1)
    (out,) = list(read_jsonl_lines([record()], "in.jsonl", settings=settings))
    assert isinstance(out, InputError) and "text too long" in out.reason


def test_stdin_bytes_that_are_not_utf8_are_one_reject(monkeypatch):
    lines = [
        record(id="a").encode() + b"\n",
        b'{"id": "b", "text": "caf\xe9"}\n',
        record(id="c").encode() + b"\n",
    ]
    out = list(read_inputs(["-"], stdin=lines))
    assert [type(o).__name__ for o in out] == ["Article", "InputError", "Article"]


def test_a_folder_link_loop_ends(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "story.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "a" / "loop").symlink_to(tmp_path / "a", target_is_directory=True)
    out = list(read_inputs([str(tmp_path)], published=date(2023, 5, 17)))
    assert [type(o).__name__ for o in out] == ["Article"]


def test_html_bomb_of_100k_nested_tags_is_read_or_rejected(tmp_path):
    path = tmp_path / "bomb.html"
    path.write_text(
        "<html><body>" + "<div>" * 100_000 + f"<p>{STORY}</p>" + "</div>" * 100_000 + "</body></html>",
        encoding="utf-8",
    )
    (out,) = list(read_path(path, published=date(2023, 5, 17)))
    assert isinstance(out, (Article, InputError))
    if isinstance(out, InputError):
        assert "\n" not in out.reason


def test_an_html_page_with_a_script_canonical_link_keeps_its_text_but_not_the_link(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(
        '<html><head><link rel="canonical" href="javascript:alert(1)"><title>Two held</title></head>'
        f"<body><article><p>{STORY}</p><p>{STORY}</p></article></body></html>",
        encoding="utf-8",
    )
    (art,) = list(read_path(path, published=date(2023, 5, 17)))
    assert isinstance(art, Article) and art.url is None and "roadside bomb" in art.text

"""The command line, as a user runs it: bad records give one line on stderr naming the record, go
to the rejects file with the reason, the good records are still extracted, and the exit code is 3.
Run both as a subprocess (the installed entry point, real stdin/stdout) and in-process
(`newsgraph.cli.main`, fast, with the session's spaCy already loaded)."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pytest

from newsgraph import cli

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
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


def line(**fields) -> str:
    base = {"id": "good-1", "text": STORY, "published": "2023-05-17"}
    base.update(fields)
    return json.dumps({k: v for k, v in base.items() if v is not ...}, ensure_ascii=False)


# every kind of bad record, each with the words its one-line error must hold
BAD = {
    "": "empty line",
    "{not json": "invalid JSON",
    line(id="no-text", text=...): "no 'text' field",
    line(id="no-date", published=...): "missing 'published'",
    line(id="bad-date", published="May 17, 2023"): "malformed 'published'",
    line(id="french", text=FRENCH): "not English",
    line(id="binary", text="\x00\x01\x02\x03PK\x03\x04" * 40): "binary",
    line(id="huge", text=STORY * (5_000_000 // len(STORY))): "too long",
}


@pytest.fixture(scope="module")
def mixed_input(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "mixed.jsonl"
    lines = [line(id="good-1"), *BAD, line(id="good-2", text=STORY.replace("Kirkuk", "Mosul"))]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run_cli(*args: str, stdin: str | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "newsgraph.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        timeout=600,
    )


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def check_rejects(stderr: str, rejects: list[dict], input_name: str) -> None:
    assert len(rejects) == len(BAD)
    error_lines = [x for x in stderr.splitlines() if x.startswith("newsgraph: rejected ")]
    assert len(error_lines) == len(BAD)
    for no, (reject, (raw, words)) in enumerate(zip(rejects, BAD.items(), strict=True), start=2):
        assert reject["record"].startswith(f"{input_name}:{no}"), reject["record"]
        assert words in reject["reason"]
        assert reject["raw"].strip() == raw.strip()  # the record goes whole into the rejects file
        # one line on stderr naming the record, with the reason
        assert f"rejected {reject['record']}: " in error_lines[no - 2]
        assert words in error_lines[no - 2]


# -- subprocess -------------------------------------------------------------------------------


def test_subprocess_bad_records_are_rejected_and_the_run_goes_on(mixed_input, tmp_path):
    out = tmp_path / "out.jsonl"
    proc = run_cli("extract", str(mixed_input), "-o", str(out))
    assert proc.returncode == cli.EXIT_REJECTS, proc.stderr
    docs = read_jsonl(out)
    assert [d["document"]["id"] for d in docs] == ["good-1", "good-2"]
    assert any(e["name"] == "Kirkuk" for e in docs[0]["entities"])
    rejects = read_jsonl(tmp_path / "out.rejects.jsonl")  # the default rejects path
    check_rejects(proc.stderr, rejects, str(mixed_input))
    assert "2 extracted, 8 rejected" in proc.stderr


def test_subprocess_stdin_to_stdout(tmp_path):
    stdin = line(id="from-stdin") + "\n\n"
    proc = run_cli("extract", "-", "-o", "-", "--rejects", str(tmp_path / "r.jsonl"), stdin=stdin)
    assert proc.returncode == cli.EXIT_REJECTS, proc.stderr
    (doc,) = [json.loads(x) for x in proc.stdout.splitlines()]
    assert doc["document"]["id"] == "from-stdin"
    assert "newsgraph" not in proc.stdout.split("\n", 1)[0][:10]  # stdout holds only JSON
    (reject,) = read_jsonl(tmp_path / "r.jsonl")
    assert reject["record"] == "<stdin>:2" and reject["reason"] == "empty line"


def test_subprocess_help_and_usage_error():
    proc = run_cli("--help")
    assert proc.returncode == 0 and "extract" in proc.stdout
    proc = run_cli("extract")  # no input
    assert proc.returncode == 2 and "usage:" in proc.stderr


# -- in-process ------------------------------------------------------------------------------


@pytest.fixture
def warm(nlp):
    """The session's spaCy pipeline is the one `load_pipeline` caches: main() does not reload it."""
    return nlp


def test_in_process_bad_records_exit_3(warm, mixed_input, tmp_path, capsys):
    out, rejects = tmp_path / "o.jsonl", tmp_path / "bad.jsonl"
    code = cli.main(["extract", str(mixed_input), "-o", str(out), "--rejects", str(rejects)])
    assert code == cli.EXIT_REJECTS
    assert len(read_jsonl(out)) == 2
    check_rejects(capsys.readouterr().err, read_jsonl(rejects), str(mixed_input))


def test_in_process_all_good_exits_0_and_writes_no_rejects_file(warm, tmp_path, capsys):
    src = tmp_path / "good.jsonl"
    src.write_text(line() + "\n", encoding="utf-8")
    out = tmp_path / "o.jsonl"
    assert cli.main(["extract", str(src), "-o", str(out)]) == 0
    assert not (tmp_path / "o.rejects.jsonl").exists()
    assert "1 extracted, 0 rejected" in capsys.readouterr().err


def test_in_process_stdout(warm, tmp_path, capsys):
    src = tmp_path / "good.jsonl"
    src.write_text(line(id="to-stdout") + "\n", encoding="utf-8")
    assert cli.main(["extract", str(src), "-o", "-"]) == 0
    (doc,) = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert doc["document"]["id"] == "to-stdout"


def test_txt_needs_published_from_the_command_line(warm, tmp_path, capsys):
    src = tmp_path / "kirkuk.txt"
    src.write_text(STORY, encoding="utf-8")
    out = tmp_path / "o.jsonl"
    assert cli.main(["extract", str(src), "-o", str(out), "--published", "2023-05-17"]) == 0
    (doc,) = read_jsonl(out)
    assert doc["document"]["published"] == "2023-05-17" and "kirkuk" in doc["document"]["id"]
    assert cli.main(["extract", str(src), "-o", str(out)]) == cli.EXIT_REJECTS
    assert "missing 'published'" in capsys.readouterr().err


def test_allow_undated(warm, tmp_path):
    src = tmp_path / "undated.jsonl"
    src.write_text(line(published=...) + "\n", encoding="utf-8")
    out = tmp_path / "o.jsonl"
    assert cli.main(["extract", str(src), "-o", str(out), "--allow-undated"]) == 0
    assert read_jsonl(out)[0]["document"]["published"] is None


def test_bundled_html_and_txt_examples(warm, tmp_path):
    out = tmp_path / "o.jsonl"
    code = cli.main(
        [
            "extract",
            str(EXAMPLES / "article.html"),
            str(EXAMPLES / "article.txt"),
            *("-o", str(out), "--published", "2024-03-02"),
        ]
    )
    assert code == 0
    html, txt = read_jsonl(out)
    assert html["document"]["published"] == "2024-04-11"  # from the page's metadata, by htmldate
    assert html["document"]["authors"] == ["Rania Halabi"]
    assert "al-Karama Square" in html["document"]["clean_text"]
    assert "Most read" not in html["document"]["clean_text"]  # page furniture left out by trafilatura
    assert txt["document"]["published"] == "2024-03-02"


def test_bundled_bad_records_each_rejected(warm, tmp_path, capsys):
    out = tmp_path / "o.jsonl"
    assert cli.main(["extract", str(EXAMPLES / "bad_records.jsonl"), "-o", str(out)]) == cli.EXIT_REJECTS
    rejects = read_jsonl(tmp_path / "o.rejects.jsonl")
    assert len(rejects) == len((EXAMPLES / "bad_records.jsonl").read_text(encoding="utf-8").splitlines())
    assert read_jsonl(out) == []


def test_a_binary_file_among_inputs_is_rejected_and_the_rest_extracted(warm, tmp_path, capsys):
    junk = tmp_path / "scan.txt"
    junk.write_bytes(b"%PDF-1.4\x00\x01\x02" + bytes(range(256)) * 40)
    good = tmp_path / "good.jsonl"
    good.write_text(line() + "\n", encoding="utf-8")
    out = tmp_path / "o.jsonl"
    code = cli.main(["extract", str(junk), str(good), "-o", str(out), "--published", "2023-05-17"])
    assert code == cli.EXIT_REJECTS
    assert [d["document"]["id"] for d in read_jsonl(out)] == ["good-1"]
    (reject,) = read_jsonl(tmp_path / "o.rejects.jsonl")
    assert "scan" in reject["record"] and "binary" in reject["reason"]
    (err,) = [x for x in capsys.readouterr().err.splitlines() if "rejected" in x and "scan" in x]
    assert "binary" in err


def test_missing_input_file_is_a_rejected_record(warm, tmp_path, capsys):
    out = tmp_path / "o.jsonl"
    assert cli.main(["extract", str(tmp_path / "nope.jsonl"), "-o", str(out)]) == cli.EXIT_REJECTS
    assert "no such file" in capsys.readouterr().err


def test_bad_option_values(tmp_path, capsys):
    src = tmp_path / "a.jsonl"
    src.write_text(line() + "\n", encoding="utf-8")
    assert cli.main(["extract", str(src), "--workers", "0", "-o", str(tmp_path / "o.jsonl")]) == 1
    assert "--workers" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        cli.main(["extract", str(src), "--published", "yesterday"])
    assert exc.value.code == 2


# -- every subcommand is documented -----------------------------------------------------------


def subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = cli.build_parser()
    found: dict[str, argparse.ArgumentParser] = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            found.update(action.choices)
    return found


def test_there_are_subcommands():
    assert "extract" in subcommands()


@pytest.mark.parametrize("name", sorted(subcommands()))
def test_every_subcommand_has_help(name, capsys):
    with pytest.raises(SystemExit) as exc:
        cli.main([name, "--help"])
    assert exc.value.code == 0
    text = capsys.readouterr().out
    assert text.startswith("usage: newsgraph " + name)
    assert len(subcommands()[name].description or "") > 20  # a sentence, not just the usage line


@pytest.mark.parametrize("name", sorted(subcommands()))
def test_every_subcommand_is_in_the_readme(name):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"newsgraph {name}" in readme, f"README.md does not show `newsgraph {name}`"

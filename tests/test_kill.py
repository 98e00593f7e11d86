"""`newsgraph extract -o FILE` survives SIGKILL (issue 16): the files only ever hold whole
lines, and the same command run again resumes, giving exactly the output of a run that was
never interrupted: the same lines in the same order, none twice, none missing."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TOWNS = ("Mosul", "Erbil", "Basra", "Najaf", "Tikrit", "Kirkuk", "Samarra", "Ramadi")
KILLS = 20


def _records(n: int) -> list[str]:
    lines = []
    for i in range(n):
        town = TOWNS[i % len(TOWNS)]
        if i % 6 == 5:  # a bad record now and then: the rejects file is written between outputs
            lines.append(json.dumps({"id": f"bad{i}", "text": f"No date for {town}."}))
            continue
        text = (
            f"Security forces in {town} arrested {i % 5 + 2} men on Sunday who were suspected of planting "
            f"a roadside bomb near the road to {TOWNS[(i + 3) % len(TOWNS)]}, a police officer said. "
            f'"We will not let them threaten {town}," Brigadier Ali Hamdani told reporters.'
        )
        lines.append(json.dumps({"id": f"r{i}", "text": text, "published": "2023-05-17"}))
    return lines


def _command(inp: Path, out: Path, workers: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "newsgraph.cli",
        "extract",
        str(inp),
        "-o",
        str(out),
        "--workers",
        str(workers),
    ]


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines() if path.exists() else []


def _whole_lines_only(path: Path) -> int:
    """Every line but a cut-short last one is one JSON value; the number of whole lines."""
    if not path.exists():
        return 0
    data = path.read_bytes()
    whole = data[: data.rfind(b"\n") + 1].decode("utf-8").splitlines()
    for line in whole:
        json.loads(line)
    return len(whole)


@pytest.mark.slow
def test_extract_killed_at_random_points_resumes_to_the_same_result(tmp_path):
    inp = tmp_path / "feed.jsonl"
    inp.write_text("\n".join(_records(180)) + "\n", encoding="utf-8")
    clean_out = tmp_path / "clean.jsonl"
    clean = subprocess.run(
        _command(inp, clean_out, 1), env=_env(), capture_output=True, text=True, timeout=900
    )
    assert clean.returncode == 3, clean.stderr
    expected, expected_rejects = _lines(clean_out), _lines(tmp_path / "clean.rejects.jsonl")
    assert len(expected) == 150 and len(expected_rejects) == 30

    out = tmp_path / "killed.jsonl"
    rejects = tmp_path / "killed.rejects.jsonl"
    rng = random.Random(16)
    kills = 0
    while kills < KILLS:
        before = _whole_lines_only(out) + _whole_lines_only(rejects)
        workers = 1 + kills % 2  # resumed with another number of workers: the same output
        proc = subprocess.Popen(
            _command(inp, out, workers), env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        if kills % 5 == 0:
            time.sleep(rng.uniform(0.0, 2.0))  # while it starts, before any output
        else:  # while it writes: after a few more results, at a random moment
            wanted = before + rng.randint(1, 6)
            deadline = time.monotonic() + 300
            while _whole_lines_only(out) + _whole_lines_only(rejects) < wanted and proc.poll() is None:
                assert time.monotonic() < deadline, "no progress"
                time.sleep(0.01)
            time.sleep(rng.uniform(0.0, 0.05))
        if proc.poll() is not None:
            break  # it finished before the kill: nothing left to interrupt
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        kills += 1
        _whole_lines_only(out)
        _whole_lines_only(rejects)
        if out.exists():  # the progress file is written before the output is opened
            assert Path(str(out) + ".progress.json").exists()

    final = subprocess.run(_command(inp, out, 2), env=_env(), capture_output=True, text=True, timeout=900)
    assert final.returncode == 3, final.stderr
    assert kills >= KILLS, f"only {kills} kills before the run finished"
    assert _lines(out) == expected  # same lines, same order: none twice, none missing
    assert _lines(rejects) == expected_rejects
    assert "150 extracted, 30 rejected" in final.stderr
    assert not Path(str(out) + ".progress.json").exists()


def test_a_finished_run_is_not_resumed_and_other_inputs_start_afresh(tmp_path):
    from newsgraph import cli

    inp = tmp_path / "feed.jsonl"
    inp.write_text("\n".join(_records(7)) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert cli.main(["extract", str(inp), "-o", str(out)]) == 3
    first = _lines(out)
    assert len(first) == 6 and not Path(str(out) + ".progress.json").exists()
    assert cli.main(["extract", str(inp), "-o", str(out)]) == 3  # again: rewritten, not appended
    assert _lines(out) == first

    # a progress file left by a killed run of OTHER inputs does not make this run resume
    progress = Path(str(out) + ".progress.json")
    progress.write_text(json.dumps({"run": {"inputs": [["elsewhere", 1, 1]]}}), encoding="utf-8")
    out.write_text(first[0] + "\n" + first[1][:40], encoding="utf-8")  # and a cut-short line
    assert cli.main(["extract", str(inp), "-o", str(out)]) == 3
    assert _lines(out) == first


def test_a_cut_short_last_line_is_dropped_on_resume(tmp_path):
    from newsgraph import cli
    from newsgraph.journal import Journal

    inp = tmp_path / "feed.jsonl"
    inp.write_text("\n".join(_records(8)) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert cli.main(["extract", str(inp), "-o", str(out)]) == 3
    whole, rejects = _lines(out), _lines(tmp_path / "out.rejects.jsonl")
    # what a kill after three results, in the middle of writing the fourth, leaves behind
    from newsgraph.journal import fingerprint
    from newsgraph.settings import load_settings

    run = fingerprint(
        [str(inp)],
        load_settings(env={}),
        str(tmp_path / "out.rejects.jsonl"),
        {"published": "None", "allow_undated": False},
    )
    journal = Journal(str(out), str(tmp_path / "out.rejects.jsonl"), run)
    assert journal.start() == 0
    journal.close()  # the progress file stays, as after a kill
    out.write_text("\n".join(whole[:3]) + "\n" + whole[3][: len(whole[3]) // 2], encoding="utf-8")
    assert cli.main(["extract", str(inp), "-o", str(out)]) == 3
    assert _lines(out) == whole and _lines(tmp_path / "out.rejects.jsonl") == rejects

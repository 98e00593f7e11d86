"""journal: the output files of `newsgraph extract -o FILE`, written so that a kill loses
nothing and the same command run again resumes where the last one stopped.

Results arrive in input order; each goes as one whole line to FILE (a DocumentGraph) or to the
rejects file (a Rejected), and is flushed before the next is written, so the lines on disk
are always a prefix of the results, of which only the last line may be cut short by a kill.
While a run is going, `FILE.progress.json` holds what the run is (its inputs with their sizes
and times, the settings that change results, the rejects path); a finished run removes it.

When a run starts and finds a progress file for the same inputs and settings, it resumes: it
cuts both files back to their last whole line, counts their lines (the records already done),
skips that many records of the input and appends the rest. The result is the same as a run
that was never interrupted: the same lines, in the same order, none twice. Any other start
(no progress file, or one for other inputs) writes both files afresh.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import asdict
from pathlib import Path
from typing import IO, Any

from newsgraph import __version__
from newsgraph.settings import Settings

PROGRESS_SUFFIX = ".progress.json"
# The settings that change which records are extracted or rejected; the others (workers,
# batches, memory zones) give the same output whatever their values (tests/test_runner.py),
# so a run killed with --workers 1 may be resumed with --workers 4.
RESULT_SETTINGS = ("max_article_chars", "max_sentence_tokens", "time_limit")
_CHUNK = 1 << 20


def fingerprint(
    inputs: list[str], settings: Settings, rejects: str, options: dict[str, Any]
) -> dict[str, Any] | None:
    """What a run is, to tell whether a progress file is this run's; None when the input
    cannot be read twice (stdin)."""
    if "-" in inputs:
        return None
    files = []
    for name in inputs:
        path = Path(name)
        found = [path] if not path.is_dir() else sorted(Path(r) / f for r, _, fs in os.walk(path) for f in fs)
        for file in found:
            try:
                stat = file.stat()
                files.append([str(file.resolve()), stat.st_size, stat.st_mtime_ns])
            except OSError:
                files.append([str(file), None, None])
    chosen = {k: v for k, v in asdict(settings).items() if k in RESULT_SETTINGS}
    return {
        "newsgraph": __version__,
        "inputs": files,
        "settings": chosen,
        "rejects": str(Path(rejects).resolve()),
        "options": options,
    }


class Journal:
    """The output and rejects files of one run (see the module docstring); output "-" is
    stdout, which is neither resumed nor cut."""

    def __init__(self, output: str, rejects: str, run: dict[str, Any] | None) -> None:
        self.to_stdout = output == "-"
        run = None if self.to_stdout else run
        self.output = Path(output)
        self.rejects = Path(rejects)
        self.progress = Path(output + PROGRESS_SUFFIX)
        self.run = run
        self.extracted = 0
        self.rejected = 0
        self.resumed = 0
        self._out: IO[str] | None = None
        self._bad: IO[str] | None = None

    def start(self) -> int:
        """Open the files; the number of input records already done (0 for a fresh start)."""
        if self.to_stdout:
            self.rejects.unlink(missing_ok=True)
            self._out = sys.stdout
            return 0
        self.output.parent.mkdir(parents=True, exist_ok=True)
        if self.run is not None and self._same_run():
            self.extracted = _cut_to_whole_lines(self.output)
            self.rejected = _cut_to_whole_lines(self.rejects)
            self.resumed = self.extracted + self.rejected
            self._out = open(self.output, "a", encoding="utf-8")  # noqa: SIM115 (closed by finish)
            return self.resumed
        self.rejects.unlink(missing_ok=True)  # a stale file from another run would mislead
        if self.run is not None:
            _write_atomically(self.progress, json.dumps({"run": self.run}, indent=1))
        self._out = open(self.output, "w", encoding="utf-8")  # noqa: SIM115 (closed by finish)
        return 0

    def _same_run(self) -> bool:
        try:
            found = json.loads(self.progress.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False
        return isinstance(found, dict) and found.get("run") == self.run and self.output.exists()

    def write(self, record: dict[str, Any], rejected: bool) -> None:
        """One result as one whole JSON line, flushed."""
        if rejected:
            if self._bad is None:
                self._bad = open(self.rejects, "a", encoding="utf-8")  # noqa: SIM115 (closed by finish)
            fh = self._bad
            self.rejected += 1
        else:
            assert self._out is not None, "start() first"
            fh = self._out
            self.extracted += 1
        try:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        except UnicodeEncodeError:
            # a string that is not UTF-8 encodable (a lone surrogate: ingest rejects those, but
            # a rejected record keeps its raw line): \u escapes are valid JSON for it. The text
            # layer encodes the whole line before writing any of it, so nothing half is written.
            fh.write(json.dumps(record, ensure_ascii=True) + "\n")
        fh.flush()

    def close(self) -> None:
        for fh in (self._out, self._bad):
            if fh is not None and fh is not sys.stdout:
                fh.close()

    def finish(self) -> None:
        """The run is complete: close the files and remove the progress file."""
        self.close()
        self.progress.unlink(missing_ok=True)


def _cut_to_whole_lines(path: Path) -> int:
    """Cut a file after its last newline (a kill may have cut the last line short); the number
    of lines left. A missing file has none."""
    try:
        fh = open(path, "r+b")  # noqa: SIM115 (closed below)
    except FileNotFoundError:
        return 0
    with fh:
        end = fh.seek(0, os.SEEK_END)
        keep = 0
        pos = end
        while pos > 0:
            step = min(_CHUNK, pos)
            fh.seek(pos - step)
            block = fh.read(step)
            newline = block.rfind(b"\n")
            if newline >= 0:
                keep = pos - step + newline + 1
                break
            pos -= step
        fh.truncate(keep)
        fh.seek(0)
        return sum(block.count(b"\n") for block in iter(lambda: fh.read(_CHUNK), b""))


def _write_atomically(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)

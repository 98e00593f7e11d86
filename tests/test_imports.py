"""The package's imports form no cycle, and stages do not import each other (ARCHITECTURE.md).

Read from the source with `ast`, function-level imports included: an import inside a function
still makes one module depend on another, it only hides the cycle from the interpreter.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "newsgraph"
# The stages of pipeline.py, each a module or a subpackage.
STAGES = ("ingest", "clean", "entities", "agents", "coref", "roles", "temporal", "events", "quotes")
# The one stage-to-stage import ARCHITECTURE.md allows: events dates an event by the time
# expression that governs its clause, which the time stage owns.
ALLOWED_STAGE_IMPORTS = {("events", "temporal")}


def module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path) -> set[str]:
    """Every newsgraph module the file imports, at any depth of the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    is_package = path.name == "__init__.py"
    here = module_name(path)
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name.startswith("newsgraph")}
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative import
                base = here.split(".")
                base = base if is_package else base[:-1]
                base = base[: len(base) - node.level + 1]
                mod = ".".join([*base, node.module] if node.module else base)
            else:
                mod = node.module or ""
            if mod.startswith("newsgraph"):
                out.add(mod)
                # "from newsgraph.nlp import components": components may be a submodule
                out |= {f"{mod}.{a.name}" for a in node.names}
    return out


def import_graph() -> nx.DiGraph:
    files = [p for p in PACKAGE.rglob("*.py") if "data" not in p.relative_to(PACKAGE).parts]
    modules = {module_name(p): p for p in files}
    graph = nx.DiGraph()
    graph.add_nodes_from(modules)
    for name, path in modules.items():
        for target in imports_of(path):
            if target in modules and target != name and not name.startswith(target + "."):
                # a submodule importing its own package's __init__ is how packages work, not a cycle
                graph.add_edge(name, target)
    return graph


def stage_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in STAGES else None


def test_the_graph_sees_the_package():
    graph = import_graph()
    assert {"newsgraph.pipeline", "newsgraph.entities", "newsgraph.nlp"} <= set(graph)
    assert graph.has_edge("newsgraph.pipeline", "newsgraph.entities")


def test_no_import_cycle():
    cycles = list(nx.simple_cycles(import_graph()))
    assert cycles == [], f"import cycles: {cycles}"


def test_a_cycle_would_be_found():
    graph = import_graph()
    graph.add_edge("newsgraph.nlp", "newsgraph.entities")  # the cycle broken this session
    assert list(nx.simple_cycles(graph))


@pytest.mark.parametrize("stage", STAGES)
def test_stages_do_not_import_each_other(stage):
    graph = import_graph()
    crossings = {
        (stage_of(a), stage_of(b))
        for a, b in graph.edges
        if stage_of(a) == stage and stage_of(b) not in (None, stage)
    }
    assert crossings <= ALLOWED_STAGE_IMPORTS, f"{stage} imports other stages: {crossings}"


def test_only_spark_imports_pyspark():
    for path in PACKAGE.rglob("*.py"):
        if "spark" in path.relative_to(PACKAGE).parts:
            continue
        assert "pyspark" not in path.read_text(encoding="utf-8"), f"{path} mentions pyspark"

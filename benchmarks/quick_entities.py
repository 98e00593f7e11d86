"""Give an unresolved store one entity per name group, in SQL, for latency benchmarks only.

    python benchmarks/quick_entities.py STORE

`newsgraph resolve` is the real thing (judgements, clusters, spelling variants joined); on a
100k-article store it takes longer than a benchmark session has on a loaded 2-core machine.
The web benchmark needs tables of realistic size, not resolution quality: every name group
(type class + folded name, what resolution starts from) becomes one entity, its names and
their search keys computed as resolution computes them (store/resolution.name_keys). The
entity pages then read as many rows as after resolution, or slightly fewer per entity (variants
stay apart). Never use this on a store anyone reads.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pyarrow as pa  # noqa: E402

from newsgraph.resolve.names import norm_name  # noqa: E402
from newsgraph.store import db, facts  # noqa: E402
from newsgraph.store.resolution import name_keys  # noqa: E402


def quick_entities(path: Path) -> None:
    t = time.perf_counter()
    with db.connect(path, write=True) as con, db.transaction(con, str(path)):
        con.execute(
            "CREATE TEMP TABLE g AS SELECT group_key, 'E' || substr(md5(group_key), 1, 12) AS entity_id "
            "FROM (SELECT DISTINCT group_key FROM doc_entities)"
        )
        con.execute("DELETE FROM entity_groups")
        con.execute("INSERT INTO entity_groups SELECT group_key, entity_id FROM g")
        con.execute(
            "UPDATE doc_entities SET entity_id = g.entity_id FROM g "
            "WHERE doc_entities.group_key = g.group_key"
        )
        con.execute("DELETE FROM entities")
        con.execute(
            """
            INSERT INTO entities
            SELECT x.entity_id, mode(x.name), mode(x.type), NULL, NULL, NULL, 1, count(DISTINCT x.doc_id),
                   sum(x.n_mentions), min(d.published), max(d.published), FALSE
            FROM doc_entities x JOIN documents d USING (doc_id) GROUP BY x.entity_id
            """
        )
        names = con.execute(
            "SELECT entity_id, name, count(DISTINCT doc_id) FROM doc_entities GROUP BY entity_id, name"
        ).fetchall()
        cols: dict[str, list] = {
            c: [] for c in ("entity_id", "name", "norm", "kind", "script", "nk", "sk", "n")
        }
        for eid, name, n in names:
            key, surname = name_keys(name)
            for c, v in zip(
                cols, (eid, name, norm_name(name), "name", "Latin", key, surname, n), strict=True
            ):
                cols[c].append(v)
        rows = pa.table(cols)
        con.execute("DELETE FROM entity_names")
        con.register("quick_names", rows)
        con.execute("INSERT INTO entity_names SELECT * FROM quick_names")
        con.execute("DELETE FROM resolution_dirty")
        # what the end of a resolution does: the query lookup tables and the graph's edges
        t_facts = time.perf_counter()
        facts.refresh(con)
        t_edges = time.perf_counter()
        facts.refresh_edges(con)
        t_end = time.perf_counter()
    print(
        f"{path}: {rows.num_rows:,} names of quick entities in {t_facts - t:.0f} s; "
        f"lookup tables {t_edges - t_facts:.1f} s, edges {t_end - t_edges:.1f} s"
    )


if __name__ == "__main__":
    quick_entities(Path(sys.argv[1]))

"""Splink 5 and nomenklatura on the labelled resolution set, beside newsgraph's resolver.

    PYTHONPATH=/path/with/splink-and-nomenklatura python -m eval.resolution.libraries

Neither library is a newsgraph dependency (README, "Cross-document resolution", says why), so
this evaluation runs where they are installed apart (`pip install --target DIR splink==5.0.0
nomenklatura`). Each gets the same records as newsgraph's resolver:
- Splink: a Fellegi-Sunter model on the DuckDB backend, `Linker(db_api.register(table),
  settings)`: blocking on the metaphone of the surname and on the first name; comparisons of
  surname and first name (NameComparison: exact, Jaro-Winkler, ...), type, country and the
  co-mentioned names (array intersection); u by random sampling, m by EM on the surname block;
  clusters at match probability 0.5 (0.9, Splink's usual, finds even fewer pairs).
- nomenklatura: its `logic-v2` matcher (the one OpenSanctions uses) on FtM entities (name,
  country), every pair sharing a surname metaphone, merged at a score >= 0.7, clusters as
  connected components.
"""

from __future__ import annotations

import itertools

import networkx as nx
import pyarrow as pa
from rigour.text.phonetics import metaphone

from eval.resolution import Record, hashemis_apart, load_records, newsgraph_entities, pairwise
from newsgraph.resolve.names import norm_name

SPLINK_THRESHOLD = 0.5
NOMENKLATURA_THRESHOLD = 0.7


def _parts(r: Record) -> tuple[str, str]:
    words = norm_name(r.unit.name).split() or [""]
    return (words[0] if len(words) > 1 else "", words[-1])


def _components(records: list[Record], edges: list[tuple[str, str]]) -> dict[str, str]:
    g = nx.Graph()
    g.add_nodes_from(r.unit.key for r in records)
    g.add_edges_from(edges)
    out = {}
    for i, comp in enumerate(nx.connected_components(g)):
        for k in comp:
            out[k] = f"c{i}"
    return out


def splink_entities(records: list[Record]) -> dict[str, str]:
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    rows = []
    for r in records:
        first, last = _parts(r)
        rows.append(
            {
                "unique_id": r.unit.key,
                "first_name": first or None,
                "surname": last or None,
                "surname_mp": metaphone(last) if last else None,
                "type": r.unit.type,
                "country": r.unit.country,
                "co": sorted({norm_name(n) for n, _ in r.unit.co_mentions}),
            }
        )
    db_api = DuckDBAPI()
    settings = SettingsCreator(
        link_type="dedupe_only",
        blocking_rules_to_generate_predictions=[block_on("surname_mp"), block_on("first_name")],
        comparisons=[
            cl.NameComparison("surname"),
            cl.NameComparison("first_name"),
            cl.ExactMatch("type"),
            cl.ExactMatch("country"),
            cl.ArrayIntersectAtSizes("co", [2, 1]),
        ],
    )
    linker = Linker(db_api.register(pa.Table.from_pylist(rows)), settings)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e5)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("surname_mp"))
    pairs = linker.inference.predict(threshold_match_probability=SPLINK_THRESHOLD)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(pairs, SPLINK_THRESHOLD)
    rel = clusters.as_duckdbpyrelation()
    out = {}
    for row in rel.fetchall():
        d = dict(zip(rel.columns, row, strict=True))
        out[d["unique_id"]] = str(d["cluster_id"])
    return out


def nomenklatura_entities(records: list[Record]) -> dict[str, str]:
    from followthemoney import model
    from nomenklatura.matching import get_algorithm

    algorithm = get_algorithm("logic-v2")
    config = algorithm.default_config() if hasattr(algorithm, "default_config") else None
    proxies = {}
    for r in records:
        schema = {"PERSON": "Person", "ORG": "Organization"}.get(r.unit.type, "LegalEntity")
        p = model.make_entity(schema)
        p.id = r.unit.key.replace("#", "-")
        p.add("name", r.unit.name)
        if r.unit.country:
            p.add("country", r.unit.country[:2].lower())
        proxies[r.unit.key] = p
    by_key: dict[str, list[Record]] = {}
    for r in records:
        by_key.setdefault(metaphone(_parts(r)[1] or r.unit.name), []).append(r)
    edges = []
    for group in by_key.values():
        for a, b in itertools.combinations(group, 2):
            result = algorithm.compare(proxies[a.unit.key], proxies[b.unit.key], config)
            if result.score >= NOMENKLATURA_THRESHOLD:
                edges.append((a.unit.key, b.unit.key))
    return _components(records, edges)


def main() -> None:
    records = load_records()
    print(f"{len(records)} records\n")
    print("| resolver | precision | recall | F1 | al-Hashemis apart |")
    print("|---|---:|---:|---:|---|")
    for name, fn in (
        ("newsgraph (skeleton blocking, name + context scoring)", newsgraph_entities),
        (f"Splink 5.0 (DuckDB, Fellegi-Sunter, EM, p >= {SPLINK_THRESHOLD})", splink_entities),
        ("nomenklatura 4.17 logic-v2", nomenklatura_entities),
    ):
        entity_of = fn(records)
        s = pairwise(records, entity_of)
        apart = hashemis_apart(records, entity_of)
        print(f"| {name} | {s.precision:.3f} | {s.recall:.3f} | {s.f1:.3f} | {apart} |")


if __name__ == "__main__":
    main()

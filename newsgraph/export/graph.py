"""Store exports as a network: GraphML and GEXF (Gephi opens both), written with networkx.

Nodes are entities (label, type, documents, first and last seen); edges are co-mentions
(undirected in meaning, written source < target, weight = documents naming both) and events
(actor -> target, one edge per PLOVER type, weight = events). One MultiDiGraph holds both
kinds, told apart by the `kind` attribute.
"""

from __future__ import annotations

import duckdb
import networkx as nx

from newsgraph.store.queries import network

# Edges per kind in an export: the strongest first. A 100k-article store has millions of
# co-mention pairs, most seen once; 200k edges is what Gephi lays out on a laptop.
MAX_EDGES = 200_000


def build_graph(con: duckdb.DuckDBPyConnection, min_weight: int = 1) -> nx.MultiDiGraph:
    data = network(con, min_weight=min_weight, limit=MAX_EDGES)
    g = nx.MultiDiGraph()
    for n in data["nodes"]:
        g.add_node(
            n["id"],
            label=n["name"],
            type=n["type"],
            n_docs=int(n["n_docs"]),
            first_seen=n["first_seen"] or "",
            last_seen=n["last_seen"] or "",
        )
    for e in data["edges"]:
        g.add_edge(
            e["source"],
            e["target"],
            kind=e["kind"],
            event_type=e["event_type"] or "",
            weight=float(e["weight"]),
        )
    return g


def write_graph(con: duckdb.DuckDBPyConnection, path: str, fmt: str) -> int:
    g = build_graph(con)
    if fmt == "graphml":
        nx.write_graphml(g, path, encoding="utf-8")
    elif fmt == "gexf":
        nx.write_gexf(g, path, encoding="utf-8")
    else:
        raise ValueError(f"not a graph format: {fmt}")
    return g.number_of_nodes() + g.number_of_edges()

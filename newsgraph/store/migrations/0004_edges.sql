-- schema v3 -> v4: entity_edges and event_edges, the graph's co-mention and event edges per
-- entity pair (store/facts.refresh_edges). They start empty and without their stamp: queries
-- compute the edges from the fact tables, with the same answers, until the next resolve
-- (`newsgraph resolve --db PATH`, or the next ingest) builds them.

-- lookup tables (v4): the graph's edges per entity pair, rebuilt by every resolution that
-- changed an entity (store/facts.refresh_edges), stored ordered by entity_id
CREATE TABLE IF NOT EXISTS entity_edges (
    entity_id VARCHAR NOT NULL,        -- both directions: (a, b) and (b, a)
    other_id VARCHAR NOT NULL,
    other_name VARCHAR,
    other_type VARCHAR,
    suppressed BOOLEAN NOT NULL,       -- entity_id is suppressed
    other_suppressed BOOLEAN NOT NULL,
    n_docs INTEGER NOT NULL,           -- documents naming both
    example_doc_id VARCHAR NOT NULL    -- the first of them by doc_id
);

CREATE TABLE IF NOT EXISTS event_edges (
    source_id VARCHAR NOT NULL,        -- an asserted event's actor ...
    target_id VARCHAR NOT NULL,        -- ... and its target
    type VARCHAR NOT NULL,             -- PLOVER type
    n_events INTEGER NOT NULL,
    n_rows INTEGER NOT NULL            -- actor/target argument pairs
);


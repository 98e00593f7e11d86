-- schema v1 -> v2: the lookup tables of store/facts.py and indexes for point lookups by document.
-- The tables start empty: queries read the fact tables until the next resolve fills them
-- (`newsgraph resolve --db PATH`, or the next ingest).

-- lookup tables (v2): copies of the fact tables' keys arranged for the queries (store/facts.py
-- fills them for new and changed documents at the end of every resolution; queries use them
-- only while fact_docs lists exactly the stored documents, else they read the fact tables)

CREATE TABLE IF NOT EXISTS fact_docs (
    doc_id VARCHAR NOT NULL,           -- a document the lookup tables hold, in this version
    content_hash VARCHAR NOT NULL
);

-- every event argument and quote of a name group: an entity's events and quotes are an index
-- lookup on its groups (entity_groups), not a join of event_args/quotes to doc_entities
CREATE TABLE IF NOT EXISTS group_facts (
    group_key VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,             -- actor | target | location | claimant | speaker | about
    doc_id VARCHAR NOT NULL,
    item_id VARCHAR NOT NULL,          -- event_id, or quote_id (speaker, about)
    sort_date DATE,                    -- events: coalesce(date_start, published); quotes: published
    end_date DATE,                     -- events: coalesce(date_end, date_start, published)
    type VARCHAR,                      -- events: the PLOVER type
    negated BOOLEAN,
    claimed BOOLEAN,                   -- events: a claimant (entity or description)
    named BOOLEAN,                     -- quotes: a named speaker
    outlet VARCHAR                     -- quotes: the document's source
);

-- named and unnamed quotes of each document (the sources view)
CREATE TABLE IF NOT EXISTS doc_quote_counts (
    doc_id VARCHAR NOT NULL,
    n_quotes INTEGER NOT NULL,
    named INTEGER NOT NULL,
    unnamed INTEGER NOT NULL
);

-- v2: point lookups of one document's rows (a page of events or quotes fetches its sentences,
-- documents and arguments by doc_id) and of a group's facts
CREATE INDEX IF NOT EXISTS group_facts_group ON group_facts (group_key);
CREATE INDEX IF NOT EXISTS sentences_doc ON sentences (doc_id);
CREATE INDEX IF NOT EXISTS events_doc ON events (doc_id);
CREATE INDEX IF NOT EXISTS event_args_doc ON event_args (doc_id);
CREATE INDEX IF NOT EXISTS quotes_doc ON quotes (doc_id);
CREATE INDEX IF NOT EXISTS mentions_doc ON mentions (doc_id);
CREATE INDEX IF NOT EXISTS doc_entities_doc ON doc_entities (doc_id);
CREATE INDEX IF NOT EXISTS roles_doc ON roles (doc_id);

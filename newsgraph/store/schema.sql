-- newsgraph store, schema_version: 5
--
-- The only DDL of a fresh store (store/db.py runs it; store/migrations/NNNN_*.sql bring an older
-- store up to this version). Conventions:
-- * every fact row carries doc_id and the offsets of its evidence (ev_start, ev_end) into
--   documents.text, the ORIGINAL input text; sent_no points into sentences;
-- * ids local to a document (entity e1, event v1, quote q1) are joined on (doc_id, local id);
--   entity_id is the cross-document entity, derived by resolution (NULL until resolved);
-- * `record` keeps the item's whole JSON from the extractor, so fields added to the extractor's
--   output are stored before a column exists for them; the nullable typed columns beside it
--   are the ones queries filter on.

CREATE TABLE IF NOT EXISTS newsgraph_meta (
    key VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    description VARCHAR NOT NULL,
    applied_at TIMESTAMP NOT NULL,
    newsgraph_version VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS ingest_runs (
    run_id VARCHAR PRIMARY KEY,
    started_at TIMESTAMP NOT NULL,
    finished_at TIMESTAMP,
    inputs VARCHAR,
    newsgraph_version VARCHAR NOT NULL,
    n_new INTEGER DEFAULT 0,
    n_replaced INTEGER DEFAULT 0,
    n_duplicate INTEGER DEFAULT 0,
    n_rejected INTEGER DEFAULT 0,
    status VARCHAR NOT NULL            -- running | done | failed (a killed run stays running)
);

-- one row per article; content_hash = sha256 of the input record's text, date, title, source, url
CREATE TABLE IF NOT EXISTS documents (
    doc_id VARCHAR PRIMARY KEY,
    content_hash VARCHAR NOT NULL UNIQUE,
    published DATE,
    title VARCHAR,
    source VARCHAR,                    -- the outlet
    url VARCHAR,
    language VARCHAR,
    authors VARCHAR[],
    dateline VARCHAR,
    wire_sources VARCHAR[],
    text VARCHAR,                      -- the original input text (NULL if the input kept none)
    clean_text VARCHAR,
    removed JSON,                      -- [{start, end, reason, text}]: clutter left out of the story
    n_entities INTEGER,
    n_events INTEGER,
    n_quotes INTEGER,
    record JSON NOT NULL,              -- the `document` object of the extractor's output
    extractor_version VARCHAR,
    run_id VARCHAR,
    ingested_at TIMESTAMP
);

CREATE TABLE IF NOT EXISTS sentences (
    doc_id VARCHAR NOT NULL,
    sent_no INTEGER NOT NULL,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    text VARCHAR NOT NULL
);

-- the entities of one document (the extractor's `entities`)
CREATE TABLE IF NOT EXISTS doc_entities (
    doc_id VARCHAR NOT NULL,
    local_id VARCHAR NOT NULL,
    type VARCHAR NOT NULL,             -- PERSON ORG GPE LOC FAC NORP
    name VARCHAR NOT NULL,
    kind VARCHAR,                      -- e.g. agent (a generic actor: "police")
    sector VARCHAR,                    -- COP MIL GOV REB CVL ...
    country VARCHAR,                   -- ISO 3166 alpha-3
    alias_names VARCHAR[],
    alias_kinds VARCHAR[],             -- name, surname, transliteration, acronym, script ...
    n_mentions INTEGER,
    first_char INTEGER,
    group_key VARCHAR NOT NULL,        -- resolution's name group: type class | folded name
    entity_id VARCHAR,                 -- the cross-document entity (resolution)
    record JSON NOT NULL
);

CREATE TABLE IF NOT EXISTS mentions (
    doc_id VARCHAR NOT NULL,
    local_id VARCHAR NOT NULL,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    text VARCHAR NOT NULL,
    label VARCHAR,
    sent_no INTEGER
);

CREATE TABLE IF NOT EXISTS roles (
    doc_id VARCHAR NOT NULL,
    local_id VARCHAR NOT NULL,         -- the person
    role_no INTEGER NOT NULL,
    title VARCHAR NOT NULL,
    org_local_id VARCHAR,              -- the organisation, when it is an entity of the document
    organization VARCHAR,              -- its name
    qualifier VARCHAR,                 -- former | acting | late | then ...
    current BOOLEAN,
    observed DATE,                     -- the document's date: the role held then (or before, if former)
    valid_from DATE,
    valid_to DATE,
    ev_start INTEGER,
    ev_end INTEGER,
    sent_no INTEGER
);

CREATE TABLE IF NOT EXISTS events (
    doc_id VARCHAR NOT NULL,
    event_id VARCHAR NOT NULL,
    type VARCHAR NOT NULL,             -- PLOVER
    mode VARCHAR,
    date_start DATE,
    date_end DATE,
    negated BOOLEAN NOT NULL,
    modality VARCHAR,
    trigger VARCHAR,
    actor_text VARCHAR,
    target_text VARCHAR,
    claimed_by_local_id VARCHAR,       -- an entity of the document that claimed it
    claimed_by_text VARCHAR,           -- or the description of an unnamed claimant
    killed INTEGER,
    wounded INTEGER,
    arrested INTEGER,
    displaced INTEGER,
    missing INTEGER,
    ev_start INTEGER,
    ev_end INTEGER,
    sent_no INTEGER,
    evidence JSON,                     -- every evidence span [{start, end, text}]
    record JSON NOT NULL
);

CREATE TABLE IF NOT EXISTS event_args (
    doc_id VARCHAR NOT NULL,
    event_id VARCHAR NOT NULL,
    role VARCHAR NOT NULL,             -- actor | target | location | claimant
    local_id VARCHAR NOT NULL,
    position INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS quotes (
    doc_id VARCHAR NOT NULL,
    quote_id VARCHAR NOT NULL,
    speaker_local_id VARCHAR,          -- NULL: an unnamed source (speaker_text describes it)
    speaker_text VARCHAR,
    speaker_kind VARCHAR,
    kind VARCHAR,                      -- direct | partial | indirect | belief | evidence
    direct BOOLEAN,
    named BOOLEAN NOT NULL,            -- the speaker is a named entity
    text VARCHAR NOT NULL,
    start_char INTEGER,
    end_char INTEGER,
    verb VARCHAR,
    anonymity_reason VARCHAR,
    ev_start INTEGER,
    ev_end INTEGER,
    sent_no INTEGER,
    record JSON NOT NULL
);

CREATE TABLE IF NOT EXISTS times (
    doc_id VARCHAR NOT NULL,
    time_no INTEGER NOT NULL,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    text VARCHAR NOT NULL,
    value_start DATE,
    value_end DATE,
    granularity VARCHAR,
    rule VARCHAR
);

CREATE TABLE IF NOT EXISTS rejects (
    reject_id VARCHAR PRIMARY KEY,     -- sha256 of record + raw: a re-run does not repeat a reject
    record VARCHAR NOT NULL,           -- FILE:LINE (id X)
    reason VARCHAR NOT NULL,
    raw VARCHAR,
    run_id VARCHAR,
    rejected_at TIMESTAMP
);

-- resolution: name groups, their block keys, judgements, and the entities derived from them

CREATE TABLE IF NOT EXISTS name_groups (
    group_key VARCHAR PRIMARY KEY,
    type_class VARCHAR NOT NULL,
    name VARCHAR NOT NULL,
    n_units INTEGER NOT NULL,
    data JSON NOT NULL                 -- the pooled context (resolve/units.py group_to_dict)
);

CREATE TABLE IF NOT EXISTS group_blocks (
    group_key VARCHAR NOT NULL,
    block_key VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS resolution_dirty (
    group_key VARCHAR PRIMARY KEY      -- groups whose units changed since the last resolve
);

CREATE TABLE IF NOT EXISTS judgements (
    judgement_id VARCHAR PRIMARY KEY,
    left_key VARCHAR NOT NULL,         -- group keys, left_key <= right_key
    right_key VARCHAR NOT NULL,
    verdict VARCHAR NOT NULL,          -- same | different | unsure | suppress
    source VARCHAR NOT NULL,           -- system | analyst
    score DOUBLE,
    reasons JSON,                      -- the features and their points
    author VARCHAR,                    -- the resolver version, or the analyst
    created_at TIMESTAMP,
    note VARCHAR,
    retracted_at TIMESTAMP,            -- analyst judgements are retracted, never deleted
    retracted_by VARCHAR
);

CREATE TABLE IF NOT EXISTS entity_groups (
    group_key VARCHAR PRIMARY KEY,
    entity_id VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS entities (
    entity_id VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,             -- the most frequent name
    type VARCHAR NOT NULL,             -- the most frequent type
    kind VARCHAR,
    sector VARCHAR,
    country VARCHAR,
    n_groups INTEGER NOT NULL,
    n_docs INTEGER NOT NULL,
    n_mentions INTEGER NOT NULL,
    first_seen DATE,
    last_seen DATE,
    suppressed BOOLEAN NOT NULL DEFAULT FALSE
);

CREATE TABLE IF NOT EXISTS entity_names (
    entity_id VARCHAR NOT NULL,
    name VARCHAR NOT NULL,
    norm VARCHAR NOT NULL,             -- folded (names.norm_name)
    kind VARCHAR NOT NULL,             -- name | alias kinds of the extractor | script
    script VARCHAR NOT NULL,           -- Latin | Arabic | Persian | Cyrillic ...
    name_key VARCHAR,                  -- skeleton of all words ("SML KN")
    surname_key VARCHAR,               -- skeleton of the surname ("KN")
    n_docs INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS entity_redirects (
    old_id VARCHAR PRIMARY KEY,
    new_id VARCHAR NOT NULL,
    redirected_at TIMESTAMP NOT NULL
);

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
    kind VARCHAR NOT NULL,             -- actor | target | location | claimant | speaker | about | role
    doc_id VARCHAR NOT NULL,
    item_id VARCHAR NOT NULL,          -- event_id; quote_id (speaker, about); local_id U+001F role_no (role)
    sort_date DATE,                    -- events: coalesce(date_start, published); quotes: published;
                                       -- roles: observed
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

-- lookup tables (v3): each event and quote as the one JSON value a page shows of it (its
-- columns, evidence text, sentence, document, and its arguments or speaker by name group):
-- a page of 50 events is one index lookup of 50 rows of two columns, not five lookups of
-- every row of 50 documents (an index lookup costs per row and per column it reads)
CREATE TABLE IF NOT EXISTS fact_cards (
    card_key VARCHAR NOT NULL,         -- kind, doc_id, item_id joined by U+001F (facts.card_key)
    doc_id VARCHAR NOT NULL,
    card VARCHAR NOT NULL              -- JSON: the row of queries.event_rows / quote_rows; a role (v5)
);

-- lookup tables (v6): the first page of each fact kind of a busy name group (more than
-- facts.BUSY_FACTS rows in group_facts), cards included, and all its roles: a busy entity's
-- profile is one lookup of a few hundred rows instead of a window over its 10-30k facts and
-- a lookup of each card (store/facts.py, "pages")
CREATE TABLE IF NOT EXISTS group_pages (
    group_key VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,             -- as group_facts.kind
    rank INTEGER NOT NULL,             -- 1.. in the group's order (sort_date NULLS LAST, doc_id, item_id)
    doc_id VARCHAR NOT NULL,
    item_id VARCHAR NOT NULL,
    sort_date DATE,
    card VARCHAR                       -- its fact_cards.card
);

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

CREATE INDEX IF NOT EXISTS doc_entities_entity ON doc_entities (entity_id);
CREATE INDEX IF NOT EXISTS doc_entities_group ON doc_entities (group_key);
CREATE INDEX IF NOT EXISTS entity_names_norm ON entity_names (norm);
CREATE INDEX IF NOT EXISTS entity_names_surname ON entity_names (surname_key);
CREATE INDEX IF NOT EXISTS entity_names_entity ON entity_names (entity_id);
CREATE INDEX IF NOT EXISTS group_blocks_block ON group_blocks (block_key);
CREATE INDEX IF NOT EXISTS group_blocks_group ON group_blocks (group_key);
-- v2: point lookups of one document's rows (a page of events or quotes fetches its sentences,
-- documents and arguments by doc_id); a group's facts are found by zone maps (no index since
-- v6: group_facts is kept in group order, store/facts.py)
CREATE INDEX IF NOT EXISTS fact_cards_key ON fact_cards (card_key);
CREATE INDEX IF NOT EXISTS sentences_doc ON sentences (doc_id);
CREATE INDEX IF NOT EXISTS events_doc ON events (doc_id);
CREATE INDEX IF NOT EXISTS event_args_doc ON event_args (doc_id);
CREATE INDEX IF NOT EXISTS quotes_doc ON quotes (doc_id);
CREATE INDEX IF NOT EXISTS mentions_doc ON mentions (doc_id);
CREATE INDEX IF NOT EXISTS doc_entities_doc ON doc_entities (doc_id);
CREATE INDEX IF NOT EXISTS roles_doc ON roles (doc_id);
-- v6: a busy group's first pages; an entity's groups; the judgements of a group
CREATE INDEX IF NOT EXISTS group_pages_group ON group_pages (group_key);
CREATE INDEX IF NOT EXISTS entity_groups_entity ON entity_groups (entity_id);
CREATE INDEX IF NOT EXISTS judgements_left ON judgements (left_key);
CREATE INDEX IF NOT EXISTS judgements_right ON judgements (right_key);

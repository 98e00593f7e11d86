-- schema v2 -> v3: fact_cards, the display rows of every event and quote (store/facts.py).
-- The lookup tables are emptied and their stamp dropped, so the next resolve rebuilds all of
-- them together (`newsgraph resolve --db PATH`, or the next ingest); until then queries read
-- the fact tables, with the same answers.

-- lookup tables (v3): each event and quote as the one JSON value a page shows of it (its
-- columns, evidence text, sentence, document, and its arguments or speaker by name group):
-- a page of 50 events is one index lookup of 50 rows of two columns, not five lookups of
-- every row of 50 documents (an index lookup costs per row and per column it reads)
CREATE TABLE IF NOT EXISTS fact_cards (
    card_key VARCHAR NOT NULL,         -- kind, doc_id, item_id joined by U+001F (facts.card_key)
    doc_id VARCHAR NOT NULL,
    card VARCHAR NOT NULL              -- JSON: the row of queries.event_rows / quote_rows
);

DELETE FROM group_facts;
DELETE FROM doc_quote_counts;
DELETE FROM fact_docs;
DELETE FROM newsgraph_meta WHERE key = 'facts_stamp';

CREATE INDEX IF NOT EXISTS fact_cards_key ON fact_cards (card_key);

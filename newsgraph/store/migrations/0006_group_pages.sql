-- schema v5 -> v6: `group_pages`, the first page of each fact kind of a busy name group with
-- its cards, and all its roles (store/facts.py, "pages"); indexes on entity_groups.entity_id and
-- on the judgements' group keys (a profile looks up its entity's groups and their judgements);
-- the index on group_facts.group_key goes (zone maps find a group's rows faster, facts.py).
-- The lookup tables are emptied and their stamp dropped, as in v5, so the next resolve
-- (`newsgraph resolve --db PATH`, or the next ingest) rebuilds them and the pages together;
-- until then queries read the fact tables, with the same answers. The edges stay.

CREATE TABLE IF NOT EXISTS group_pages (
    group_key VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    rank INTEGER NOT NULL,
    doc_id VARCHAR NOT NULL,
    item_id VARCHAR NOT NULL,
    sort_date DATE,
    card VARCHAR
);
CREATE INDEX IF NOT EXISTS group_pages_group ON group_pages (group_key);
CREATE INDEX IF NOT EXISTS entity_groups_entity ON entity_groups (entity_id);
CREATE INDEX IF NOT EXISTS judgements_left ON judgements (left_key);
CREATE INDEX IF NOT EXISTS judgements_right ON judgements (right_key);
DROP INDEX IF EXISTS group_facts_group;

DELETE FROM group_facts;
DELETE FROM doc_quote_counts;
DELETE FROM fact_cards;
DELETE FROM fact_docs;
DELETE FROM newsgraph_meta WHERE key IN ('facts_stamp', 'group_facts_sorted_rows');

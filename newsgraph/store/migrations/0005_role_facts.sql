-- schema v4 -> v5: roles join the lookup tables (store/facts.py): group_facts rows of kind
-- `role` (item: the person's local id and role_no) and a card per role with the columns
-- queries.roles aggregates and its sentence. No table changes shape; the lookup tables are
-- emptied and their stamp dropped, so the next resolve rebuilds all of them together
-- (`newsgraph resolve --db PATH`, or the next ingest); until then queries read the fact
-- tables, with the same answers. The v4 edges are per entity and stay as they are.

DELETE FROM group_facts;
DELETE FROM doc_quote_counts;
DELETE FROM fact_cards;
DELETE FROM fact_docs;
DELETE FROM newsgraph_meta WHERE key IN ('facts_stamp', 'group_facts_sorted_rows');

-- Vigil store, schema version 3: indexes shaped for the search page.
--
-- Search reads current events only, newest (or least confident) first, often
-- narrowed by type or country: partial indexes over current events, ending
-- in the sort key and the id, give the first page without a sort. Queries
-- with words are driven from the full-text index instead (see search.rs).

DROP INDEX events_sort;
DROP INDEX events_kind;
DROP INDEX events_country;
DROP INDEX events_review_queue;

CREATE INDEX events_newest ON events (sort_date, id) WHERE current = 1;
CREATE INDEX events_kind ON events (kind, sort_date, id) WHERE current = 1;
CREATE INDEX events_country ON events (country, sort_date, id) WHERE current = 1;
CREATE INDEX events_review_queue ON events (review, confidence, id) WHERE current = 1;

-- Event rows gain their report's headline and a `facets` column holding
-- type and country as tokens (`tdetention ckg`), so that a query with words
-- and those filters is one intersection inside the full-text index. Only
-- current events are indexed. The rows are rebuilt by the migration's Rust
-- step from each event's current version.
DROP TABLE event_fts;
CREATE VIRTUAL TABLE event_fts USING fts5 (
    fields, evidence, facets,
    content = '', contentless_delete = 1,
    tokenize = 'porter unicode61 remove_diacritics 2'
);

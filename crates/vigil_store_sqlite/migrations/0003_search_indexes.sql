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

-- The checked order each row keeps (to send it again after a login, to ask about it, to report it) is kept deflated:
-- its JSON is 2-4 KB of text for ten lines, in UTF-16 while H2 holds the row in memory, and 0.4-0.6 KB deflated. H2
-- keeps every row it writes in memory until its page is written out and leaves its cache, long enough for the
-- collector to move it to the old generation; under a small heap those texts were nine tenths of what it moved
-- there. Rows written before keep their text in order_json, which is read when order_json_deflated is null.
alter table fapiao_order add column order_json_deflated bytea;

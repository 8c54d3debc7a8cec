-- The orders whose time has come (pending ones to ask about, issued ones whose PDF is still to fetch) are looked for
-- every poll interval by next_poll_at across statuses, which fapiao_order_poll (status first) cannot serve: without
-- this index every look read the whole table, so each look cost more as the day's orders grew.
create index fapiao_order_due on fapiao_order (next_poll_at);

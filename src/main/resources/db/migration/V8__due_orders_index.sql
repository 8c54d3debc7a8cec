-- The orders whose time has come (pending ones to ask about, issued ones whose PDF is still to fetch) are looked for
-- every poll interval by next_poll_at across statuses, which fapiao_order_poll (status first) cannot serve. The
-- index keeps its nulls (orders waiting for nothing, nearly all of them) last: H2 keeps them first by default, and
-- the range "next_poll_at <= now" then started at the first null and read the whole table on every look.
create index fapiao_order_due on fapiao_order (next_poll_at nulls last);

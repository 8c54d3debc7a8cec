-- Two indexes of fapiao_order that no query uses any more, dropped: every write of an order (claimed, answered, its
-- PDF stored; three per order) maintains every index of the table, and H2 rewrites the row in each of them.
-- fapiao_order_poll (status, next_poll_at): the due orders are found through fapiao_order_due (V8).
-- fapiao_order_seller_status (seller_tax_id, status): the seller's held orders are found by pending_action and seller
-- through fapiao_order_waiting (V3).
drop index fapiao_order_poll;
drop index fapiao_order_seller_status;

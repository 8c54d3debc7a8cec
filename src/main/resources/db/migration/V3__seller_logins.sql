-- Sellers' tax-bureau sessions at their vendors: one row per (vendor, seller), shared by every instance.
-- Never a password, an SMS code or a cookie: only the state, why, and the vendor's handles.
create table fapiao_login (
  vendor varchar(20) not null,
  seller_tax_id varchar(20) not null,
  -- LoginState: LOGGED_OUT, SMS_SENT, QR_READY, LOGGED_IN, FAILED
  state varchar(12) not null,
  -- the way the latest login was started: SMS or QR
  login_method varchar(8),
  -- the vendor said the session has ended and no login succeeded since: the seller's orders wait
  session_down boolean default false not null,
  down_since timestamp with time zone,
  message varchar(1000),
  -- the vendor's handles of the latest login (task ids, QR ids, account ids), a JSON object
  handles varchar(4000),
  qr_content varchar(2000),
  started_at timestamp with time zone,
  -- when the vendor last confirmed the session (a login, a status call, an issued invoice)
  confirmed_at timestamp with time zone,
  -- the vendor asked not to be called again before this (SMS too often, quota, too frequent)
  not_before timestamp with time zone,
  -- when the QR scan or the session is asked about next; null when there is nothing to ask
  next_check_at timestamp with time zone,
  -- when a person was last told this seller must log in
  notified_at timestamp with time zone,
  -- one instance at a time talks to the vendor about one session
  lease_owner varchar(64),
  lease_until timestamp with time zone,
  updated_at timestamp with time zone not null,
  primary key (vendor, seller_tax_id));
create index fapiao_login_due on fapiao_login (next_check_at);

-- held orders: LOGIN (sent once logged in), LOGIN_RESUBMIT (the vendor keeps it; sent back to issuing), RESUBMIT
alter table fapiao_order alter column pending_action set data type varchar(20);
create index fapiao_order_waiting on fapiao_order (pending_action, seller_tax_id);

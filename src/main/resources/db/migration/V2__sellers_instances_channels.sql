-- Several sellers, several instances on one database, several channels.
-- Written in SQL that H2 and PostgreSQL both accept.

-- what this ledger serves: sandbox and live never share one
create table fapiao_meta (
  meta_key varchar(50) primary key,
  meta_value varchar(200) not null);

-- timestamps with their time zone, so instances in different zones agree
alter table fapiao_order alter column next_poll_at set data type timestamp with time zone;
alter table fapiao_order alter column created_at set data type timestamp with time zone;
alter table fapiao_order alter column updated_at set data type timestamp with time zone;
alter table fapiao_drop alter column received_at set data type timestamp with time zone;
alter table fapiao_drop alter column finished_at set data type timestamp with time zone;

-- the invoice type in canonical words (was yun2's FPZL code)
alter table fapiao_order alter column invoice_type set data type varchar(20);
update fapiao_order set invoice_type = case invoice_type
  when '021' then 'DIGITAL_NORMAL' when '020' then 'DIGITAL_SPECIAL' when '026' then 'E_NORMAL'
  when '028' then 'E_SPECIAL' when '004' then 'PAPER_SPECIAL' when '007' then 'PAPER_NORMAL'
  else invoice_type end;
alter table fapiao_order alter column owner set data type varchar(64);
alter table fapiao_order alter column pdf_file set data type varchar(300);
-- what a pending order waits for: POLL (ask the vendor), RESEND (nothing reached the vendor: send again),
-- REVIEW (the vendor holds it until the ERP drops it again), LOGIN (the seller must log in again)
alter table fapiao_order add column pending_action varchar(12);
update fapiao_order set pending_action = case when message like '待审核%' then 'REVIEW' else 'POLL' end
  where status = 'PENDING';
-- the vendor's own handle of the order (an async request id, a red-letter form id), when it gave one
alter table fapiao_order add column vendor_ref varchar(200);
-- when the order was last sent: an answer can still be on its way until the vendor's timeout has passed
alter table fapiao_order add column submitted_at timestamp with time zone;
-- an instance working on a pending order holds a lease, so two instances never poll one order at once
alter table fapiao_order add column lease_owner varchar(64);
alter table fapiao_order add column lease_until timestamp with time zone;
create index fapiao_order_seller_status on fapiao_order (seller_tax_id, status);

-- drops: which outbox renders them, under which name, and whether their result files need writing again
alter table fapiao_drop alter column channel set data type varchar(500);
alter table fapiao_drop add column output_name varchar(300);
alter table fapiao_drop add column outbox varchar(500);
alter table fapiao_drop add column source_size bigint;
alter table fapiao_drop add column source_modified bigint;
alter table fapiao_drop add column attempts int default 1 not null;
alter table fapiao_drop add column state varchar(12) default 'DONE' not null;
alter table fapiao_drop add column problem varchar(1000);
alter table fapiao_drop add column stale boolean default false not null;
-- output names are unique per outbox: an input of the same name never overwrites another's files
create unique index fapiao_drop_output on fapiao_drop (outbox, output_name);
create index fapiao_drop_source on fapiao_drop (channel, file_name);
create index fapiao_drop_stale on fapiao_drop (stale, outbox);

alter table fapiao_drop_entry alter column seller_tax_id set data type varchar(100);
-- the channel has not been told of this line's latest outcome yet (a reply message, an upload)
alter table fapiao_drop_entry add column changed boolean default false not null;

-- vendor tokens, shared by every instance: a login at most vendors ends the previous token
create table fapiao_vendor_token (
  vendor varchar(20) not null,
  account varchar(200) not null,
  token varchar(4000),
  refresh_token varchar(4000),
  expires_at timestamp with time zone,
  version bigint default 0 not null,
  updated_at timestamp with time zone not null,
  primary key (vendor, account));

-- Red-letter forms (红字确认单) and daily reconciliation (issue 9).
-- Written in SQL that H2 and PostgreSQL both accept.

-- The red-letter forms the bundle has met: filed for a red order (order_no), or filed by a buyer and listed for
-- the seller to answer. A red order's own state stays in fapiao_order (PENDING, its form id as vendor_ref); this
-- table says which seller a form belongs to when the seller answers it, and what became of every form.
create table fapiao_red_form (
  vendor varchar(20) not null,
  form_id varchar(64) not null,
  seller_tax_id varchar(20) not null,
  form_no varchar(40),
  order_no varchar(40),
  filed_by varchar(10) not null,
  blue_invoice_no varchar(24),
  red_invoice_no varchar(24),
  form_state varchar(20) not null,
  state_text varchar(200),
  buyer_tax_id varchar(20),
  buyer_name varchar(200),
  total_amount decimal(18,2),
  total_tax decimal(18,2),
  filed_at varchar(20),
  seller_answer varchar(10),
  created_at timestamp with time zone not null,
  updated_at timestamp with time zone not null,
  primary key (vendor, form_id));
create index fapiao_red_form_seller on fapiao_red_form (seller_tax_id, form_state);

-- one reconciliation per invoice day and run: the scheduled run is claimed by the first instance to insert it
create table fapiao_reconciliation (
  invoice_day varchar(10) primary key,
  instance varchar(200) not null,
  started_at timestamp with time zone not null,
  finished_at timestamp with time zone,
  findings int,
  result_file varchar(300));

-- a blue invoice is looked up by its number (its exact issue time for the red-letter form), and a day's issued
-- invoices by their issue time (yyyy-MM-dd HH:mm:ss, compared as text)
create index fapiao_order_invoice on fapiao_order (seller_tax_id, invoice_no);
create index fapiao_order_issued on fapiao_order (issued_at);

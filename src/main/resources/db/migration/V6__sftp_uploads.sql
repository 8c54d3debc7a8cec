-- Files of the local outbox still to be uploaded to an SFTP inbox's outbox dir: kept until the upload succeeded,
-- across restarts. Each instance uploads from its own local outbox (outbox = the instance's outbox key).
create table fapiao_upload (
  outbox varchar(500) not null,
  inbox varchar(100) not null,
  path varchar(600) not null,
  generation bigint not null,
  requested_at timestamp with time zone not null,
  attempts int default 0 not null,
  next_attempt_at timestamp with time zone not null,
  last_error varchar(1000),
  primary key (outbox, inbox, path));
create index fapiao_upload_due on fapiao_upload (outbox, next_attempt_at);

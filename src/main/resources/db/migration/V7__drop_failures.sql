-- An input is started again after the process stopped (attempts) and read again after it failed (failures): a stop
-- is not a bad file, so the two are counted apart; only a file that fails twice, or keeps stopping the process, is set
-- aside.
alter table fapiao_drop add column failures int default 0 not null;

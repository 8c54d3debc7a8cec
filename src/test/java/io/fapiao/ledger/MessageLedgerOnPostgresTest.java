package io.fapiao.ledger;

import io.fapiao.testing.TestDatabases;

/** Order messages in a PostgreSQL ledger, as several instances share it. */
class MessageLedgerOnPostgresTest extends MessageLedgerContract {

    @Override
    String freshUrl() {
        return TestDatabases.freshPostgres();
    }

    @Override
    String user() {
        return TestDatabases.POSTGRES_USER;
    }
}

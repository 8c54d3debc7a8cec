package io.fapiao.ledger;

import io.fapiao.testing.TestDatabases;

/** The ledger on a real PostgreSQL server, as several instances share it. */
class LedgerOnPostgresTest extends LedgerContract {

    @Override
    String freshUrl() {
        return TestDatabases.freshPostgres();
    }

    @Override
    String user() {
        return TestDatabases.POSTGRES_USER;
    }
}

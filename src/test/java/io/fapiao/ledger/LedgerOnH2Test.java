package io.fapiao.ledger;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The ledger on an H2 file, the bundle's default. */
class LedgerOnH2Test extends LedgerContract {

    @TempDir
    Path dir;

    @Override
    String freshUrl() {
        return "jdbc:h2:file:" + dir.resolve("ledger").toAbsolutePath();
    }
}

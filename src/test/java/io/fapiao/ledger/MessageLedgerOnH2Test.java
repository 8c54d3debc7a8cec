package io.fapiao.ledger;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** Order messages in an H2 file ledger, the bundle's default. */
class MessageLedgerOnH2Test extends MessageLedgerContract {

    @TempDir
    Path dir;

    @Override
    String freshUrl() {
        return "jdbc:h2:file:" + dir.resolve("ledger").toAbsolutePath();
    }
}

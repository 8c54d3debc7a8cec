package io.fapiao.ledger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ledger on an H2 file, the bundle's default. */
class LedgerOnH2Test extends LedgerContract {

    @TempDir
    Path dir;

    @Override
    String freshUrl() {
        return "jdbc:h2:file:" + dir.resolve("ledger").toAbsolutePath();
    }

    /**
     * The due orders are looked for every poll interval: a plan that reads the whole table costs more with every order
     * of the day (100,000 orders of 10 lines: hundreds of MB read per look).
     */
    @Test
    void dueOrdersAreFoundThroughAnIndexNotByReadingTheTable() throws Exception {
        try (Connection c = DriverManager.getConnection(freshUrl());
             PreparedStatement explain = c.prepareStatement("explain " + Ledger.DUE)) {
            Jdbc.bind(explain, Instant.now(), Instant.now(), 3);
            ResultSet r = explain.executeQuery();
            assertTrue(r.next());
            String plan = r.getString(1);
            assertFalse(plan.contains("tableScan"), plan);
            assertTrue(plan.contains("FAPIAO_ORDER_DUE"), plan);
        }
    }

    /**
     * H2 writes its commits to the file in the background, up to 500 ms later: a kill -9 right after a claim once lost
     * orders the vendor had already been asked to issue (2,000 orders killed mid-file: 7 issued at yun2 and unknown to
     * the ledger). The file as it is the moment the claim returns — what a killed process leaves — holds the claim.
     */
    @Test
    void anOrderSentToItsVendorIsInTheFileEvenWhenTheProcessDiesAtOnce() throws Exception {
        Drop d = drop("crash.csv");
        Thread.sleep(700); // the background writer has written what came before
        Claim claim = ledger.claim(SELLER, "K1", "yun2", d.id(), 1, new Ledger.Submission("DIGITAL_NORMAL",
                new BigDecimal("100.00"), new BigDecimal("13.00"), "{}"));
        assertEquals(Claim.Kind.SUBMITTING, claim.kind());
        Path image = dir.resolve("crash");
        Files.createDirectories(image);
        Files.copy(dir.resolve("ledger.mv.db"), image.resolve("ledger.mv.db"));
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + image.resolve("ledger").toAbsolutePath());
             ResultSet r = c.createStatement().executeQuery(
                     "select status from fapiao_order where order_no = 'K1'")) {
            assertTrue(r.next(), "the claim is in the file");
            assertEquals("SUBMITTING", r.getString(1));
        }
    }
}

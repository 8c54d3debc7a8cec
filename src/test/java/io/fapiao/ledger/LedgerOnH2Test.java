package io.fapiao.ledger;

import io.fapiao.login.LoginNeeded;
import io.fapiao.order.NextStep;
import io.fapiao.order.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
     * The due orders are looked for every poll interval: a look that reads every order costs more with every order of
     * the day (100,000 orders of 10 lines: hundreds of MB read per look, most of a core). H2 counts the rows a query
     * reads (scanCount); 2,000 orders waiting for nothing and 3 due ones must not read the 2,000.
     */
    @Test
    void lookingForDueOrdersReadsOnlyTheOrdersThatWaitForSomething() throws Exception {
        Drop d = drop("due.csv");
        settledOrders(d, 2000);
        for (int i = 1; i <= 3; i++) {
            submit("P-" + i, d, 2000 + i);
            ledger.outcome(SELLER, "P-" + i, Outcome.pending("asked"), Instant.now().minusSeconds(i));
        }
        assertReadsAtMost(10, plan(Ledger.DUE, Instant.now(), Instant.now(), 3));
        assertEquals(3, ledger.takeDue(10, 3).size());
    }

    /** Without fapiao_order_seller_status (V9), a seller's held orders are still read through an index of their own. */
    @Test
    void lookingForHeldOrdersReadsOnlyTheHeldOnes() throws Exception {
        Drop d = drop("held.csv");
        settledOrders(d, 2000);
        for (int i = 1; i <= 3; i++) {
            submit("H-" + i, d, 2000 + i);
            ledger.outcome(SELLER, "H-" + i, LoginNeeded.send(), null);
        }
        String plan = plan(Ledger.WAITING, SELLER, NextStep.LOGIN.name());
        assertTrue(plan.contains("FAPIAO_ORDER_WAITING"), plan);
        assertReadsAtMost(10, plan);
        assertEquals(3, ledger.waiting(SELLER, NextStep.LOGIN).size());
    }

    /** {@code count} issued orders of the drop, their PDFs stored: orders waiting for nothing. */
    private void settledOrders(Drop d, int count) throws Exception {
        try (Connection c = DriverManager.getConnection(freshUrl())) {
            c.createStatement().executeUpdate("""
                    insert into fapiao_order (seller_tax_id, order_no, vendor, status, drop_id, drop_seq, pdf_file,
                      created_at, updated_at)
                    select '%s', 'S-' || x, 'yun2', 'ISSUED', %d, x, 'pdf/S.pdf', now(), now()
                    from system_range(1, %d)""".formatted(SELLER, d.id(), count));
        }
    }

    /** H2's plan of a query as it ran ({@code explain analyze}), with the rows each table read (scanCount). */
    private String plan(String sql, Object... args) throws Exception {
        try (Connection c = DriverManager.getConnection(freshUrl());
             PreparedStatement explain = c.prepareStatement("explain analyze " + sql)) {
            Jdbc.bind(explain, args);
            ResultSet r = explain.executeQuery();
            assertTrue(r.next());
            return r.getString(1);
        }
    }

    private static void assertReadsAtMost(int rows, String plan) {
        Matcher read = Pattern.compile("scanCount: (\\d+)").matcher(plan);
        assertTrue(read.find(), plan);
        assertTrue(Integer.parseInt(read.group(1)) <= rows, plan);
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

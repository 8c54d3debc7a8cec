package io.fapiao.ledger;

import io.fapiao.login.LoginNeeded;
import io.fapiao.order.NextStep;
import io.fapiao.order.OrderStatus;
import io.fapiao.order.Outcome;
import io.fapiao.testing.TestDirs;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
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
     * the ledger). What a killed process leaves the moment the claim returns — the H2 file and its claim log — holds the
     * claim: the next opening asks the vendor about the order and never sends it again.
     */
    @Test
    void anOrderSentToItsVendorIsInTheLedgerEvenWhenTheProcessDiesAtOnce() throws Exception {
        Drop d = drop("crash.csv");
        Thread.sleep(700); // the background writer has written what came before
        Claim claim = ledger.claim(SELLER, "K1", "yun2", d.id(), 1, new Ledger.Submission("DIGITAL_NORMAL",
                new BigDecimal("100.00"), new BigDecimal("13.00"), "{\"orderNo\":\"K1\"}"));
        assertEquals(Claim.Kind.SUBMITTING, claim.kind());
        Path image = killedImage();
        LedgerOrder k1 = reopened(image, "K1");
        assertEquals(OrderStatus.PENDING, k1.status(), "asked about, not sent again");
        assertEquals(NextStep.POLL, k1.next());
        assertEquals("yun2", k1.vendor());
        assertEquals(new BigDecimal("100.00"), k1.totalAmount());
        assertEquals("{\"orderNo\":\"K1\"}", k1.orderJson());
    }

    /** An order received first and sent later (an earlier outcome was FAILED): its row may not be in the file either. */
    @Test
    void aReceivedOrderThatIsSentIsAskedAboutAfterAKillToo() throws Exception {
        Drop d = drop("crash2.csv");
        Thread.sleep(700);
        submit("K2", d, 7);
        LedgerOrder k2 = reopened(killedImage(), "K2");
        assertEquals(OrderStatus.PENDING, k2.status());
        assertEquals(NextStep.POLL, k2.next());
        assertEquals(d.id(), k2.dropId());
        assertEquals(7, k2.dropSeq());
    }

    /**
     * A claim log that can no longer be written (a full disk, say) closes, and each claim after it is written to the
     * ledger's file before it returns: still there the moment a kill could come.
     */
    @Test
    void aClaimLogThatCannotBeWrittenLeavesEachClaimToTheLedgersFile() throws Exception {
        Drop d = drop("broken.csv");
        Thread.sleep(700);
        ClaimLog log = ClaimLog.find(dir.resolve("ledger").toAbsolutePath());
        assertNotNull(log, "an H2 file this process holds alone has a claim log");
        java.lang.reflect.Field segment = ClaimLog.class.getDeclaredField("segment");
        segment.setAccessible(true);
        ((java.nio.channels.FileChannel) segment.get(log)).close(); // every write now fails
        for (String orderNo : List.of("K5", "K6")) {
            Claim claim = ledger.claim(SELLER, orderNo, "yun2", d.id(), 1, new Ledger.Submission("DIGITAL_NORMAL",
                    new BigDecimal("100.00"), new BigDecimal("13.00"), "{\"orderNo\":\"" + orderNo + "\"}"));
            assertEquals(Claim.Kind.SUBMITTING, claim.kind());
            LedgerOrder order = reopened(killedImage(), orderNo);
            assertEquals(OrderStatus.PENDING, order.status(), orderNo + " asked about, not sent again");
            TestDirs.delete(dir.resolve("crash"));
        }
        assertNull(ClaimLog.find(dir.resolve("ledger").toAbsolutePath()), "the broken log is closed");
    }

    /**
     * A ledger closed cleanly writes its last claims to the file and leaves no segment of its claim log: nothing is
     * written beside the file after the close, and the next opening has nothing to bring forward.
     */
    @Test
    void aCleanCloseLeavesNoClaimSegment() throws Exception {
        Drop d = drop("close.csv");
        submit("K7", d, 1);
        assertTrue(segments(dir).size() > 0, "the claim log is open");
        database.finishClaimLog();
        assertEquals(List.of(), segments(dir));
        Thread.sleep(ClaimLog.ROTATE_MS * 2);
        assertEquals(List.of(), segments(dir), "no rotation after the close");
        LedgerOrder k7 = reopened(killedImage(), "K7");
        assertEquals(OrderStatus.PENDING, k7.status(), "in the file, asked about");
        assertEquals(d.id(), k7.dropId());
    }

    /** The claim log's segments in a ledger's folder. */
    private static List<Path> segments(Path folder) throws Exception {
        try (var files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().contains(".claims.")).toList();
        }
    }

    /**
     * What the log brings forward never turns an order back: a row written after the order's line stands, and a
     * state from before it (failed, received) is asked about. A line cut short by the kill is skipped.
     */
    @Test
    void theClaimLogOnlyMovesAnOrderForward() throws Exception {
        Drop d = drop("log.csv");
        Instant before = Instant.now().minusSeconds(60);
        submit("F1", d, 1);
        ledger.outcome(SELLER, "F1", Outcome.failed("no"), null);
        submit("I1", d, 2);
        ledger.outcome(SELLER, "I1", Outcome.issued("26312000000000000009", "2026-11-29", "", "", "ok"), null);
        submit("R1", d, 3);
        ledger.outcome(SELLER, "R1", Outcome.rejected("bad"), null);
        Instant after = Instant.now().plusSeconds(1);
        Ledger.recover(database.jdbc(), List.of(
                entry("F1", after), // failed before its line: it may be at the vendor now
                entry("I1", after), // issued stays issued
                entry("R1", before), // rejected after its line: stands
                entry("N1", after), // not in the file at all
                ClaimLog.Entry.named(SELLER, "N2"))); // named only, not in the file: nothing to write
        assertEquals(OrderStatus.PENDING, ledger.find(SELLER, "F1").orElseThrow().status());
        assertEquals(OrderStatus.ISSUED, ledger.find(SELLER, "I1").orElseThrow().status());
        assertEquals(OrderStatus.REJECTED, ledger.find(SELLER, "R1").orElseThrow().status());
        assertEquals(OrderStatus.PENDING, ledger.find(SELLER, "N1").orElseThrow().status());
        assertTrue(ledger.find(SELLER, "N2").isEmpty());

        Path cut = dir.resolve("ledger.claims.99");
        Files.writeString(cut, "{\"seller\":\"" + SELLER + "\",\"orderNo\":\"C1\",\"at\":\"" + after + "\",\"vendor\":"
                + "\"yun2\",\"dropId\":" + d.id() + ",\"seq\":9}\n{\"seller\":\"" + SELLER + "\",\"orderNo\":\"C2\",\"at");
        database.migrate();
        assertEquals(OrderStatus.PENDING, ledger.find(SELLER, "C1").orElseThrow().status());
        assertTrue(ledger.find(SELLER, "C2").isEmpty(), "the cut line was never answered, so never sent");
        assertTrue(Files.notExists(cut), "read once, then deleted");
    }

    /** The log does not grow: its segments are made part of the ledger's file and deleted as claims go on. */
    @Test
    void theClaimLogKeepsOnlyTheLastMoments() throws Exception {
        Drop d = drop("many.csv");
        for (int i = 1; i <= 300; i++) {
            ledger.claim(SELLER, "M" + i, "yun2", d.id(), i, new Ledger.Submission("DIGITAL_NORMAL", BigDecimal.ONE,
                    BigDecimal.ZERO, "{}"));
            if (i % 100 == 0) {
                Thread.sleep(ClaimLog.ROTATE_MS * 3);
            }
        }
        Thread.sleep(ClaimLog.ROTATE_MS * 3);
        List<Path> segments = segments(dir);
        assertEquals(1, segments.size(), segments.toString());
        assertEquals(0, Files.size(segments.get(0)), "every claim is in the ledger's file");
    }

    /**
     * A ledger opened with AUTO_SERVER=TRUE may be opened by another process once this one is gone, which would not
     * read this one's claim log: there each claim is written to the H2 file itself before it returns.
     */
    @Test
    void aLedgerOtherProcessesMayOpenHasEachClaimInItsFile() throws Exception {
        Path shared = dir.resolve("shared");
        try (HikariDataSource pool = pool("jdbc:h2:file:" + shared.resolve("ledger").toAbsolutePath() + ";AUTO_SERVER=TRUE")) {
            LedgerDatabase db = new LedgerDatabase(pool);
            db.migrate();
            Ledger sharedLedger = new Ledger(db, Duration.ofMinutes(10), Duration.ofMinutes(2));
            Drop d = new DropLedger(db).open("local:test", "shared.csv", -1, -1, "box", n -> false).drop();
            Thread.sleep(700);
            sharedLedger.claim(SELLER, "A1", "yun2", d.id(), 1, new Ledger.Submission("DIGITAL_NORMAL", BigDecimal.ONE,
                    BigDecimal.ZERO, "{}"));
            Path image = dir.resolve("shared-crash");
            Files.createDirectories(image);
            Files.copy(shared.resolve("ledger.mv.db"), image.resolve("ledger.mv.db"));
            assertEquals(List.of(), segments(shared), "no claim log");
            try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + image.resolve("ledger").toAbsolutePath());
                 ResultSet r = c.createStatement().executeQuery("select status from fapiao_order where order_no = 'A1'")) {
                assertTrue(r.next(), "the claim is in the file");
                assertEquals("SUBMITTING", r.getString(1));
            }
        }
    }

    /**
     * A ledger user H2 refuses CHECKPOINT (not an admin) still claims: there is no claim log (nothing could empty it),
     * each claim asks for a CHECKPOINT, which is refused and said once.
     */
    @Test
    void aLedgerUserWhoMayNotCheckpointStillClaims() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("clerk/ledger").toAbsolutePath();
        try (Connection c = DriverManager.getConnection(url, "owner", "owner-pw")) {
            c.createStatement().execute("create user clerk password 'clerk-pw'");
            c.createStatement().execute("grant alter any schema to clerk");
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername("clerk");
        config.setPassword("clerk-pw");
        try (HikariDataSource clerkPool = new HikariDataSource(config)) {
            LedgerDatabase clerkDb = new LedgerDatabase(clerkPool);
            clerkDb.migrate();
            Ledger clerk = new Ledger(clerkDb, Duration.ofMinutes(10), Duration.ofMinutes(2));
            Drop d = new DropLedger(clerkDb).open("local:test", "clerk.csv", -1, -1, "box", n -> false).drop();
            Claim claim = clerk.claim(SELLER, "U1", "yun2", d.id(), 1, new Ledger.Submission("DIGITAL_NORMAL",
                    BigDecimal.ONE, BigDecimal.ZERO, "{}"));
            assertEquals(Claim.Kind.SUBMITTING, claim.kind());
            assertEquals(List.of(), segments(dir.resolve("clerk")), "no claim log");
        }
    }

    private ClaimLog.Entry entry(String orderNo, Instant at) {
        return new ClaimLog.Entry(SELLER, orderNo, at, "yun2", 1L, 1, "DIGITAL_NORMAL", BigDecimal.TEN, BigDecimal.ONE,
                "{}");
    }

    /** A copy of the ledger's files as they are now: what a process killed at this moment leaves. */
    private Path killedImage() throws Exception {
        Path image = dir.resolve("crash");
        Files.createDirectories(image);
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                if (f.getFileName().toString().startsWith("ledger.")) {
                    Files.copy(f, image.resolve(f.getFileName()));
                }
            }
        }
        return image;
    }

    /** The order as a new process finds it on opening that image: the log brought forward, abandoned sends released. */
    private LedgerOrder reopened(Path image, String orderNo) {
        try (HikariDataSource copy = pool("jdbc:h2:file:" + image.resolve("ledger").toAbsolutePath())) {
            LedgerDatabase db = new LedgerDatabase(copy);
            db.migrate();
            Ledger next = new Ledger(db, Duration.ofMinutes(10), Duration.ofMinutes(2));
            next.releaseAbandoned(true);
            return next.find(SELLER, orderNo).orElseThrow(() -> new AssertionError(orderNo + " is lost"));
        }
    }
}

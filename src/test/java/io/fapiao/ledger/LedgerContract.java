package io.fapiao.ledger;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.fapiao.order.NextStep;
import io.fapiao.order.OrderStatus;
import io.fapiao.order.Outcome;
import io.fapiao.order.Problem;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ledger's rules, run against each real database the bundle supports. */
abstract class LedgerContract {

    static final String SELLER = "91310115MA1K4B2X34";

    private HikariDataSource pool;
    LedgerDatabase database;
    Ledger ledger;
    DropLedger drops;

    /** A JDBC URL of a fresh, empty database. */
    abstract String freshUrl();

    String user() {
        return "";
    }

    @BeforeEach
    void open() {
        pool = pool(freshUrl());
        database = new LedgerDatabase(pool);
        database.migrate();
        database.migrate();
        ledger = new Ledger(database, Duration.ofMinutes(10), Duration.ofMinutes(2));
        drops = new DropLedger(database);
    }

    HikariDataSource pool(String url) {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(url);
        c.setUsername(user());
        c.setMaximumPoolSize(12);
        return new HikariDataSource(c);
    }

    @AfterEach
    void close() {
        pool.close();
    }

    Drop drop(String name) {
        return drops.open("local:test", name, -1, -1, "box", n -> false).drop();
    }

    void submit(String orderNo, Drop d, int seq) {
        assertEquals(Claim.Kind.GRANTED, ledger.claim(SELLER, orderNo, "yun2", d.id(), seq).kind());
        assertTrue(ledger.submitting(SELLER, orderNo, "DIGITAL_NORMAL", new BigDecimal("100.00"), new BigDecimal("13.00"), "{}"));
    }

    /**
     * V10 makes (order_no, seller_tax_id) the key and drops the index on order_no alone: a ledger written before it
     * keeps its orders, finds one order number across sellers by the key, and still refuses a second row for one
     * seller's order.
     */
    @Test
    void aLedgerFromBeforeTheOrderNumberKeyKeepsItsOrders() throws Exception {
        try (HikariDataSource old = pool(freshUrl())) {
            Flyway.configure().dataSource(old).locations("classpath:db/migration").target("9").load().migrate();
            try (Connection c = old.getConnection(); Statement s = c.createStatement()) {
                for (String seller : List.of(SELLER, "91440300MA5F0XXX1Y")) {
                    s.execute("insert into fapiao_order (seller_tax_id, order_no, vendor, status, invoice_no, drop_id, "
                            + "drop_seq, created_at, updated_at) values ('" + seller + "', 'OLD-1', 'yun2', 'ISSUED', "
                            + "'2631" + seller.substring(0, 4) + "', 1, 1, current_timestamp, current_timestamp)");
                }
            }
            LedgerDatabase upgraded = new LedgerDatabase(old);
            upgraded.migrate();
            Ledger l = new Ledger(upgraded, Duration.ofMinutes(10), Duration.ofMinutes(2));
            assertEquals(2, l.findAll("OLD-1").size());
            assertEquals("26319131", l.find(SELLER, "OLD-1").orElseThrow().invoiceNo());
            assertEquals(Claim.Kind.KNOWN, l.claim(SELLER, "OLD-1", "yun2", 1, 1).kind());
            try (Connection c = old.getConnection()) {
                String[] key = new String[2];
                try (ResultSet r = c.getMetaData().getPrimaryKeys(null, null, table(c, "fapiao_order"))) {
                    while (r.next()) {
                        key[r.getShort("KEY_SEQ") - 1] = r.getString("COLUMN_NAME").toLowerCase(Locale.ROOT);
                    }
                }
                assertEquals(List.of("order_no", "seller_tax_id"), List.of(key));
                Set<String> indexes = new HashSet<>();
                try (ResultSet r = c.getMetaData().getIndexInfo(null, null, table(c, "fapiao_order"), false, false)) {
                    while (r.next()) {
                        indexes.add(String.valueOf(r.getString("INDEX_NAME")).toLowerCase(Locale.ROOT));
                    }
                }
                assertFalse(indexes.contains("fapiao_order_number"), indexes.toString());
                try (Statement s = c.createStatement()) {
                    assertThrows(SQLException.class, () -> s.execute("insert into fapiao_order (seller_tax_id, order_no, "
                            + "vendor, status, drop_id, drop_seq, created_at, updated_at) values ('" + SELLER + "', "
                            + "'OLD-1', 'yun2', 'RECEIVED', 2, 1, current_timestamp, current_timestamp)"));
                }
            }
        }
    }

    /** A table's name as the database keeps it (H2 upper case, PostgreSQL lower). */
    private static String table(Connection c, String name) throws SQLException {
        return c.getMetaData().storesUpperCaseIdentifiers() ? name.toUpperCase(Locale.ROOT) : name;
    }

    @Test
    void aNewOrderIsGrantedAndAnIssuedOneIsReportedAgain() {
        submit("O1", drop("a.csv"), 1);
        assertTrue(ledger.outcome(SELLER, "O1", Outcome.issued("26312000000000000001", "2026-11-22", "123", "/u", "ok"), null));
        Claim again = ledger.claim(SELLER, "O1", "yun2", drop("a.csv").id(), 1);
        assertEquals(Claim.Kind.KNOWN, again.kind());
        assertEquals("26312000000000000001", again.existing().invoiceNo());
        assertEquals(new BigDecimal("100.00"), again.existing().totalAmount());
        assertEquals("DIGITAL_NORMAL", again.existing().invoiceType());
    }

    /**
     * A drop that reported an order another drop holds (issued, its PDF not stored yet) reads the order after writing
     * its line. The other drop stores the PDF and looks for lines to bring up to date in one transaction: if that look
     * ran before the line was written, the read must wait for the commit and see the PDF — else neither side brings
     * the line up to date (seen once in TwoInstancesTest: a result file kept "issued" without its PDF for good).
     */
    @Test
    void aReadAfterALineWaitsForTheTransactionThatWritesTheOrder() throws Exception {
        Drop holder = drop("a.csv");
        Drop reporter = drop("b.csv");
        submit("W1", holder, 1);
        assertTrue(ledger.outcome(SELLER, "W1", Outcome.issued("26312000000000000011", "2026-11-22", "", "/u", "ok"),
                Instant.now().plusSeconds(60)));
        assertEquals(Claim.Kind.KNOWN, ledger.claim(SELLER, "W1", "yun2", reporter.id(), 1).kind());
        ExecutorService reader = Executors.newSingleThreadExecutor();
        try (java.sql.Connection settling = pool.getConnection()) {
            settling.setAutoCommit(false);
            // the holder's transaction: the PDF recorded first (the row's lock), its look for open lines done, not
            // committed yet
            assertEquals(1, Jdbc.update(settling, Ledger.PDF_FILE, "pdf/W1_26312000000000000011.pdf", Instant.now(),
                    SELLER, "W1"));
            drops.entry(reporter.id(), new ResultRow(1, 2, SELLER, "W1", OrderStatus.ISSUED, "26312000000000000011",
                    "2026-11-22", new BigDecimal("100.00"), new BigDecimal("13.00"), "", "ok"));
            Future<Optional<LedgerOrder>> read = reader.submit(() -> ledger.findAfterWriters(SELLER, "W1"));
            Thread.sleep(500);
            assertFalse(read.isDone(), "the read waits for the transaction writing the order");
            settling.commit();
            assertEquals("pdf/W1_26312000000000000011.pdf", read.get(10, TimeUnit.SECONDS).orElseThrow().pdfFile());
        } finally {
            reader.shutdownNow();
        }
    }

    @Test
    void aNewCheckedOrderIsRecordedAsBeingSentByItsClaim() {
        Drop d = drop("a.csv");
        Ledger.Submission sent = new Ledger.Submission("DIGITAL_SPECIAL", new BigDecimal("100.00"),
                new BigDecimal("13.00"), "{\"order_no\":\"S1\"}");
        assertEquals(Claim.Kind.SUBMITTING, ledger.claim(SELLER, "S1", "yun2", d.id(), 1, sent).kind());
        LedgerOrder row = ledger.find(SELLER, "S1").orElseThrow();
        assertEquals(OrderStatus.SUBMITTING, row.status());
        assertEquals("DIGITAL_SPECIAL", row.invoiceType());
        assertEquals(new BigDecimal("13.00"), row.totalTax());
        assertEquals("{\"order_no\":\"S1\"}", row.orderJson());
        assertEquals(ledger.owner(), row.owner());
        assertTrue(row.submittedAt() != null, "an answer can be on its way from now on");
        assertEquals(Claim.Kind.REPEATED_IN_INPUT, ledger.claim(SELLER, "S1", "yun2", d.id(), 2, sent).kind());
        assertEquals(Claim.Kind.IN_FLIGHT, ledger.claim(SELLER, "S1", "yun2", drop("b.csv").id(), 1, sent).kind());
        assertTrue(ledger.outcome(SELLER, "S1", Outcome.issued("26312000000000000009", "2026-11-22", "", "", "ok"), null));
        Claim again = ledger.claim(SELLER, "S1", "yun2", drop("c.csv").id(), 1, sent);
        assertEquals(Claim.Kind.KNOWN, again.kind(), "an issued order is reported again, never sent");
        assertEquals("26312000000000000009", again.existing().invoiceNo());
    }

    @Test
    void aRejectedOrderClaimedWithItsSubmissionIsGrantedAndSentOnlyAfterSubmitting() {
        Drop d = drop("a.csv");
        ledger.claim(SELLER, "S2", "yun2", d.id(), 1);
        ledger.outcome(SELLER, "S2", Outcome.rejected("bad"), null);
        Ledger.Submission sent = new Ledger.Submission("DIGITAL_NORMAL", BigDecimal.TEN, BigDecimal.ONE, "{}");
        Claim claim = ledger.claim(SELLER, "S2", "yun2", drop("b.csv").id(), 1, sent);
        assertEquals(Claim.Kind.GRANTED, claim.kind());
        assertEquals(OrderStatus.RECEIVED, ledger.find(SELLER, "S2").orElseThrow().status());
        assertTrue(ledger.submitting(SELLER, "S2", "DIGITAL_NORMAL", BigDecimal.TEN, BigDecimal.ONE, "{}"));
    }

    @Test
    void rejectedAndFailedOrdersMayBeSentAgain() {
        Drop d = drop("a.csv");
        ledger.claim(SELLER, "O2", "yun2", d.id(), 1);
        ledger.outcome(SELLER, "O2", Outcome.rejected("bad"), null);
        ledger.claim(SELLER, "O3", "yun2", d.id(), 2);
        ledger.outcome(SELLER, "O3", Outcome.failed("down"), null);
        Drop d2 = drop("b.csv");
        assertEquals(Claim.Kind.GRANTED, ledger.claim(SELLER, "O2", "yun2", d2.id(), 1).kind());
        assertEquals(Claim.Kind.GRANTED, ledger.claim(SELLER, "O3", "yun2", d2.id(), 2).kind());
    }

    @Test
    void anOrderBeingSentIsInFlightForOthersAndRepeatedWithinItsInput() {
        Drop d = drop("a.csv");
        submit("O4", d, 1);
        assertEquals(Claim.Kind.REPEATED_IN_INPUT, ledger.claim(SELLER, "O4", "yun2", d.id(), 7).kind());
        assertEquals(Claim.Kind.IN_FLIGHT, ledger.claim(SELLER, "O4", "yun2", drop("b.csv").id(), 1).kind());
    }

    @Test
    void anOrderLeftBeingSentByAStoppedProcessIsAskedAboutNeverSentAgain() {
        submit("O5", drop("a.csv"), 1);
        ledger.claim(SELLER, "O6", "yun2", drop("a.csv").id(), 2);
        assertEquals(1, ledger.releaseAbandoned(true), "one order was being sent");
        LedgerOrder o5 = ledger.find(SELLER, "O5").orElseThrow();
        assertEquals(OrderStatus.PENDING, o5.status());
        assertEquals(NextStep.POLL, o5.next());
        assertTrue(o5.nextPollAt() != null && !o5.nextPollAt().isAfter(Instant.now()));
        Claim again = ledger.claim(SELLER, "O5", "yun2", drop("b.csv").id(), 1);
        assertEquals(Claim.Kind.KNOWN, again.kind(), "reported as pending, not granted for sending");
        assertEquals(Claim.Kind.GRANTED, ledger.claim(SELLER, "O6", "yun2", drop("b.csv").id(), 2).kind(),
                "received but never sent: nothing reached the vendor, so it may be sent");
    }

    @Test
    void anotherInstancesHalfSentOrderIsAskedAboutOnceItsTimeoutPassed() throws Exception {
        Ledger other = new Ledger(database, Duration.ofMillis(200), Duration.ofMinutes(2));
        submit("O7", drop("a.csv"), 1);
        assertEquals(Claim.Kind.IN_FLIGHT, other.claim(SELLER, "O7", "yun2", drop("b.csv").id(), 1).kind());
        Thread.sleep(300);
        Claim claim = other.claim(SELLER, "O7", "yun2", drop("c.csv").id(), 1);
        assertEquals(Claim.Kind.KNOWN, claim.kind());
        assertEquals(OrderStatus.PENDING, claim.existing().status());
        assertEquals(NextStep.POLL, claim.existing().next());
    }

    @Test
    void statesOnlyMoveForward() {
        submit("F1", drop("a.csv"), 1);
        assertTrue(ledger.outcome(SELLER, "F1", Outcome.pending("issuing"), Instant.now()));
        assertTrue(ledger.outcome(SELLER, "F1", Outcome.issued("26312000000000000003", "2026-11-22", "", "", "ok"), null));
        assertFalse(ledger.outcome(SELLER, "F1", Outcome.pending("late poll"), Instant.now()), "ISSUED never turns PENDING");
        assertFalse(ledger.outcome(SELLER, "F1", Outcome.failed("late failure"), null), "ISSUED never turns FAILED");
        LedgerOrder row = ledger.find(SELLER, "F1").orElseThrow();
        assertEquals(OrderStatus.ISSUED, row.status());
        assertEquals("26312000000000000003", row.invoiceNo());
        ledger.claim(SELLER, "F2", "yun2", drop("a.csv").id(), 2);
        assertFalse(ledger.outcome(SELLER, "F2", Outcome.pending("not sent"), Instant.now()),
                "RECEIVED cannot become PENDING without being sent");
        assertTrue(ledger.outcome(SELLER, "F2", Outcome.rejected("bad"), null));
        assertFalse(ledger.submitting(SELLER, "F2", "DIGITAL_NORMAL", BigDecimal.ONE, BigDecimal.ZERO, "{}"),
                "a rejected order is not sent without being claimed again");
    }

    @Test
    void aVendorHandleIsKeptWhenALaterOutcomeHasNone() {
        submit("V1", drop("a.csv"), 1);
        ledger.outcome(SELLER, "V1", Outcome.pending("async").withVendorRef("req-1"), Instant.now());
        ledger.outcome(SELLER, "V1", Outcome.pending("still"), Instant.now());
        assertEquals("req-1", ledger.find(SELLER, "V1").orElseThrow().vendorRef());
    }

    @Test
    void dueOrdersAreTakenByOneInstanceOnly() throws Exception {
        Drop d = drop("a.csv");
        for (int i = 0; i < 20; i++) {
            submit("L" + i, d, i + 1);
            ledger.outcome(SELLER, "L" + i, Outcome.pending("issuing"), Instant.now().minusSeconds(1));
        }
        List<Ledger> instances = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            instances.add(new Ledger(database, Duration.ofMinutes(10), Duration.ofMinutes(2)));
        }
        ExecutorService threads = Executors.newFixedThreadPool(4);
        List<Future<List<LedgerOrder>>> taken = new ArrayList<>();
        for (Ledger l : instances) {
            taken.add(threads.submit(() -> l.takeDue(50, 30)));
        }
        Set<String> seen = new HashSet<>();
        int total = 0;
        for (Future<List<LedgerOrder>> f : taken) {
            for (LedgerOrder o : f.get()) {
                total++;
                seen.add(o.orderNo());
            }
        }
        threads.shutdown();
        assertEquals(20, total, "each due order taken exactly once");
        assertEquals(20, seen.size());
        assertTrue(instances.get(0).takeDue(50, 30).isEmpty(), "leased orders are not due again");
        ledger.polled(SELLER, "L0", "asked", Instant.now().minusSeconds(1));
        assertEquals(1, ledger.takeDue(50, 30).size(), "a poll that settled nothing gives the order back");
    }

    @Test
    void parallelClaimsOfOneOrderGrantItOnce() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(8);
        List<Future<Claim.Kind>> claims = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            long dropId = drop("p" + i + ".csv").id();
            claims.add(threads.submit(() -> ledger.claim(SELLER, "RACE", "yun2", dropId, 1).kind()));
        }
        int granted = 0;
        for (Future<Claim.Kind> c : claims) {
            granted += c.get() == Claim.Kind.GRANTED ? 1 : 0;
        }
        threads.shutdown();
        assertEquals(1, granted);
    }

    @Test
    void pendingOrdersSettleEveryDropHoldingThem() {
        Drop a = drop("a.csv");
        submit("P1", a, 1);
        ledger.outcome(SELLER, "P1", Outcome.pending("issuing"), Instant.now().minusSeconds(1));
        drops.entry(a.id(), new ResultRow(1, 2, SELLER, "P1", OrderStatus.PENDING, "", "", BigDecimal.TEN, BigDecimal.ONE, "", "issuing"));
        drops.finish(a.id(), false, null);
        Drop b = drop("b.csv");
        drops.entry(b.id(), new ResultRow(1, 2, SELLER, "P1", OrderStatus.PENDING, "", "", BigDecimal.TEN, BigDecimal.ONE, "", "issuing"));
        List<Long> settled = drops.settle(SELLER, "P1", Outcome.issued("26312000000000000002", "2026-11-22", "", "", "issued"),
                "pdf/P1_2.pdf");
        assertEquals(List.of(a.id(), b.id()), settled.stream().sorted().toList());
        List<ResultRow> rows = new ArrayList<>();
        drops.forEachResult(b.id(), rows::add);
        assertEquals(OrderStatus.ISSUED, rows.get(0).status());
        assertEquals("pdf/P1_2.pdf", rows.get(0).pdf());
        assertEquals(List.of(a.id()), drops.takeStale("box", 10).stream().map(Drop::id).toList(),
                "the finished drop is written again; the open one writes itself when it finishes");
        assertTrue(drops.takeStale("box", 10).isEmpty());
        assertEquals(1, drops.changed(a.id()).size());
    }

    @Test
    void anInputOfTheSameNameGetsItsOwnOutputName() {
        Drop first = drops.open("local:test", "orders.csv", 10, 1, "box", n -> false).drop();
        drops.finish(first.id(), false, null);
        Drop second = drops.open("local:test", "orders.csv", 11, 2, "box", n -> false).drop();
        drops.finish(second.id(), false, null);
        Drop third = drops.open("local:other", "orders.csv", 12, 3, "box", n -> n.equals("orders.3.csv")).drop();
        assertEquals("orders.csv", first.outputName());
        assertEquals("orders.2.csv", second.outputName());
        assertEquals("orders.4.csv", third.outputName(), "a name already used by a file is skipped");
        Drop literal = drops.open("local:test", "orders.2.csv", 5, 5, "box", n -> false).drop();
        assertEquals("orders.2.2.csv", literal.outputName(), "never the name a suffix already took");
        Drop elsewhere = drops.open("local:b", "orders.csv", 10, 1, "another-box", n -> false).drop();
        assertEquals("orders.csv", elsewhere.outputName(), "another instance's outbox has names of its own");
    }

    @Test
    void anUnfinishedInputStartedAgainIsTheSameDropCountingAttempts() {
        DropOpening first = drops.open("local:test", "big.csv", 100, 7, "box", n -> false);
        drops.entry(first.drop().id(), new ResultRow(1, 2, SELLER, "X", OrderStatus.ISSUED, "1", "", null, null, "", ""));
        DropOpening again = drops.open("local:test", "big.csv", 100, 7, "box", n -> false);
        assertEquals(first.drop().id(), again.drop().id());
        assertEquals(2, again.attempts());
        List<ResultRow> rows = new ArrayList<>();
        drops.forEachResult(again.drop().id(), rows::add);
        assertTrue(rows.isEmpty(), "the lines of the broken attempt are cleared");
        DropOpening changed = drops.open("local:test", "big.csv", 120, 8, "box", n -> false);
        assertNotEquals(first.drop().id(), changed.drop().id(), "a different file of the same name is a new drop");
        assertEquals(1, changed.attempts());
    }

    @Test
    void aStopIsNotABadFileButAFileThatKeepsStoppingKeepsWhatItIssued() {
        DropOpening first = drops.open("local:test", "k.csv", 100, 7, "box", n -> false, 3);
        assertEquals(1, drops.failed(first.drop().id()), "a failure is counted apart from starts");
        for (int start = 2; start <= 3; start++) {
            DropOpening again = drops.open("local:test", "k.csv", 100, 7, "box", n -> false, 3);
            assertEquals(start, again.attempts());
            drops.entry(again.drop().id(), new ResultRow(1, 2, SELLER, "K1", OrderStatus.ISSUED, "1", "", null, null, "", ""));
        }
        DropOpening tooMany = drops.open("local:test", "k.csv", 100, 7, "box", n -> false, 3);
        assertEquals(4, tooMany.attempts());
        List<ResultRow> kept = new ArrayList<>();
        drops.forEachResult(tooMany.drop().id(), kept::add);
        assertEquals(1, kept.size(), "set aside with the lines its last reading wrote: what it issued is reported");
    }

    @Test
    void aFailedReadingLetsGoOfItsOrders() {
        Drop d = drop("f.csv");
        submit("RD1", d, 1);
        ledger.claim(SELLER, "RD2", "yun2", d.id(), 2);
        ledger.releaseDrop(d.id());
        assertEquals(NextStep.POLL, ledger.find(SELLER, "RD1").orElseThrow().next(), "one being sent is asked about");
        assertEquals(Claim.Kind.GRANTED, ledger.claim(SELLER, "RD2", "yun2", d.id(), 2).kind(),
                "one only received is claimed again at once by the next reading, in this very process");
    }

    @Test
    void valuesThatDoNotFitAreCutNotFatal() {
        Drop d = drop("poison.csv");
        String longSeller = "9".repeat(26);
        String longOrder = "N".repeat(260);
        drops.entry(d.id(), new ResultRow(1, 2, longSeller, longOrder, OrderStatus.REJECTED, "", "", null, null, "",
                "x".repeat(5000)));
        drops.errors(d.id(), 1, longOrder, List.of(new Problem(2, "order_no", "太长".repeat(800), "too long".repeat(300))));
        List<ResultRow> rows = new ArrayList<>();
        drops.forEachResult(d.id(), rows::add);
        assertEquals(longSeller, rows.get(0).sellerTaxId());
        assertTrue(rows.get(0).orderNo().endsWith("…"));
    }

    @Test
    void errorsComeBackInInputOrder() {
        Drop d = drop("e.csv");
        drops.errors(d.id(), 2, "E2", List.of(new Problem(5, "tax_rate", "税率", "rate")));
        drops.errors(d.id(), 1, "E1", List.of(new Problem(2, "amount", "金额", "amount"), new Problem(3, "tax_code", "编码", "code")));
        List<String> seen = new ArrayList<>();
        drops.forEachError(d.id(), (orderNo, p) -> seen.add(orderNo + ":" + p.line() + ":" + p.field()));
        assertEquals(List.of("E1:2:amount", "E1:3:tax_code", "E2:5:tax_rate"), seen);
        assertEquals(3, drops.countErrors(d.id()));
        assertNull(ledger.find(SELLER, "nope").orElse(null));
    }

    @Test
    void aTokenIsRenewedOnceForEveryInstance() throws Exception {
        VendorTokens a = new VendorTokens(database);
        VendorTokens b = new VendorTokens(new LedgerDatabase(pool));
        AtomicInteger logins = new AtomicInteger();
        VendorTokens.Token first = a.renew("yun2", "acct", null, () -> new VendorTokens.Token("[t" + logins.incrementAndGet() + "]", null, null));
        assertEquals("[t1]", first.value());
        assertEquals("[t1]", b.current("yun2", "acct").orElseThrow().value());
        // both instances find [t1] refused at once: one login between them
        ExecutorService threads = Executors.newFixedThreadPool(2);
        Future<VendorTokens.Token> ra = threads.submit(() -> a.renew("yun2", "acct", "[t1]",
                () -> new VendorTokens.Token("[t" + logins.incrementAndGet() + "]", null, null)));
        Future<VendorTokens.Token> rb = threads.submit(() -> b.renew("yun2", "acct", "[t1]",
                () -> new VendorTokens.Token("[t" + logins.incrementAndGet() + "]", null, null)));
        assertEquals(ra.get().value(), rb.get().value());
        threads.shutdown();
        assertEquals(2, logins.get());
    }

    @Test
    void aLedgerServesOneMode() {
        assertEquals("sandbox", database.claimMode("sandbox"));
        assertEquals("sandbox", database.claimMode("live"), "a sandbox ledger says so to a live run");
    }

    @Test
    void aBlueInvoiceIsFoundByItsNumberAndADaysInvoicesByTheirIssueTime() {
        IssuedInvoices issued = new IssuedInvoices(database);
        submit("B1", drop("a.csv"), 1);
        submit("B2", drop("a.csv"), 2);
        submit("B3", drop("a.csv"), 3);
        ledger.outcome(SELLER, "B1", Outcome.issued("26312000000000000011", "2026-03-08 23:59:59", "", "", "ok"), null);
        ledger.outcome(SELLER, "B2", Outcome.issued("26312000000000000012", "2026-03-09 00:00:00", "", "", "ok"), null);
        ledger.outcome(SELLER, "B3", Outcome.rejected("no"), null);
        assertEquals("B1", issued.byInvoiceNo(SELLER, "26312000000000000011").orElseThrow().orderNo());
        assertTrue(issued.byInvoiceNo("91350100M000100Y43", "26312000000000000011").isEmpty(), "another seller's");
        assertEquals(List.of("B1"), issued.issuedOn(java.time.LocalDate.of(2026, 3, 8)).stream()
                .map(LedgerOrder::orderNo).toList());
        assertEquals(List.of("B2"), issued.issuedOn(java.time.LocalDate.of(2026, 3, 9)).stream()
                .map(LedgerOrder::orderNo).toList());
    }

    @Test
    void aRedFormIsRecordedWithItsSellerAndKeepsItsOrder() {
        RedFormLedger forms = new RedFormLedger(database);
        io.fapiao.vendor.RedLetterForm waiting = new io.fapiao.vendor.RedLetterForm("qixiangyun", "f1", "00000000000000000001",
                SELLER, "91330100MA27WQ8K3B", "杭州西湖茶叶有限公司", "26312000000000000011", new BigDecimal("-176.00"),
                new BigDecimal("-22.88"), false, io.fapiao.vendor.RedLetterForm.State.WAITING_FOR_BUYER,
                "销方录入待购方确认", "2026-03-09 10:00:00", "");
        forms.record(waiting, "R1");
        io.fapiao.vendor.RedLetterForm issued = new io.fapiao.vendor.RedLetterForm("qixiangyun", "f1",
                "00000000000000000001", SELLER, "91330100MA27WQ8K3B", "杭州西湖茶叶有限公司", "26312000000000000011",
                new BigDecimal("-176.00"), new BigDecimal("-22.88"), false, io.fapiao.vendor.RedLetterForm.State.ISSUED,
                "购销双方已确认", "2026-03-09 10:00:00", "26312000000000000099");
        forms.record(issued, "");
        RedFormLedger.Recorded r = forms.find("qixiangyun", "f1").orElseThrow();
        assertEquals("R1", r.orderNo(), "an update without an order keeps the order");
        assertEquals(io.fapiao.vendor.RedLetterForm.State.ISSUED, r.form().state());
        assertEquals("26312000000000000099", r.form().redInvoiceNo());
        assertEquals(new BigDecimal("-176.00"), r.form().amount());
        forms.answered("qixiangyun", "f1", true);
        assertEquals("ACCEPT", forms.find("qixiangyun", "f1").orElseThrow().sellerAnswer());
        assertEquals(1, forms.ofOrder(SELLER, "R1").size());
        assertTrue(forms.find("yun2", "f1").isEmpty());
    }

    @Test
    void aReconciliationDayIsClaimedByOneInstance() {
        Reconciliations a = new Reconciliations(database);
        Reconciliations b = new Reconciliations(new LedgerDatabase(pool));
        java.time.LocalDate day = java.time.LocalDate.of(2026, 3, 8);
        assertTrue(a.claim(day, "a"));
        assertFalse(b.claim(day, "b"));
        a.finished(day, 3, "results/reconcile-2026-03-08.csv");
        assertFalse(a.claim(day, "a"), "done");
        b.started(day, "b"); // on demand: runs anyway
        java.time.LocalDate other = java.time.LocalDate.of(2026, 3, 9);
        assertTrue(b.claim(other, "b"));
        b.failed(other);
        assertTrue(a.claim(other, "a"), "a failed run may be claimed again");
    }

    @Test
    void heldOrdersWaitForTheLoginAndAreReleasedTogetherInInputOrder() {
        Drop d = drop("held.csv");
        // the first two reached the vendor, which kept them; the other three were held before sending
        for (int i = 1; i <= 2; i++) {
            submit("H" + i, d, i);
            assertTrue(ledger.outcome(SELLER, "H" + i, io.fapiao.login.LoginNeeded.resubmit(), null));
        }
        for (int i = 3; i <= 5; i++) {
            assertEquals(Claim.Kind.GRANTED, ledger.claim(SELLER, "H" + i, "yun2", d.id(), i).kind());
            assertTrue(ledger.hold(SELLER, "H" + i, "DIGITAL_NORMAL", new BigDecimal("100.00"), new BigDecimal("13.00"),
                    "{\"order_no\":\"H" + i + "\"}", io.fapiao.login.LoginNeeded.send()));
        }
        LedgerOrder held = ledger.find(SELLER, "H3").orElseThrow();
        assertEquals(OrderStatus.PENDING, held.status());
        assertEquals(NextStep.LOGIN, held.next());
        assertEquals(io.fapiao.login.LoginNeeded.REASON, held.message());
        assertTrue(held.orderJson().contains("H3"), "kept, to be sent once the seller logged in");
        assertEquals(List.of(new Ledger.Held(SELLER, "yun2", 5)), ledger.held());
        assertTrue(ledger.takeDue(10, 5).isEmpty(), "nothing goes while the seller is logged out");

        assertEquals(0, ledger.releaseHeld(SELLER, "qixiangyun"), "only the orders at the vendor it logged in to");
        assertEquals(5, ledger.releaseHeld(SELLER, "yun2"));
        List<LedgerOrder> due = ledger.takeDue(10, 5);
        assertEquals(List.of("H1", "H2", "H3", "H4", "H5"), due.stream().map(LedgerOrder::orderNo).toList());
        assertEquals(List.of(NextStep.RESUBMIT, NextStep.RESUBMIT, NextStep.RESEND, NextStep.RESEND, NextStep.RESEND),
                due.stream().map(LedgerOrder::next).toList());
        Ledger other = new Ledger(database, Duration.ofMinutes(10), Duration.ofMinutes(2));
        assertFalse(other.resubmittingDue(SELLER, "H1"), "only the instance holding the lease sends it back");
        assertTrue(ledger.resubmittingDue(SELLER, "H1"));
        assertFalse(ledger.resubmittingDue(SELLER, "H1"), "once");
        assertTrue(ledger.resending(SELLER, "H3"));
        assertTrue(ledger.held().isEmpty());
    }

    @Test
    void sellerSessionsAreSharedByInstancesAndOldNewsIsIgnored() throws Exception {
        LoginSessions a = new LoginSessions(database);
        LoginSessions b = new LoginSessions(database);
        String reason = io.fapiao.login.LoginNeeded.REASON;
        Instant before = Instant.now();
        assertFalse(a.isDown("yun2", SELLER));
        assertEquals(LoginSessions.Change.WENT_DOWN, a.loggedOut("yun2", SELLER, reason, before, null));
        assertEquals(LoginSessions.Change.STILL_DOWN, b.loggedOut("yun2", SELLER, reason, Instant.now(), null));
        assertTrue(a.isDown("yun2", SELLER));
        b.refresh();
        assertTrue(b.isDown("yun2", SELLER), "the other instance sees it on its next refresh");

        assertTrue(a.claimNotice("yun2", SELLER, Duration.ofHours(1)), "one notice");
        assertFalse(b.claimNotice("yun2", SELLER, Duration.ofHours(1)), "not again from another instance");

        assertTrue(a.lease("yun2", SELLER, "A", Duration.ofMinutes(1)));
        assertFalse(b.lease("yun2", SELLER, "B", Duration.ofMinutes(1)), "one conversation with the vendor at a time");
        a.unlease("yun2", SELLER, "A");
        assertTrue(b.lease("yun2", SELLER, "B", Duration.ofMinutes(1)));
        Thread.sleep(5);
        Instant sentBeforeLogin = Instant.now();
        Thread.sleep(5);
        b.started("yun2", SELLER, io.fapiao.login.LoginMethod.SMS,
                io.fapiao.login.LoginStep.of(io.fapiao.login.LoginState.LOGGED_IN, "ok", "ok"), null);
        b.unlease("yun2", SELLER, "B");
        assertFalse(b.isDown("yun2", SELLER));
        a.refresh();
        assertFalse(a.isDown("yun2", SELLER));
        LoginSession up = a.find("yun2", SELLER).orElseThrow();
        assertEquals(io.fapiao.login.LoginState.LOGGED_IN, up.state());
        assertTrue(up.confirmedAt() != null && up.confirmedAt().isAfter(sentBeforeLogin));
        assertEquals(LoginSessions.Change.STALE, a.loggedOut("yun2", SELLER, reason, sentBeforeLogin, null),
                "an answer that left before the login says nothing of the session now");
        assertFalse(a.isDown("yun2", SELLER));

        Thread.sleep(5);
        Instant issuedBefore = Instant.now();
        Thread.sleep(5);
        assertEquals(LoginSessions.Change.WENT_DOWN, a.loggedOut("yun2", SELLER, reason, Instant.now(), null));
        assertFalse(a.working("yun2", SELLER, issuedBefore), "an invoice asked for before it went down proves nothing");
        assertTrue(a.isDown("yun2", SELLER));
        Thread.sleep(5);
        assertTrue(a.working("yun2", SELLER, Instant.now()), "an invoice issued since: the session works again");
        assertFalse(a.isDown("yun2", SELLER));
    }

    @Test
    void aShownQrCodeIsAskedAboutByOneInstanceAndRateLimitsAreKept() throws Exception {
        LoginSessions a = new LoginSessions(database);
        LoginSessions b = new LoginSessions(database);
        assertTrue(a.lease("jumdata", SELLER, "A", Duration.ofMinutes(1)));
        a.started("jumdata", SELLER, io.fapiao.login.LoginMethod.QR, new io.fapiao.login.LoginStep(
                io.fapiao.login.LoginState.QR_READY, "扫码", "scan", "qrcode_id=x", java.util.Map.of("qrcodeId", "Q1"),
                Duration.ZERO, false), Instant.now());
        a.unlease("jumdata", SELLER, "A");
        List<LoginSession> taken = a.takeDue("A", Duration.ofMinutes(1), 10);
        assertEquals(1, taken.size());
        assertEquals("Q1", taken.get(0).handles().get("qrcodeId"));
        assertEquals("qrcode_id=x", taken.get(0).qrContent());
        assertTrue(b.takeDue("B", Duration.ofMinutes(1), 10).isEmpty(), "one instance asks");
        a.stepped("jumdata", SELLER, new io.fapiao.login.LoginStep(io.fapiao.login.LoginState.FAILED, "频繁", "too often", "",
                java.util.Map.of(), Duration.ofMinutes(5), false), taken.get(0).handles(), Instant.now());
        a.unlease("jumdata", SELLER, "A");
        LoginSession limited = a.find("jumdata", SELLER).orElseThrow();
        assertTrue(limited.rateLimited(Instant.now()));
        assertEquals("", limited.qrContent(), "the QR code is gone with the login it belonged to");
        assertTrue(b.takeDue("B", Duration.ofMinutes(1), 10).isEmpty(), "not asked before the vendor allows it");
    }

    @Test
    void uploadsAreKeptUntilTheirLatestContentWasUploaded() throws Exception {
        UploadLedger box = new UploadLedger(database, "a:work/outbox");
        UploadLedger otherBox = new UploadLedger(database, "b:work/outbox");
        box.request("shanghai", "pdf/A1_1.pdf");
        Thread.sleep(5);
        box.request("shanghai", "results/orders.csv.result.csv");
        box.request("shanghai", "pdf/A1_1.pdf");
        assertEquals(2, box.pending().size(), "asked for twice: one record");
        assertTrue(otherBox.pending().isEmpty(), "another instance's outbox has its own records");

        Instant now = Instant.now();
        List<io.fapiao.sftp.Upload> due = box.due(now, 10);
        assertEquals(List.of("results/orders.csv.result.csv", "pdf/A1_1.pdf"),
                due.stream().map(io.fapiao.sftp.Upload::path).toList(), "the drop's result file first");
        assertEquals(1, box.due(now, 1).size());

        io.fapiao.sftp.Upload pdf = due.get(1);
        box.failed(pdf, "connection refused", now.plusSeconds(60));
        io.fapiao.sftp.Upload failed = box.pending().stream().filter(u -> u.path().equals("pdf/A1_1.pdf"))
                .findFirst().orElseThrow();
        assertEquals(1, failed.attempts());
        assertEquals("connection refused", failed.lastError());
        assertEquals(1, box.due(now, 10).size(), "not due before its retry time");
        assertEquals(2, box.due(now.plusSeconds(61), 10).size());

        io.fapiao.sftp.Upload result = due.get(0);
        box.request("shanghai", "results/orders.csv.result.csv");
        box.succeeded(result);
        assertEquals(2, box.pending().size(), "rewritten while it was uploaded: uploaded once more");
        io.fapiao.sftp.Upload again = box.due(Instant.now(), 10).get(0);
        assertEquals(result.generation() + 1, again.generation());
        box.succeeded(again);
        box.succeeded(failed);
        assertTrue(box.pending().isEmpty());
    }
}

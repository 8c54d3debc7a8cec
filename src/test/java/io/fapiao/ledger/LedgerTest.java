package io.fapiao.ledger;

import io.fapiao.order.OrderStatus;
import io.fapiao.order.Outcome;
import io.fapiao.order.Problem;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The ledger on a real H2 file database. */
class LedgerTest {

    private static final String SELLER = "91310115MA1K4B2X34";

    @TempDir
    Path dir;
    private JdbcConnectionPool pool;
    private Ledger ledger;

    @BeforeEach
    void open() {
        pool = JdbcConnectionPool.create("jdbc:h2:file:" + dir.resolve("ledger").toAbsolutePath(), "", "");
        ledger = new Ledger(pool, Duration.ofMinutes(10));
        ledger.migrate();
        ledger.migrate();
    }

    @AfterEach
    void close() {
        pool.dispose();
    }

    @Test
    void aNewOrderIsGrantedAndAnIssuedOneIsReportedAgain() {
        Drop first = ledger.openDrop("local", "a.csv");
        assertEquals(Claim.Kind.GRANTED, ledger.claim(SELLER, "O1", "yun2", first.id(), 1).kind());
        ledger.submitting(SELLER, "O1", "021", new BigDecimal("100.00"), new BigDecimal("13.00"), "{}");
        ledger.outcome(SELLER, "O1", Outcome.issued("26312000000000000001", "2026-11-22", "123", "/u", "ok"), null);
        Drop second = ledger.openDrop("local", "a.csv");
        Claim again = ledger.claim(SELLER, "O1", "yun2", second.id(), 1);
        assertEquals(Claim.Kind.KNOWN, again.kind());
        assertEquals("26312000000000000001", again.existing().invoiceNo());
        assertEquals(new BigDecimal("100.00"), again.existing().totalAmount());
    }

    @Test
    void rejectedAndFailedOrdersMayBeSentAgain() {
        Drop d = ledger.openDrop("local", "a.csv");
        ledger.claim(SELLER, "O2", "yun2", d.id(), 1);
        ledger.outcome(SELLER, "O2", Outcome.rejected("bad"), null);
        ledger.claim(SELLER, "O3", "yun2", d.id(), 2);
        ledger.outcome(SELLER, "O3", Outcome.failed("down"), null);
        Drop d2 = ledger.openDrop("local", "b.csv");
        assertEquals(Claim.Kind.GRANTED, ledger.claim(SELLER, "O2", "yun2", d2.id(), 1).kind());
        assertEquals(Claim.Kind.GRANTED, ledger.claim(SELLER, "O3", "yun2", d2.id(), 2).kind());
    }

    @Test
    void anOrderBeingSentIsInFlightForOthersAndRepeatedWithinItsInput() {
        Drop d = ledger.openDrop("local", "a.csv");
        ledger.claim(SELLER, "O4", "yun2", d.id(), 1);
        ledger.submitting(SELLER, "O4", "021", BigDecimal.ONE, BigDecimal.ZERO, "{}");
        assertEquals(Claim.Kind.REPEATED_IN_INPUT, ledger.claim(SELLER, "O4", "yun2", d.id(), 7).kind());
        Drop other = ledger.openDrop("local", "b.csv");
        assertEquals(Claim.Kind.IN_FLIGHT, ledger.claim(SELLER, "O4", "yun2", other.id(), 1).kind());
        assertEquals(1, ledger.releaseAll());
        assertEquals(Claim.Kind.GRANTED, ledger.claim(SELLER, "O4", "yun2", other.id(), 1).kind(),
                "an order left half-way by a dead process is taken over");
    }

    @Test
    void parallelClaimsOfOneOrderGrantItOnce() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(8);
        List<Future<Claim.Kind>> claims = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            long drop = ledger.openDrop("local", "p" + i + ".csv").id();
            claims.add(threads.submit(() -> ledger.claim(SELLER, "RACE", "yun2", drop, 1).kind()));
        }
        int granted = 0;
        for (Future<Claim.Kind> c : claims) {
            granted += c.get() == Claim.Kind.GRANTED ? 1 : 0;
        }
        threads.shutdown();
        assertEquals(1, granted);
    }

    @Test
    void pendingOrdersAreDueForPollingAndSettleEveryDropHoldingThem() {
        Drop a = ledger.openDrop("local", "a.csv");
        ledger.claim(SELLER, "P1", "yun2", a.id(), 1);
        ledger.outcome(SELLER, "P1", Outcome.pending("issuing"), java.time.Instant.now().minusSeconds(1));
        ledger.entry(a.id(), new ResultRow(1, 2, SELLER, "P1", OrderStatus.PENDING, "", "", BigDecimal.TEN,
                BigDecimal.ONE, "", "issuing"));
        Drop b = ledger.openDrop("local", "b.csv");
        ledger.entry(b.id(), new ResultRow(1, 2, SELLER, "P1", OrderStatus.PENDING, "", "", BigDecimal.TEN,
                BigDecimal.ONE, "", "issuing"));
        assertEquals(1, ledger.duePolls(10, 30).size());
        List<Long> drops = ledger.settleEntries(SELLER, "P1",
                Outcome.issued("26312000000000000002", "2026-11-22", "", "", "issued"), "pdf/P1_2.pdf");
        assertEquals(List.of(a.id(), b.id()), drops.stream().sorted().toList());
        List<ResultRow> rows = new ArrayList<>();
        ledger.forEachResult(b.id(), rows::add);
        assertEquals(OrderStatus.ISSUED, rows.get(0).status());
        assertEquals("pdf/P1_2.pdf", rows.get(0).pdf());
    }

    @Test
    void errorsComeBackInInputOrder() {
        Drop d = ledger.openDrop("local", "e.csv");
        ledger.errors(d.id(), 2, "E2", List.of(new Problem(5, "tax_rate", "税率", "rate")));
        ledger.errors(d.id(), 1, "E1", List.of(new Problem(2, "amount", "金额", "amount"),
                new Problem(3, "tax_code", "编码", "code")));
        List<String> seen = new ArrayList<>();
        ledger.forEachError(d.id(), (orderNo, p) -> seen.add(orderNo + ":" + p.line() + ":" + p.field()));
        assertEquals(List.of("E1:2:amount", "E1:3:tax_code", "E2:5:tax_rate"), seen);
        assertEquals(3, ledger.countErrors(d.id()));
        assertNull(ledger.find(SELLER, "nope").orElse(null));
    }
}

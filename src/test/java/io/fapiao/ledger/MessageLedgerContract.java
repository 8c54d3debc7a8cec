package io.fapiao.ledger;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What order messages keep in the ledger (V5), on each database the bundle supports. */
abstract class MessageLedgerContract {

    private HikariDataSource pool;
    private LedgerDatabase database;
    private MessageLedger messages;

    abstract String freshUrl();

    String user() {
        return "";
    }

    @BeforeEach
    void open() {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(freshUrl());
        c.setUsername(user());
        c.setMaximumPoolSize(4);
        pool = new HikariDataSource(c);
        database = new LedgerDatabase(pool);
        database.migrate();
        messages = new MessageLedger(database);
    }

    @AfterEach
    void close() {
        pool.close();
    }

    private static List<String> orders(List<MessageLedger.Waiting> taken) {
        return taken.stream().map(w -> w.orderNo() + ":" + w.status()).toList();
    }

    @Test
    void theCorrelationOfAnOrderMessageIsKeptForItsDrop() {
        messages.received("message:a", "{\"JMSCorrelationID\":\"erp-1\"}");
        assertEquals("{\"JMSCorrelationID\":\"erp-1\"}", messages.correlation("message:a").orElseThrow());
        assertTrue(messages.correlation("message:b").isEmpty());
    }

    @Test
    void aPendingOrderIsNewsOnceAndItsSettlingIsNewsAgain() {
        messages.received("message:a", "{}");
        assertTrue(messages.news("message:a", "PENDING"));
        assertFalse(messages.news("message:a", "PENDING"), "a new reason for the same PENDING is not news");
        assertTrue(messages.news("message:a", "ISSUED"));
        assertTrue(messages.news("message:a", "ISSUED"), "an issued order told again (its PDF came) is");
        assertFalse(messages.news("message:unknown", "ISSUED"), "a drop that did not come as a message");
    }

    @Test
    void outcomeMessagesLeaveOldestFirstAndNeverOvertakeAnOlderOneOfTheSameOrder() {
        messages.queue("message:a", "A", "PENDING", "{}", "{\"status\":\"PENDING\"}");
        messages.queue("message:b", "B", "ISSUED", "{}", "{}");
        messages.queue("message:a", "A", "ISSUED", "{}", "{\"status\":\"ISSUED\"}");
        List<MessageLedger.Waiting> first = messages.takeDue(10, Duration.ofMinutes(1));
        assertEquals(List.of("A:PENDING", "B:ISSUED"), orders(first), "A's ISSUED waits for A's PENDING");
        assertEquals(List.of(), orders(messages.takeDue(10, Duration.ofMinutes(1))), "taken ones are leased");

        // A's PENDING could not be sent: it waits, and A's ISSUED with it; B went out
        messages.failed(first.get(0).id(), Instant.now().plusSeconds(60), "broker down");
        messages.sent(first.get(1).id());
        assertEquals(List.of(), orders(messages.takeDue(10, Duration.ofMinutes(1))));
        assertEquals(2, messages.waitingCount());
        assertTrue(messages.nextDue().orElseThrow().isAfter(Instant.now().plusSeconds(30)));

        messages.failed(first.get(0).id(), Instant.now().minusSeconds(1), "broker down");
        List<MessageLedger.Waiting> again = messages.takeDue(10, Duration.ofMinutes(1));
        assertEquals(List.of("A:PENDING"), orders(again));
        assertEquals(2, again.get(0).attempts());
        assertEquals("{\"status\":\"PENDING\"}", again.get(0).body());
        messages.sent(again.get(0).id());
        assertEquals(List.of("A:ISSUED"), orders(messages.takeDue(10, Duration.ofMinutes(1))));
    }

    @Test
    void aMessageReleasedOrWhoseLeaseEndedIsTakenAgain() {
        messages.queue("message:a", "A", "ISSUED", "{}", "{}");
        MessageLedger other = new MessageLedger(database);
        MessageLedger.Waiting taken = messages.takeDue(10, Duration.ofMillis(1)).get(0);
        sleep(20);
        assertEquals(List.of("A:ISSUED"), orders(other.takeDue(10, Duration.ofMinutes(1))), "the lease ended");
        assertEquals(List.of(), orders(messages.takeDue(10, Duration.ofMinutes(1))));
        messages.release(taken.id());
        assertEquals(List.of(), orders(messages.takeDue(10, Duration.ofMinutes(1))), "only the holder releases");
    }

    @Test
    void anOrderNumberIsLookedUpAcrossSellers() {
        Ledger ledger = new Ledger(database, Duration.ofMinutes(10), Duration.ofMinutes(2));
        DropLedger drops = new DropLedger(database);
        Drop d = drops.open("api:x", "SHARED.json", -1, -1, "box", n -> false).drop();
        ledger.claim("91350100M000100Y43", "SHARED", "yun2", d.id(), 1);
        ledger.claim("91310115MA1K4B2X34", "SHARED", "yun2", d.id(), 2);
        ledger.claim("91310115MA1K4B2X34", "OTHER", "yun2", d.id(), 3);
        assertEquals(List.of("91310115MA1K4B2X34", "91350100M000100Y43"),
                ledger.findAll("SHARED").stream().map(LedgerOrder::sellerTaxId).toList());
        assertEquals(List.of(), ledger.findAll("NONE"));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

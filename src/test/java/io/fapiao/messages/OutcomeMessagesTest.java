package io.fapiao.messages;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.fapiao.api.HealthBoard;
import io.fapiao.ledger.LedgerDatabase;
import io.fapiao.ledger.MessageLedger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sender of outcome messages: nothing lost while the broker is away, order kept, no busy loop, health told. */
class OutcomeMessagesTest {

    @TempDir
    Path dir;
    private HikariDataSource pool;
    private MessageLedger ledger;
    private final HealthBoard health = new HealthBoard();
    private final List<String> sent = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger attempts = new AtomicInteger();
    private final AtomicBoolean brokerUp = new AtomicBoolean(true);
    private OutcomeMessages outcomes;

    @BeforeEach
    void open() {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl("jdbc:h2:file:" + dir.resolve("ledger").toAbsolutePath());
        pool = new HikariDataSource(c);
        LedgerDatabase database = new LedgerDatabase(pool);
        database.migrate();
        ledger = new MessageLedger(database);
        outcomes = new OutcomeMessages(ledger, m -> {
            attempts.incrementAndGet();
            if (!brokerUp.get()) {
                throw new IllegalStateException("AMQ219007: Cannot connect to amqp://erp:s3cret@mq.example.cn:5672");
            }
            sent.add(m.orderNo() + ":" + m.status());
        }, health, Duration.ofMillis(50), Duration.ofMillis(200));
    }

    @AfterEach
    void close() {
        outcomes.close();
        pool.close();
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    @Test
    void whileTheBrokerIsAwayOutcomesWaitInOrderAndGoOutWhenItIsBack() throws Exception {
        outcomes.start();
        brokerUp.set(false);
        outcomes.queue("message:a", "A", "PENDING", "{}", "{}");
        outcomes.queue("message:b", "B", "ISSUED", "{}", "{}");
        outcomes.queue("message:a", "A", "ISSUED", "{}", "{}");
        await(() -> !health.allUp(), "the health board to say so");
        String reason = health.parts().get("messages").reason();
        assertTrue(reason.contains("outcome messages"), reason);
        assertFalse(reason.contains("s3cret"), "no password of a broker URL: " + reason);

        Thread.sleep(600);
        int tried = attempts.get();
        assertTrue(tried <= 20, "tried again with pauses, not in a busy loop: " + tried + " attempts in 0.6 s");
        assertEquals(3, ledger.waitingCount(), "nothing lost");

        brokerUp.set(true);
        await(() -> sent.size() == 3, "every outcome message once the broker is back");
        assertTrue(sent.indexOf("A:PENDING") < sent.indexOf("A:ISSUED"), "PENDING before ISSUED: " + sent);
        await(health::allUp, "the health board to say all went out");
        assertEquals(0, ledger.waitingCount());
    }

    @Test
    void whatAPreviousRunLeftIsSentAtStart() throws Exception {
        ledger.queue("message:a", "A", "ISSUED", "{}", "{}");
        outcomes.start();
        await(() -> sent.size() == 1, "the message left by the last run");
        assertEquals(List.of("A:ISSUED"), sent);
    }

    @Test
    void pausesDoubleUpToTheLongest() {
        assertEquals(Duration.ofMillis(50), outcomes.pause(1));
        assertEquals(Duration.ofMillis(100), outcomes.pause(2));
        assertEquals(Duration.ofMillis(200), outcomes.pause(3));
        assertEquals(Duration.ofMillis(200), outcomes.pause(30));
    }
}

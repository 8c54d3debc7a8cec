package io.fapiao.messages;

import io.fapiao.api.HealthBoard;
import io.fapiao.ledger.MessageLedger;
import org.apache.camel.util.concurrent.CamelThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The outcome messages on their way to {@code fapiao.messages.outcome-uri}. Each is kept in the ledger first and
 * sent from there by one thread, oldest first per order; it leaves the ledger only once the broker took it. A send
 * that fails (after the {@code message-outcome} route's own retries) is tried again later with doubling pauses, and
 * the health board says so until every waiting message went out; a restart sends whatever was left.
 */
public final class OutcomeMessages implements AutoCloseable {

    /** Sends one outcome message; throws when the broker did not take it. */
    public interface Sender {
        void send(MessageLedger.Waiting message) throws Exception;
    }

    static final String HEALTH = "messages";
    private static final Logger LOG = LoggerFactory.getLogger(OutcomeMessages.class);
    private static final Duration LEASE = Duration.ofMinutes(2);
    private static final int BATCH = 50;

    private final MessageLedger ledger;
    private final Sender sender;
    private final HealthBoard health;
    private final Duration firstPause;
    private final Duration longestPause;
    private final AtomicBoolean draining = new AtomicBoolean();
    private final ScheduledExecutorService thread =
            Executors.newSingleThreadScheduledExecutor(new CamelThreadFactory("#name#", "message-outcomes", true));

    /**
     * @param firstPause   the pause before a message that could not be sent is tried again; it doubles per attempt
     * @param longestPause the longest such pause, and how often the ledger is looked at when nothing woke the sender
     */
    public OutcomeMessages(MessageLedger ledger, Sender sender, HealthBoard health, Duration firstPause,
                           Duration longestPause) {
        this.ledger = ledger;
        this.sender = sender;
        this.health = health;
        this.firstPause = firstPause;
        this.longestPause = longestPause;
    }

    /** Starts sending: what a previous run left first, then whatever is queued. */
    public void start() {
        thread.scheduleWithFixedDelay(this::wake, 0, longestPause.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Keeps an outcome message in the ledger and wakes the sender; answers once it is kept. */
    public void queue(String channel, String orderNo, String status, String correlation, String body) {
        ledger.queue(channel, orderNo, status, correlation, body);
        wake();
    }

    void wake() {
        if (draining.compareAndSet(false, true)) {
            try {
                thread.execute(this::drain);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // stopping: what is queued is sent by the next run
                draining.set(false);
            }
        }
    }

    private void drain() {
        draining.set(false);
        try {
            List<MessageLedger.Waiting> due;
            while (!(due = ledger.takeDue(BATCH, LEASE)).isEmpty()) {
                for (int i = 0; i < due.size(); i++) {
                    if (!send(due.get(i))) {
                        // the broker is probably away: the rest wait for the next round
                        due.subList(i + 1, due.size()).forEach(w -> ledger.release(w.id()));
                        later(firstPause);
                        return;
                    }
                }
            }
            if (ledger.waitingCount() == 0) {
                health.up(HEALTH);
            } else {
                // never sooner than the first pause: what is due now was just taken, or is another sender's
                Duration until = ledger.nextDue().map(at -> Duration.between(Instant.now(), at)).orElse(longestPause);
                later(until.compareTo(firstPause) < 0 ? firstPause : until);
            }
        } catch (RuntimeException e) {
            LOG.warn("Outcome messages: the ledger could not be read ({}); trying again later", e.getMessage());
            later(firstPause);
        }
    }

    private boolean send(MessageLedger.Waiting m) {
        try {
            sender.send(m);
        } catch (Exception e) {
            String why = safe(e);
            Duration pause = pause(m.attempts() + 1);
            ledger.failed(m.id(), Instant.now().plus(pause), why);
            int left = ledger.waitingCount();
            health.down(HEALTH, left + " 条结果消息未能发出，稍后重试 / " + left + " outcome messages could not be sent "
                    + "yet and are tried again (" + why + ")");
            LOG.warn("Order {}: its {} outcome message could not be sent ({}); kept, tried again in {} ms", m.orderNo(),
                    m.status(), why, pause.toMillis());
            return false;
        }
        ledger.sent(m.id());
        if (m.attempts() > 0) {
            LOG.info("Order {}: its {} outcome message was sent after {} failed attempts", m.orderNo(), m.status(),
                    m.attempts());
        }
        return true;
    }

    /** The failure in one line, with any credentials of a broker URL masked. */
    static String safe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        m = m.replaceAll("//[^/@\\s]+@", "//***@").replaceAll("(?i)(password|passwd|secret|token)=[^&;\\s]*", "$1=***");
        int cut = m.indexOf('\n');
        m = cut >= 0 ? m.substring(0, cut) : m;
        return m.length() > 300 ? m.substring(0, 299) + "…" : m;
    }

    /** Doubling from the first pause, never above the longest. */
    Duration pause(int attempts) {
        long ms = firstPause.toMillis() << Math.min(Math.max(attempts - 1, 0), 20);
        return Duration.ofMillis(Math.min(ms, longestPause.toMillis()));
    }

    private void later(Duration delay) {
        long ms = Math.max(10, Math.min(delay.toMillis(), longestPause.toMillis()));
        try {
            thread.schedule(this::wake, ms, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // stopping
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}

package io.fapiao.flow;

import io.fapiao.ledger.Ledger;
import io.fapiao.ledger.LedgerOrder;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Starts the {@code poll-pending} route when pending orders are due, and only then: an idle bundle makes no exchanges,
 * so {@code camel.main.duration-max-idle-seconds} can stop it once its work is done.
 */
public final class PollTrigger implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PollTrigger.class);

    private final Ledger ledger;
    private final ProducerTemplate template;
    private final int batch;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "poll-trigger");
        t.setDaemon(true);
        return t;
    });

    public PollTrigger(Ledger ledger, ProducerTemplate template, int batch) {
        this.ledger = ledger;
        this.template = template;
        this.batch = batch;
    }

    public void start(long periodMs) {
        timer.scheduleWithFixedDelay(this::tick, periodMs, periodMs, TimeUnit.MILLISECONDS);
    }

    private void tick() {
        try {
            List<LedgerOrder> due = ledger.duePolls(batch, Polling.MAX_PDF_ATTEMPTS);
            if (!due.isEmpty()) {
                template.sendBody("direct:poll-pending", due);
            }
        } catch (RuntimeException e) {
            LOG.warn("Polling pending orders failed: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}

package io.fapiao.flow;

import io.fapiao.ledger.Ledger;
import io.fapiao.ledger.LedgerOrder;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.util.concurrent.CamelThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The bundle's clock. Every tick it takes the orders whose time has come (under a lease, so instances sharing a
 * ledger never work on one order at once) and starts the {@code poll-pending} route with them, takes over orders a
 * stopped instance left half-way (a shared ledger), and writes again the result files of this outbox's drops whose
 * orders settled. An idle bundle makes no exchanges, so {@code camel.main.duration-max-idle-seconds} can stop it
 * once its work is done.
 */
public final class PollTrigger implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PollTrigger.class);

    private final Ledger ledger;
    private final ResultFiles results;
    private final ProducerTemplate template;
    private final int batch;
    private final boolean sharedLedger;
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(new CamelThreadFactory("#name#", "poll-trigger", true));
    private long ticks;

    public PollTrigger(Ledger ledger, ResultFiles results, ProducerTemplate template, int batch, boolean sharedLedger) {
        this.ledger = ledger;
        this.results = results;
        this.template = template;
        this.batch = batch;
        this.sharedLedger = sharedLedger;
    }

    public void start(long periodMs) {
        timer.scheduleWithFixedDelay(this::tick, periodMs, periodMs, TimeUnit.MILLISECONDS);
    }

    void tick() {
        try {
            if (sharedLedger && ticks++ % 10 == 0) {
                int taken = ledger.releaseAbandoned(false);
                if (taken > 0) {
                    LOG.info("Ledger: {} orders another instance was sending when it stopped are now asked about at "
                            + "their vendor", taken);
                }
            }
            List<LedgerOrder> due = ledger.takeDue(batch, Polling.MAX_PDF_ATTEMPTS);
            if (!due.isEmpty()) {
                template.sendBody("direct:poll-pending", due);
            }
            results.renderStale();
        } catch (RuntimeException e) {
            LOG.warn("Polling pending orders failed: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}

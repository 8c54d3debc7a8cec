package io.fapiao.flow;

import io.fapiao.ledger.Drop;
import io.fapiao.order.OrderStatus;
import org.apache.camel.util.concurrent.CamelThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a person sees while drops run: every {@code fapiao.progress.interval-ms} one line per input still being worked
 * on (lines read, orders issued / pending / rejected / failed, orders per second, time left), and one summary line
 * when it is done. Counting is a few adders per order; one scheduled task logs for every input in flight, and an input
 * leaves the board when it is done. Inputs of one order (a message, an API call) get no progress line: their order's
 * own line says it all.
 */
public final class ProgressBoard implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProgressBoard.class);

    private final long intervalNanos;
    private final Map<Long, Progress> inFlight = new ConcurrentHashMap<>();
    private ScheduledExecutorService clock;

    /** @param interval how often the inputs in flight are reported; zero turns progress lines off */
    public ProgressBoard(Duration interval) {
        this.intervalNanos = Math.max(0, interval.toNanos());
    }

    /** Starts the one task that reports every input in flight (nothing when progress lines are off). */
    public synchronized void start() {
        if (intervalNanos == 0 || clock != null) {
            return;
        }
        clock = Executors.newSingleThreadScheduledExecutor(new CamelThreadFactory("#name#", "fapiao-progress", true));
        clock.scheduleAtFixedRate(this::report, intervalNanos, intervalNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public synchronized void close() {
        if (clock != null) {
            clock.shutdownNow();
            clock = null;
        }
        inFlight.clear();
    }

    /** An input starts being read (again: a second attempt starts afresh). */
    public Progress open(Drop drop, long size) {
        Progress p = new Progress(drop, size, System.nanoTime());
        inFlight.put(drop.id(), p);
        return p;
    }

    /** The input's reading stream, counted: how far into the file the reader is gives the time left. */
    InputStream counted(Drop drop, InputStream in) {
        Progress p = inFlight.get(drop.id());
        return p == null ? in : new Counted(in, p);
    }

    /** One order of the input was read; {@code line} is the input line it ended on. */
    void read(Drop drop, long line) {
        Progress p = inFlight.get(drop.id());
        if (p != null) {
            p.ordersRead.increment();
            p.line = Math.max(p.line, line);
        }
    }

    /** One order of the input has its outcome (the line in its result file). */
    void outcome(Drop drop, OrderStatus status) {
        Progress p = inFlight.get(drop.id());
        if (p != null) {
            p.count(status).increment();
        }
    }

    /** The input is done: it leaves the board; answers its progress (null when it was never on it). */
    Progress done(Drop drop) {
        return inFlight.remove(drop.id());
    }

    /**
     * The input's summary line once it is done, and it leaves the board: lines, the orders by outcome as its result
     * file has them, time taken, rate, and where its results went.
     */
    String summary(Drop drop, Map<OrderStatus, Integer> counts, String where) {
        Progress p = done(drop);
        int orders = counts.values().stream().mapToInt(Integer::intValue).sum();
        StringBuilder line = new StringBuilder();
        if (p != null && p.line > 0) {
            line.append(p.line).append(" lines, ");
        }
        line.append(orders).append(orders == 1 ? " order" : " orders").append(" — ")
                .append(counts.getOrDefault(OrderStatus.ISSUED, 0)).append(" issued, ")
                .append(counts.getOrDefault(OrderStatus.PENDING, 0)).append(" pending, ")
                .append(counts.getOrDefault(OrderStatus.REJECTED, 0)).append(" rejected, ")
                .append(counts.getOrDefault(OrderStatus.FAILED, 0)).append(" failed");
        if (p != null) {
            double s = p.elapsed().toNanos() / 1e9;
            line.append("; ").append(seconds(s));
            if (s > 0 && orders > 0) {
                line.append(String.format(Locale.ROOT, ", %.1f orders/s", orders / s));
            }
        }
        return line.append("; ").append(where).toString();
    }

    /** Whether the input carries a single order (a message, an API call): its summary is for debugging only. */
    static boolean oneOrder(Drop drop) {
        return drop.kind().equals("message") || drop.kind().equals("api");
    }

    /** The inputs on the board: a drop that never leaves it would be a leak. */
    public int inFlight() {
        return inFlight.size();
    }

    private void report() {
        long now = System.nanoTime();
        for (Progress p : inFlight.values()) {
            try {
                if (!p.oneOrder && now - p.startedAt >= intervalNanos) {
                    LOG.info("File {}: {}", p.drop.fileName(), p.line(now));
                }
            } catch (RuntimeException e) {
                // the progress line is a courtesy: it never stops the clock for the other inputs
                LOG.debug("progress of {} not reported: {}", p.drop.fileName(), e.getMessage());
            }
        }
    }

    /** One input's counters. Outcomes come from the issuing threads (adders); reading is one thread (volatile). */
    public static final class Progress {

        final Drop drop;
        final long size;
        final long startedAt;
        final boolean oneOrder;
        final LongAdder ordersRead = new LongAdder();
        final LongAdder issued = new LongAdder();
        final LongAdder pending = new LongAdder();
        final LongAdder rejected = new LongAdder();
        final LongAdder failed = new LongAdder();
        volatile long line;
        volatile long bytesRead;
        /** When the progress line was last written and the orders done then: only the reporting thread uses them. */
        private long reportedAt;
        private long reportedDone;

        Progress(Drop drop, long size, long startedAt) {
            this.drop = drop;
            this.size = size;
            this.startedAt = startedAt;
            this.reportedAt = startedAt;
            this.oneOrder = ProgressBoard.oneOrder(drop);
        }

        LongAdder count(OrderStatus status) {
            return switch (status) {
                case ISSUED -> issued;
                case REJECTED -> rejected;
                case FAILED -> failed;
                default -> pending;
            };
        }

        long done() {
            return issued.sum() + pending.sum() + rejected.sum() + failed.sum();
        }

        /** The input's lines read so far. */
        public long lines() {
            return line;
        }

        /** How long it has been worked on. */
        public Duration elapsed() {
            return Duration.ofNanos(System.nanoTime() - startedAt);
        }

        /**
         * The progress line: counts, the rate since the line before (the speed now, not dragged down by a slow start),
         * and the time left at that rate.
         */
        String line(long now) {
            long done = done();
            double seconds = (now - reportedAt) / 1e9;
            double rate = seconds > 0 ? (done - reportedDone) / seconds : 0;
            reportedAt = now;
            reportedDone = done;
            return String.format(Locale.ROOT, "%d lines read, %d orders done — %d issued, %d pending, %d rejected, "
                            + "%d failed; %.1f orders/s, %s", line, done, issued.sum(), pending.sum(), rejected.sum(),
                    failed.sum(), rate, timeLeft(done, rate));
        }

        /**
         * The orders the whole input holds, guessed from how far into it the reader is, less those done, at the rate
         * so far. Unknown without the input's size or before the first outcome.
         */
        private String timeLeft(long done, double rate) {
            long read = ordersRead.sum();
            if (size <= 0 || bytesRead <= 0 || rate <= 0) {
                return "time left unknown";
            }
            double share = Math.min(1.0, (double) bytesRead / size);
            double expected = Math.max(read, read / share);
            return "about " + seconds(Math.max(0, expected - done) / rate) + " left";
        }
    }

    /** A duration as a person reads it: {@code 50 ms}, {@code 0.5 s}, {@code 12 s}, {@code 3 min 5 s}. */
    static String seconds(double s) {
        if (s < 0.1) {
            return Math.round(s * 1000) + " ms";
        }
        if (s < 10) {
            return String.format(Locale.ROOT, "%.1f s", s);
        }
        long whole = Math.round(s);
        return whole < 60 ? whole + " s" : whole / 60 + " min " + whole % 60 + " s";
    }

    /** The bytes the reader took from the input (its reading is one thread). */
    private static final class Counted extends FilterInputStream {

        private final Progress progress;

        Counted(InputStream in, Progress progress) {
            super(in);
            this.progress = progress;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                progress.bytesRead++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                progress.bytesRead += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            progress.bytesRead += skipped;
            return skipped;
        }
    }
}

package io.fapiao.sandbox;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The tax bureau's number range, shared by every simulator in the process. Real invoice numbers are unique across
 * vendors, so a test that issues through two simulated vendors never sees one number twice.
 */
public final class InvoiceNumbers {

    // started from the clock so that a restarted sandbox does not hand out yesterday's numbers again
    private static final AtomicLong NEXT = new AtomicLong(System.currentTimeMillis() % 1_000_000_000L * 100);

    private InvoiceNumbers() {
    }

    /** The next sequence number; the simulator formats it the way its vendor's invoices look. */
    public static long next() {
        return NEXT.incrementAndGet();
    }
}

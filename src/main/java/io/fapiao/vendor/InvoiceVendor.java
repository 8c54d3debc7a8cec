package io.fapiao.vendor;

import io.fapiao.config.Seller;
import io.fapiao.ledger.LedgerOrder;
import io.fapiao.order.Order;
import io.fapiao.order.Outcome;

/**
 * What the flows ask of a vendor that issues invoices. Each implementation sends its calls through its own route
 * file ({@code vendor-<key>.camel.yaml}), so the vendor's calls, throttle and retries read in the vendor's words;
 * this interface is the checked contract between those routes and the vendor-neutral flows, and
 * {@code InvoiceVendorContract} (tests) runs the same suite against every vendor's simulator.
 *
 * <p>No method throws for vendor trouble: each decides what the trouble means for the order. The rule that keeps
 * "nothing issued twice" is the vendor's to apply: an answer that may mean the vendor has the order is PENDING
 * (asked about later, {@link io.fapiao.order.NextStep#POLL}), and FAILED only when nothing can have been issued.
 */
public interface InvoiceVendor {

    /**
     * The exchange property naming the order a vendor call is for (its order number): an implementation sets it on
     * the exchanges it sends its routes, so that lines logged about the call (a retry) say which order it was.
     */
    String ORDER_NO = "fapiaoOrderNo";

    Vendor key();

    /** Sends one checked order for issuing. */
    Outcome issue(Order order, Seller seller);

    /**
     * Asks about an order whose outcome is not settled: accepted and still issuing, or unknown after a timeout or a
     * stop. FAILED only when the vendor confirms it does not have the order and no answer can still be on its way.
     */
    Outcome poll(LedgerOrder order, Seller seller);

    /** Sends back to issuing an order the vendor holds (for review, or until the seller logged in again). */
    Outcome resubmit(LedgerOrder order, Seller seller);

    /** The invoice's PDF as the vendor serves it; throws when it cannot be fetched now (it is tried again later). */
    byte[] invoiceFile(LedgerOrder order, Seller seller);
}

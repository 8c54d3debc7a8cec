package io.fapiao.ledger;

import io.fapiao.order.NextStep;
import io.fapiao.order.OrderStatus;
import io.fapiao.order.Outcome;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One order as the ledger knows it: unique per (seller, order number).
 *
 * @param invoiceType  the canonical {@link io.fapiao.order.InvoiceType} name, "" before the order was checked
 * @param next         what a PENDING order waits for; null otherwise
 * @param vendorRef    the vendor's own handle of the order, "" when it gave none
 * @param submittedAt  when the order was last sent to its vendor, or null
 * @param owner        the process working on it while it is RECEIVED or SUBMITTING; null when none is
 */
public record LedgerOrder(
        String sellerTaxId,
        String orderNo,
        String vendor,
        String invoiceType,
        OrderStatus status,
        String invoiceNo,
        String issuedAt,
        BigDecimal totalAmount,
        BigDecimal totalTax,
        String checkCode,
        String pdfUrl,
        String pdfFile,
        String message,
        NextStep next,
        String vendorRef,
        long dropId,
        int dropSeq,
        String orderJson,
        int polls,
        Instant nextPollAt,
        Instant submittedAt,
        Instant updatedAt,
        String owner) {

    /** The outcome as it stands in the ledger. */
    public Outcome outcome() {
        return new Outcome(status, invoiceNo, issuedAt, checkCode, pdfUrl, message, next, vendorRef);
    }
}

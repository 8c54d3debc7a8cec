package io.fapiao.ledger;

import io.fapiao.order.OrderStatus;
import io.fapiao.order.Outcome;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One order as the ledger knows it: unique per (seller, order number).
 *
 * @param owner the process working on it while it is RECEIVED or SUBMITTING; null when none is
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
        long dropId,
        int dropSeq,
        String orderJson,
        int polls,
        Instant nextPollAt,
        Instant updatedAt,
        String owner) {

    /** The outcome as it stands in the ledger. */
    public Outcome outcome() {
        return new Outcome(status, invoiceNo, issuedAt, checkCode, pdfUrl, message);
    }
}

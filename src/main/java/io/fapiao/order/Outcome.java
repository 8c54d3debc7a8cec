package io.fapiao.order;

import java.time.Duration;

/**
 * What a vendor said about one order, in the canonical words.
 *
 * @param invoiceNo the full invoice number (code + number where the type has a code), or ""
 * @param issuedAt  the issue date as the vendor gave it, normalised to {@code yyyy-MM-dd HH:mm:ss} or {@code yyyy-MM-dd}
 * @param pdfUrl    where the vendor serves the PDF (possibly relative to its base URL), or ""
 * @param message   what to tell the ERP, Chinese / English where both are known
 * @param next      for a PENDING outcome, what it waits for; null otherwise
 * @param vendorRef the vendor's own handle of the order to ask about it later (an async request id, a form id), or ""
 * @param askAfter  for a PENDING outcome asked about later (POLL): how long asking again is of no use, when the vendor
 *                  knows (a red-letter form waits days for the buyer); null for the flow's own schedule
 */
public record Outcome(OrderStatus status, String invoiceNo, String issuedAt, String checkCode, String pdfUrl,
                      String message, NextStep next, String vendorRef, Duration askAfter) {

    public Outcome {
        invoiceNo = invoiceNo == null ? "" : invoiceNo;
        issuedAt = issuedAt == null ? "" : issuedAt;
        checkCode = checkCode == null ? "" : checkCode;
        pdfUrl = pdfUrl == null ? "" : pdfUrl;
        message = message == null ? "" : message;
        vendorRef = vendorRef == null ? "" : vendorRef;
        next = status == OrderStatus.PENDING ? (next == null ? NextStep.POLL : next) : null;
        askAfter = next == NextStep.POLL ? askAfter : null;
    }

    public Outcome(OrderStatus status, String invoiceNo, String issuedAt, String checkCode, String pdfUrl,
                   String message, NextStep next, String vendorRef) {
        this(status, invoiceNo, issuedAt, checkCode, pdfUrl, message, next, vendorRef, null);
    }

    /** A pending order the vendor holds for review: dropping it again sends it back to issuing. */
    public boolean waitingForReview() {
        return next == NextStep.REVIEW;
    }

    public Outcome withVendorRef(String ref) {
        return new Outcome(status, invoiceNo, issuedAt, checkCode, pdfUrl, message, next, ref, askAfter);
    }

    /** This pending order is asked about again after {@code wait} rather than on the flow's own schedule. */
    public Outcome askingAfter(Duration wait) {
        return new Outcome(status, invoiceNo, issuedAt, checkCode, pdfUrl, message, next, vendorRef, wait);
    }

    public static Outcome issued(String invoiceNo, String issuedAt, String checkCode, String pdfUrl, String message) {
        return new Outcome(OrderStatus.ISSUED, invoiceNo, issuedAt, checkCode, pdfUrl, message, null, "");
    }

    /** Accepted, or possibly accepted: the vendor is asked again later. */
    public static Outcome pending(String message) {
        return pending(message, NextStep.POLL);
    }

    public static Outcome pending(String message, NextStep next) {
        return new Outcome(OrderStatus.PENDING, "", "", "", "", message, next, "");
    }

    public static Outcome rejected(String message) {
        return new Outcome(OrderStatus.REJECTED, "", "", "", "", message, null, "");
    }

    public static Outcome failed(String message) {
        return new Outcome(OrderStatus.FAILED, "", "", "", "", message, null, "");
    }
}

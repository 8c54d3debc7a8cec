package io.fapiao.order;

/**
 * What a vendor said about one order, in the canonical words.
 *
 * @param invoiceNo the full invoice number (code + number where the type has a code), or ""
 * @param issuedAt  the issue date as the vendor gave it, normalised to {@code yyyy-MM-dd HH:mm:ss} or {@code yyyy-MM-dd}
 * @param pdfUrl    where the vendor serves the PDF (possibly relative to its base URL), or ""
 * @param message   what to tell the ERP, Chinese / English where both are known
 */
public record Outcome(OrderStatus status, String invoiceNo, String issuedAt, String checkCode, String pdfUrl,
                      String message) {

    /** How the message of a pending order held by the vendor for review begins; dropping it again resubmits it. */
    public static final String WAITING_FOR_REVIEW = "待审核";

    /** A pending order the vendor holds for review: dropping it again sends it back to issuing. */
    public boolean waitingForReview() {
        return status == OrderStatus.PENDING && message.startsWith(WAITING_FOR_REVIEW);
    }

    public static Outcome issued(String invoiceNo, String issuedAt, String checkCode, String pdfUrl, String message) {
        return new Outcome(OrderStatus.ISSUED, invoiceNo, issuedAt, checkCode, pdfUrl, message);
    }

    public static Outcome pending(String message) {
        return new Outcome(OrderStatus.PENDING, "", "", "", "", message);
    }

    public static Outcome rejected(String message) {
        return new Outcome(OrderStatus.REJECTED, "", "", "", "", message);
    }

    public static Outcome failed(String message) {
        return new Outcome(OrderStatus.FAILED, "", "", "", "", message);
    }
}

package io.fapiao.vendor;

import java.math.BigDecimal;

/**
 * One invoice as a vendor's list shows it, in canonical words.
 *
 * @param issuedAt          {@code yyyy-MM-dd HH:mm:ss} (or the day alone when the vendor gives no time)
 * @param orderNo           the order number the vendor keeps with it, "" when its list does not say
 * @param originalInvoiceNo of a red invoice, the blue one it reverses, when the list says; "" otherwise
 * @param amount            excluding tax, negative on a red invoice
 */
public record ListedInvoice(String invoiceNo, String issuedAt, String orderNo, boolean red, String originalInvoiceNo,
                            BigDecimal amount, BigDecimal tax, State state) {

    /** What became of the invoice after it was issued. */
    public enum State {
        /** Stands as issued. */
        NORMAL,
        /** Voided (作废). */
        VOIDED,
        /** Reversed in full by red invoices (全额红冲). */
        RED_FLUSHED,
        /** Reversed in part by red invoices (部分红冲). */
        PARTLY_RED_FLUSHED
    }

    public ListedInvoice {
        orderNo = orderNo == null ? "" : orderNo;
        originalInvoiceNo = originalInvoiceNo == null ? "" : originalInvoiceNo;
        issuedAt = issuedAt == null ? "" : issuedAt;
    }
}

package io.fapiao.vendor;

import java.math.BigDecimal;

/**
 * A red-letter form (红字确认单) in canonical words. Optional text is "".
 *
 * @param formId        the vendor's id of the form (what the API names it by)
 * @param formNo        the tax bureau's form number (红字确认单编号)
 * @param filedByBuyer  the buyer filed it (else the seller did)
 * @param amount        excluding tax, negative as on the red invoice; null when not known
 * @param stateText     the vendor's state in words, Chinese / English
 * @param redInvoiceNo  the red invoice once issued
 */
public record RedLetterForm(String vendor, String formId, String formNo, String sellerTaxId, String buyerTaxId,
                            String buyerName, String blueInvoiceNo, BigDecimal amount, BigDecimal tax,
                            boolean filedByBuyer, State state, String stateText, String filedAt,
                            String redInvoiceNo) {

    /** Where a form stands. */
    public enum State {
        /** Filed by the seller, the buyer has not answered (within 72 hours). */
        WAITING_FOR_BUYER,
        /** Filed by the buyer, the seller must answer. */
        WAITING_FOR_SELLER,
        /** Needs no confirmation, or both sides confirmed; the red invoice is not issued yet. */
        CONFIRMED,
        /** The red invoice is issued. */
        ISSUED,
        /** Refused, expired, withdrawn or otherwise void. */
        VOID
    }
}

package io.fapiao.vendor;

import io.fapiao.config.Seller;

import java.util.List;

/**
 * A vendor through which a seller answers red-letter forms (红字确认单) its buyers filed: the 数电 way to a red
 * invoice when the buyer starts it. Optional, next to {@link InvoiceVendor}; the red orders of the ERP need none of
 * it (the vendor files and follows their forms itself).
 */
public interface RedLetterForms {

    Vendor key();

    /** The seller's forms its buyers filed that wait for the seller's answer; throws when they cannot be read. */
    List<RedLetterForm> waitingForSeller(Seller seller);

    /**
     * The seller's answer to a form: {@code accept} confirms it (the vendor then issues the red invoice), otherwise
     * the form is refused. Answers the form as it stands afterwards; throws {@link IllegalArgumentException} when
     * the vendor refuses the answer (unknown form, not waiting for the seller), with the vendor's words.
     */
    RedLetterForm answer(Seller seller, String formId, boolean accept);
}

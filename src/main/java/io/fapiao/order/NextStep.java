package io.fapiao.order;

/** What a PENDING order waits for before it can settle. The flow obeys it; only a vendor decides it. */
public enum NextStep {
    /** The vendor has (or may have) the order: ask it again later, never send it again blindly. */
    POLL,
    /** The vendor refused the call before doing anything (its token was ended again): send it again later. */
    RESEND,
    /** The vendor holds it for review; dropping the order again sends it back to issuing. */
    REVIEW,
    /**
     * The seller must log in to the tax bureau again, and the vendor does not have the order (it was held here
     * before sending, or the vendor dropped it): once the seller is logged in it is sent, like {@link #RESEND}.
     */
    LOGIN,
    /**
     * The seller must log in to the tax bureau again, and the vendor keeps the order until then: once the seller is
     * logged in it is sent back to issuing ({@link io.fapiao.vendor.InvoiceVendor#resubmit}), never sent again.
     */
    LOGIN_RESUBMIT,
    /** Due now: send it back to issuing at the vendor (its seller logged in again). */
    RESUBMIT;

    /** The order waits for its seller's tax-bureau login. */
    public boolean waitsForLogin() {
        return this == LOGIN || this == LOGIN_RESUBMIT;
    }
}

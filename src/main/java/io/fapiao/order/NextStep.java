package io.fapiao.order;

/** What a PENDING order waits for before it can settle. The flow obeys it; only a vendor decides it. */
public enum NextStep {
    /** The vendor has (or may have) the order: ask it again later, never send it again blindly. */
    POLL,
    /** The vendor refused the call before doing anything (its token was ended again): send it again later. */
    RESEND,
    /** The vendor holds it for review; dropping the order again sends it back to issuing. */
    REVIEW,
    /** The seller must log in to the tax bureau again; once logged in, it is sent back to issuing by itself. */
    LOGIN
}

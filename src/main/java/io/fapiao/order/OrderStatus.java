package io.fapiao.order;

/** What became of an order; the contract's four outcomes, and the two states the ledger passes through before one. */
public enum OrderStatus {
    /** Claimed by a drop, not yet sent. */
    RECEIVED,
    /** Being sent to the vendor: the outcome is not known until the vendor answers. */
    SUBMITTING,
    /** Invoice number known. */
    ISSUED,
    /** Accepted by the vendor, number not yet known; finished later by polling. */
    PENDING,
    /** Input or vendor data error; nothing issued. */
    REJECTED,
    /** Vendor or system trouble after retries; nothing issued; safe to drop again. */
    FAILED;

    /** An outcome that may still change into another one without the ERP dropping the order again. */
    public boolean open() {
        return this == RECEIVED || this == SUBMITTING || this == PENDING;
    }
}

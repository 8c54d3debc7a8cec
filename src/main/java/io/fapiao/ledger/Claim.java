package io.fapiao.ledger;

/**
 * The answer to "may this drop issue this order?".
 *
 * @param existing the ledger's row as it stands when the claim was not granted, else null
 */
public record Claim(Kind kind, LedgerOrder existing) {

    public enum Kind {
        /** The order is this drop's to issue: new, or earlier rejected or failed. */
        GRANTED,
        /**
         * New, and recorded as being sent ({@code SUBMITTING}) in the same write that claimed it: send it now. Only
         * a claim that came with its {@link Ledger.Submission} is answered so.
         */
        SUBMITTING,
        /** Already has an outcome (issued, or pending at the vendor): report it again, issue nothing. */
        KNOWN,
        /** Another drop is sending it right now. */
        IN_FLIGHT,
        /** The same order number came twice in one input. */
        REPEATED_IN_INPUT
    }
}

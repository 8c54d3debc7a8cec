package io.fapiao.ledger;

/** The ledger could not be read or written: nothing about the order is decided while this holds. */
public class LedgerException extends RuntimeException {

    public LedgerException(String message, Throwable cause) {
        super(message + ": " + cause.getMessage(), cause);
    }
}

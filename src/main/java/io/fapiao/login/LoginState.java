package io.fapiao.login;

/**
 * Where a seller's tax-bureau session at one vendor stands, in the contract's words. {@code SMS_SENT} and
 * {@code QR_READY} wait for a person (the SMS code, the scan); {@code LOGGED_OUT} is a session the vendor says
 * has ended; {@code FAILED} is a login the vendor refused, with the reason.
 */
public enum LoginState {
    LOGGED_OUT, SMS_SENT, QR_READY, LOGGED_IN, FAILED;

    /** A person has something to do before this login can finish. */
    public boolean waitsForPerson() {
        return this == SMS_SENT || this == QR_READY;
    }
}

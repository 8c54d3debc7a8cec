package io.fapiao.ledger;

import io.fapiao.login.LoginMethod;
import io.fapiao.login.LoginState;

import java.time.Instant;
import java.util.Map;

/**
 * One seller's tax-bureau session at one vendor, as the ledger keeps it. Never holds a secret.
 *
 * @param method      how the latest login was started, or null when none was
 * @param down        the vendor said the session has ended and no login succeeded since: the seller's orders wait
 * @param handles     the vendor's handles of the latest login (task ids, QR ids, account ids)
 * @param qrContent   the QR code to scan while {@code state} is QR_READY, else ""
 * @param confirmedAt when the vendor last confirmed the session, or null
 * @param notBefore   the vendor asked not to be called before this, or null
 * @param nextCheckAt when the scan or the session is asked about next, or null
 */
public record LoginSession(String vendor, String sellerTaxId, LoginState state, LoginMethod method, boolean down,
                           Instant downSince, String message, Map<String, String> handles, String qrContent,
                           Instant startedAt, Instant confirmedAt, Instant notBefore, Instant nextCheckAt,
                           Instant notifiedAt, Instant updatedAt) {

    public LoginSession {
        handles = handles == null ? Map.of() : Map.copyOf(handles);
        message = message == null ? "" : message;
        qrContent = qrContent == null ? "" : qrContent;
    }

    /** The vendor asked not to be called yet. */
    public boolean rateLimited(Instant now) {
        return notBefore != null && now.isBefore(notBefore);
    }
}

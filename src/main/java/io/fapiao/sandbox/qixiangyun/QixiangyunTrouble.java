package io.fapiao.sandbox.qixiangyun;

import io.fapiao.sandbox.SandboxTrouble;

import java.util.function.Function;

/**
 * The switches that make the qixiangyun sandbox misbehave on purpose, so tests and users can rehearse trouble.
 * Set as properties {@code sandbox.qixiangyun.<name>} at start-up, or at run time through
 * {@code POST /sandbox/qixiangyun/_trouble} with a JSON object of names and values ({@code "reset": true} clears all).
 */
public final class QixiangyunTrouble extends SandboxTrouble {

    /**
     * Share of calls (0–1) answered {@code 504001} (gateway timeout) <em>after</em> the call was done, as a real
     * gateway timeout can be: a blind resend with a new order number would issue twice.
     */
    public volatile double errorRate;
    /** Calls per second answered before further calls in that second get {@code 400429}; 0 = no limit. */
    public volatile int rateLimit;
    /** A token answers this many calls; the next one gets {@code 40101} and the token is gone; 0 = never. */
    public volatile int tokenExpiryEvery;
    /**
     * Issue asynchronously: {@code fpkjZzs} answers {@code 2001} (turned asynchronous after 40 s) and
     * {@code asynResult} answers "running" this many times first; red forms that need no confirmation are not
     * issued at once. 0 = synchronous.
     */
    public volatile int asyncIssuing;
    /** Issuing fails ({@code 710002}, the bureau's words) when an item name contains this text; "" = never. */
    public volatile String rejectItem = "";
    /** Every seller's tax-bureau session has ended: invoice calls answer {@code 720006}. */
    public volatile boolean sessionExpired;
    /** {@code dpptCookie} answers {@code 8001} (SMS sent too often) every time. */
    public volatile boolean smsTooOften;
    /**
     * The links issuing answers give ({@code pdf_url}, the bureau's original links) answer {@code 403} as an expired
     * signed link does; {@code bswjxzBatch}'s links still serve.
     */
    public volatile boolean pdfUrlExpired;

    public QixiangyunTrouble() {
        failure("error-rate", Double::parseDouble, () -> errorRate, v -> errorRate = v);
        failure("rate-limit", Integer::parseInt, () -> rateLimit, v -> rateLimit = v);
        failure("token-expiry-every", Integer::parseInt, () -> tokenExpiryEvery, v -> tokenExpiryEvery = v);
        failure("async-issuing", Integer::parseInt, () -> asyncIssuing, v -> asyncIssuing = v);
        failure("reject-item", Function.identity(), () -> rejectItem, v -> rejectItem = v);
        failure("session-expired", Boolean::parseBoolean, () -> sessionExpired, v -> sessionExpired = v);
        failure("sms-too-often", Boolean::parseBoolean, () -> smsTooOften, v -> smsTooOften = v);
        failure("pdf-url-expired", Boolean::parseBoolean, () -> pdfUrlExpired, v -> pdfUrlExpired = v);
    }
}

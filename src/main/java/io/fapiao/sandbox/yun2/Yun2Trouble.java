package io.fapiao.sandbox.yun2;

import io.fapiao.sandbox.SandboxTrouble;

/**
 * The switches that make the yun2 sandbox misbehave on purpose, so tests and users can rehearse trouble.
 * Set as properties {@code sandbox.yun2.<name>} at start-up, or at run time through {@code POST /sandbox/yun2/_trouble}.
 * The switches that act once (a login expiring, an invoice voided) are {@link Yun2Sandbox#ACTIONS}.
 */
public final class Yun2Trouble extends SandboxTrouble {

    /** Share of calls (0–1) answered 503 Service Unavailable before anything is done. */
    public volatile double errorRate;
    /** Calls per second answered before further calls in that second get 429 Too Many Requests; 0 = no limit. */
    public volatile int rateLimit;
    /** Issue asynchronously: FPKJ answers an empty number, KPJG answers "in progress" this many times first. */
    public volatile int asyncPolls;
    /** A token answers this many calls; the next call with it gets Code 2002 and a new login is needed; 0 = never. */
    public volatile int tokenExpiryEvery;
    /** FPKJ stores the order but fails while issuing ({@code HaveSave=1}); KPJG answers in progress this many times. */
    public volatile int haveSaveFailures;
    /** With {@link #haveSaveFailures}: the stored order ends waiting for review (FPZT=0) instead of being issued. */
    public volatile boolean haveSaveReview;
    /** FPKJ rejects an order ({@code HaveSave=0}) when an item name contains this text; "" = never. */
    public volatile String rejectItem = "";
    /** The PDF link answers only GET (405 to a POST), as a plain web server would. */
    public volatile boolean pdfGetOnly;
    /** A second tax-bureau SMS within this many seconds answers "短信发送频繁". */
    public volatile int smsIntervalSeconds = 60;
    /** How long EWMDD waits for the QR code to be scanned before it answers "等待扫码". */
    public volatile long qrWaitMs = 2000;

    /** A reset returns every switch to its value here, the SMS interval and QR wait to their defaults. */
    public Yun2Trouble() {
        failure("error-rate", Double::parseDouble, () -> errorRate, v -> errorRate = v);
        failure("rate-limit", Integer::parseInt, () -> rateLimit, v -> rateLimit = v);
        failure("async-polls", Integer::parseInt, () -> asyncPolls, v -> asyncPolls = v);
        failure("token-expiry-every", Integer::parseInt, () -> tokenExpiryEvery, v -> tokenExpiryEvery = v);
        failure("have-save-failures", Integer::parseInt, () -> haveSaveFailures, v -> haveSaveFailures = v);
        failure("have-save-review", Boolean::parseBoolean, () -> haveSaveReview, v -> haveSaveReview = v);
        failure("reject-item", v -> v, () -> rejectItem, v -> rejectItem = v);
        failure("pdf-get-only", Boolean::parseBoolean, () -> pdfGetOnly, v -> pdfGetOnly = v);
        failure("sms-interval-seconds", Integer::parseInt, () -> smsIntervalSeconds, v -> smsIntervalSeconds = v);
        failure("qr-wait-ms", Long::parseLong, () -> qrWaitMs, v -> qrWaitMs = v);
    }
}

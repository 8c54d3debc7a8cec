package io.fapiao.sandbox.yun2;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The switches that make the yun2 sandbox misbehave on purpose, so tests and users can rehearse trouble.
 * Set as properties {@code sandbox.yun2.<name>} at start-up, or at run time through {@code POST /sandbox/yun2/_trouble}.
 * The switches that act once (a login expiring, an invoice voided) are {@link Yun2Sandbox#ACTIONS}.
 */
public final class Yun2Trouble {

    /** The switches by name, as properties and the trouble endpoint spell them. */
    public static final List<String> NAMES = List.of("latency-ms", "error-rate", "rate-limit", "async-polls",
            "token-expiry-every", "have-save-failures", "have-save-review", "reject-item", "pdf-get-only",
            "sms-interval-seconds", "qr-wait-ms");

    static final int SMS_INTERVAL_SECONDS = 60;
    static final long QR_WAIT_MS = 2000;

    /** Milliseconds every call waits before it is answered. */
    public volatile long latencyMs;
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
    /** The PDF link answers only GET (405 to a POST), as a plain web server would. */
    public volatile boolean pdfGetOnly;
    /** FPKJ rejects an order ({@code HaveSave=0}) when an item name contains this text; "" = never. */
    public volatile String rejectItem = "";
    /** A second tax-bureau SMS within this many seconds answers "短信发送频繁". */
    public volatile int smsIntervalSeconds = SMS_INTERVAL_SECONDS;
    /** How long EWMDD waits for the QR code to be scanned before it answers "等待扫码". */
    public volatile long qrWaitMs = QR_WAIT_MS;

    public void set(String name, String value) {
        String v = value == null ? "" : value.strip();
        switch (name.toLowerCase(Locale.ROOT).replace("_", "-")) {
            case "latency-ms" -> latencyMs = Long.parseLong(v);
            case "error-rate" -> errorRate = Double.parseDouble(v);
            case "rate-limit" -> rateLimit = Integer.parseInt(v);
            case "async-polls" -> asyncPolls = Integer.parseInt(v);
            case "token-expiry-every" -> tokenExpiryEvery = Integer.parseInt(v);
            case "have-save-failures" -> haveSaveFailures = Integer.parseInt(v);
            case "have-save-review" -> haveSaveReview = Boolean.parseBoolean(v);
            case "reject-item" -> rejectItem = v;
            case "pdf-get-only" -> pdfGetOnly = Boolean.parseBoolean(v);
            case "sms-interval-seconds" -> smsIntervalSeconds = Integer.parseInt(v);
            case "qr-wait-ms" -> qrWaitMs = Long.parseLong(v);
            default -> throw new IllegalArgumentException("unknown sandbox switch: " + name);
        }
    }

    public void setAll(Map<String, String> values) {
        values.forEach(this::set);
    }

    public void reset() {
        latencyMs = 0;
        errorRate = 0;
        rateLimit = 0;
        asyncPolls = 0;
        tokenExpiryEvery = 0;
        haveSaveFailures = 0;
        haveSaveReview = false;
        rejectItem = "";
        pdfGetOnly = false;
        smsIntervalSeconds = SMS_INTERVAL_SECONDS;
        qrWaitMs = QR_WAIT_MS;
    }

    @Override
    public String toString() {
        return "{\"latency-ms\":" + latencyMs + ",\"error-rate\":" + errorRate + ",\"rate-limit\":" + rateLimit
                + ",\"async-polls\":" + asyncPolls + ",\"token-expiry-every\":" + tokenExpiryEvery
                + ",\"have-save-failures\":" + haveSaveFailures + ",\"have-save-review\":" + haveSaveReview
                + ",\"reject-item\":\"" + rejectItem.replace("\"", "").replace("\\", "") + "\""
                + ",\"pdf-get-only\":" + pdfGetOnly
                + ",\"sms-interval-seconds\":" + smsIntervalSeconds + ",\"qr-wait-ms\":" + qrWaitMs + "}";
    }
}

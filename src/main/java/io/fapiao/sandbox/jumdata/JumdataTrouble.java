package io.fapiao.sandbox.jumdata;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The switches that make the jumdata sandbox answer with the document's failure codes, so tests and users can
 * rehearse them. Set as properties {@code sandbox.jumdata.<name>} at start-up, or at run time through
 * {@code POST …/jumdata/_trouble}.
 */
public final class JumdataTrouble {

    /** The switches by name, as properties and the trouble endpoint spell them. */
    public static final List<String> NAMES = List.of("latency-ms", "maintenance", "too-frequent", "quota",
            "not-enabled", "account-disabled", "api-disabled", "ip", "timeout", "sms-too-often", "sms-interval-ms");

    /** Milliseconds every call waits before it is answered. */
    public volatile long latencyMs;
    /** Every call answers 500 系统维护. */
    public volatile boolean maintenance;
    /** Every call answers 609 请求过于频繁. */
    public volatile boolean tooFrequent;
    /** Every call answers 606 调用超限. */
    public volatile boolean quota;
    /** Every call answers 601 接口未开通. */
    public volatile boolean notEnabled;
    /** Every call answers 602 账号停用. */
    public volatile boolean accountDisabled;
    /** Every call answers 604 接口停用. */
    public volatile boolean apiDisabled;
    /** Every call answers 607 ip不在白名单. */
    public volatile boolean ip;
    /** Every call answers 610 请求超时. */
    public volatile boolean timeout;
    /** Every login that would send an SMS code answers 302 短信验证码发送频繁. */
    public volatile boolean smsTooOften;
    /** The least time between two SMS codes for one seller; a login sooner answers 302. */
    public volatile long smsIntervalMs = JumdataSandbox.SMS_INTERVAL_MS;

    public void set(String name, String value) {
        String v = value == null ? "" : value.strip();
        switch (name.toLowerCase(Locale.ROOT).replace("_", "-")) {
            case "latency-ms" -> latencyMs = Long.parseLong(v);
            case "maintenance" -> maintenance = Boolean.parseBoolean(v);
            case "too-frequent" -> tooFrequent = Boolean.parseBoolean(v);
            case "quota" -> quota = Boolean.parseBoolean(v);
            case "not-enabled" -> notEnabled = Boolean.parseBoolean(v);
            case "account-disabled" -> accountDisabled = Boolean.parseBoolean(v);
            case "api-disabled" -> apiDisabled = Boolean.parseBoolean(v);
            case "ip" -> ip = Boolean.parseBoolean(v);
            case "timeout" -> timeout = Boolean.parseBoolean(v);
            case "sms-too-often" -> smsTooOften = Boolean.parseBoolean(v);
            case "sms-interval-ms" -> smsIntervalMs = Long.parseLong(v);
            default -> throw new IllegalArgumentException("unknown sandbox switch: " + name);
        }
    }

    public void setAll(Map<String, String> values) {
        values.forEach(this::set);
    }

    public void reset() {
        latencyMs = 0;
        maintenance = false;
        tooFrequent = false;
        quota = false;
        notEnabled = false;
        accountDisabled = false;
        apiDisabled = false;
        ip = false;
        timeout = false;
        smsTooOften = false;
        smsIntervalMs = JumdataSandbox.SMS_INTERVAL_MS;
    }

    @Override
    public String toString() {
        return "{\"latency-ms\":" + latencyMs + ",\"maintenance\":" + maintenance + ",\"too-frequent\":" + tooFrequent
                + ",\"quota\":" + quota + ",\"not-enabled\":" + notEnabled + ",\"account-disabled\":" + accountDisabled
                + ",\"api-disabled\":" + apiDisabled + ",\"ip\":" + ip + ",\"timeout\":" + timeout
                + ",\"sms-too-often\":" + smsTooOften + ",\"sms-interval-ms\":" + smsIntervalMs + "}";
    }
}

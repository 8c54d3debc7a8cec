package io.fapiao.sandbox.jumdata;

import io.fapiao.sandbox.SandboxTrouble;

import java.util.Map;

/**
 * The switches that make the jumdata sandbox answer with the document's failure codes, so tests and users can
 * rehearse them. Set as properties {@code sandbox.jumdata.<name>} at start-up, or at run time through
 * {@code POST …/jumdata/_trouble}.
 */
public final class JumdataTrouble extends SandboxTrouble {

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

    @Override
    protected boolean apply(String name, String v) {
        switch (name) {
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
            default -> {
                return false;
            }
        }
        return true;
    }

    @Override
    protected void clear() {
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
    protected void describe(Map<String, Object> switches) {
        switches.put("maintenance", maintenance);
        switches.put("too-frequent", tooFrequent);
        switches.put("quota", quota);
        switches.put("not-enabled", notEnabled);
        switches.put("account-disabled", accountDisabled);
        switches.put("api-disabled", apiDisabled);
        switches.put("ip", ip);
        switches.put("timeout", timeout);
        switches.put("sms-too-often", smsTooOften);
        switches.put("sms-interval-ms", smsIntervalMs);
    }
}

package io.fapiao.sandbox.jumdata;

import io.fapiao.sandbox.SandboxTrouble;

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

    public JumdataTrouble() {
        failure("maintenance", Boolean::parseBoolean, () -> maintenance, v -> maintenance = v);
        failure("too-frequent", Boolean::parseBoolean, () -> tooFrequent, v -> tooFrequent = v);
        failure("quota", Boolean::parseBoolean, () -> quota, v -> quota = v);
        failure("not-enabled", Boolean::parseBoolean, () -> notEnabled, v -> notEnabled = v);
        failure("account-disabled", Boolean::parseBoolean, () -> accountDisabled, v -> accountDisabled = v);
        failure("api-disabled", Boolean::parseBoolean, () -> apiDisabled, v -> apiDisabled = v);
        failure("ip", Boolean::parseBoolean, () -> ip, v -> ip = v);
        failure("timeout", Boolean::parseBoolean, () -> timeout, v -> timeout = v);
        failure("sms-too-often", Boolean::parseBoolean, () -> smsTooOften, v -> smsTooOften = v);
        failure("sms-interval-ms", Long::parseLong, () -> smsIntervalMs, v -> smsIntervalMs = v);
    }
}

package io.fapiao.sandbox.sdqz;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The switches of the sdqz sandbox: failures on demand, each answered {@code "9999"} with its own {@code mess} (the
 * document has no finer codes), and the action code of the auth-result query, which the sandbox must be told because
 * the real one is not public. Set as properties {@code sandbox.sdqz.<name>} at start-up, or at run time through
 * {@code POST …/sdqz/_trouble}.
 */
public final class SdqzTrouble {

    public static final List<String> NAMES = List.of("latency-ms", "maintenance", "too-frequent", "quota",
            "not-enabled", "ip", "timeout", "auth-result-code", "login-code", "sms-auth-code", "sms-too-often");

    /** Milliseconds every call waits before it is answered. */
    public volatile long latencyMs;
    /** Every call answers 系统维护中，请稍后再试. */
    public volatile boolean maintenance;
    /** Every call answers 请求过于频繁，请稍后再试. */
    public volatile boolean tooFrequent;
    /** Every call answers 调用次数超限，请稍后再试. */
    public volatile boolean quota;
    /** Every call answers 接口未开通. */
    public volatile boolean notEnabled;
    /** Every call answers IP不在白名单. */
    public volatile boolean ip;
    /** Every call answers 连接税局超时，请稍后再试. */
    public volatile boolean timeout;
    /** The action code the sandbox answers the auth-result query under. */
    public volatile String authResultCode = SdqzSandbox.DEFAULT_AUTH_RESULT_CODE;
    /** The action code of the sandbox's login (登录认证), which sends the SMS code. */
    public volatile String loginCode = SdqzSandbox.DEFAULT_LOGIN_CODE;
    /** The action code of the sandbox's SMS authentication (短信认证). */
    public volatile String smsAuthCode = SdqzSandbox.DEFAULT_SMS_AUTH_CODE;
    /** Every login answers 短信发送频繁. */
    public volatile boolean smsTooOften;

    public void set(String name, String value) {
        String v = value == null ? "" : value.strip();
        switch (name.toLowerCase(Locale.ROOT).replace("_", "-")) {
            case "latency-ms" -> latencyMs = Long.parseLong(v);
            case "maintenance" -> maintenance = Boolean.parseBoolean(v);
            case "too-frequent" -> tooFrequent = Boolean.parseBoolean(v);
            case "quota" -> quota = Boolean.parseBoolean(v);
            case "not-enabled" -> notEnabled = Boolean.parseBoolean(v);
            case "ip" -> ip = Boolean.parseBoolean(v);
            case "timeout" -> timeout = Boolean.parseBoolean(v);
            case "auth-result-code" -> {
                if (v.isEmpty() || v.equals(SdqzSandbox.QR_AUTH_CODE)) {
                    throw new IllegalArgumentException("auth-result-code must be a code of its own, not empty or "
                            + SdqzSandbox.QR_AUTH_CODE);
                }
                authResultCode = v;
            }
            case "login-code" -> loginCode = code(v);
            case "sms-auth-code" -> smsAuthCode = code(v);
            case "sms-too-often" -> smsTooOften = Boolean.parseBoolean(v);
            default -> throw new IllegalArgumentException("unknown sandbox switch: " + name);
        }
    }

    private static String code(String v) {
        if (v.isEmpty() || v.equals(SdqzSandbox.QR_AUTH_CODE)) {
            throw new IllegalArgumentException("an action code must be a code of its own, not empty or "
                    + SdqzSandbox.QR_AUTH_CODE);
        }
        return v;
    }

    public void setAll(Map<String, String> values) {
        values.forEach(this::set);
    }

    /** Clears the failures; the auth-result code is configuration and stays. */
    public void reset() {
        latencyMs = 0;
        maintenance = false;
        tooFrequent = false;
        quota = false;
        notEnabled = false;
        ip = false;
        timeout = false;
        smsTooOften = false;
    }

    @Override
    public String toString() {
        return "{\"latency-ms\":" + latencyMs + ",\"maintenance\":" + maintenance + ",\"too-frequent\":" + tooFrequent
                + ",\"quota\":" + quota + ",\"not-enabled\":" + notEnabled + ",\"ip\":" + ip + ",\"timeout\":" + timeout
                + ",\"auth-result-code\":\"" + authResultCode.replace("\"", "") + "\""
                + ",\"login-code\":\"" + loginCode.replace("\"", "") + "\""
                + ",\"sms-auth-code\":\"" + smsAuthCode.replace("\"", "") + "\""
                + ",\"sms-too-often\":" + smsTooOften + "}";
    }
}

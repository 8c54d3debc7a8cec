package io.fapiao.sandbox.sdqz;

import io.fapiao.sandbox.SandboxTrouble;

import java.util.Map;

/**
 * The switches of the sdqz sandbox: failures on demand, each answered {@code "9999"} with its own {@code mess} (the
 * document has no finer codes), and the action codes the sandbox serves its unpublished actions under, which the
 * sandbox must be told because the real ones are not public. Set as properties {@code sandbox.sdqz.<name>} at
 * start-up, or at run time through {@code POST …/sdqz/_trouble}.
 */
public final class SdqzTrouble extends SandboxTrouble {

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

    @Override
    protected boolean apply(String name, String v) {
        switch (name) {
            case "maintenance" -> maintenance = Boolean.parseBoolean(v);
            case "too-frequent" -> tooFrequent = Boolean.parseBoolean(v);
            case "quota" -> quota = Boolean.parseBoolean(v);
            case "not-enabled" -> notEnabled = Boolean.parseBoolean(v);
            case "ip" -> ip = Boolean.parseBoolean(v);
            case "timeout" -> timeout = Boolean.parseBoolean(v);
            case "auth-result-code" -> authResultCode = code(name, v);
            case "login-code" -> loginCode = code(name, v);
            case "sms-auth-code" -> smsAuthCode = code(name, v);
            case "sms-too-often" -> smsTooOften = Boolean.parseBoolean(v);
            default -> {
                return false;
            }
        }
        return true;
    }

    private static String code(String name, String v) {
        if (v.isEmpty() || v.equals(SdqzSandbox.QR_AUTH_CODE)) {
            throw new IllegalArgumentException(name + " must be a code of its own, not empty or "
                    + SdqzSandbox.QR_AUTH_CODE);
        }
        return v;
    }

    /** Clears the failures; the action codes are configuration and stay. */
    @Override
    protected void clear() {
        maintenance = false;
        tooFrequent = false;
        quota = false;
        notEnabled = false;
        ip = false;
        timeout = false;
        smsTooOften = false;
    }

    @Override
    protected void describe(Map<String, Object> switches) {
        switches.put("maintenance", maintenance);
        switches.put("too-frequent", tooFrequent);
        switches.put("quota", quota);
        switches.put("not-enabled", notEnabled);
        switches.put("ip", ip);
        switches.put("timeout", timeout);
        switches.put("auth-result-code", authResultCode);
        switches.put("login-code", loginCode);
        switches.put("sms-auth-code", smsAuthCode);
        switches.put("sms-too-often", smsTooOften);
    }
}

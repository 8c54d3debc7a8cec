package io.fapiao.sandbox.sdqz;

import io.fapiao.sandbox.SandboxTrouble;

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

    /** The failures are cleared by a reset; the action codes are configuration and stay. */
    public SdqzTrouble() {
        failure("maintenance", Boolean::parseBoolean, () -> maintenance, v -> maintenance = v);
        failure("too-frequent", Boolean::parseBoolean, () -> tooFrequent, v -> tooFrequent = v);
        failure("quota", Boolean::parseBoolean, () -> quota, v -> quota = v);
        failure("not-enabled", Boolean::parseBoolean, () -> notEnabled, v -> notEnabled = v);
        failure("ip", Boolean::parseBoolean, () -> ip, v -> ip = v);
        failure("timeout", Boolean::parseBoolean, () -> timeout, v -> timeout = v);
        setting("auth-result-code", v -> code("auth-result-code", v), () -> authResultCode, v -> authResultCode = v);
        setting("login-code", v -> code("login-code", v), () -> loginCode, v -> loginCode = v);
        setting("sms-auth-code", v -> code("sms-auth-code", v), () -> smsAuthCode, v -> smsAuthCode = v);
        failure("sms-too-often", Boolean::parseBoolean, () -> smsTooOften, v -> smsTooOften = v);
    }

    private static String code(String name, String v) {
        if (v.isEmpty() || v.equals(SdqzSandbox.QR_AUTH_CODE)) {
            throw new IllegalArgumentException(name + " must be a code of its own, not empty or "
                    + SdqzSandbox.QR_AUTH_CODE);
        }
        return v;
    }
}

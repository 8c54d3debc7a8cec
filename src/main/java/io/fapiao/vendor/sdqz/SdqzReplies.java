package io.fapiao.vendor.sdqz;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fapiao.login.LoginState;
import io.fapiao.login.LoginStep;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What sdqz answers mean. Every answer is {@code {code, mess, data}} with {@code code} "0000" (ok) or "9999"
 * (failed); the document defines no finer codes, so a failure is told apart only by its {@code mess}. The words
 * matched here ({@link #WAIT_WORDS}, {@link #CONFIGURATION_WORDS}) are common phrasing, and the sandbox's own: the
 * vendor's real messages are not public, and any other failure is simply FAILED with the vendor's text.
 */
public final class SdqzReplies {

    public static final String OK = "0000";
    public static final String FAILED = "9999";

    /** The handles of a QR authentication. */
    public static final String TASK_ID = "taskId";
    public static final String RZID = "rzid";

    /** A failure whose message says "later", "too often" or "quota": ask again after {@link #BUSY_WAIT}. */
    public static final List<String> WAIT_WORDS = List.of("频繁", "超限", "稍后", "维护");
    /** A failure whose message names the account or the envelope: only the integration team can fix it. */
    public static final List<String> CONFIGURATION_WORDS = List.of("授权码", "未授权", "白名单", "未开通", "分机号",
            "isEncryption", "actionCode", "taxnum", "interfaceCode", "加密");
    /** Words of an authentication that is still waiting for the scan. */
    public static final List<String> NOT_SCANNED_WORDS = List.of("未扫码", "请扫码");
    public static final Duration BUSY_WAIT = Duration.ofSeconds(60);

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    private SdqzReplies() {
    }

    /** One answer as sent; {@code code} is "" when the body is not an sdqz answer at all. */
    public record Reply(String code, String mess, JsonNode data) {

        public static Reply parse(String body) {
            JsonNode n;
            try {
                n = JSON.readTree(body == null || body.isBlank() ? "null" : body);
            } catch (Exception e) {
                n = null;
            }
            if (n == null || !n.isObject() || !n.has("code")) {
                String head = body == null ? "" : body.strip();
                return new Reply("", head.length() > 120 ? head.substring(0, 120) + "…" : head, JSON.missingNode());
            }
            return new Reply(n.path("code").asText("").strip(), n.path("mess").asText(""), n.path("data"));
        }

        public boolean ok() {
            return OK.equals(code);
        }

        /** A data field as exact text: a number keeps its digits ({@code taskId} is a 19-digit JSON number). */
        public String text(String field) {
            JsonNode v = data.path(field);
            if (v.isMissingNode() || v.isNull()) {
                return "";
            }
            if (v.isIntegralNumber()) {
                return v.bigIntegerValue().toString();
            }
            if (v.isNumber()) {
                return v.decimalValue().stripTrailingZeros().toPlainString();
            }
            return v.isValueNode() ? v.asText().strip() : v.toString();
        }
    }

    /** XXSMRZ (扫码认证): the QR content ({@code data.ewm}) to show, and the ids of the authentication. */
    public static LoginStep qrAuth(String body) {
        Reply r = Reply.parse(body);
        if (!r.ok()) {
            return failure(r);
        }
        String ewm = r.text("ewm");
        String taskId = r.text(TASK_ID);
        String rzid = r.text(RZID);
        if (ewm.isEmpty() || taskId.isEmpty() || rzid.isEmpty()) {
            return LoginStep.of(LoginState.FAILED, "二维码信息不完整", "sdqz's QR answer lacks ewm, taskId or rzid");
        }
        return new LoginStep(LoginState.QR_READY, zh(r, "二维码获取成功"),
                "scan the QR code with the app it was made for (0 tax bureau app, 1 individual income tax app)", ewm,
                Map.of(TASK_ID, taskId, RZID, rzid), Duration.ZERO, false);
    }

    /**
     * The configured auth-result query (its action code is not public): "0000" authenticated; a failure that says
     * it is not scanned yet keeps waiting (QR_READY); any other failure reads as logged out, with the vendor's text.
     */
    public static LoginStep authResult(String body) {
        Reply r = Reply.parse(body);
        if (r.ok()) {
            return LoginStep.of(LoginState.LOGGED_IN, zh(r, "认证成功"), "authenticated at the tax bureau");
        }
        if (FAILED.equals(r.code) && NOT_SCANNED_WORDS.stream().anyMatch(r.mess::contains)) {
            return LoginStep.of(LoginState.QR_READY, r.mess, "not scanned yet; ask again in a few seconds");
        }
        LoginStep f = failure(r);
        return f.waitBefore().isZero() && !f.configurationProblem() && !r.code.isEmpty()
                ? LoginStep.of(LoginState.LOGGED_OUT, f.zh(), "not authenticated: " + f.en()) : f;
    }

    /** A failed answer of any action, in canonical words. */
    public static LoginStep failure(Reply r) {
        if (r.code.isEmpty()) {
            return LoginStep.of(LoginState.FAILED, "供应商返回的不是JSON应答：" + r.mess,
                    "sdqz answered something that is not its JSON reply");
        }
        String mess = zh(r, "失败");
        if (WAIT_WORDS.stream().anyMatch(mess::contains)) {
            return new LoginStep(LoginState.FAILED, mess, "sdqz is busy or limits calls; try again later", "", Map.of(),
                    BUSY_WAIT, false);
        }
        if (CONFIGURATION_WORDS.stream().anyMatch(mess::contains)) {
            return new LoginStep(LoginState.FAILED, mess,
                    "sdqz refused the account or the request envelope: check vendor.sdqz.taxnum, interface-code, "
                            + "extension-no and is-encryption, and that this seller is authorised", "", Map.of(),
                    Duration.ZERO, true);
        }
        return LoginStep.of(LoginState.FAILED, mess, "sdqz refused the call (code " + r.code + ")");
    }

    private static String zh(Reply r, String fallback) {
        return r.mess.isBlank() ? fallback : r.mess.strip();
    }
}

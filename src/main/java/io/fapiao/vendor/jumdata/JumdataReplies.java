package io.fapiao.vendor.jumdata;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fapiao.login.LoginState;
import io.fapiao.login.LoginStep;
import io.fapiao.vendor.jumdata.JumdataForms.Endpoint;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What jumdata's login answers mean. Every answer is {@code {code, msg, taskNo, charge, data}}; {@code code} follows
 * the document's table, and 301 ("login error, as actually returned") is read per endpoint. The reason a person sees
 * is jumdata's own {@code msg} where it has one, else the table's words; the English says what to do.
 */
public final class JumdataReplies {

    /** The handle of an SMS login: pass it back to validate-code. */
    public static final String SMS_TASK_ID = "validateCodeSmsTaskId";
    /** The handles of a QR login: pass both to qrcode/result. */
    public static final String QRCODE_ID = "qrcodeId";
    public static final String TASK_ID = "taskId";
    /** The QR image jumdata hosts (valid 30 minutes), for when it sends no QR content. */
    public static final String QRCODE_IMAGE_URL = "qrcodeImageUrl";
    /** The handle of a finished QR login: pass it to qrcode/check. */
    public static final String ACCOUNT_ID = "accountId";

    /** SMS codes too often (302): the tax bureau's own limit is about one a minute. */
    public static final Duration SMS_WAIT = Duration.ofSeconds(60);
    /** Too frequent (609) or timed out reaching the tax bureau (610). */
    public static final Duration BUSY_WAIT = Duration.ofSeconds(30);
    /** Maintenance (500). */
    public static final Duration MAINTENANCE_WAIT = Duration.ofMinutes(5);
    /** Quota used up (606). */
    public static final Duration QUOTA_WAIT = Duration.ofMinutes(10);

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS) // the document's examples carry // comments
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private JumdataReplies() {
    }

    /** One answer as sent. {@code code} is -1 when the body is not a jumdata answer at all. */
    public record Reply(int code, String msg, String taskNo, boolean charge, JsonNode data) {

        public static Reply parse(String body) {
            JsonNode n;
            try {
                n = JSON.readTree(body == null || body.isBlank() ? "null" : body);
            } catch (Exception e) {
                n = null;
            }
            if (n == null || !n.isObject() || !n.has("code")) {
                String head = body == null ? "" : body.strip();
                return new Reply(-1, head.length() > 120 ? head.substring(0, 120) + "…" : head, "", false,
                        JSON.missingNode());
            }
            int code;
            try {
                code = Integer.parseInt(n.path("code").asText("").strip());
            } catch (NumberFormatException e) {
                code = -1;
            }
            return new Reply(code, n.path("msg").asText(""), n.path("taskNo").asText(""),
                    n.path("charge").asBoolean(false), n.path("data"));
        }

        /** A data field as exact text: numbers as their digits ({@code taskId} is a 19-digit JSON number). */
        public String text(String field) {
            return exactText(data.path(field));
        }
    }

    /** The answer of any login endpoint. */
    public static LoginStep of(Endpoint endpoint, String body) {
        return switch (endpoint) {
            case LOGIN -> login(body);
            case VALIDATE_CODE -> validateCode(body);
            case STATUS -> status(body);
            case QRCODE_GET -> qrcodeGet(body);
            case QRCODE_RESULT -> qrcodeResult(body);
            case QRCODE_CHECK -> qrcodeCheck(body);
        };
    }

    /** 200 logged in (Zhejiang), 202 SMS sent (keep the task id), 301 refused, 302 SMS too often. */
    public static LoginStep login(String body) {
        Reply r = Reply.parse(body);
        if (r.code == 200) {
            return LoginStep.of(LoginState.LOGGED_IN, zh(r, "登录成功"), "logged in at the tax bureau");
        }
        if (r.code == 202) {
            String task = r.text(SMS_TASK_ID);
            if (task.isEmpty()) {
                return LoginStep.of(LoginState.FAILED, "已发送验证码，但未返回短信验证码taskId",
                        "jumdata sent the SMS code but no validateCodeSmsTaskId to validate it with");
            }
            return new LoginStep(LoginState.SMS_SENT, zh(r, "已发送验证码"),
                    "SMS code sent to the tax officer's phone; enter it to finish the login", "",
                    Map.of(SMS_TASK_ID, task), Duration.ZERO, false);
        }
        if (r.code == 301) {
            return LoginStep.of(LoginState.FAILED, zh(r, "登录失败"),
                    "the tax bureau refused the login; check the seller's account, password, phone and identity");
        }
        return common(r);
    }

    /** 200 logged in; 301 wrong or expired code. */
    public static LoginStep validateCode(String body) {
        Reply r = Reply.parse(body);
        if (r.code == 200) {
            return LoginStep.of(LoginState.LOGGED_IN, zh(r, "登录成功"), "logged in at the tax bureau");
        }
        if (r.code == 301) {
            return LoginStep.of(LoginState.FAILED, zh(r, "短信验证码校验失败"),
                    "the SMS code was not accepted (wrong or expired)");
        }
        return common(r);
    }

    /** 200 the session holds; 301 it has ended ("登录已失效"). */
    public static LoginStep status(String body) {
        Reply r = Reply.parse(body);
        if (r.code == 200) {
            return LoginStep.of(LoginState.LOGGED_IN, zh(r, "已登录"), "the tax-bureau session holds");
        }
        if (r.code == 301) {
            return LoginStep.of(LoginState.LOGGED_OUT, zh(r, "登录已失效"), "the tax-bureau session has ended");
        }
        return common(r);
    }

    /** 200: the QR code to show, with the ids qrcode/result needs. */
    public static LoginStep qrcodeGet(String body) {
        Reply r = Reply.parse(body);
        if (r.code != 200) {
            return r.code == 301 ? LoginStep.of(LoginState.FAILED, zh(r, "获取登录二维码失败"),
                    "jumdata could not get a login QR code") : common(r);
        }
        Map<String, String> handles = handles(r, QRCODE_ID, TASK_ID, QRCODE_IMAGE_URL);
        String content = r.text("qrcodeContent");
        if (!handles.containsKey(QRCODE_ID) || !handles.containsKey(TASK_ID)
                || content.isEmpty() && !handles.containsKey(QRCODE_IMAGE_URL)) {
            return LoginStep.of(LoginState.FAILED, "二维码信息不完整", "jumdata's QR answer lacks the QR code or its ids");
        }
        return new LoginStep(LoginState.QR_READY, zh(r, "请扫码登录"),
                "scan the QR code with the tax bureau's app", content, handles, Duration.ZERO, false);
    }

    /**
     * 200: the scan logged in (keep {@code accountId} for qrcode/check). 301 "请扫码认证在继续操作" (sic): not scanned
     * yet, ask again; any other 301 ends this QR login.
     */
    public static LoginStep qrcodeResult(String body) {
        Reply r = Reply.parse(body);
        if (r.code == 200) {
            Map<String, String> handles = handles(r, ACCOUNT_ID, "individualId", "nsrsbh", "nsrsbhName", "dq");
            return new LoginStep(LoginState.LOGGED_IN, zh(r, "扫码登录成功"), "logged in by QR scan", "", handles,
                    Duration.ZERO, false);
        }
        if (r.code == 301) {
            return r.msg.contains("请扫码")
                    ? LoginStep.of(LoginState.QR_READY, r.msg, "not scanned yet; ask again in a few seconds")
                    : LoginStep.of(LoginState.FAILED, zh(r, "扫码登录失败"),
                    "the QR login failed or its code expired; get a new QR code");
        }
        return common(r);
    }

    /** 200 with {@code data.result}: true the QR login holds, false it has ended. */
    public static LoginStep qrcodeCheck(String body) {
        Reply r = Reply.parse(body);
        if (r.code == 200) {
            JsonNode result = r.data.path("result");
            if (!result.isBoolean() && !result.isTextual()) {
                return LoginStep.of(LoginState.FAILED, "校验结果缺失", "jumdata's check answer has no data.result");
            }
            return result.asBoolean(false)
                    ? LoginStep.of(LoginState.LOGGED_IN, "扫码登录有效", "the QR login holds")
                    : LoginStep.of(LoginState.LOGGED_OUT, "扫码登录已失效", "the QR login has ended");
        }
        if (r.code == 301) {
            return LoginStep.of(LoginState.LOGGED_OUT, zh(r, "登录已失效"), "the QR login has ended");
        }
        return common(r);
    }

    /** The codes every endpoint shares. */
    private static LoginStep common(Reply r) {
        return switch (r.code) {
            case 302 -> waitStep(r, "短信验证码发送频繁", "SMS codes were requested too often; wait a minute before the next",
                    SMS_WAIT);
            case 400 -> configuration(r, "参数错误",
                    "jumdata refused a parameter: check the seller's login settings and vendor.jumdata.app-id/app-secret");
            case 404 -> configuration(r, "接口地址不正确", "wrong address: check vendor.jumdata.base-url");
            case 500 -> waitStep(r, "系统维护,请稍候再试", "jumdata is under maintenance; try again later",
                    MAINTENANCE_WAIT);
            case 601 -> configuration(r, "接口未开通",
                    "the login API is not enabled for this jumdata account (vendor.jumdata.app-id); ask jumdata to enable it");
            case 602 -> configuration(r, "账号停用", "the jumdata account is disabled; ask jumdata");
            case 604 -> configuration(r, "接口停用", "jumdata has disabled the login API for this account; ask jumdata");
            case 606 -> waitStep(r, "调用超限,请稍候再试", "the jumdata account's call quota is used up; try again later",
                    QUOTA_WAIT);
            case 607 -> configuration(r, "ip不在白名单",
                    "this server's IP address is not on the account's whitelist at jumdata; ask jumdata to add it");
            case 609 -> waitStep(r, "请求过于频繁,请稍候再试", "too many calls to jumdata; try again shortly", BUSY_WAIT);
            case 610 -> waitStep(r, "请求超时", "jumdata timed out reaching the tax bureau; try again shortly", BUSY_WAIT);
            case 999 -> LoginStep.of(LoginState.FAILED, zh(r, "其他错误"), "jumdata refused the call (code 999)");
            case -1 -> LoginStep.of(LoginState.FAILED, "供应商返回的不是JSON应答：" + r.msg,
                    "jumdata answered something that is not its JSON reply");
            default -> LoginStep.of(LoginState.FAILED, zh(r, "未知返回码" + r.code),
                    "jumdata answered an undocumented code " + r.code);
        };
    }

    private static LoginStep waitStep(Reply r, String zh, String en, Duration wait) {
        return new LoginStep(LoginState.FAILED, zh(r, zh), en, "", Map.of(), wait, false);
    }

    private static LoginStep configuration(Reply r, String zh, String en) {
        return new LoginStep(LoginState.FAILED, zh(r, zh), en, "", Map.of(), Duration.ZERO, true);
    }

    private static String zh(Reply r, String fallback) {
        return r.msg.isBlank() ? fallback : r.msg.strip();
    }

    private static Map<String, String> handles(Reply r, String... fields) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String f : fields) {
            String v = r.text(f);
            if (!v.isEmpty()) {
                out.put(f, v);
            }
        }
        return out;
    }

    static String exactText(JsonNode v) {
        if (v == null || v.isMissingNode() || v.isNull()) {
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

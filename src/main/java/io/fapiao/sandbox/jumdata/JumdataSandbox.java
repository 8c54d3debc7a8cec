package io.fapiao.sandbox.jumdata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fapiao.login.QrPng;
import io.fapiao.sandbox.SandboxRequest;
import io.fapiao.sandbox.SandboxResponse;
import io.fapiao.vendor.jumdata.JumdataForms;
import io.fapiao.vendor.jumdata.JumdataForms.Endpoint;
import io.fapiao.vendor.jumdata.JumdataSigning;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * jumdata's tax-bureau login (聚美智数 税局登录) as its document describes it, on loopback: signed form posts, the
 * answers {@code {code, msg, taskNo, charge, data}} of its examples and code table, SMS logins with a known code
 * ({@link #SMS_CODE}) and a frequency limit, Zhejiang (3300) without SMS, QR logins a test can scan
 * ({@link #scan(String)}, {@code POST /_scan}), sessions that end on demand ({@link #expire(String)}), and the
 * failure codes on demand ({@link JumdataTrouble}).
 *
 * <p>Where the document names no answer, the sandbox chooses the closest entry of its code table: a missing or
 * wrong common parameter — unknown {@code appId}, a {@code timestamp} more than {@link #CLOCK_SKEW_MS} off, a
 * {@code sign} that is not exactly {@code sha256(appId + appSecret + timestamp)} in lower-case hex — is 400 参数错误
 * (the table has no signature code, and 601/602/604 describe a known account's state), answered like the document's
 * 400 examples, without {@code taskNo}.
 */
public final class JumdataSandbox {

    /** The SMS code every sandbox login sends. */
    public static final String SMS_CODE = "123456";
    /** A login with this password is refused (301), to rehearse a wrong password; any other non-blank one passes. */
    public static final String REFUSED_PASSWORD = "wrong-password";
    /** How far a request's timestamp may be from the sandbox's clock. */
    public static final long CLOCK_SKEW_MS = 10 * 60_000L;
    /** One SMS code per seller per minute, like the tax bureau. */
    public static final long SMS_INTERVAL_MS = 60_000L;
    /** An SMS code is good for five minutes. */
    public static final long SMS_VALID_MS = 5 * 60_000L;
    /** The document: the QR image is valid 30 minutes. */
    public static final long QR_VALID_MS = 30 * 60_000L;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String appId;
    private final String appSecret;
    private final LongSupplier clock;
    private final JumdataTrouble trouble = new JumdataTrouble();
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Map<String, SmsTask> smsTasks = new ConcurrentHashMap<>();
    private final Map<String, Long> lastSms = new ConcurrentHashMap<>();
    private final Map<String, QrTask> qrTasks = new ConcurrentHashMap<>();
    private final Map<String, String> sellerNames = new ConcurrentHashMap<>();
    private volatile String servedAt = "/jumdata";

    public JumdataSandbox(String appId, String appSecret) {
        this(appId, appSecret, System::currentTimeMillis);
    }

    /** @param clock epoch milliseconds: the sandbox's time, for timestamps and expiries */
    public JumdataSandbox(String appId, String appSecret, LongSupplier clock) {
        this.appId = appId;
        this.appSecret = appSecret;
        this.clock = clock;
    }

    public JumdataTrouble trouble() {
        return trouble;
    }

    /** The path this sandbox is mounted at, for the QR image links it hands out ({@code /jumdata} by default). */
    public JumdataSandbox servedAt(String path) {
        this.servedAt = path;
        return this;
    }

    /** The company name a QR login answers for a seller ({@code nsrsbhName}). */
    public JumdataSandbox sellerName(String taxId, String name) {
        sellerNames.put(taxId, name);
        return this;
    }

    /** Ends the seller's session at the tax bureau, its unscanned QR codes and its pending SMS codes. */
    public void expire(String taxId) {
        sessions.remove(taxId);
        smsTasks.values().removeIf(t -> t.taxId.equals(taxId));
        qrTasks.values().forEach(q -> {
            if (q.taxId.equals(taxId)) {
                q.expired = true;
            }
        });
    }

    /** Whether the seller holds a session. */
    public boolean loggedIn(String taxId) {
        return sessions.containsKey(taxId);
    }

    /**
     * A person scans a QR code with the tax bureau's app.
     *
     * @param contentOrId the QR content (what a phone reads from the picture) or its {@code qrcodeId}
     * @return false when no live QR code has that content or id
     */
    public boolean scan(String contentOrId) {
        for (QrTask q : qrTasks.values()) {
            if ((q.content.equals(contentOrId) || q.qrcodeId.equals(contentOrId)) && live(q)) {
                q.scanned = true;
                return true;
            }
        }
        return false;
    }

    /** Forgets every session, code and QR, and clears the trouble switches. */
    public void reset() {
        sessions.clear();
        smsTasks.clear();
        lastSms.clear();
        qrTasks.clear();
        trouble.reset();
    }

    public SandboxResponse handle(SandboxRequest req) {
        trouble.pause();
        String path = req.path();
        if (path.equals("/_trouble")) {
            return trouble.handle(req, this::reset, Map.of("expire", this::expire));
        }
        if (path.equals("/_scan")) {
            return scanHook(req);
        }
        if (path.startsWith("/_qrcode/")) {
            return image(path.substring("/_qrcode/".length()));
        }
        Endpoint endpoint = Endpoint.ofPath(path).orElse(null);
        if (endpoint == null) {
            return answer(404, "接口地址不正确", null);
        }
        if (trouble.maintenance) {
            return answer(500, "系统维护,请稍候再试", null);
        }
        if (!"POST".equals(req.method())) {
            return badParameter("请求方式须为POST");
        }
        if (!req.header("content-type").toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            return badParameter("请求格式须为application/x-www-form-urlencoded");
        }
        Map<String, String> form = req.form();
        SandboxResponse refused = checkCommon(form);
        if (refused == null) {
            refused = troubleAnswer();
        }
        if (refused != null) {
            return refused;
        }
        return switch (endpoint) {
            case LOGIN -> login(form);
            case VALIDATE_CODE -> validateCode(form);
            case STATUS -> status(form);
            case QRCODE_GET -> qrcodeGet(form, req.header("host"));
            case QRCODE_RESULT -> qrcodeResult(form);
            case QRCODE_CHECK -> qrcodeCheck(form);
        };
    }

    // --- common parameters

    private SandboxResponse checkCommon(Map<String, String> form) {
        String id = form.getOrDefault("appId", "");
        String timestamp = form.getOrDefault("timestamp", "");
        String sign = form.getOrDefault("sign", "");
        if (id.isEmpty()) {
            return badParameter("appId不能为空");
        }
        if (timestamp.isEmpty()) {
            return badParameter("timestamp不能为空");
        }
        if (sign.isEmpty()) {
            return badParameter("sign不能为空");
        }
        if (!id.equals(appId)) {
            return badParameter("appId不存在");
        }
        long millis;
        try {
            millis = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            return badParameter("timestamp须为毫秒时间戳");
        }
        if (Math.abs(clock.getAsLong() - millis) > CLOCK_SKEW_MS) {
            return badParameter("timestamp已过期,请使用当前时间戳(毫秒)");
        }
        if (!JumdataSigning.verify(appId, appSecret, timestamp, sign)) {
            return badParameter("签名错误");
        }
        return null;
    }

    private SandboxResponse troubleAnswer() {
        if (trouble.ip) {
            return answer(607, "ip不在白名单", null);
        }
        if (trouble.notEnabled) {
            return answer(601, "接口未开通", null);
        }
        if (trouble.accountDisabled) {
            return answer(602, "账号停用", null);
        }
        if (trouble.apiDisabled) {
            return answer(604, "接口停用", null);
        }
        if (trouble.quota) {
            return answer(606, "调用超限,请稍候再试", null);
        }
        if (trouble.tooFrequent) {
            return answer(609, "请求过于频繁,请稍候再试", null);
        }
        if (trouble.timeout) {
            return answer(610, "请求超时", null);
        }
        return null;
    }

    // --- SMS login

    private SandboxResponse login(Map<String, String> form) {
        SandboxResponse missing = requireCredentials(form);
        if (missing != null) {
            return missing;
        }
        String taxId = form.get("nsrsbh");
        if (REFUSED_PASSWORD.equals(form.get("gryhmm"))) {
            return answer(301, "登录失败:用户名或密码错误", null);
        }
        if (!JumdataForms.needsSms(form.get("dq"))) {
            sessions.put(taxId, new Session(""));
            return answer(200, "成功", null);
        }
        synchronized (lastSms) {
            long now = clock.getAsLong();
            Long last = lastSms.get(taxId);
            if (trouble.smsTooOften || last != null && now - last < trouble.smsIntervalMs) {
                return answer(302, "短信验证码发送频繁", null);
            }
            lastSms.put(taxId, now);
        }
        String taskId = digits(20);
        smsTasks.put(taskId, new SmsTask(taxId, clock.getAsLong()));
        ObjectNode data = JSON.createObjectNode().put("validateCodeSmsTaskId", taskId);
        return answer(202, "已发送验证码,请再调用校验验证码接口完成登录", data);
    }

    private SandboxResponse validateCode(Map<String, String> form) {
        SandboxResponse missing = require(form, "nsrsbh", "纳税人识别号不能为空", "validateCodeSmsTaskId",
                "短信验证码taskId不能为空", "smsValidateCode", "短信验证码不能为空");
        if (missing != null) {
            return missing;
        }
        String taxId = form.get("nsrsbh");
        SmsTask task = smsTasks.get(form.get("validateCodeSmsTaskId"));
        if (task == null || !task.taxId.equals(taxId)) {
            return answer(301, "短信验证码taskId不存在或已失效,请重新登录", null);
        }
        if (clock.getAsLong() - task.sentAt > SMS_VALID_MS) {
            smsTasks.remove(form.get("validateCodeSmsTaskId"));
            return answer(301, "短信验证码已过期,请重新登录", null);
        }
        if (!SMS_CODE.equals(form.get("smsValidateCode"))) {
            return answer(301, "短信验证码错误", null);
        }
        smsTasks.remove(form.get("validateCodeSmsTaskId"));
        sessions.put(taxId, new Session(""));
        return answer(200, "成功", null);
    }

    private SandboxResponse status(Map<String, String> form) {
        SandboxResponse missing = requireCredentials(form);
        if (missing != null) {
            return missing;
        }
        return sessions.containsKey(form.get("nsrsbh")) ? answer(200, "成功", null) : answer(301, "登录已失效", null);
    }

    private static SandboxResponse requireCredentials(Map<String, String> form) {
        SandboxResponse missing = require(form, "nsrsbh", "纳税人识别号不能为空", "dq", "参数dq不能为空",
                "sflx", "身份类型不能为空", "gryhm", "登录账号不能为空", "gryhmm", "登录密码不能为空");
        if (missing == null && JumdataForms.needsSms(form.get("dq")) && form.getOrDefault("sjhm", "").isBlank()) {
            return badParameter("手机号码不能为空(除浙江外必填)");
        }
        return missing;
    }

    // --- QR login

    private SandboxResponse qrcodeGet(Map<String, String> form, String host) {
        SandboxResponse missing = require(form, "nsrsbh", "纳税人识别号不能为空", "dq", "参数dq不能为空");
        if (missing != null) {
            return missing;
        }
        byte[] raw = new byte[36];
        random.nextBytes(raw);
        String qrcodeId = hex(16);
        // a 19-digit task id, sent as a JSON number like the document's 1762794678531752000
        long taskId = 1_000_000_000_000_000_000L + Math.floorMod(random.nextLong(), 8_000_000_000_000_000_000L);
        String content = "qrcode_id=" + Base64.getEncoder().encodeToString(raw) + "&areaPrefix=" + form.get("dq");
        QrTask task = new QrTask(form.get("nsrsbh"), form.get("dq"), qrcodeId, taskId, content, clock.getAsLong());
        qrTasks.put(qrcodeId, task);
        ObjectNode data = JSON.createObjectNode();
        data.put("qrcodeContent", content);
        data.put("qrcodeImageUrl", host.isBlank() ? "" : "http://" + host + servedAt + "/_qrcode/" + qrcodeId + ".png");
        data.put("qrcodeId", qrcodeId);
        data.put("taskId", taskId);
        return answer(200, "成功", data);
    }

    private SandboxResponse qrcodeResult(Map<String, String> form) {
        SandboxResponse missing = require(form, "taskId", "扫码任务id不能为空", "qrcodeId", "二维码id不能为空");
        if (missing != null) {
            return missing;
        }
        QrTask q = qrTasks.get(form.get("qrcodeId"));
        if (q == null || !Long.toString(q.taskId).equals(form.get("taskId"))) {
            return answer(301, "二维码不存在,请重新获取", null);
        }
        if (q.expired || q.accountId == null && !live(q)) {
            return answer(301, "二维码已失效,请重新获取", null);
        }
        if (!q.scanned) {
            return answer(301, "请扫码认证在继续操作", null); // sic, as the document writes it
        }
        synchronized (q) {
            if (q.accountId == null) {
                q.accountId = hex(16);
                q.individualId = digits(18);
                sessions.put(q.taxId, new Session(q.accountId));
            }
        }
        ObjectNode data = JSON.createObjectNode();
        data.put("nsrsbh", q.taxId);
        data.put("accountId", q.accountId);
        data.put("nsrsbhName", sellerNames.getOrDefault(q.taxId, "沙箱纳税人" + q.taxId));
        data.put("individualId", q.individualId);
        data.put("dq", q.region);
        return answer(200, "成功", data);
    }

    private SandboxResponse qrcodeCheck(Map<String, String> form) {
        SandboxResponse missing = require(form, "nsrsbh", "纳税人识别号不能为空", "accountId", "账户ID不能为空");
        if (missing != null) {
            return missing;
        }
        Session s = sessions.get(form.get("nsrsbh"));
        boolean valid = s != null && s.accountId.equals(form.get("accountId"));
        return answer(200, "成功", JSON.createObjectNode().put("result", valid));
    }

    private boolean live(QrTask q) {
        return !q.expired && clock.getAsLong() - q.createdAt <= QR_VALID_MS;
    }

    private SandboxResponse image(String file) {
        QrTask q = qrTasks.get(file.endsWith(".png") ? file.substring(0, file.length() - 4) : file);
        if (q == null || !live(q)) {
            return SandboxResponse.text(404, "二维码不存在或已失效");
        }
        return new SandboxResponse(200, "image/png", QrPng.png(q.content));
    }

    // --- sandbox control

    private SandboxResponse scanHook(SandboxRequest req) {
        if (!"POST".equals(req.method())) {
            return SandboxResponse.text(405, "POST {\"content\":…} or {\"qrcodeId\":…}");
        }
        JsonNode n;
        try {
            n = JSON.readTree(req.body().isBlank() ? "{}" : req.body());
        } catch (Exception e) {
            return SandboxResponse.json(400, "{\"error\":\"body is not JSON\"}");
        }
        String key = n.path("content").asText(n.path("qrcodeId").asText(""));
        boolean scanned = !key.isEmpty() && scan(key);
        return scanned ? SandboxResponse.json("{\"scanned\":true}")
                : SandboxResponse.json(404,
                        "{\"scanned\":false,\"error\":\"no live QR code with that content or qrcodeId\"}");
    }

    // --- answers

    /** {@code {code, msg, taskNo, charge, data}} in the document's order; login calls are not charged. */
    private SandboxResponse answer(int code, String msg, ObjectNode data) {
        ObjectNode n = JSON.createObjectNode();
        n.put("code", code).put("msg", msg).put("taskNo", digits(24)).put("charge", false);
        if (data != null) {
            n.set("data", data);
        }
        return SandboxResponse.json(n.toString());
    }

    /** 400 as the document's examples show it: code, msg, charge, no taskNo. */
    private static SandboxResponse badParameter(String msg) {
        ObjectNode n = JSON.createObjectNode();
        n.put("code", 400).put("msg", msg).put("charge", false);
        return SandboxResponse.json(n.toString());
    }

    /** Pairs of parameter name and the 400 message when it is blank, checked in order. */
    private static SandboxResponse require(Map<String, String> form, String... nameAndMessage) {
        for (int i = 0; i < nameAndMessage.length; i += 2) {
            if (form.getOrDefault(nameAndMessage[i], "").isBlank()) {
                return badParameter(nameAndMessage[i + 1]);
            }
        }
        return null;
    }

    private String digits(int n) {
        StringBuilder s = new StringBuilder().append(1 + random.nextInt(9));
        while (s.length() < n) {
            s.append(random.nextInt(10));
        }
        return s.toString();
    }

    private String hex(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private record Session(String accountId) {
    }

    private record SmsTask(String taxId, long sentAt) {
    }

    private static final class QrTask {
        final String taxId;
        final String region;
        final String qrcodeId;
        final long taskId;
        final String content;
        final long createdAt;
        volatile boolean scanned;
        volatile boolean expired;
        volatile String accountId;
        volatile String individualId;

        QrTask(String taxId, String region, String qrcodeId, long taskId, String content, long createdAt) {
            this.taxId = taxId;
            this.region = region;
            this.qrcodeId = qrcodeId;
            this.taskId = taskId;
            this.content = content;
            this.createdAt = createdAt;
        }
    }
}

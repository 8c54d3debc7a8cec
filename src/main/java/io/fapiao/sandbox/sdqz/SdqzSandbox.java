package io.fapiao.sandbox.sdqz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fapiao.sandbox.SandboxRequest;
import io.fapiao.sandbox.SandboxResponse;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * sdqz (数电前置API) as its document describes it, on loopback: one address {@code POST /Api}, the operation in the
 * {@code actionCode} header, the account in {@code taxnum}, {@code interfaceCode}, {@code extensionNo} and
 * {@code isEncryption}, JSON in and {@code {code, mess, data}} out with "0000" or "9999". It checks the envelope as
 * strictly as the document allows and answers a wrong one {@code {"code":"9999","mess":…}}.
 *
 * <p>What it serves: {@code XXSMRZ} (QR authentication, the one documented action) and an auth-result query under
 * a configurable action code ({@link SdqzTrouble#authResultCode}, {@link #DEFAULT_AUTH_RESULT_CODE} unless set)
 * because the real code is not public. The query's body is the sandbox's own choice: {@code {"rzid":"…"}}, with
 * {@code taskId} optional; it answers "0000" once the QR code was scanned, else "9999" saying why. Any other action
 * code is answered "9999" naming it. Test hooks: {@link #scan(String)} ({@code POST /_scan}),
 * {@link #expire(String)} and the switches ({@code POST /_trouble}).
 *
 * <p>The menu's 登录认证 and 短信认证 are not public either; the sandbox serves them under codes of its own
 * ({@link #DEFAULT_LOGIN_CODE}, {@link #DEFAULT_SMS_AUTH_CODE}) with bodies of its own choosing, so an SMS login
 * through configured actions can be rehearsed: the login takes {@code {"dlzh","dlmm","sjhm"}} (account, password,
 * phone; {@code sflx} optional), answers {@code data.taskId} and "sends" {@link #SMS_CODE}, at most one SMS per
 * seller a minute; the SMS authentication takes {@code {"taskId","yzm"}}. A password starting with {@code wrong} is
 * refused.
 */
public final class SdqzSandbox {

    /** The QR authentication action, as the document names it. */
    public static final String QR_AUTH_CODE = "XXSMRZ";
    /** The sandbox's own placeholder for the auth-result query; the vendor's code is not public. */
    public static final String DEFAULT_AUTH_RESULT_CODE = "SANDBOX-RZJGCX";
    /** The sandbox's own placeholder for 登录认证 (sends the SMS code); the vendor's code is not public. */
    public static final String DEFAULT_LOGIN_CODE = "SANDBOX-DLRZ";
    /** The sandbox's own placeholder for 短信认证; the vendor's code is not public. */
    public static final String DEFAULT_SMS_AUTH_CODE = "SANDBOX-DXRZ";
    /** The SMS code every sandbox login sends. */
    public static final String SMS_CODE = "135790";
    /** One SMS code per seller a minute; a code is good for five minutes. */
    public static final long SMS_INTERVAL_MS = 60_000L;
    public static final long SMS_VALID_MS = 5 * 60_000L;
    /** The document gives no validity; the sandbox keeps a QR code 30 minutes, like jumdata's. */
    public static final long QR_VALID_MS = 30 * 60_000L;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String interfaceCode;
    private final String extensionNo;
    private final LongSupplier clock;
    private final SdqzTrouble trouble = new SdqzTrouble();
    private final SecureRandom random = new SecureRandom();
    private final Map<String, String> sellers = new ConcurrentHashMap<>();
    private final Map<String, Authentication> authentications = new ConcurrentHashMap<>();
    private final Map<String, String> authenticated = new ConcurrentHashMap<>();
    private final Map<String, SmsTask> smsTasks = new ConcurrentHashMap<>();
    private final Map<String, Long> lastSms = new ConcurrentHashMap<>();
    private volatile String anySellerRegion;

    /**
     * @param interfaceCode the account's authorisation code, which every call must carry
     * @param extensionNo   the account's extension number; a call may leave it out, but not send another
     */
    public SdqzSandbox(String interfaceCode, String extensionNo) {
        this(interfaceCode, extensionNo, System::currentTimeMillis);
    }

    public SdqzSandbox(String interfaceCode, String extensionNo, LongSupplier clock) {
        this.interfaceCode = interfaceCode;
        this.extensionNo = extensionNo;
        this.clock = clock;
    }

    public SdqzTrouble trouble() {
        return trouble;
    }

    /** A seller this account is authorised for, and its 4-digit region code (the QR's {@code areaPrefix}). */
    public SdqzSandbox seller(String taxId, String region) {
        sellers.put(taxId, region);
        return this;
    }

    /**
     * Authorises every seller that calls, in this region (the bundle's sandbox serves every seller, as the real
     * service would once the integration team registered them).
     */
    public SdqzSandbox everySeller(String region) {
        this.anySellerRegion = region;
        return this;
    }

    /** A person scans the QR code: by its content (what a phone reads) or by its {@code rzid}. */
    public boolean scan(String contentOrRzid) {
        for (Authentication a : authentications.values()) {
            if ((a.ewm.equals(contentOrRzid) || a.rzid.equals(contentOrRzid)) && live(a)) {
                a.scanned = true;
                authenticated.put(a.taxId, a.rzid);
                return true;
            }
        }
        return false;
    }

    /** Ends the seller's authentication and its unscanned QR codes. */
    public void expire(String taxId) {
        authenticated.remove(taxId);
        authentications.values().forEach(a -> {
            if (a.taxId.equals(taxId)) {
                a.expired = true;
            }
        });
    }

    public boolean authenticatedNow(String taxId) {
        return authenticated.containsKey(taxId);
    }

    /** Forgets every authentication and clears the failure switches. */
    public void reset() {
        authentications.clear();
        authenticated.clear();
        smsTasks.clear();
        lastSms.clear();
        trouble.reset();
    }

    public SandboxResponse handle(SandboxRequest req) {
        trouble.pause();
        switch (req.path()) {
            case "/_trouble" -> {
                return trouble.handle(req, this::reset, Map.of("expire", this::expire));
            }
            case "/_scan" -> {
                return scanHook(req);
            }
            case "/Api" -> {
            }
            default -> {
                return SandboxResponse.text(404, "Not Found: " + req.path());
            }
        }
        if (trouble.maintenance) {
            return failed("系统维护中，请稍后再试");
        }
        if (!"POST".equals(req.method())) {
            return failed("请使用POST方式调用");
        }
        if (!req.header("content-type").toLowerCase(Locale.ROOT).startsWith("application/json")) {
            return failed("Content-Type须为application/json");
        }
        String refused = envelope(req);
        if (refused != null) {
            return failed(refused);
        }
        JsonNode body;
        try {
            body = JSON.readTree(req.body());
        } catch (Exception e) {
            body = null;
        }
        if (body == null || !body.isObject()) {
            return failed("报文格式错误，须为JSON对象");
        }
        String busy = troubleMess();
        if (busy != null) {
            return failed(busy);
        }
        String action = req.header("actionCode").strip();
        String taxId = req.header("taxnum").strip();
        if (action.equals(QR_AUTH_CODE)) {
            return qrAuth(taxId, body);
        }
        if (action.equals(trouble.authResultCode)) {
            return authResult(taxId, body);
        }
        if (action.equals(trouble.loginCode)) {
            return login(taxId, body);
        }
        if (action.equals(trouble.smsAuthCode)) {
            return smsAuth(taxId, body);
        }
        return failed("未知的actionCode：" + action + "（沙箱提供" + QR_AUTH_CODE + "和认证结果查询"
                + trouble.authResultCode + "）");
    }

    /** The headers, in the document's order; the first fault in the vendor's manner, or null. */
    private String envelope(SandboxRequest req) {
        String action = req.header("actionCode").strip();
        String taxnum = req.header("taxnum").strip();
        String code = req.header("interfaceCode").strip();
        String extension = req.header("extensionNo").strip();
        String encryption = req.header("isEncryption").strip();
        if (action.isEmpty()) {
            return "请求头actionCode不能为空";
        }
        if (encryption.isEmpty()) {
            return "请求头isEncryption不能为空";
        }
        if (encryption.equals("1")) {
            return "沙箱不支持加密报文，请以isEncryption=0发送明文JSON";
        }
        if (!encryption.equals("0")) {
            return "请求头isEncryption须为0（不加密）或1（加密）";
        }
        if (taxnum.isEmpty()) {
            return "请求头taxnum不能为空";
        }
        if (!sellers.containsKey(taxnum) && anySellerRegion != null && taxnum.matches("[0-9A-Z]{15,20}")) {
            sellers.putIfAbsent(taxnum, anySellerRegion);
        }
        if (!sellers.containsKey(taxnum)) {
            return "税号" + taxnum + "未授权";
        }
        if (!code.equals(interfaceCode)) {
            return "授权码interfaceCode错误";
        }
        if (!extension.isEmpty() && !extension.equals(extensionNo)) {
            return "分机号extensionNo错误";
        }
        return null;
    }

    private String troubleMess() {
        if (trouble.ip) {
            return "IP不在白名单";
        }
        if (trouble.notEnabled) {
            return "接口未开通";
        }
        if (trouble.quota) {
            return "调用次数超限，请稍后再试";
        }
        if (trouble.tooFrequent) {
            return "请求过于频繁，请稍后再试";
        }
        if (trouble.timeout) {
            return "连接税局超时，请稍后再试";
        }
        return null;
    }

    // --- QR authentication

    private SandboxResponse qrAuth(String taxId, JsonNode body) {
        JsonNode type = body.get("ewmlx");
        String ewmlx = type == null ? "0" : type.isTextual() ? type.asText() : ""; // the document: string, 默认0
        if (!ewmlx.equals("0") && !ewmlx.equals("1")) {
            return failed("认证二维码类型ewmlx须为\"0\"（税务APP）或\"1\"（个税APP）");
        }
        byte[] raw = new byte[48];
        random.nextBytes(raw);
        String ewm = "qrcode_id=" + Base64.getEncoder().encodeToString(raw) + "&areaPrefix=" + sellers.get(taxId)
                + "&interfaceCode=0003";
        long taskId = 1_000_000_000_000_000_000L + Math.floorMod(random.nextLong(), 8_000_000_000_000_000_000L);
        String rzid = hex(16);
        authentications.put(rzid, new Authentication(taxId, ewmlx, ewm, taskId, rzid, clock.getAsLong()));
        ObjectNode data = JSON.createObjectNode();
        data.put("ewm", ewm);
        data.put("taskId", taskId); // a JSON number, as in the document
        data.put("rzid", rzid);
        return ok("二维码获取成功", data);
    }

    private SandboxResponse authResult(String taxId, JsonNode body) {
        String rzid = body.path("rzid").asText("").strip();
        if (rzid.isEmpty()) {
            return failed("认证ID rzid不能为空");
        }
        Authentication a = authentications.get(rzid);
        JsonNode taskId = body.get("taskId");
        if (a == null || !a.taxId.equals(taxId)
                || taskId != null && !taskId.asText().strip().equals(Long.toString(a.taskId))) {
            return failed("认证ID不存在");
        }
        if (a.expired || !a.scanned && !live(a)) {
            return failed("认证已失效，请重新获取二维码");
        }
        if (!a.scanned) {
            return failed("未扫码认证，请使用" + (a.ewmlx.equals("1") ? "个税APP" : "税务APP") + "扫码");
        }
        ObjectNode data = JSON.createObjectNode();
        data.put("rzid", a.rzid);
        data.put("taskId", a.taskId);
        return ok("认证成功", data);
    }

    // --- the sandbox's own login and SMS authentication

    private SandboxResponse login(String taxId, JsonNode body) {
        String account = body.path("dlzh").asText("").strip();
        String password = body.path("dlmm").asText("");
        String phone = body.path("sjhm").asText("").strip();
        if (account.isEmpty() || password.isEmpty()) {
            return failed("登录账号dlzh、密码dlmm不能为空");
        }
        if (!phone.matches("1\\d{10}")) {
            return failed("手机号码sjhm格式错误");
        }
        if (password.startsWith("wrong")) {
            return failed("登录失败：账号或密码错误");
        }
        synchronized (lastSms) {
            long now = clock.getAsLong();
            Long last = lastSms.get(taxId);
            if (trouble.smsTooOften || last != null && now - last < SMS_INTERVAL_MS) {
                return failed("短信发送频繁，请稍后再试");
            }
            lastSms.put(taxId, now);
        }
        long taskId = 1_000_000_000_000_000_000L + Math.floorMod(random.nextLong(), 8_000_000_000_000_000_000L);
        smsTasks.put(Long.toString(taskId), new SmsTask(taxId, clock.getAsLong()));
        ObjectNode data = JSON.createObjectNode();
        data.put("taskId", taskId);
        data.put("sjhm", phone.substring(0, 3) + "****" + phone.substring(7));
        return ok("验证码已发送", data);
    }

    private SandboxResponse smsAuth(String taxId, JsonNode body) {
        String taskId = body.path("taskId").asText("").strip();
        String code = body.path("yzm").asText("").strip();
        if (taskId.isEmpty() || code.isEmpty()) {
            return failed("任务ID taskId、验证码yzm不能为空");
        }
        SmsTask task = smsTasks.get(taskId);
        if (task == null || !task.taxId().equals(taxId) || clock.getAsLong() - task.sentAt() > SMS_VALID_MS) {
            smsTasks.remove(taskId);
            return failed("登录任务已失效，请重新登录");
        }
        if (!SMS_CODE.equals(code)) {
            return failed("验证码错误");
        }
        smsTasks.remove(taskId);
        authenticated.put(taxId, "sms:" + taskId);
        return ok("认证成功", JSON.createObjectNode().put("taskId", Long.parseLong(taskId)));
    }

    private record SmsTask(String taxId, long sentAt) {
    }

    private boolean live(Authentication a) {
        return !a.expired && clock.getAsLong() - a.createdAt <= QR_VALID_MS;
    }

    // --- sandbox control

    private SandboxResponse scanHook(SandboxRequest req) {
        if (!"POST".equals(req.method())) {
            return SandboxResponse.text(405, "POST {\"content\":…} or {\"rzid\":…}");
        }
        JsonNode n;
        try {
            n = JSON.readTree(req.body().isBlank() ? "{}" : req.body());
        } catch (Exception e) {
            return SandboxResponse.json(400, "{\"error\":\"body is not JSON\"}");
        }
        String key = n.path("content").asText(n.path("rzid").asText(""));
        return !key.isEmpty() && scan(key) ? SandboxResponse.json("{\"scanned\":true}")
                : SandboxResponse.json(404,
                        "{\"scanned\":false,\"error\":\"no live QR code with that content or rzid\"}");
    }

    // --- answers

    private static SandboxResponse ok(String mess, ObjectNode data) {
        ObjectNode n = JSON.createObjectNode();
        n.put("code", "0000").put("mess", mess);
        n.set("data", data);
        return SandboxResponse.json(n.toString());
    }

    private static SandboxResponse failed(String mess) {
        ObjectNode n = JSON.createObjectNode();
        n.put("code", "9999").put("mess", mess);
        n.putObject("data");
        return SandboxResponse.json(n.toString());
    }

    private String hex(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static final class Authentication {
        final String taxId;
        final String ewmlx;
        final String ewm;
        final long taskId;
        final String rzid;
        final long createdAt;
        volatile boolean scanned;
        volatile boolean expired;

        Authentication(String taxId, String ewmlx, String ewm, long taskId, String rzid, long createdAt) {
            this.taxId = taxId;
            this.ewmlx = ewmlx;
            this.ewm = ewm;
            this.taskId = taskId;
            this.rzid = rzid;
            this.createdAt = createdAt;
        }
    }
}

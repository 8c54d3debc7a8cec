package io.fapiao.sandbox.qixiangyun;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fapiao.sandbox.SandboxRequest;
import io.fapiao.sandbox.SandboxResponse;
import io.fapiao.sandbox.qixiangyun.Fields.Refusal;
import io.fapiao.sandbox.qixiangyun.SandboxInvoices.Answer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The qixiangyun open API (企享云) as its documents describe it, on loopback (docs/vendors/qixiangyun.md): the token
 * call with {@code expires_in} in milliseconds and refresh tokens; every other call checked for its
 * {@code access_token}, {@code req_date} (15 minutes) and {@code req_sign} over the exact bytes received; the
 * seller's tax-bureau login (SMS, regions without SMS, QR, session check, face check); 数电 issuing, asynchronous
 * results, red-letter forms, the invoice list and files, with real PDFs. It answers in the vendor's codes and
 * words, and misbehaves on request ({@link QixiangyunTrouble}).
 *
 * <p>Test hooks, as methods and as {@code POST} calls under the sandbox's base: {@code /_scan}
 * {@code {"qrcodeId","nsrsbh"}} or {@code {"content"}} (the QR was scanned), {@code /_face} {@code {"rzid"}}, {@code /_session}
 * {@code {"nsrsbh"}} (the seller's session ends), {@code /_red-form} {@code {"hzuuid","answer":"accept|reject|expire"}}
 * (the buyer answers), {@code /_buyer-red-form} {@code {"lzFphm"}} (the buyer files one), {@code /_buyer-accounted}
 * {@code {"lzFphm"}} (the buyer booked the invoice), {@code /_void} {@code {"fphm"}} and {@code /_plant-difference}
 * {@code {"fphm","difference"}} (what {@code fpcx} shows, for reconciliation), {@code /_trouble};
 * {@code GET /_public-key}.
 */
public final class QixiangyunSandbox {

    static final ObjectMapper JSON = new ObjectMapper();
    /** "如果未携带该头信息，或与服务端的时间差超过 15 分钟，则云端拒绝该请求". */
    public static final Duration REQ_DATE_WINDOW = Duration.ofMinutes(15);
    /** 15 days, in milliseconds as the token document gives {@code expires_in}. */
    public static final long EXPIRES_IN_MS = Duration.ofDays(15).toMillis();
    /** Logins ({@code client_credentials}) per minute before the gateway throttles ("频繁请求login接口会被限制"). */
    public static final int LOGINS_PER_MINUTE = 10;

    private static final String TOKEN = "/v2/public/oauth2/login";
    private static final String INVOICE = "/v2/invoice/qdfp/";
    private static final Set<String> LOGIN_CALLS = Set.of("/v2/public/login/multiacc/dpptCookie",
            "/v2/public/login/multiacc/dpptpushsms", "/v2/public/login/multiacc/checkAsyncLoginDpptCache",
            "/v2/public/login/scanLogin/getQrcode", "/v2/public/login/scanLogin/qrcodeLogin");
    private static final Set<String> INVOICE_CALLS = Set.of("fpkjZzs", "asynResult", "hzqrxxSave", "hzqrxxConfirm",
            "hzqrxxList", "hzqrxxDetail", "hzFpkj", "fpcx", "bswjxzBatch", "rzewm", "rzztcx");
    private static final HexFormat HEX = HexFormat.of();

    private static final class Token {
        final Instant expiresAt;
        final AtomicLong calls = new AtomicLong();
        volatile boolean ended;

        Token(Instant expiresAt) {
            this.expiresAt = expiresAt;
        }
    }

    private final String appKey;
    private final String appSecret;
    private final String clientSecret;
    private final String mountPath;
    private final String defaultSeller;
    private final String publicKey;
    private final Clock clock;
    private final QixiangyunTrouble trouble = new QixiangyunTrouble();
    private final SandboxLogins logins;
    private final SandboxInvoices invoices;
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();
    private final Set<String> refreshTokens = ConcurrentHashMap.newKeySet();
    private final Deque<Instant> recentLogins = new ArrayDeque<>();
    private final AtomicLong tokenLogins = new AtomicLong();
    private final SecureRandom secure = new SecureRandom();
    private final Random random = new Random(2026);
    private long rateWindow;
    private int rateCount;

    /**
     * @param passwordKey       the private half of the key callers encrypt passwords with ({@code publicKey})
     * @param smsCode           the SMS code the sandbox's bureau "sends"
     * @param mountPath         where the sandbox is served ({@code /qixiangyun}, {@code /sandbox/qixiangyun}): file
     *                          links are absolute, as the vendor's are
     * @param defaultSeller     the seller a QR login logs in when the QR named none
     */
    public QixiangyunSandbox(String appKey, String appSecret, PrivateKey passwordKey, String publicKey, String smsCode,
                             String mountPath, String defaultSeller, String defaultSellerName, Clock clock) {
        this.appKey = appKey;
        this.appSecret = appSecret;
        this.clientSecret = md5(appSecret);
        this.publicKey = publicKey;
        this.mountPath = mountPath;
        this.defaultSeller = defaultSeller;
        this.clock = clock;
        this.logins = new SandboxLogins(passwordKey, smsCode, trouble);
        this.invoices = new SandboxInvoices(trouble, logins, defaultSeller, defaultSellerName);
    }

    public QixiangyunTrouble trouble() {
        return trouble;
    }

    /** How many invoices (blue and red) the sandbox has issued. */
    public int invoiceCount() {
        return invoices.invoiceCount();
    }

    /** How many access tokens were given by a login ({@code client_credentials}) since the start. */
    public long tokenLogins() {
        return tokenLogins.get();
    }

    /** Forgets every token, session, invoice and form, and clears the trouble switches. */
    public synchronized void reset() {
        tokens.clear();
        refreshTokens.clear();
        recentLogins.clear();
        logins.reset();
        invoices.reset();
        trouble.reset();
    }

    // --- test hooks

    /** The QR was scanned and confirmed in the app, for {@code nsrsbh} ("" = the seller the QR was asked for). */
    public boolean scanQr(String qrcodeId, String nsrsbh) {
        return logins.scan(qrcodeId, nsrsbh);
    }

    /** The drawer passed the face check of this {@code rzid}. */
    public boolean scanFace(String rzid) {
        return logins.scanFace(rzid);
    }

    /** The bureau ended this seller's session: invoice calls answer {@code 720006} until it logs in again. */
    public void expireSession(String nsrsbh) {
        logins.expire(nsrsbh);
    }

    /** The buyer answers a form the seller filed (state 02): {@code accept}, {@code reject} or {@code expire}. */
    public boolean answerRedForm(String hzuuid, String answer) {
        return invoices.answerAsBuyer(hzuuid, answer, clock.instant());
    }

    /** The buyer files a full red-letter form (state 03) for a blue invoice; its {@code hzuuid}, "" when it cannot. */
    public String fileRedFormAsBuyer(String blueInvoiceNo) {
        return invoices.fileAsBuyer(blueInvoiceNo, clock.instant());
    }

    /** The invoice was voided at the bureau: {@code fpcx} shows it with {@code fpztdm} 02. False when unknown. */
    public boolean voidInvoice(String fphm) {
        return invoices.voidInvoice(fphm);
    }

    /**
     * The vendor's record of an invoice no longer matches what was sent: {@code fpcx} shows its amount (excluding
     * tax, and so the total) changed by {@code difference}. False when unknown. For reconciliation tests.
     */
    public boolean plantDifference(String fphm, java.math.BigDecimal difference) {
        return invoices.plantDifference(fphm, difference);
    }

    /** The buyer booked this blue invoice: red-letter forms for it wait for the buyer (02). */
    public void markAccountedByBuyer(String blueInvoiceNo) {
        invoices.markAccountedByBuyer(blueInvoiceNo);
    }

    // --- HTTP

    public SandboxResponse handle(SandboxRequest req) {
        trouble.pause();
        String path = req.path();
        if (path.startsWith("/_files/") && trouble.pdfUrlExpired) {
            // an expired signed OSS link answers 403 with an XML error, as Aliyun OSS does
            return new SandboxResponse(403, "application/xml", ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>"
                    + "AccessDenied</Code><Message>Request has expired.</Message></Error>").getBytes(StandardCharsets.UTF_8));
        }
        if (path.startsWith("/_files/") || path.startsWith("/_oss/")) {
            String[] parts = path.substring(path.indexOf('/', 1) + 1).split("/", 2);
            byte[] file = parts.length == 2 ? invoices.file(parts[0], parts[1]) : null;
            if (file == null) {
                return SandboxResponse.text(404, "NoSuchKey");
            }
            String type = parts[1].endsWith(".pdf") ? "application/pdf"
                    : parts[1].endsWith(".zip") ? "application/zip" : "text/plain;charset=UTF-8";
            return new SandboxResponse(200, type, file);
        }
        if (path.startsWith("/_")) {
            return hook(req);
        }
        if (overRateLimit()) {
            return json(answer("400429", "网关限流", null));
        }
        if (!"POST".equals(req.method())) {
            return SandboxResponse.text(405, "Method Not Allowed");
        }
        ObjectNode reply;
        try {
            reply = call(req, path);
        } catch (Refusal r) {
            reply = answer(r.code, r.getMessage(), r.data);
        }
        if (trouble.errorRate > 0 && chance(trouble.errorRate)) {
            reply = answer("504001", "接口调用超时，请稍后重试", null);
        }
        return json(reply);
    }

    private ObjectNode call(SandboxRequest req, String path) {
        if (!req.header("content-type").toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw Fields.refuse("400000", "参数校验失败：Content-Type须为application/json;charset=UTF-8");
        }
        JsonNode body;
        try {
            body = JSON.readTree(req.body());
        } catch (Exception e) {
            throw Fields.refuse("400000", "参数校验失败：请求体不是合法的JSON");
        }
        if (body == null || !body.isObject()) {
            throw Fields.refuse("400000", "参数校验失败：请求体须为JSON对象");
        }
        Instant now = clock.instant();
        if (path.equals(TOKEN)) {
            return token(body, now);
        }
        boolean invoiceCall = path.startsWith(INVOICE) && INVOICE_CALLS.contains(path.substring(INVOICE.length()));
        if (!invoiceCall && !LOGIN_CALLS.contains(path)) {
            throw Fields.refuse("505001", "没有找到对应接口");
        }
        authenticate(req, now);
        return invoiceCall ? invoice(path.substring(INVOICE.length()), body, now, base(req)) : login(path, body, now);
    }

    // --- token

    private ObjectNode token(JsonNode body, Instant now) {
        Fields f = new Fields(body, "", "400000");
        String grant = f.string("grant_type", true);
        ObjectNode data = JSON.createObjectNode();
        switch (grant) {
            case "client_credentials" -> {
                String key = f.stringOrNumber("client_appkey", true);
                String secret = f.string("client_secret", true);
                if (!throttleLogin(now)) {
                    return answer("400429", "网关限流", null);
                }
                if (!key.equals(appKey) || !secret.equals(clientSecret)) {
                    data.put("error_msg", "应用的密钥无效!"); // the document's answer: code 2000, no token
                    return answer("2000", null, data);
                }
            }
            case "refresh_token" -> {
                String refresh = f.string("refresh_token", true);
                if (!refreshTokens.remove(refresh)) {
                    data.put("error_msg", "refresh_token无效或已过期!");
                    return answer("2000", null, data);
                }
            }
            default -> throw Fields.refuse("400000", "参数校验失败：grant_type只支持client_credentials、refresh_token");
        }
        if (grant.equals("client_credentials")) {
            tokenLogins.incrementAndGet();
        }
        String access = "eyJhbGciOiJIUzUxMiJ9." + randomText(48) + "." + randomText(32);
        String refresh = "eyJhbGciOiJIUzUxMiJ9." + randomText(48) + "." + randomText(32);
        tokens.put(access, new Token(now.plusMillis(EXPIRES_IN_MS)));
        refreshTokens.add(refresh);
        data.put("access_token", access).put("expires_in", EXPIRES_IN_MS).put("refresh_token", refresh);
        return answer("2000", null, data);
    }

    private synchronized boolean throttleLogin(Instant now) {
        while (!recentLogins.isEmpty() && recentLogins.peekFirst().isBefore(now.minus(Duration.ofMinutes(1)))) {
            recentLogins.pollFirst();
        }
        if (recentLogins.size() >= LOGINS_PER_MINUTE) {
            return false;
        }
        recentLogins.addLast(now);
        return true;
    }

    /** The three headers of every call but the token call. */
    private void authenticate(SandboxRequest req, Instant now) {
        String access = req.header("access_token");
        if (access.isEmpty()) {
            throw Fields.refuse("40100", "未登录!");
        }
        Token t = tokens.get(access);
        if (t == null) {
            throw Fields.refuse("40100", "未登录!");
        }
        long calls = t.calls.incrementAndGet();
        if (t.ended || !now.isBefore(t.expiresAt) || trouble.tokenExpiryEvery > 0 && calls > trouble.tokenExpiryEvery) {
            t.ended = true;
            throw Fields.refuse("40101", "AppKey登录信息过期!");
        }
        String date = req.header("req_date").strip();
        long millis;
        try {
            millis = Long.parseLong(date);
        } catch (NumberFormatException e) {
            throw Fields.refuse("505018", "req_date字段与服务器时间存在过大时差!");
        }
        if (Math.abs(now.toEpochMilli() - millis) > REQ_DATE_WINDOW.toMillis()) {
            throw Fields.refuse("505018", "req_date字段与服务器时间存在过大时差!");
        }
        String sign = req.header("req_sign").strip();
        if (sign.isEmpty()) {
            throw Fields.refuse("505017", "app级接口访问，请按照接口规范做签名验证!");
        }
        String toSign = "POST_" + md5(req.body().getBytes(StandardCharsets.UTF_8)) + "_" + date + "_" + access + "_" + appSecret;
        String expected = "API-SV1:" + appKey + ":"
                + Base64.getEncoder().encodeToString(md5(toSign.getBytes(StandardCharsets.UTF_8)).getBytes(StandardCharsets.US_ASCII));
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), sign.getBytes(StandardCharsets.UTF_8))) {
            throw Fields.refuse("505019", "验证签名失败!");
        }
    }

    // --- the seller's login

    private ObjectNode login(String path, JsonNode body, Instant now) {
        try {
            return switch (path.substring(path.lastIndexOf('/') + 1)) {
                case "dpptCookie" -> {
                    ObjectNode data = logins.dpptCookie(body, now);
                    yield data.has("taskId") ? answer("2000", null, data) : answer("2000", "税务数字账户登录成功", data);
                }
                case "dpptpushsms" -> answer("2000", "税务数字账户登录成功", logins.dpptPushSms(body, now));
                case "checkAsyncLoginDpptCache" -> answer("2000", "", JSON.getNodeFactory().booleanNode(logins.check(body)));
                case "getQrcode" -> answer("2000", "获取二维码成功", logins.getQrcode(body, now));
                default -> answer("2000", "税务数字账户登录成功", logins.qrcodeLogin(body, now, defaultSeller));
            };
        } catch (Refusal r) {
            // the login documents' own error examples say success: true with a 4xxx/5xxx/8xxx code
            ObjectNode n = answer(r.code, r.getMessage(), r.data);
            if (r.code.length() == 4) {
                n.put("success", true);
            }
            return n;
        }
    }

    // --- invoices

    private ObjectNode invoice(String name, JsonNode body, Instant now, String base) {
        Fields envelope = new Fields(body, "", "400000");
        String nsrsbh = envelope.string("nsrsbh", true);
        if (body.hasNonNull("action")) {
            envelope.string("action", false); // the path names the operation ("可省略该action参数")
        }
        envelope.string("accountId", false);
        boolean async = async(body.get("async"));
        JsonNode data = name.equals("rzewm") ? null : envelope.object("data", true);
        if (!logins.loggedIn(nsrsbh)) {
            throw Fields.refuse("720006", "开票员不在线或登录失效，请重新登录");
        }
        return switch (name) {
            case "fpkjZzs" -> answer(invoices.fpkjZzs(nsrsbh, async, data, now, base));
            case "asynResult" -> answer("2000", null, invoices.asynResult(nsrsbh, data, now, base));
            case "hzqrxxSave" -> answer("2000", null, invoices.hzqrxxSave(nsrsbh, data, now, base));
            case "hzqrxxConfirm" -> answer("2000", null, invoices.hzqrxxConfirm(nsrsbh, data, now));
            case "hzqrxxList" -> answer("2000", null, invoices.hzqrxxList(nsrsbh, data));
            case "hzqrxxDetail" -> answer("2000", null, invoices.hzqrxxDetail(nsrsbh, data, base));
            case "hzFpkj" -> answer("2000", null, invoices.hzFpkj(nsrsbh, data, now, base));
            case "fpcx" -> answer("2000", null, invoices.fpcx(nsrsbh, data));
            case "bswjxzBatch" -> answer(invoices.bswjxzBatch(nsrsbh, data, base));
            case "rzewm" -> answer("2000", null, logins.rzewm(nsrsbh, now));
            default -> {
                ObjectNode d = JSON.createObjectNode();
                d.put("nsrsbh", nsrsbh).put("slzt", logins.rzztcx(data, now));
                yield answer("2000", null, d);
            }
        };
    }

    /** {@code async}: a boolean in every example, "String" in the envelope's table; both are taken. */
    private static boolean async(JsonNode v) {
        if (v == null || v.isNull()) {
            return false;
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isTextual() && (v.asText().equals("true") || v.asText().equals("false"))) {
            return Boolean.parseBoolean(v.asText());
        }
        throw Fields.refuse("400000", "参数校验失败：async须为true或false");
    }

    // --- hooks

    private SandboxResponse hook(SandboxRequest req) {
        if (req.path().equals("/_public-key")) {
            return SandboxResponse.text(200, publicKey);
        }
        if (req.path().equals("/_trouble")) {
            return trouble.handle(req, this::reset, Map.of());
        }
        JsonNode n;
        try {
            n = JSON.readTree(req.body().isBlank() ? "{}" : req.body());
        } catch (Exception e) {
            return SandboxResponse.text(400, "{\"error\":\"not JSON\"}");
        }
        ObjectNode out = JSON.createObjectNode();
        switch (req.path()) {
            case "/_scan" -> out.put("ok", scanQr(n.path("qrcodeId").asText(n.path("content").asText("")),
                    n.path("nsrsbh").asText("")));
            case "/_face" -> out.put("ok", scanFace(n.path("rzid").asText("")));
            case "/_session" -> {
                expireSession(n.path("nsrsbh").asText(""));
                out.put("ok", true);
            }
            case "/_red-form" -> out.put("ok", answerRedForm(n.path("hzuuid").asText(""), n.path("answer").asText("")));
            case "/_buyer-red-form" -> out.put("hzuuid", fileRedFormAsBuyer(n.path("lzFphm").asText("")));
            case "/_void" -> out.put("ok", voidInvoice(n.path("fphm").asText("")));
            case "/_plant-difference" -> out.put("ok", plantDifference(n.path("fphm").asText(""),
                    new java.math.BigDecimal(n.path("difference").asText("0"))));
            case "/_buyer-accounted" -> {
                markAccountedByBuyer(n.path("lzFphm").asText(""));
                out.put("ok", true);
            }
            default -> {
                return SandboxResponse.text(404, "Not Found: " + req.path());
            }
        }
        return SandboxResponse.json(out.toString());
    }

    // --- answers

    private ObjectNode answer(Answer a) {
        return answer(a.code(), a.message(), a.data());
    }

    private ObjectNode answer(String code, String message, JsonNode data) {
        ObjectNode n = JSON.createObjectNode();
        n.put("reqId", HEX.formatHex(randomBytes(16)));
        n.put("code", code);
        n.put("success", code.equals("2000") || code.equals("2001") || code.equals("729010"));
        if (message == null) {
            n.putNull("message");
        } else {
            n.put("message", message);
        }
        if (data == null) {
            n.putNull("data");
        } else {
            n.set("data", data);
        }
        return n;
    }

    private static SandboxResponse json(ObjectNode n) {
        return SandboxResponse.json(n.toString());
    }

    /** Absolute links, as the vendor's are: the host the caller used, then where the sandbox is mounted. */
    private String base(SandboxRequest req) {
        String host = req.header("host");
        return host.isEmpty() ? mountPath : "http://" + host + mountPath;
    }

    // --- helpers

    private synchronized byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private String randomText(int bytes) {
        byte[] b = new byte[bytes];
        secure.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private synchronized boolean chance(double p) {
        return random.nextDouble() < p;
    }

    private synchronized boolean overRateLimit() {
        if (trouble.rateLimit <= 0) {
            return false;
        }
        long second = clock.millis() / 1000;
        if (second != rateWindow) {
            rateWindow = second;
            rateCount = 0;
        }
        return ++rateCount > trouble.rateLimit;
    }

    private static String md5(String text) {
        return md5(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String md5(byte[] bytes) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

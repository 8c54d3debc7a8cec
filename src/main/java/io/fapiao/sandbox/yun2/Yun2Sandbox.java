package io.fapiao.sandbox.yun2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fapiao.sandbox.SandboxAccount;
import io.fapiao.sandbox.SandboxRequest;
import io.fapiao.sandbox.SandboxResponse;

import java.math.BigDecimal;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The yun2 service (数电发票API) as its document describes it, on loopback: form posts only, the bracketed token in
 * a {@code token} header, {@code data=[base64(JSON)]} with upper-case keys, the answers of the document's examples,
 * remembered order numbers, 20-digit invoice numbers and real PDFs. It checks requests as strictly as the real
 * service and can be told to misbehave ({@link Yun2Trouble}, {@link #set}).
 *
 * <p>The account holds several enterprises, each a {@code spid} ({@link #enrol}); each has its own order numbers,
 * its own invoices and its own tax-bureau login, which can be made to expire ({@link #expire}) and opened again by
 * SMS or by scanning a QR code ({@link #scan}).
 */
public final class Yun2Sandbox {

    /** Test switches that act once rather than stay set; {@link #set} takes them like the switches of {@link #trouble}. */
    public static final List<String> ACTIONS = List.of("session-expired", "void-invoice", "plant-difference");
    /** The document: a token lives 30 days. */
    static final Duration TOKEN_LIFE = Duration.ofDays(30);

    private final String userName;
    private final String password;
    private final Yun2Trouble trouble = new Yun2Trouble();
    private final Map<String, Yun2Enterprise> bySpid = new ConcurrentHashMap<>();
    private final Map<String, Yun2Enterprise> byTaxId = new ConcurrentHashMap<>();
    private final List<Yun2Enterprise> enrolled = new CopyOnWriteArrayList<>();
    private final AtomicReference<Token> token = new AtomicReference<>();
    private final SecureRandom secureRandom = new SecureRandom();
    private volatile Clock clock = Clock.systemDefaultZone();
    private final Yun2Invoicing invoicing = new Yun2Invoicing(trouble, () -> clock);
    private final Object rateLock = new Object();
    private long rateWindow;
    private int rateCount;

    /** One login of the account; a new GetToken ends it. */
    private record Token(String id, Instant issued, AtomicLong calls) {
    }

    /** An account whose first enterprise has the given {@code spid}. */
    public Yun2Sandbox(String userName, String password, String spid, String sellerTaxId, String sellerName) {
        this.userName = userName;
        this.password = password;
        register(spid, sellerTaxId, sellerName, Map.of());
    }

    /** An account whose first enterprise gets a new {@code spid}. */
    public Yun2Sandbox(String userName, String password, String sellerTaxId, String sellerName) {
        this(userName, password, newSpid(), sellerTaxId, sellerName);
    }

    /**
     * Adds an enterprise to the account, or finds it: its {@code spid} (32 lower-case hex, new and random at the
     * first call, the same for every later call with this tax id as long as the simulator lives). Its tax-bureau
     * user is the tax id, its password {@link SandboxAccount#TAX_BUREAU_PASSWORD}; it starts logged in.
     */
    public String enrol(String taxId, String name) {
        return register(null, taxId, name, Map.of()).spid;
    }

    public Yun2Trouble trouble() {
        return trouble;
    }

    /** How many orders the sandbox holds, over all enterprises (issued, in progress or waiting). */
    public int invoiceCount() {
        int n = 0;
        for (Yun2Enterprise e : enrolled) {
            n += e.orders.size();
        }
        return n;
    }

    /** Forgets every order and the token, logs every enterprise in, and clears the trouble switches. */
    public synchronized void reset() {
        for (Yun2Enterprise e : enrolled) {
            e.orders.clear();
            e.byNumber.clear();
            e.taxBureau.reset();
        }
        invoicing.reset();
        token.set(null);
        trouble.reset();
    }

    /**
     * Ends the tax-bureau login of enterprises — by spid or tax id, several separated by commas, or {@code all} —
     * as the tax bureau does when its identity check times out: FPKJ then stores orders without issuing them.
     */
    public void expire(String enterprises) {
        for (String ref : enterprises.split(",")) {
            String r = ref.strip();
            if (r.equalsIgnoreCase("all")) {
                enrolled.forEach(e -> e.taxBureau.expire());
            } else {
                enterprise(r).taxBureau.expire();
            }
        }
    }

    /** The operator scans the QR code shown for this enterprise (spid or tax id): it is logged in, EWMDD answers. */
    public void scan(String enterprise) {
        enterprise(enterprise).taxBureau.scan();
    }

    /** Voids an issued invoice: FPLIST shows it with {@code zfbz} 1. */
    public void voidInvoice(String spid, String xtlsh) {
        invoicing.voidInvoice(order(spid, xtlsh));
    }

    /**
     * Plants a difference on an issued invoice: FPLIST, its lines and the PDF show the amount (excluding tax, and so
     * the total) changed by {@code difference}, as when the vendor's record no longer matches what was sent.
     */
    public void plantDifference(String spid, String xtlsh, BigDecimal difference) {
        invoicing.plantDifference(order(spid, xtlsh), difference);
    }

    /**
     * Sets a switch of {@link Yun2Trouble} or does an {@link #ACTIONS action}: {@code session-expired} (spids or
     * tax ids, or {@code all}), {@code void-invoice} (an invoice number, or {@code <spid or tax id>:<XTLSH>}),
     * {@code plant-difference} ({@code <invoice>=<difference>}, e.g. {@code 26312000000012345678=0.01}).
     */
    public void set(String name, String value) {
        String v = value == null ? "" : value.strip();
        switch (name.toLowerCase(Locale.ROOT).replace('_', '-')) {
            case "session-expired" -> expire(v);
            case "void-invoice" -> invoicing.voidInvoice(invoice(v));
            case "plant-difference" -> {
                int eq = v.lastIndexOf('=');
                if (eq < 0) {
                    throw new IllegalArgumentException("plant-difference takes <invoice>=<difference>");
                }
                BigDecimal difference = new BigDecimal(v.substring(eq + 1).strip());
                invoicing.plantDifference(invoice(v.substring(0, eq).strip()), difference);
            }
            default -> trouble.set(name, v);
        }
    }

    /** The clock of token lives, SMS intervals and issue dates; tests move it. */
    void clock(Clock clock) {
        this.clock = clock;
    }

    /**
     * Whether answering this request may wait: with {@code latency-ms} switched on, and EWMDD, which waits for the
     * QR code to be scanned. A server answers the others on its own thread.
     */
    public boolean mayWait(SandboxRequest req) {
        return trouble.latencyMs > 0 || req.path().equals("/API/TERM/EWMDD");
    }

    public SandboxResponse handle(SandboxRequest req) {
        String path = req.path();
        if (path.equals("/_trouble")) {
            return troubleSwitches(req);
        }
        if (path.equals("/_scan")) {
            return scanHook(req);
        }
        trouble.pause();
        if (trouble.errorRate > 0 && ThreadLocalRandom.current().nextDouble() < trouble.errorRate) {
            return SandboxResponse.text(503, "Service Unavailable");
        }
        if (overRateLimit()) {
            return SandboxResponse.text(429, "Too Many Requests");
        }
        if (path.equalsIgnoreCase("/KPGL/PDFXZ")) {
            return pdf(req);
        }
        if (!"POST".equals(req.method())) {
            return Yun2Answer.response(Yun2Answer.fail("所有的调用都采用POST方式，不要用GET方式"));
        }
        if (!req.query().isEmpty()) {
            if (req.queryParams().containsKey("data")) {
                return SandboxResponse.text(200, "test");
            }
            return Yun2Answer.response(Yun2Answer.fail("参数须以表单方式放在body中，不能放在url上"));
        }
        if (!req.header("content-type").toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            return Yun2Answer.response(
                    Yun2Answer.fail("Content-Type须为application/x-www-form-urlencoded;charset=UTF-8"));
        }
        Map<String, String> form = req.form();
        if (path.equals("/API/LOGIN/GetToken")) {
            return Yun2Answer.response(getToken(form));
        }
        ObjectNode refused = checkToken(req.header("token"));
        if (refused != null) {
            return Yun2Answer.response(refused);
        }
        ObjectNode answer;
        try {
            answer = answer(path, form);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return SandboxResponse.text(503, "Service Unavailable");
        }
        return answer == null ? SandboxResponse.text(404, "Not Found: " + path) : Yun2Answer.response(answer);
    }

    private ObjectNode answer(String path, Map<String, String> form) throws InterruptedException {
        return switch (path) {
            case "/API/TERM/LIST" -> termList();
            case "/API/TERM/REGISTRY" -> registry(form);
            case "/API/KPGL/FPKJ" -> withSpid(form, e -> invoicing.fpkj(e, form.get("data")));
            case "/API/KPGL/KPJG" -> withSpid(form, e -> invoicing.kpjg(e, form));
            case "/API/KPGL/SHKP" -> withSpid(form, e -> invoicing.shkp(e, form.get("data")));
            case "/API/KPGL/FPLIST" -> fplist(form);
            case "/API/KPGL/FPXF" -> withSpid(form, e -> repair(form));
            case "/API/TERM/SJMMGX" -> withSpid(form, e -> newCredentials(e, form));
            case "/API/TERM/LOGIN" -> withSpid(form, e -> {
                String missing = missing(form, "dzswjyh", "dzswjmm", "dlfs");
                return missing != null ? Yun2Answer.fail("参数" + missing + "不能为空")
                        : e.taxBureau.login(form.get("dzswjyh"), form.get("dzswjmm"), form.get("dlfs"),
                        clock.instant(), Duration.ofSeconds(trouble.smsIntervalSeconds));
            });
            case "/API/OTHER/SetSMS" -> withSpid(form, e -> form.getOrDefault("yzm", "").isEmpty()
                    ? Yun2Answer.fail("参数yzm不能为空") : e.taxBureau.setSms(form.get("yzm"), clock.instant()));
            case "/API/TERM/QRCODE" -> withSpid(form, e -> e.taxBureau.qrcode(clock.instant()));
            case "/API/TERM/EWMDD" -> {
                Yun2Enterprise e = bySpid.get(form.getOrDefault("spid", ""));
                yield e == null ? Yun2Answer.unknownSpid(form.getOrDefault("spid", ""))
                        : e.taxBureau.awaitScan(Duration.ofMillis(trouble.qrWaitMs), clock.instant());
            }
            case "/API/OTHER/SMS" -> receivedSms(form);
            default -> null;
        };
    }

    // --- token

    private ObjectNode getToken(Map<String, String> form) {
        if (!userName.equals(form.get("UserName")) || !password.equals(form.get("Password"))) {
            return Yun2Answer.fail("用户名或密码错误");
        }
        byte[] raw = new byte[28];
        secureRandom.nextBytes(raw);
        String id = "[" + Base64.getUrlEncoder().withoutPadding().encodeToString(raw) + "]";
        // the document: every new login ends the previous token, whoever holds it
        token.set(new Token(id, clock.instant(), new AtomicLong()));
        return Yun2Answer.ok("系统登陆成功。").put("ID", id);
    }

    private ObjectNode checkToken(String given) {
        if (given.isEmpty()) {
            return Yun2Answer.fail("2001", "token不能为空，请先调用GetToken");
        }
        if (!given.startsWith("[") || !given.endsWith("]")) {
            return Yun2Answer.fail("2003", "token格式错误：请保留前后的[]");
        }
        Token current = token.get();
        if (current == null || !current.id().equals(given)) {
            return Yun2Answer.fail("2002", "token已失效，请重新获取");
        }
        long calls = current.calls().incrementAndGet();
        int every = trouble.tokenExpiryEvery;
        if (every > 0 && calls > every || clock.instant().isAfter(current.issued().plus(TOKEN_LIFE))) {
            token.compareAndSet(current, null);
            return Yun2Answer.fail("2002", "token已过期，请重新获取");
        }
        return null;
    }

    // --- enterprises

    private ObjectNode withSpid(Map<String, String> form, Function<Yun2Enterprise, ObjectNode> call) {
        String spid = form.getOrDefault("spid", "");
        Yun2Enterprise e = bySpid.get(spid);
        return e == null ? Yun2Answer.unknownSpid(spid) : call.apply(e);
    }

    private ObjectNode termList() {
        ObjectNode n = Yun2Answer.JSON.createObjectNode();
        List<Yun2Enterprise> all = new ArrayList<>(enrolled);
        n.put("total", Integer.toString(all.size()));
        ArrayNode rows = n.putArray("rows");
        LocalDate today = LocalDate.now(clock);
        for (Yun2Enterprise e : all) {
            e.writeRow(rows.addObject(), today);
        }
        return n.put("Result", "1").put("Message", "SUCESS");
    }

    /**
     * {@code /API/TERM/REGISTRY}. Its table has no "是否必需" column, so by the document's rule 8 every field is
     * required: all must be sent, and 企业名称 and 税号 must not be empty. A tax id the account has already answers
     * its existing spid.
     */
    private ObjectNode registry(Map<String, String> form) {
        String missing = missing(form, "qymc", "qysh");
        if (missing != null) {
            return Yun2Answer.fail("参数" + missing + "不能为空");
        }
        for (String key : List.of("ssdq", "zdbh", "zdlx", "fhr", "skr", "kpr", "dzdh", "yhzh", "dzswjyh", "dzswjmm",
                "configid")) {
            if (!form.containsKey(key)) {
                return Yun2Answer.fail("缺少参数" + key);
            }
        }
        String taxId = form.get("qysh").strip().toUpperCase(Locale.ROOT);
        if (!taxId.matches("[0-9A-Z]{15,20}")) {
            return Yun2Answer.fail("企业税号格式错误：" + taxId);
        }
        String ssdq = form.get("ssdq").strip();
        if (!ssdq.isEmpty() && Yun2Enterprise.regionCodeOf(ssdq) == null) {
            return Yun2Answer.fail("所属省份错误：" + ssdq);
        }
        Yun2Enterprise e = register(null, taxId, form.get("qymc").strip(), form);
        ObjectNode n = Yun2Answer.JSON.createObjectNode();
        return n.put("Result", "1").put("Code", "").put("Message", "").put("spid", e.spid);
    }

    /** Enrols an enterprise, or finds the one with this tax id; details from a REGISTRY form when given. */
    private synchronized Yun2Enterprise register(String spid, String taxId, String name, Map<String, String> details) {
        if (taxId == null || taxId.isBlank() || name == null || name.isBlank()) {
            throw new IllegalArgumentException("an enterprise needs a tax id and a name");
        }
        Yun2Enterprise known = byTaxId.get(taxId);
        if (known != null) {
            return known;
        }
        String id = spid == null ? newSpid() : spid;
        if (bySpid.containsKey(id)) {
            throw new IllegalArgumentException("spid already in use: " + id);
        }
        String ssdq = details.getOrDefault("ssdq", "");
        String region = ssdq.isBlank() ? Yun2Enterprise.regionOf(taxId) : Yun2Enterprise.regionCodeOf(ssdq.strip());
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String phone = "1" + (3 + random.nextInt(7)) + Yun2Invoicing.digits(random.nextLong(1_000_000_000L), 9);
        Yun2TaxBureau taxBureau = new Yun2TaxBureau(region, phone,
                orDefault(details.getOrDefault("dzswjyh", ""), taxId),
                orDefault(details.getOrDefault("dzswjmm", ""), SandboxAccount.TAX_BUREAU_PASSWORD));
        String terminal = Yun2Invoicing.digits(random.nextLong(1_000_000_000_000L), 12);
        Yun2Enterprise e = new Yun2Enterprise(id, taxId, name, orDefault(details.getOrDefault("zdbh", ""), terminal),
                UUID.randomUUID().toString().replace("-", "").toUpperCase(Locale.ROOT), region,
                orDefault(details.getOrDefault("kpr", ""), "沙箱"), details.getOrDefault("skr", ""),
                details.getOrDefault("fhr", ""), details.getOrDefault("dzdh", ""), details.getOrDefault("yhzh", ""),
                taxBureau);
        bySpid.put(id, e);
        byTaxId.put(taxId, e);
        enrolled.add(e);
        return e;
    }

    /** The seed's spids are UUIDs (version 4) in lower-case hex without dashes. */
    private static String newSpid() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    /** An enterprise by spid or tax id. */
    private Yun2Enterprise enterprise(String ref) {
        Yun2Enterprise e = bySpid.get(ref);
        e = e == null ? byTaxId.get(ref) : e;
        if (e == null) {
            throw new IllegalArgumentException("no enterprise with spid or tax id " + ref);
        }
        return e;
    }

    private Yun2Order order(String enterprise, String xtlsh) {
        Yun2Order o = enterprise(enterprise).orders.get(xtlsh);
        if (o == null) {
            throw new IllegalArgumentException("no order " + xtlsh + " at " + enterprise);
        }
        return o;
    }

    /** An invoice by its number (code and number, or the number alone), or by {@code <spid or tax id>:<XTLSH>}. */
    private Yun2Order invoice(String ref) {
        int colon = ref.indexOf(':');
        if (colon > 0) {
            return order(ref.substring(0, colon).strip(), ref.substring(colon + 1).strip());
        }
        for (Yun2Enterprise e : enrolled) {
            Yun2Order o = e.byNumber.get(ref);
            if (o != null) {
                return o;
            }
            for (Yun2Order issued : e.byNumber.values()) {
                if (issued.fphm.equals(ref)) {
                    return issued;
                }
            }
        }
        throw new IllegalArgumentException("no invoice numbered " + ref);
    }

    // --- calls by spid or tax id

    /** FPLIST names its enterprise by {@code spid} or by {@code qysh}, one of them at least. */
    private ObjectNode fplist(Map<String, String> form) {
        String spid = form.getOrDefault("spid", "");
        String qysh = form.getOrDefault("qysh", "");
        if (spid.isEmpty() && qysh.isEmpty()) {
            return Yun2Answer.fail("qysh与spid不能同时为空");
        }
        Yun2Enterprise e = spid.isEmpty() ? byTaxId.get(qysh) : bySpid.get(spid);
        if (e == null) {
            return spid.isEmpty() ? Yun2Answer.fail("企业税号不存在：" + qysh) : Yun2Answer.unknownSpid(spid);
        }
        if (!qysh.isEmpty() && !qysh.equals(e.taxId)) {
            return Yun2Answer.fail("spid与qysh不是同一企业：" + spid + "，" + qysh);
        }
        return invoicing.fplist(e, form);
    }

    /** {@code /API/OTHER/SMS}: {@code qysh} is a tax id, a spid or a device id (a device id when {@code cch} is sent). */
    private ObjectNode receivedSms(Map<String, String> form) {
        String missing = missing(form, "qysh", "id", "lx");
        if (missing != null) {
            return Yun2Answer.fail("参数" + missing + "不能为空");
        }
        if (!form.get("lx").equals("1")) {
            return Yun2Answer.fail("lx固定为1");
        }
        String qysh = form.get("qysh");
        boolean device = !form.getOrDefault("cch", "").isEmpty();
        for (Yun2Enterprise e : enrolled) {
            if (e.deviceId.equals(qysh) || !device && (e.taxId.equals(qysh) || e.spid.equals(qysh))) {
                return e.taxBureau.receivedSms();
            }
        }
        return Yun2Answer.fail("企业不存在：" + qysh);
    }

    /** {@code /API/KPGL/FPXF}: repair is asynchronous; the invoices are already whole here, so it only answers. */
    private static ObjectNode repair(Map<String, String> form) {
        String month = form.getOrDefault("xfyf", "");
        if (!month.isEmpty() && !month.matches("\\d{4}(0[1-9]|1[0-2])")) {
            return Yun2Answer.fail("修复月份xfyf格式错误，如202306");
        }
        return Yun2Answer.ok("完成");
    }

    private static ObjectNode newCredentials(Yun2Enterprise e, Map<String, String> form) {
        String missing = missing(form, "dzswjyh", "dzswjmm");
        if (missing != null) {
            return Yun2Answer.fail("参数" + missing + "不能为空");
        }
        e.taxBureau.credentials(form.get("dzswjyh"), form.get("dzswjmm"));
        return Yun2Answer.ok("完成");
    }

    // --- PDF

    private SandboxResponse pdf(SandboxRequest req) {
        if (trouble.pdfGetOnly && !"GET".equals(req.method())) {
            return SandboxResponse.text(405, "Method Not Allowed");
        }
        Map<String, String> q = req.queryParams();
        Yun2Order inv = invoicing.byCheckCode(q.getOrDefault("XYM", ""));
        if (inv == null || !inv.fpzl.equals(q.getOrDefault("FPZL", ""))) {
            return SandboxResponse.text(404, "发票不存在");
        }
        byte[] pdf;
        synchronized (inv) {
            pdf = Yun2InvoicePdf.of(inv);
        }
        return SandboxResponse.pdf(pdf);
    }

    // --- sandbox control

    private SandboxResponse troubleSwitches(SandboxRequest req) {
        Map<String, Consumer<String>> actions = new LinkedHashMap<>();
        ACTIONS.forEach(action -> actions.put(action, value -> set(action, value)));
        return trouble.handle(req, this::reset, actions);
    }

    /** {@code POST /_scan} with {@code spid=…} (or a tax id, or JSON {@code {"spid":…}}): the operator scans the QR. */
    private SandboxResponse scanHook(SandboxRequest req) {
        if (!"POST".equals(req.method())) {
            return SandboxResponse.text(405, "Method Not Allowed");
        }
        try {
            String body = req.body().strip();
            String ref = body.startsWith("{") ? Yun2Answer.JSON.readTree(body).path("spid").asText("")
                    : req.form().getOrDefault("spid", "");
            scan(ref);
            return SandboxResponse.json("{\"scanned\":\"" + enterprise(ref).spid + "\"}");
        } catch (IllegalStateException e) {
            return controlError(409, e);
        } catch (Exception e) {
            return controlError(400, e);
        }
    }

    private static SandboxResponse controlError(int status, Exception e) {
        ObjectNode n = Yun2Answer.JSON.createObjectNode().put("error", String.valueOf(e.getMessage()));
        return new SandboxResponse(status, "application/json;charset=UTF-8", n.toString().getBytes(
                java.nio.charset.StandardCharsets.UTF_8));
    }

    // --- helpers

    /** The first of {@code names} that the form lacks or leaves empty, or null. */
    private static String missing(Map<String, String> form, String... names) {
        for (String name : names) {
            if (form.getOrDefault(name, "").isBlank()) {
                return name;
            }
        }
        return null;
    }

    static String orDefault(String value, String otherwise) {
        return value == null || value.isBlank() ? otherwise : value;
    }

    private boolean overRateLimit() {
        int limit = trouble.rateLimit;
        if (limit <= 0) {
            return false;
        }
        synchronized (rateLock) {
            long second = System.currentTimeMillis() / 1000;
            if (second != rateWindow) {
                rateWindow = second;
                rateCount = 0;
            }
            return ++rateCount > limit;
        }
    }
}

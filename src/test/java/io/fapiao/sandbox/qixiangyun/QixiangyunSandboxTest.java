package io.fapiao.sandbox.qixiangyun;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.fapiao.ledger.LedgerDatabase;
import io.fapiao.ledger.VendorTokens;
import io.fapiao.login.LoginState;
import io.fapiao.login.LoginStep;
import io.fapiao.order.Field;
import io.fapiao.order.Order;
import io.fapiao.order.OrderStatus;
import io.fapiao.sandbox.SandboxAccount;
import io.fapiao.sandbox.SandboxServer;
import io.fapiao.tax.Drafts;
import io.fapiao.tax.OrderRules;
import io.fapiao.vendor.qixiangyun.QixiangyunException;
import io.fapiao.vendor.qixiangyun.QixiangyunMapping;
import io.fapiao.vendor.qixiangyun.QixiangyunReplies.IssueStep;
import io.fapiao.vendor.qixiangyun.QixiangyunReplies.Next;
import io.fapiao.vendor.qixiangyun.QixiangyunReplies.RedFormState;
import io.fapiao.vendor.qixiangyun.QixiangyunReplies;
import io.fapiao.vendor.qixiangyun.QixiangyunReply;
import io.fapiao.vendor.qixiangyun.QixiangyunSharedToken;
import io.fapiao.vendor.qixiangyun.QixiangyunSigning;
import io.fapiao.vendor.qixiangyun.QixiangyunToken;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipInputStream;

import static io.fapiao.order.Field.AMOUNT;
import static io.fapiao.order.Field.ITEM_NAME;
import static io.fapiao.order.Field.LINE_KIND;
import static io.fapiao.order.Field.TAX_CODE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The simulator over real loopback HTTP, called as a route would: signed with {@link QixiangyunSigning}. */
class QixiangyunSandboxTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SELLER = SandboxAccount.SELLER;
    private static final String KEY = SandboxAccount.QXY_APP_KEY;
    private static final String SECRET = SandboxAccount.QXY_APP_SECRET;
    private static final PublicKey RSA = QixiangyunSigning.publicKey(SandboxAccount.QXY_RSA_PUBLIC_KEY);

    private static QixiangyunSandbox sandbox;
    private static SandboxServer server;
    private static String base;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final OrderRules rules = new OrderRules(SELLER);
    @TempDir
    static Path dir;
    private static HikariDataSource ledger;
    private static VendorTokens storedTokens;
    private QixiangyunSharedToken tokens;
    private int tokenLogins;

    @BeforeAll
    static void start() throws Exception {
        sandbox = SandboxAccount.qixiangyun("/qixiangyun");
        server = new SandboxServer(0, Map.of("qixiangyun", sandbox::handle));
        base = "http://127.0.0.1:" + server.port() + "/qixiangyun";
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl("jdbc:h2:file:" + dir.resolve("ledger").toAbsolutePath());
        ledger = new HikariDataSource(c);
        LedgerDatabase db = new LedgerDatabase(ledger);
        db.migrate();
        storedTokens = new VendorTokens(db);
    }

    @AfterAll
    static void stop() {
        server.close();
        ledger.close();
    }

    @BeforeEach
    void fresh() {
        sandbox.reset();
        tokenLogins = 0;
        // stored under an account name of this test's: the sandbox forgot every token it gave before
        tokens = new QixiangyunSharedToken(storedTokens, KEY + "-" + UUID.randomUUID(), new QixiangyunSharedToken.Source() {
            @Override
            public QixiangyunToken login() {
                tokenLogins++;
                return QixiangyunToken.parse(raw(QixiangyunMapping.TOKEN, QixiangyunMapping.tokenLogin(KEY, SECRET), Map.of()),
                        Instant.now());
            }

            @Override
            public QixiangyunToken refresh(String refreshToken) {
                return QixiangyunToken.parse(raw(QixiangyunMapping.TOKEN, QixiangyunMapping.tokenRefresh(refreshToken), Map.of()),
                        Instant.now());
            }
        }, Clock.systemUTC());
    }

    // --- a client as the route would be

    private static String raw(String path, String body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (!headers.containsKey("Content-Type")) {
            b.header("Content-Type", QixiangyunSigning.CONTENT_TYPE);
        }
        headers.forEach(b::header);
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            assertEquals(200, r.statusCode(), r.body());
            return r.body();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** One signed call; a refused token is renewed and the call repeated once, as the route does. */
    private QixiangyunReply call(String path, String body) {
        String token = tokens.current();
        QixiangyunReply r = QixiangyunReply.parse(raw(path, body, signed(token, body)));
        if (QixiangyunReplies.renewTokenAndRepeat(r.code())) {
            String fresh = tokens.renew(token);
            r = QixiangyunReply.parse(raw(path, body, signed(fresh, body)));
        }
        return r;
    }

    private static Map<String, String> signed(String token, String body) {
        return QixiangyunSigning.headers(KEY, SECRET, token, System.currentTimeMillis(), body.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] get(String url) throws Exception {
        HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode(), url);
        return r.body();
    }

    private static void hook(String path, String json) {
        raw(path, json, Map.of());
    }

    private Order order(Drafts d) {
        var checked = rules.check(d.draft());
        assertTrue(checked.ok(), () -> checked.problems().toString());
        return checked.order();
    }

    private Order blue(String no, String type) {
        return order(Drafts.order(no).with(Field.INVOICE_TYPE, type).with(Field.BUYER_TAX_ID, "91330100MA27WQ8K3B")
                .line(AMOUNT, "100.00").line(ITEM_NAME, "碧螺春", AMOUNT, "200.00"));
    }

    private IssueStep issue(Order o) {
        return QixiangyunReplies.issue(call(QixiangyunMapping.FPKJ, QixiangyunMapping.fpkjZzs(o, "")));
    }

    private IssueStep asynResult(String orderNo) {
        return QixiangyunReplies.asynResult(call(QixiangyunMapping.ASYN_RESULT,
                QixiangyunMapping.asynResultByOrderNo(SELLER, orderNo, "")));
    }

    private Order red(String no, String blueNo, String... itemAmount) {
        return redOfType("普票", no, blueNo, itemAmount);
    }

    private Order redOfType(String type, String no, String blueNo, String... itemAmount) {
        Drafts d = Drafts.order(no).with(Field.INVOICE_TYPE, type).with(Field.BUYER_TAX_ID, "91330100MA27WQ8K3B")
                .with(Field.ORIGINAL_INVOICE_NO, blueNo);
        for (int i = 0; i < itemAmount.length; i += 2) {
            d.line(ITEM_NAME, itemAmount[i], AMOUNT, itemAmount[i + 1]);
        }
        return order(d);
    }

    private IssueStep saveRed(Order red, Order blue, IssueStep issued) {
        return QixiangyunReplies.redFormStep(call(QixiangyunMapping.HZQRXX_SAVE,
                QixiangyunMapping.hzqrxxSave(red, blue, issued.outcome().issuedAt(), "")));
    }

    private IssueStep detail(String hzuuid) {
        return QixiangyunReplies.redFormStep(call(QixiangyunMapping.HZQRXX_DETAIL,
                QixiangyunMapping.hzqrxxDetail(SELLER, hzuuid, "")));
    }

    private QixiangyunReplies.Page<QixiangyunReplies.InvoiceRow> today(int page) {
        return QixiangyunReplies.invoices(call(QixiangyunMapping.FPCX,
                QixiangyunMapping.fpcx(SELLER, LocalDate.now(SandboxInvoices.CHINA), page, 10, "")));
    }

    // --- the token and the gateway

    @Test
    void theTokenLivesFifteenDaysInMillisecondsAndRefreshes() throws Exception {
        JsonNode t = JSON.readTree(raw(QixiangyunMapping.TOKEN, QixiangyunMapping.tokenLogin(KEY, SECRET), Map.of()));
        assertEquals("2000", t.get("code").asText());
        assertEquals(1_296_000_000L, t.get("data").get("expires_in").asLong());
        String refresh = t.get("data").get("refresh_token").asText();
        QixiangyunToken refreshed = QixiangyunToken.parse(raw(QixiangyunMapping.TOKEN, QixiangyunMapping.tokenRefresh(refresh),
                Map.of()), Instant.now());
        assertNotEquals(t.get("data").get("access_token").asText(), refreshed.accessToken());
        assertThrows(QixiangyunException.class, () -> QixiangyunToken.parse(raw(QixiangyunMapping.TOKEN,
                QixiangyunMapping.tokenRefresh(refresh), Map.of()), Instant.now()), "a refresh token serves once");
        QixiangyunException wrong = assertThrows(QixiangyunException.class, () -> QixiangyunToken.parse(
                raw(QixiangyunMapping.TOKEN, QixiangyunMapping.tokenLogin(KEY, "not-the-secret"), Map.of()), Instant.now()));
        assertTrue(wrong.getMessage().contains("应用的密钥无效!"));
        String limited = "";
        for (int i = 0; i < QixiangyunSandbox.LOGINS_PER_MINUTE; i++) {
            limited = raw(QixiangyunMapping.TOKEN, QixiangyunMapping.tokenLogin(KEY, SECRET), Map.of());
        }
        assertEquals("400429", JSON.readTree(limited).get("code").asText(), "frequent logins are throttled");
    }

    @Test
    void aWrongSignatureStaleDateMissingTokenOrWrongContentTypeIsRefused() {
        String body = QixiangyunMapping.fpcx(SELLER, LocalDate.now(), 1, 10, "");
        String token = tokens.current();
        Map<String, String> other = signed(token, body.replace("\"pageSize\":10", "\"pageSize\":20"));
        assertEquals("505019", QixiangyunReply.parse(raw(QixiangyunMapping.FPCX, body, other)).code());
        Map<String, String> wrongSecret = QixiangyunSigning.headers(KEY, "guess", token, System.currentTimeMillis(),
                body.getBytes(StandardCharsets.UTF_8));
        assertEquals("505019", QixiangyunReply.parse(raw(QixiangyunMapping.FPCX, body, wrongSecret)).code());
        Map<String, String> stale = QixiangyunSigning.headers(KEY, SECRET, token,
                System.currentTimeMillis() - 16 * 60_000L, body.getBytes(StandardCharsets.UTF_8));
        assertEquals("505018", QixiangyunReply.parse(raw(QixiangyunMapping.FPCX, body, stale)).code());
        Map<String, String> unsigned = Map.of("access_token", token, "req_date", Long.toString(System.currentTimeMillis()));
        assertEquals("505017", QixiangyunReply.parse(raw(QixiangyunMapping.FPCX, body, unsigned)).code());
        QixiangyunReply noToken = QixiangyunReply.parse(raw(QixiangyunMapping.FPCX, body, Map.of()));
        assertEquals("40100", noToken.code());
        assertFalse(noToken.success());
        Map<String, String> form = new java.util.HashMap<>(signed(token, body));
        form.put("Content-Type", "application/x-www-form-urlencoded");
        assertEquals("400000", QixiangyunReply.parse(raw(QixiangyunMapping.FPCX, body, form)).code());
        assertEquals("2000", QixiangyunReply.parse(raw(QixiangyunMapping.FPCX, body, signed(token, body))).code());
        assertEquals("505001", call("/v2/invoice/qdfp/noSuchApi", body).code());
    }

    @Test
    void anExpiredTokenAnswers40101AndOneRenewalRepeatsTheCall() {
        sandbox.trouble().set("token-expiry-every", "2");
        assertEquals("2000", call(QixiangyunMapping.FPCX, QixiangyunMapping.fpcx(SELLER, LocalDate.now(), 1, 10, "")).code());
        String body = QixiangyunMapping.fpcx(SELLER, LocalDate.now(), 1, 10, "");
        String token = tokens.current();
        assertEquals("2000", QixiangyunReply.parse(raw(QixiangyunMapping.FPCX, body, signed(token, body))).code());
        QixiangyunReply expired = QixiangyunReply.parse(raw(QixiangyunMapping.FPCX, body, signed(token, body)));
        assertEquals("40101", expired.code());
        assertEquals(Next.RENEW_TOKEN_AND_REPEAT, QixiangyunReplies.issue(expired).next());
        assertEquals("2000", call(QixiangyunMapping.FPCX, body).code(), "renewed once and repeated");
        assertEquals(2, tokenLogins);
    }

    // --- the seller's login

    @Test
    void smsLoginEndToEnd() {
        String first = QixiangyunMapping.dpptCookie(SELLER, "5100", "13800000000", "税局密码", "BSY", "13800000000", RSA);
        LoginStep sent = QixiangyunReplies.login(call(QixiangyunMapping.DPPT_COOKIE, first));
        assertEquals(LoginState.SMS_SENT, sent.state());
        String taskId = sent.handles().get("taskId");
        assertTrue(taskId.matches("\\d{19}"), taskId);
        LoginStep often = QixiangyunReplies.login(call(QixiangyunMapping.DPPT_COOKIE, first));
        assertEquals(LoginState.FAILED, often.state(), "2分钟内不允许重复发送");
        assertEquals(java.time.Duration.ofMinutes(2), often.waitBefore());
        LoginStep wrongCode = QixiangyunReplies.login(call(QixiangyunMapping.DPPT_PUSH_SMS,
                QixiangyunMapping.dpptPushSms(SELLER, taskId, "999999")));
        assertEquals(LoginState.FAILED, wrongCode.state());
        LoginStep in = QixiangyunReplies.login(call(QixiangyunMapping.DPPT_PUSH_SMS,
                QixiangyunMapping.dpptPushSms(SELLER, taskId, SandboxAccount.QXY_SMS_CODE)));
        assertEquals(LoginState.LOGGED_IN, in.state());
        String accountId = in.handles().get("accountId");
        assertEquals(LoginState.LOGGED_IN, QixiangyunReplies.checkLogin(call(QixiangyunMapping.CHECK_LOGIN,
                QixiangyunMapping.checkLogin(SELLER, accountId))).state());
        assertEquals(LoginState.FAILED, QixiangyunReplies.login(call(QixiangyunMapping.DPPT_PUSH_SMS,
                QixiangyunMapping.dpptPushSms(SELLER, taskId, SandboxAccount.QXY_SMS_CODE))).state(), "the task is used up");

        sandbox.expireSession(SELLER);
        assertEquals(LoginState.LOGGED_OUT, QixiangyunReplies.checkLogin(call(QixiangyunMapping.CHECK_LOGIN,
                QixiangyunMapping.checkLogin(SELLER, accountId))).state());
        IssueStep refused = issue(blue("QS-1", "普票"));
        assertEquals(OrderStatus.PENDING, refused.outcome().status(), "held for the login, not failed");
        assertEquals(Next.LOG_IN_AGAIN, refused.next(), "720006: log in again");
        assertEquals(0, sandbox.invoiceCount());
    }

    @Test
    void regionsWithoutSmsLogInAtOnceAndWrongPasswordsAreRefused() {
        LoginStep guangdong = QixiangyunReplies.login(call(QixiangyunMapping.DPPT_COOKIE,
                QixiangyunMapping.dpptCookie(SELLER, "4400", "13800000000", "税局密码", "", "13800000000", RSA)));
        assertEquals(LoginState.LOGGED_IN, guangdong.state(), "广东: no SMS step");
        assertFalse(guangdong.handles().containsKey("taskId"));
        for (String area : new String[]{"1200", "3300", "4200"}) {
            assertEquals(LoginState.LOGGED_IN, QixiangyunReplies.login(call(QixiangyunMapping.DPPT_COOKIE,
                    QixiangyunMapping.dpptCookie(SELLER, area, "138000000" + area.substring(0, 2), "pw", "", "13800000001", RSA)))
                    .state(), area);
        }
        assertEquals(LoginState.FAILED, QixiangyunReplies.login(call(QixiangyunMapping.DPPT_COOKIE,
                QixiangyunMapping.dpptCookie(SELLER, "4400", "u", "wrong-password", "", "13800000000", RSA))).state());
        LoginStep vendorKey = QixiangyunReplies.login(call(QixiangyunMapping.DPPT_COOKIE, QixiangyunMapping.dpptCookie(SELLER,
                "4400", "u", "pw", "", "13800000000", QixiangyunSigning.publicKey(QixiangyunSigning.VENDOR_PUBLIC_KEY))));
        assertTrue(vendorKey.zh().contains("解密失败"), "encrypted with another key: the sandbox cannot read it");
        LoginStep badArea = QixiangyunReplies.login(call(QixiangyunMapping.DPPT_COOKIE,
                QixiangyunMapping.dpptCookie(SELLER, "9900", "u", "pw", "", "13800000000", RSA)));
        assertEquals(LoginState.FAILED, badArea.state());
        sandbox.trouble().set("sms-too-often", "true");
        assertEquals(java.time.Duration.ofMinutes(2), QixiangyunReplies.login(call(QixiangyunMapping.DPPT_COOKIE,
                QixiangyunMapping.dpptCookie(SELLER, "5100", "u", "pw", "", "13800000000", RSA))).waitBefore());
    }

    @Test
    void qrLoginEndToEnd() throws Exception {
        LoginStep qr = QixiangyunReplies.qrReady(call(QixiangyunMapping.GET_QRCODE, QixiangyunMapping.getQrcode("3100", SELLER)));
        assertEquals(LoginState.QR_READY, qr.state());
        assertTrue(qr.qrContent().startsWith("qrcode_id=") && qr.qrContent().endsWith("&areaPrefix=3100&interfaceCode=0003"));
        String taskId = qr.handles().get("taskId");
        String qrcodeId = qr.handles().get("qrcodeId");
        String login = QixiangyunMapping.qrcodeLogin(taskId, qrcodeId, "");
        assertEquals(LoginState.QR_READY, QixiangyunReplies.qrLogin(call(QixiangyunMapping.QRCODE_LOGIN, login)).state(),
                "not scanned yet");
        hook("/_scan", JSON.createObjectNode().put("qrcodeId", qrcodeId).toString());
        LoginStep in = QixiangyunReplies.qrLogin(call(QixiangyunMapping.QRCODE_LOGIN, login));
        assertEquals(LoginState.LOGGED_IN, in.state());
        assertEquals("3100", in.handles().get("areaCode"));
        assertEquals(LoginState.FAILED, QixiangyunReplies.qrLogin(call(QixiangyunMapping.QRCODE_LOGIN, login)).state(),
                "a QR logs in once");
        ObjectNode numeric = (ObjectNode) JSON.readTree(QixiangyunMapping.qrcodeLogin(taskId, qrcodeId, ""));
        numeric.put("taskId", Long.parseLong(taskId)); // the document's own example sends a number
        assertEquals("5000", call(QixiangyunMapping.QRCODE_LOGIN, numeric.toString()).code());
        LoginStep face = QixiangyunReplies.faceQr(call(QixiangyunMapping.RZEWM, QixiangyunMapping.rzewm(SELLER, "")));
        String rzid = face.handles().get("rzid");
        assertEquals(LoginState.QR_READY, QixiangyunReplies.faceResult(call(QixiangyunMapping.RZZTCX,
                QixiangyunMapping.rzztcx(SELLER, rzid, ""))).state());
        assertTrue(sandbox.scanFace(rzid));
        assertEquals(LoginState.LOGGED_IN, QixiangyunReplies.faceResult(call(QixiangyunMapping.RZZTCX,
                QixiangyunMapping.rzztcx(SELLER, rzid, ""))).state());
    }

    // --- issuing

    @Test
    void aBlueInvoiceIsIssuedOnceWithARealPdfAndARepeatIs720004() throws Exception {
        Order o = order(Drafts.order("QB-1").with(Field.BUYER_TAX_ID, "91330100MA27WQ8K3B")
                .line(AMOUNT, "880.00").line(LINE_KIND, "discount", AMOUNT, "-80.00"));
        IssueStep issued = issue(o);
        assertEquals(OrderStatus.ISSUED, issued.outcome().status(), issued.outcome().message());
        String number = issued.outcome().invoiceNo();
        assertTrue(number.matches("\\d{2}312\\d{15}"), number + ": year, region 31, channel, sequence");
        assertTrue(issued.outcome().issuedAt().matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}"));
        String pdfUrl = issued.outcome().pdfUrl();
        assertTrue(pdfUrl.startsWith(base + "/_files/"), pdfUrl);
        byte[] pdf = get(pdfUrl);
        assertEquals("%PDF-", new String(pdf, 0, 5, StandardCharsets.ISO_8859_1));
        assertEquals(new String(pdf, StandardCharsets.ISO_8859_1), new String(get(pdfUrl), StandardCharsets.ISO_8859_1),
                "rendered once, the same bytes again");

        IssueStep again = issue(o);
        assertEquals(OrderStatus.PENDING, again.outcome().status());
        assertTrue(again.outcome().message().contains("720004"));
        IssueStep found = asynResult("QB-1");
        assertEquals(number, found.outcome().invoiceNo(), "asynResult by ly_ddbh finds a synchronous invoice too");
        assertEquals(1, sandbox.invoiceCount());
    }

    @Test
    void theDocumentsOwnRequestExampleIsIssuedAsSent() throws Exception {
        String example;
        try (var in = getClass().getResourceAsStream("/qixiangyun/fpkjZzs-request.json")) {
            example = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        QixiangyunReply r = call(QixiangyunMapping.FPKJ, example); // tabs and newlines signed as they are
        assertEquals("2000", r.code(), r.message());
        assertEquals("67.39", r.at("jshj").decimalValue().toPlainString());
        assertTrue(r.at("jshj").isNumber(), "jshj is a number in the reply");
        assertEquals("030", r.text("fplxdm"));
    }

    @Test
    void asynchronousIssuingTurns2001ThenAsynResultFinishesIt() {
        sandbox.trouble().set("async-issuing", "2");
        IssueStep turned = issue(blue("QA-1", "普票"));
        assertEquals(OrderStatus.PENDING, turned.outcome().status());
        assertEquals(Next.ASK_ASYN_RESULT, turned.next());
        assertTrue(turned.requestId().matches("\\d{24}"), turned.requestId());
        IssueStep running = QixiangyunReplies.asynResult(call(QixiangyunMapping.ASYN_RESULT,
                QixiangyunMapping.asynResultByRequestId(SELLER, turned.requestId(), "")));
        assertEquals(Next.ASK_ASYN_RESULT, running.next());
        IssueStep done = QixiangyunReplies.asynResult(call(QixiangyunMapping.ASYN_RESULT,
                QixiangyunMapping.asynResultByRequestId(SELLER, turned.requestId(), "")));
        assertEquals(OrderStatus.ISSUED, done.outcome().status());
        assertTrue(done.outcome().invoiceNo().matches("\\d{20}"));
        assertEquals(Next.NOT_FOUND_YET, asynResult("NEVER-SENT").next());

        sandbox.trouble().reset();
        sandbox.trouble().set("reject-item", "碧螺春");
        ObjectNode asyncBody = (ObjectNode) readTree(QixiangyunMapping.fpkjZzs(blue("QA-2", "普票"), ""));
        asyncBody.put("async", true);
        IssueStep accepted = QixiangyunReplies.issue(call(QixiangyunMapping.FPKJ, asyncBody.toString()));
        assertEquals(OrderStatus.PENDING, accepted.outcome().status(), "async: true answers a request id only");
        IssueStep failed = asynResult("QA-2");
        assertEquals(OrderStatus.REJECTED, failed.outcome().status());
        assertTrue(failed.outcome().message().contains("碧螺春"));
    }

    @Test
    void fieldsOfTheWrongTypeOrBrokenRulesAreRefusedInTheVendorsWords() {
        ObjectNode body = (ObjectNode) readTree(QixiangyunMapping.fpkjZzs(blue("QF-1", "普票"), ""));
        ((ObjectNode) body.get("data").get("xmmx").get(0)).put("je", 100.00);
        QixiangyunReply number = call(QixiangyunMapping.FPKJ, body.toString());
        assertEquals("400000", number.code());
        assertTrue(number.message().contains("data.xmmx[0].je") && number.message().contains("字符串"));
        assertEquals(OrderStatus.REJECTED, QixiangyunReplies.issue(number).outcome().status());

        ObjectNode noItems = (ObjectNode) readTree(QixiangyunMapping.fpkjZzs(blue("QF-2", "普票"), ""));
        ((ObjectNode) noItems.get("data")).remove("xmmx");
        assertEquals("400000", call(QixiangyunMapping.FPKJ, noItems.toString()).code());

        ObjectNode tax = (ObjectNode) readTree(QixiangyunMapping.fpkjZzs(blue("QF-3", "普票"), ""));
        ((ObjectNode) tax.get("data").get("xmmx").get(0)).put("se", "13.07");
        QixiangyunReply off = call(QixiangyunMapping.FPKJ, tax.toString());
        assertEquals("710002", off.code());
        assertTrue(off.message().contains("0.06"));

        ObjectNode special = (ObjectNode) readTree(QixiangyunMapping.fpkjZzs(blue("QF-4", "专票"), ""));
        ((ObjectNode) special.get("data")).remove("gmf_nsrsbh");
        assertEquals("720002", call(QixiangyunMapping.FPKJ, special.toString()).code());

        ObjectNode strayDiscount = (ObjectNode) readTree(QixiangyunMapping.fpkjZzs(blue("QF-5", "普票"), ""));
        ((ObjectNode) strayDiscount.get("data").get("xmmx").get(0)).put("fphxz", "1");
        assertTrue(call(QixiangyunMapping.FPKJ, strayDiscount.toString()).message().contains("折扣行"));

        ObjectNode totals = (ObjectNode) readTree(QixiangyunMapping.fpkjZzs(blue("QF-6", "普票"), ""));
        ((ObjectNode) totals.get("data")).put("hjje", "299.00");
        assertTrue(call(QixiangyunMapping.FPKJ, totals.toString()).message().contains("hjje"));
        assertEquals(0, sandbox.invoiceCount(), "nothing refused was issued");
    }

    // --- red invoices

    @Test
    void aFullRedWithoutConfirmationIsIssuedAtOnce() {
        Order blue = blue("QR-B1", "普票");
        IssueStep issued = issue(blue);
        Order red = red("QR-R1", issued.outcome().invoiceNo(), "龙井茶", "-100.00", "碧螺春", "-200.00");
        IssueStep form = saveRed(red, blue, issued);
        assertEquals(RedFormState.ISSUED, form.redForm().state());
        assertEquals("01", form.redForm().stateCode());
        assertEquals(OrderStatus.ISSUED, form.outcome().status());
        String redNo = form.outcome().invoiceNo();
        assertTrue(redNo.matches("\\d{20}"));
        IssueStep again = saveRed(red, blue, issued);
        assertEquals(redNo, again.outcome().invoiceNo(), "a repeat (same ly_ddbh) answers the form already made");

        var page = today(1);
        var blueRow = page.rows().stream().filter(r -> !r.red()).findFirst().orElseThrow();
        var redRow = page.rows().stream().filter(QixiangyunReplies.InvoiceRow::red).findFirst().orElseThrow();
        assertEquals("03", blueRow.status(), "fully red");
        assertEquals(issued.outcome().invoiceNo(), redRow.blueInvoiceNo());
        assertEquals(new java.math.BigDecimal("-339.00"), redRow.total());
        Order more = red("QR-R1b", issued.outcome().invoiceNo(), "龙井茶", "-100.00", "碧螺春", "-200.00");
        IssueStep nothingLeft = saveRed(more, blue, issued);
        assertEquals(OrderStatus.REJECTED, nothingLeft.outcome().status());
        assertTrue(nothingLeft.outcome().message().contains("710021"));
    }

    @Test
    void aSpecialInvoiceWaitsForTheBuyerWhoConfirmsOrRefuses() {
        Order blue = blue("QR-B2", "专票");
        IssueStep issued = issue(blue);
        IssueStep form = saveRed(redOfType("专票", "QR-R2", issued.outcome().invoiceNo(), "龙井茶", "-100.00", "碧螺春", "-200.00"), blue, issued);
        assertEquals(RedFormState.WAITING_FOR_BUYER, form.redForm().state());
        assertEquals(Next.WAIT_FOR_RED_FORM, form.next());
        assertEquals(OrderStatus.PENDING, form.outcome().status());
        String hzuuid = form.redForm().hzuuid();
        IssueStep inProgress = saveRed(redOfType("专票", "QR-R2x", issued.outcome().invoiceNo(), "龙井茶", "-100.00", "碧螺春", "-200.00"),
                blue, issued);
        assertEquals(Next.FIND_RED_FORM, inProgress.next(), "710024: another form is in progress");
        var found = QixiangyunReplies.redForms(call(QixiangyunMapping.HZQRXX_LIST, QixiangyunMapping.hzqrxxList(SELLER,
                LocalDate.now(SandboxInvoices.CHINA).minusDays(1), LocalDate.now(SandboxInvoices.CHINA),
                issued.outcome().invoiceNo(), 1, 10, "")));
        assertEquals(1, found.records());
        assertEquals(hzuuid, found.rows().get(0).hzuuid());

        hook("/_red-form", JSON.createObjectNode().put("hzuuid", hzuuid).put("answer", "accept").toString());
        IssueStep confirmed = detail(hzuuid);
        assertEquals(RedFormState.ISSUED, confirmed.redForm().state());
        assertEquals("04", confirmed.redForm().stateCode());
        assertEquals(OrderStatus.ISSUED, confirmed.outcome().status());

        Order blue3 = blue("QR-B3", "专票");
        IssueStep issued3 = issue(blue3);
        IssueStep refused = saveRed(redOfType("专票", "QR-R3", issued3.outcome().invoiceNo(), "龙井茶", "-100.00", "碧螺春", "-200.00"),
                blue3, issued3);
        assertTrue(sandbox.answerRedForm(refused.redForm().hzuuid(), "reject"));
        IssueStep voided = detail(refused.redForm().hzuuid());
        assertEquals(RedFormState.VOID, voided.redForm().state());
        assertEquals(OrderStatus.REJECTED, voided.outcome().status());
        assertTrue(voided.outcome().message().contains("购方否认"));

        Order blue4 = blue("QR-B4", "普票");
        IssueStep issued4 = issue(blue4);
        sandbox.markAccountedByBuyer(issued4.outcome().invoiceNo());
        IssueStep waits = saveRed(red("QR-R4", issued4.outcome().invoiceNo(), "龙井茶", "-100.00", "碧螺春", "-200.00"),
                blue4, issued4);
        assertEquals(RedFormState.WAITING_FOR_BUYER, waits.redForm().state(), "booked by the buyer: needs its answer");
        assertTrue(sandbox.answerRedForm(waits.redForm().hzuuid(), "expire"));
        assertEquals("07", detail(waits.redForm().hzuuid()).redForm().stateCode());
    }

    @Test
    void partialRedLeavesTheRestAndAConfirmedFormIsIssuedWithHzFpkj() {
        Order blue = blue("QR-B5", "普票");
        IssueStep issued = issue(blue);
        String blueNo = issued.outcome().invoiceNo();
        sandbox.trouble().set("async-issuing", "1"); // forms are not issued at once
        IssueStep form = saveRed(red("QR-R5", blueNo, "碧螺春", "-50.00"), blue, issued);
        assertEquals(RedFormState.CONFIRMED, form.redForm().state());
        assertEquals(Next.ISSUE_RED, form.next());
        sandbox.trouble().reset();
        IssueStep red = QixiangyunReplies.issue(call(QixiangyunMapping.HZ_FPKJ,
                QixiangyunMapping.hzFpkj(SELLER, form.redForm().hzuuid(), "QR-R5", "")));
        assertEquals(OrderStatus.ISSUED, red.outcome().status(), red.outcome().message());
        IssueStep again = QixiangyunReplies.issue(call(QixiangyunMapping.HZ_FPKJ,
                QixiangyunMapping.hzFpkj(SELLER, form.redForm().hzuuid(), "QR-R5", "")));
        assertEquals(red.outcome().invoiceNo(), again.outcome().invoiceNo(), "issued once, answered again");
        var blueRow = today(1).rows().stream().filter(r -> r.invoiceNo().equals(blueNo)).findFirst().orElseThrow();
        assertEquals("04", blueRow.status(), "partly red");

        IssueStep full = saveRed(red("QR-R6", blueNo, "龙井茶", "-100.00", "碧螺春", "-200.00"), blue, issued);
        assertEquals(OrderStatus.REJECTED, full.outcome().status(), "full red after a partial one");
        IssueStep tooMuch = saveRed(red("QR-R7", blueNo, "碧螺春", "-160.00"), blue, issued);
        assertEquals(OrderStatus.REJECTED, tooMuch.outcome().status(), "more than is left of the line");
        IssueStep rest = saveRed(red("QR-R8", blueNo, "碧螺春", "-150.00"), blue, issued);
        assertEquals(OrderStatus.ISSUED, rest.outcome().status());
        ObjectNode wrongDate = (ObjectNode) readTree(QixiangyunMapping.hzqrxxSave(red("QR-R9", blueNo, "龙井茶", "-10.00"),
                blue, "2020-01-01 00:00:00", ""));
        assertEquals("710002", call(QixiangyunMapping.HZQRXX_SAVE, wrongDate.toString()).code(), "lzKprq must be exact");
    }

    @Test
    void aFormTheBuyerFiledIsConfirmedBySellerAndIssued() {
        Order blue = blue("QR-B10", "普票");
        IssueStep issued = issue(blue);
        String hzuuid = sandbox.fileRedFormAsBuyer(issued.outcome().invoiceNo());
        var forms = QixiangyunReplies.redForms(call(QixiangyunMapping.HZQRXX_LIST, QixiangyunMapping.hzqrxxList(SELLER,
                LocalDate.now(SandboxInvoices.CHINA), LocalDate.now(SandboxInvoices.CHINA), "", 1, 10, "")));
        assertEquals(RedFormState.WAITING_FOR_SELLER, forms.rows().get(0).state());
        assertTrue(QixiangyunReplies.confirmed(call(QixiangyunMapping.HZQRXX_CONFIRM,
                QixiangyunMapping.hzqrxxConfirm(SELLER, hzuuid, true, ""))));
        assertEquals(OrderStatus.ISSUED, detail(hzuuid).outcome().status());
        assertEquals("710002", call(QixiangyunMapping.HZQRXX_CONFIRM,
                QixiangyunMapping.hzqrxxConfirm(SELLER, hzuuid, true, "")).code(), "only a form waiting for the seller");
    }

    // --- lists and files

    @Test
    void fpcxIsPagedAndFiltered() {
        for (int i = 1; i <= 12; i++) {
            assertEquals(OrderStatus.ISSUED, issue(blue("QP-" + i, "普票")).outcome().status());
        }
        var first = today(1);
        assertEquals(12, first.records());
        assertEquals(10, first.rows().size());
        assertTrue(first.hasMore());
        assertEquals(2, today(2).rows().size());
        assertEquals(new java.math.BigDecimal("339.00"), first.rows().get(0).total());
        ObjectNode body = (ObjectNode) readTree(QixiangyunMapping.fpcx(SELLER, LocalDate.now(SandboxInvoices.CHINA), 1, 10, ""));
        ((ObjectNode) body.get("data").get("params")).putArray("fpztDm").add("03");
        assertEquals(0, QixiangyunReplies.invoices(call(QixiangyunMapping.FPCX, body.toString())).records());
        ((ObjectNode) body.get("data")).put("pageSize", 7);
        assertEquals("720002", call(QixiangyunMapping.FPCX, body.toString()).code());
        ObjectNode wide = (ObjectNode) readTree(QixiangyunMapping.fpcx(SELLER, LocalDate.now(), 1, 10, ""));
        ((ObjectNode) wide.get("data").get("params")).put("kprqq", "2020-01-01");
        assertEquals("720002", call(QixiangyunMapping.FPCX, wide.toString()).code(), "at most a year");
        ((ObjectNode) body.get("data")).put("pageSize", "10");
        assertEquals("400000", call(QixiangyunMapping.FPCX, body.toString()).code(), "pageSize is an integer");
    }

    @Test
    void filesComeAsBase64OrLinksAndOfdIsMissing() throws Exception {
        IssueStep issued = issue(blue("QD-1", "普票"));
        String no = issued.outcome().invoiceNo();
        String at = issued.outcome().issuedAt();
        var inline = QixiangyunReplies.files(call(QixiangyunMapping.BSWJXZ_BATCH,
                QixiangyunMapping.bswjxzBatch(SELLER, no, at, "PDF", false, "")));
        assertEquals("%PDF-", new String(inline.get(0).content(), 0, 5, StandardCharsets.ISO_8859_1));
        var links = QixiangyunReplies.files(call(QixiangyunMapping.BSWJXZ_BATCH,
                QixiangyunMapping.bswjxzBatch(SELLER, no, at, "PDF,XML", true, "")));
        assertEquals("%PDF-", new String(get(links.get(0).url()), 0, 5, StandardCharsets.ISO_8859_1));
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(get(links.get(1).url())))) {
            assertEquals("dzfp_" + no + ".xml", zip.getNextEntry().getName());
            assertTrue(new String(zip.readAllBytes(), StandardCharsets.UTF_8).contains(no));
        }
        QixiangyunReply partly = call(QixiangyunMapping.BSWJXZ_BATCH, QixiangyunMapping.bswjxzBatch(SELLER, no, at, "PDF,OFD", true, ""));
        assertEquals("729010", partly.code());
        assertTrue(partly.success());
        assertEquals(1, QixiangyunReplies.files(partly).size());
        assertEquals("710002", call(QixiangyunMapping.BSWJXZ_BATCH,
                QixiangyunMapping.bswjxzBatch(SELLER, no, at.substring(0, 10) + " 00:00:00", "PDF", true, "")).code(),
                "the exact time is needed");
    }

    // --- trouble

    @Test
    void troubleSwitchesMisbehaveAsDocumented() throws Exception {
        tokens.current(); // a gateway timeout can hit the token call too
        sandbox.trouble().set("error-rate", "1");
        IssueStep timeout = issue(blue("QT-1", "普票"));
        assertEquals(OrderStatus.PENDING, timeout.outcome().status(), "504001: may have been issued");
        assertEquals(1, sandbox.invoiceCount(), "…and it was");
        sandbox.trouble().set("error-rate", "0");
        assertEquals(OrderStatus.ISSUED, asynResult("QT-1").outcome().status());
        assertTrue(issue(blue("QT-1", "普票")).outcome().message().contains("720004"), "resent with the same number");
        assertEquals(1, sandbox.invoiceCount());

        sandbox.trouble().set("session-expired", "true");
        assertEquals(Next.LOG_IN_AGAIN, issue(blue("QT-2", "普票")).next());
        sandbox.trouble().set("session-expired", "false");
        sandbox.trouble().set("reject-item", "碧螺春");
        IssueStep rejected = issue(blue("QT-3", "普票"));
        assertEquals(OrderStatus.REJECTED, rejected.outcome().status());
        assertTrue(rejected.outcome().message().contains("710002"));

        String switches = raw("/_trouble", "{\"rate-limit\":1,\"reject-item\":\"\"}", Map.of());
        assertTrue(switches.contains("\"rate-limit\":1"));
        String body = QixiangyunMapping.fpcx(SELLER, LocalDate.now(), 1, 10, "");
        String answers = "";
        for (int i = 0; i < 3; i++) {
            answers += call(QixiangyunMapping.FPCX, body).code() + " ";
        }
        assertTrue(answers.contains("400429"), answers);
        raw("/_trouble", "{\"reset\":true}", Map.of());
        assertEquals(0, sandbox.trouble().rateLimit);
    }

    private static JsonNode readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

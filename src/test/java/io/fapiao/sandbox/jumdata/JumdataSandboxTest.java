package io.fapiao.sandbox.jumdata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fapiao.login.LoginState;
import io.fapiao.login.LoginStep;
import io.fapiao.login.QrPng;
import io.fapiao.login.SellerLogin;
import io.fapiao.sandbox.SandboxAccount;
import io.fapiao.sandbox.SandboxServer;
import io.fapiao.vendor.jumdata.JumdataForms;
import io.fapiao.vendor.jumdata.JumdataReplies;
import io.fapiao.vendor.jumdata.JumdataSigning;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The jumdata sandbox over real loopback HTTP, driven by the bundle's own jumdata dialect. */
class JumdataSandboxTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SELLER = SandboxAccount.SELLER;
    private static final SellerLogin SHANGHAI = new SellerLogin(SELLER, "3100", "310101199001011234", "tax-pw",
            "13800000000", "BSY");

    private final AtomicLong clock = new AtomicLong(System.currentTimeMillis());
    private final HttpClient http = HttpClient.newHttpClient();
    private JumdataSandbox sandbox;
    private SandboxServer server;
    private String base;
    private JumdataForms forms;

    @BeforeEach
    void start() throws Exception {
        sandbox = new JumdataSandbox(SandboxAccount.JUMDATA_APP_ID, SandboxAccount.JUMDATA_APP_SECRET, clock::get)
                .sellerName(SELLER, SandboxAccount.SELLER_NAME);
        server = new SandboxServer(0, Map.of("jumdata", sandbox::handle));
        base = "http://127.0.0.1:" + server.port() + "/jumdata";
        forms = new JumdataForms(SandboxAccount.JUMDATA_APP_ID, SandboxAccount.JUMDATA_APP_SECRET, clock::get);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String post(JumdataForms.Request r) throws Exception {
        return post(r.url(base), JumdataForms.CONTENT_TYPE, r.body());
    }

    private String post(String url, String contentType, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private String control(String path, String json) throws Exception {
        return post(base + path, "application/json", json);
    }

    @Test
    void smsLoginEndToEnd() throws Exception {
        assertEquals(LoginState.LOGGED_OUT, JumdataReplies.status(post(forms.status(SHANGHAI))).state());

        LoginStep sent = JumdataReplies.login(post(forms.login(SHANGHAI)));
        assertEquals(LoginState.SMS_SENT, sent.state());
        String task = sent.handles().get(JumdataReplies.SMS_TASK_ID);
        assertTrue(task.matches("\\d{20}"), task);

        LoginStep wrong = JumdataReplies.validateCode(post(forms.validateCode(SELLER, task, "000000")));
        assertEquals(LoginState.FAILED, wrong.state());
        assertEquals("短信验证码错误", wrong.zh());
        assertEquals(LoginState.FAILED, JumdataReplies.validateCode(
                post(forms.validateCode("91110000802100433B", task, JumdataSandbox.SMS_CODE))).state(),
                "the task belongs to its seller");

        LoginStep in = JumdataReplies.validateCode(post(forms.validateCode(SELLER, task, JumdataSandbox.SMS_CODE)));
        assertEquals(LoginState.LOGGED_IN, in.state());
        assertEquals(LoginState.LOGGED_IN, JumdataReplies.status(post(forms.status(SHANGHAI))).state());
        assertEquals(LoginState.FAILED, JumdataReplies.validateCode(
                post(forms.validateCode(SELLER, task, JumdataSandbox.SMS_CODE))).state(), "a code is used once");

        sandbox.expire(SELLER);
        LoginStep expired = JumdataReplies.status(post(forms.status(SHANGHAI)));
        assertEquals(LoginState.LOGGED_OUT, expired.state());
        assertEquals("登录已失效", expired.zh());
    }

    @Test
    void anSmsCodeExpiresAfterFiveMinutes() throws Exception {
        String task = JumdataReplies.login(post(forms.login(SHANGHAI))).handles().get(JumdataReplies.SMS_TASK_ID);
        clock.addAndGet(JumdataSandbox.SMS_VALID_MS + 1);
        LoginStep late = JumdataReplies.validateCode(post(forms.validateCode(SELLER, task, JumdataSandbox.SMS_CODE)));
        assertEquals(LoginState.FAILED, late.state());
        assertTrue(late.zh().contains("过期"), late.zh());
    }

    @Test
    void zhejiangLogsInWithoutSms() throws Exception {
        SellerLogin zhejiang = new SellerLogin("91330100MA2XXXXX1A", "3300", "330101199001011234", "pw", "", "BSY");
        LoginStep in = JumdataReplies.login(post(forms.login(zhejiang)));
        assertEquals(LoginState.LOGGED_IN, in.state());
        assertEquals(LoginState.LOGGED_IN, JumdataReplies.status(post(forms.status(zhejiang))).state());

        SellerLogin noPhone = new SellerLogin(SELLER, "3100", "acc", "pw", "", "BSY");
        LoginStep refused = JumdataReplies.login(post(forms.login(noPhone)));
        assertEquals(LoginState.FAILED, refused.state());
        assertTrue(refused.zh().contains("手机号码不能为空"), refused.zh());
    }

    @Test
    void smsTooOftenMeansWait() throws Exception {
        assertEquals(LoginState.SMS_SENT, JumdataReplies.login(post(forms.login(SHANGHAI))).state());
        String raw = post(forms.login(SHANGHAI));
        assertEquals(302, JSON.readTree(raw).get("code").asInt());
        assertEquals("短信验证码发送频繁", JSON.readTree(raw).get("msg").asText());
        LoginStep tooOften = JumdataReplies.login(raw);
        assertEquals(Duration.ofSeconds(60), tooOften.waitBefore());

        clock.addAndGet(JumdataSandbox.SMS_INTERVAL_MS + 1);
        assertEquals(LoginState.SMS_SENT, JumdataReplies.login(post(forms.login(SHANGHAI))).state(),
                "a minute later the next code goes out");

        clock.addAndGet(JumdataSandbox.SMS_INTERVAL_MS + 1);
        control("/_trouble", "{\"sms-too-often\":true}");
        assertEquals(302, JSON.readTree(post(forms.login(SHANGHAI))).get("code").asInt());
    }

    @Test
    void qrLoginEndToEndWithTheScanHook() throws Exception {
        String raw = post(forms.qrcodeGet(SELLER, "3100"));
        JsonNode data = JSON.readTree(raw).get("data");
        assertTrue(data.get("taskId").isIntegralNumber(), "taskId is a JSON number, as in the document");
        LoginStep ready = JumdataReplies.qrcodeGet(raw);
        assertEquals(LoginState.QR_READY, ready.state());
        assertEquals(data.get("taskId").asText(), ready.handles().get(JumdataReplies.TASK_ID));
        assertTrue(ready.handles().get(JumdataReplies.TASK_ID).matches("\\d{19}"));
        String qrcodeId = ready.handles().get(JumdataReplies.QRCODE_ID);
        String taskId = ready.handles().get(JumdataReplies.TASK_ID);

        LoginStep waiting = JumdataReplies.qrcodeResult(post(forms.qrcodeResult(taskId, qrcodeId, "")));
        assertEquals(LoginState.QR_READY, waiting.state());
        assertEquals("请扫码认证在继续操作", waiting.zh());

        // the phone reads the picture jumdata links to
        byte[] png = http.send(HttpRequest.newBuilder(URI.create(ready.handles().get(JumdataReplies.QRCODE_IMAGE_URL)))
                .GET().build(), HttpResponse.BodyHandlers.ofByteArray()).body();
        String read = QrPng.read(png).orElseThrow();
        assertEquals(ready.qrContent(), read);
        assertTrue(JSON.readTree(control("/_scan", JSON.writeValueAsString(Map.of("content", read))))
                .get("scanned").asBoolean());

        LoginStep in = JumdataReplies.qrcodeResult(post(forms.qrcodeResult(taskId, qrcodeId, "BSY")));
        assertEquals(LoginState.LOGGED_IN, in.state());
        String accountId = in.handles().get(JumdataReplies.ACCOUNT_ID);
        assertFalse(accountId.isEmpty());
        assertEquals(SandboxAccount.SELLER_NAME, in.handles().get("nsrsbhName"));
        assertEquals(LoginState.LOGGED_IN, JumdataReplies.qrcodeCheck(post(forms.qrcodeCheck(SELLER, accountId))).state());
        assertEquals(LoginState.LOGGED_IN, JumdataReplies.status(post(forms.status(SHANGHAI))).state());

        control("/_trouble", "{\"expire\":\"" + SELLER + "\"}");
        LoginStep ended = JumdataReplies.qrcodeCheck(post(forms.qrcodeCheck(SELLER, accountId)));
        assertEquals(LoginState.LOGGED_OUT, ended.state(), "data.result false once the session has ended");
        assertEquals(LoginState.FAILED, JumdataReplies.qrcodeResult(post(forms.qrcodeResult(taskId, qrcodeId, ""))).state());
        assertFalse(sandbox.scan(read), "an expired QR code cannot be scanned");
    }

    @Test
    void aQrCodeLivesThirtyMinutes() throws Exception {
        LoginStep ready = JumdataReplies.qrcodeGet(post(forms.qrcodeGet(SELLER, "3100")));
        clock.addAndGet(JumdataSandbox.QR_VALID_MS + 1);
        assertFalse(sandbox.scan(ready.qrContent()));
        LoginStep late = JumdataReplies.qrcodeResult(post(forms.qrcodeResult(ready.handles().get("taskId"),
                ready.handles().get("qrcodeId"), "")));
        assertEquals(LoginState.FAILED, late.state());
        assertEquals("二维码已失效,请重新获取", late.zh());
    }

    @Test
    void aWrongSignatureIsRefusedWithTheVendorsParameterError() throws Exception {
        JumdataForms wrongSecret = new JumdataForms(SandboxAccount.JUMDATA_APP_ID, "not-the-secret", clock::get);
        String raw = post(wrongSecret.status(SHANGHAI));
        assertEquals("{\"code\":400,\"msg\":\"签名错误\",\"charge\":false}", raw, "like the document's 400 examples");
        LoginStep refused = JumdataReplies.status(raw);
        assertTrue(refused.configurationProblem());

        long now = clock.get();
        String sign = JumdataSigning.sign(SandboxAccount.JUMDATA_APP_ID, SandboxAccount.JUMDATA_APP_SECRET, now);
        String common = "appId=" + SandboxAccount.JUMDATA_APP_ID + "&timestamp=" + now;
        String business = "&nsrsbh=" + SELLER + "&dq=3100";
        String url = base + "/invoice/common/login/qrcode/get";
        assertEquals(200, code(post(url, JumdataForms.CONTENT_TYPE, common + "&sign=" + sign + business)));
        assertEquals("签名错误", msg(post(url, JumdataForms.CONTENT_TYPE,
                common + "&sign=" + sign.toUpperCase() + business)), "lower-case hex, exactly");
        assertEquals("签名错误", msg(post(url, JumdataForms.CONTENT_TYPE,
                "appId=" + SandboxAccount.JUMDATA_APP_ID + "&timestamp=" + (now + 1) + "&sign=" + sign + business)),
                "the signature covers the timestamp sent");
        assertEquals("sign不能为空", msg(post(url, JumdataForms.CONTENT_TYPE, common + business)));
        assertEquals("appId不存在", msg(post(url, JumdataForms.CONTENT_TYPE,
                "appId=other&timestamp=" + now + "&sign=" + JumdataSigning.sign("other", "x", now) + business)));
        long stale = now - JumdataSandbox.CLOCK_SKEW_MS - 1000;
        assertTrue(msg(post(url, JumdataForms.CONTENT_TYPE, "appId=" + SandboxAccount.JUMDATA_APP_ID + "&timestamp="
                + stale + "&sign=" + JumdataSigning.sign(SandboxAccount.JUMDATA_APP_ID,
                SandboxAccount.JUMDATA_APP_SECRET, stale) + business)).startsWith("timestamp已过期"));
        assertEquals(400, code(post(url, "application/json", "{}")), "form posts only");
        assertEquals(400, code(http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body()), "POST only");
        assertEquals(404, code(post(base + "/invoice/common/logout", JumdataForms.CONTENT_TYPE, common)));
    }

    @Test
    void theDocumentsParameterMessages() throws Exception {
        assertEquals("纳税人识别号不能为空", msg(post(forms.status(new SellerLogin("", "3100", "a", "p", "1", "BSY")))));
        assertEquals("参数dq不能为空", msg(post(forms.qrcodeGet(SELLER, ""))));
        assertEquals("短信验证码不能为空", msg(post(forms.validateCode(SELLER, "1", ""))));
        assertEquals("纳税人识别号不能为空", msg(post(forms.qrcodeCheck("", "acc"))));
        String noTaskNo = post(forms.qrcodeGet(SELLER, ""));
        assertFalse(JSON.readTree(noTaskNo).has("taskNo"), "the document's 400 answers carry no taskNo");
        LoginStep wrongPassword = JumdataReplies.login(post(forms.login(
                new SellerLogin(SELLER, "3100", "acc", JumdataSandbox.REFUSED_PASSWORD, "138", "BSY"))));
        assertEquals(LoginState.FAILED, wrongPassword.state());
        assertFalse(wrongPassword.configurationProblem());
    }

    @Test
    void everyAnswerCarriesCodeMsgTaskNoCharge() throws Exception {
        for (String raw : List.of(post(forms.login(SHANGHAI)), post(forms.status(SHANGHAI)),
                post(forms.qrcodeGet(SELLER, "3100")), post(forms.qrcodeCheck(SELLER, "x")))) {
            JsonNode n = JSON.readTree(raw);
            List<String> names = new java.util.ArrayList<>();
            n.fieldNames().forEachRemaining(names::add);
            assertEquals(List.of("code", "msg", "taskNo", "charge"), names.subList(0, 4), raw);
            assertTrue(n.get("code").isInt());
            assertTrue(n.get("taskNo").asText().matches("\\d{24}"));
            assertFalse(n.get("charge").asBoolean());
        }
    }

    @Test
    void troubleSwitches() throws Exception {
        Map<String, Integer> codes = Map.of("maintenance", 500, "too-frequent", 609, "quota", 606, "not-enabled", 601,
                "account-disabled", 602, "api-disabled", 604, "ip", 607, "timeout", 610);
        for (Map.Entry<String, Integer> e : codes.entrySet()) {
            control("/_trouble", "{\"reset\":true,\"" + e.getKey() + "\":true}");
            String raw = post(forms.status(SHANGHAI));
            assertEquals(e.getValue(), code(raw), e.getKey());
            LoginStep step = JumdataReplies.status(raw);
            assertEquals(LoginState.FAILED, step.state());
            boolean wait = List.of(500, 606, 609, 610).contains(e.getValue());
            assertEquals(wait, !step.waitBefore().isZero(), e.getKey());
            assertEquals(!wait, step.configurationProblem(), e.getKey());
        }
        assertTrue(control("/_trouble", "{\"reset\":true}").contains("\"maintenance\":false"));
        assertEquals(301, code(post(forms.status(SHANGHAI))));
        assertEquals(400, http.send(HttpRequest.newBuilder(URI.create(base + "/_trouble"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"no-such-switch\":1}")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
        sandbox.trouble().set("latency-ms", "150");
        long t0 = System.nanoTime();
        post(forms.status(SHANGHAI));
        assertTrue(System.nanoTime() - t0 >= 150_000_000L);
    }

    private static int code(String raw) throws Exception {
        return JSON.readTree(raw).get("code").asInt();
    }

    private static String msg(String raw) throws Exception {
        return JSON.readTree(raw).get("msg").asText();
    }
}

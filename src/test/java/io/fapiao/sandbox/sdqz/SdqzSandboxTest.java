package io.fapiao.sandbox.sdqz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fapiao.login.LoginState;
import io.fapiao.login.LoginStep;
import io.fapiao.login.QrPng;
import io.fapiao.sandbox.SandboxAccount;
import io.fapiao.sandbox.SandboxServer;
import io.fapiao.vendor.sdqz.SdqzAccount;
import io.fapiao.vendor.sdqz.SdqzAction;
import io.fapiao.vendor.sdqz.SdqzEnvelope;
import io.fapiao.vendor.sdqz.SdqzReplies;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sdqz sandbox over real loopback HTTP, driven by the bundle's own sdqz dialect. */
class SdqzSandboxTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SELLER = SandboxAccount.SELLER;

    private final AtomicLong clock = new AtomicLong(System.currentTimeMillis());
    private final HttpClient http = HttpClient.newHttpClient();
    private SdqzSandbox sandbox;
    private SandboxServer server;
    private SdqzAccount account;
    private SdqzAction authResult;

    @BeforeEach
    void start() throws Exception {
        sandbox = new SdqzSandbox(SandboxAccount.SDQZ_INTERFACE_CODE, SandboxAccount.SDQZ_EXTENSION_NO, clock::get)
                .seller(SELLER, "3100");
        server = new SandboxServer(0, Map.of("sdqz", sandbox::handle));
        account = new SdqzAccount("http://127.0.0.1:" + server.port() + "/sdqz", SandboxAccount.SDQZ_TAXNUM,
                SandboxAccount.SDQZ_INTERFACE_CODE, SandboxAccount.SDQZ_EXTENSION_NO, "");
        // as an integration team configures the query whose real code is not public
        Map<String, String> properties = Map.of(
                "vendor.sdqz.actions.auth-result.code", SdqzSandbox.DEFAULT_AUTH_RESULT_CODE,
                "vendor.sdqz.actions.auth-result.body", "{\"rzid\":\"${rzid}\",\"taskId\":${taskId}}");
        authResult = SdqzAction.configured(SdqzAction.AUTH_RESULT, k -> Optional.ofNullable(properties.get(k)))
                .orElseThrow();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String send(SdqzEnvelope e) throws Exception {
        return send(e.url(), e.headers(), e.body());
    }

    private String send(String url, Map<String, String> headers, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private String control(String path, String json) throws Exception {
        return send(account.baseUrl() + path, Map.of("Content-Type", "application/json"), json);
    }

    private String qr(String ewmlx) throws Exception {
        return send(SdqzAction.XXSMRZ.envelope(account, SELLER, Map.of("ewmlx", ewmlx)));
    }

    @Test
    void qrAuthenticationEndToEnd() throws Exception {
        String raw = qr("0");
        JsonNode reply = JSON.readTree(raw);
        assertEquals("0000", reply.get("code").asText());
        assertTrue(reply.at("/data/taskId").isIntegralNumber(), "taskId is a JSON number, as in the document");
        LoginStep ready = SdqzReplies.qrAuth(raw);
        assertEquals(LoginState.QR_READY, ready.state());
        assertEquals(reply.at("/data/taskId").asText(), ready.handles().get("taskId"));
        assertTrue(ready.qrContent().startsWith("qrcode_id=") && ready.qrContent().contains("&areaPrefix=3100&"));

        LoginStep waiting = SdqzReplies.authResult(send(authResult.envelope(account, SELLER, ready.handles())));
        assertEquals(LoginState.QR_READY, waiting.state(), "not scanned yet");
        assertEquals("未扫码认证，请使用税务APP扫码", waiting.zh());

        // the operator shows the PNG; the phone reads it
        String read = QrPng.read(QrPng.png(ready.qrContent())).orElseThrow();
        assertTrue(JSON.readTree(control("/_scan", JSON.writeValueAsString(Map.of("content", read))))
                .get("scanned").asBoolean());

        LoginStep in = SdqzReplies.authResult(send(authResult.envelope(account, SELLER, ready.handles())));
        assertEquals(LoginState.LOGGED_IN, in.state());
        assertTrue(sandbox.authenticatedNow(SELLER));

        control("/_trouble", "{\"expire\":\"" + SELLER + "\"}");
        LoginStep ended = SdqzReplies.authResult(send(authResult.envelope(account, SELLER, ready.handles())));
        assertEquals(LoginState.LOGGED_OUT, ended.state());
        assertEquals("认证已失效，请重新获取二维码", ended.zh());
        assertFalse(sandbox.scan(read));
    }

    @Test
    void qrTypes() throws Exception {
        assertEquals(LoginState.QR_READY, SdqzReplies.qrAuth(qr("1")).state(), "1 个税APP");
        String wrongType = qr("2");
        assertEquals("9999", JSON.readTree(wrongType).get("code").asText());
        assertTrue(JSON.readTree(wrongType).get("mess").asText().contains("ewmlx"));
        Map<String, String> headers = SdqzEnvelope.of(account, SELLER, "XXSMRZ", "{}").headers();
        assertEquals("0000", code(send(account.baseUrl() + "/Api", headers, "{}")), "the document: 默认0");
        assertEquals("9999", code(send(account.baseUrl() + "/Api", headers, "{\"ewmlx\":0}")), "a string, not a number");
        assertEquals("9999", code(send(account.baseUrl() + "/Api", headers, "[]")));
    }

    @Test
    void aWrongEnvelopeIsRefusedWithTheVendorsAnswer() throws Exception {
        Map<String, String> good = SdqzEnvelope.of(account, SELLER, "XXSMRZ", "{\"ewmlx\":\"0\"}").headers();
        String url = account.baseUrl() + "/Api";
        String body = "{\"ewmlx\":\"0\"}";
        assertEquals("0000", code(send(url, good, body)));

        assertEquals("{\"code\":\"9999\",\"mess\":\"请求头isEncryption不能为空\",\"data\":{}}",
                send(url, without(good, "isEncryption"), body));
        assertEquals("请求头actionCode不能为空", mess(send(url, without(good, "actionCode"), body)));
        assertEquals("请求头taxnum不能为空", mess(send(url, without(good, "taxnum"), body)));
        assertEquals("税号91110000802100433B未授权", mess(send(url, with(good, "taxnum", "91110000802100433B"), body)));
        assertEquals("授权码interfaceCode错误", mess(send(url, with(good, "interfaceCode", "guess"), body)));
        assertEquals("授权码interfaceCode错误", mess(send(url, without(good, "interfaceCode"), body)));
        assertEquals("分机号extensionNo错误", mess(send(url, with(good, "extensionNo", "7"), body)));
        assertEquals("0000", code(send(url, without(good, "extensionNo"), body)), "the extension number is optional");
        assertTrue(mess(send(url, with(good, "isEncryption", "1"), body)).contains("isEncryption=0"));
        assertTrue(mess(send(url, with(good, "isEncryption", "yes"), body)).contains("isEncryption"));
        assertEquals("Content-Type须为application/json", mess(send(url, with(good, "Content-Type", "text/plain"), body)));
        assertEquals("9999", code(send(url, good, "not json")));

        for (String name : new String[]{"isEncryption", "taxnum", "interfaceCode"}) {
            LoginStep refused = SdqzReplies.qrAuth(send(url, name.equals("taxnum") ? with(good, name, "X")
                    : with(good, name, "wrong"), body));
            assertEquals(LoginState.FAILED, refused.state(), name);
            assertTrue(refused.configurationProblem(), name);
        }
        assertEquals(404, http.send(HttpRequest.newBuilder(URI.create(account.baseUrl() + "/api/other"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode(), "one path only");
        assertEquals("请使用POST方式调用", mess(http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body()));
    }

    @Test
    void unknownActionsAreNamed() throws Exception {
        String raw = send(SdqzEnvelope.of(account, SELLER, "FPKJ", "{}"));
        assertEquals("9999", code(raw));
        assertTrue(mess(raw).contains("未知的actionCode：FPKJ"), mess(raw));
        assertTrue(SdqzReplies.failure(SdqzReplies.Reply.parse(raw)).configurationProblem());
    }

    @Test
    void theAuthResultCodeIsConfigurable() throws Exception {
        LoginStep ready = SdqzReplies.qrAuth(qr("0"));
        control("/_trouble", "{\"auth-result-code\":\"MY-RESULT\"}");
        assertTrue(mess(send(authResult.envelope(account, SELLER, ready.handles()))).contains("未知的actionCode"));
        SdqzAction mine = new SdqzAction(SdqzAction.AUTH_RESULT, "MY-RESULT", "{\"rzid\":\"${rzid}\"}");
        sandbox.scan(ready.handles().get("rzid"));
        assertEquals(LoginState.LOGGED_IN, SdqzReplies.authResult(send(mine.envelope(account, SELLER, ready.handles())))
                .state());
        control("/_trouble", "{\"reset\":true}");
        assertEquals("MY-RESULT", sandbox.trouble().authResultCode, "configuration survives a reset of the failures");

        Map<String, String> otherTask = new HashMap<>(ready.handles());
        otherTask.put("taskId", "1");
        SdqzAction withTask = new SdqzAction(SdqzAction.AUTH_RESULT, "MY-RESULT",
                "{\"rzid\":\"${rzid}\",\"taskId\":${taskId}}");
        assertEquals("认证ID不存在", mess(send(withTask.envelope(account, SELLER, otherTask))),
                "the task id must be the authentication's own");
    }

    @Test
    void anUnscannedQrCodeExpires() throws Exception {
        LoginStep ready = SdqzReplies.qrAuth(qr("0"));
        clock.addAndGet(SdqzSandbox.QR_VALID_MS + 1);
        assertFalse(sandbox.scan(ready.qrContent()));
        assertEquals(LoginState.LOGGED_OUT,
                SdqzReplies.authResult(send(authResult.envelope(account, SELLER, ready.handles()))).state());
    }

    @Test
    void troubleSwitches() throws Exception {
        for (String name : new String[]{"maintenance", "too-frequent", "quota", "timeout"}) {
            control("/_trouble", "{\"reset\":true,\"" + name + "\":true}");
            LoginStep step = SdqzReplies.qrAuth(qr("0"));
            assertEquals(LoginState.FAILED, step.state(), name);
            assertEquals(Duration.ofSeconds(60), step.waitBefore(), name);
        }
        for (String name : new String[]{"not-enabled", "ip"}) {
            control("/_trouble", "{\"reset\":true,\"" + name + "\":true}");
            assertTrue(SdqzReplies.qrAuth(qr("0")).configurationProblem(), name);
        }
        control("/_trouble", "{\"reset\":true}");
        assertEquals("0000", code(qr("0")));
    }

    private static Map<String, String> with(Map<String, String> headers, String name, String value) {
        Map<String, String> h = new HashMap<>(headers);
        h.put(name, value);
        return h;
    }

    private static Map<String, String> without(Map<String, String> headers, String name) {
        Map<String, String> h = new HashMap<>(headers);
        h.remove(name);
        return h;
    }

    private static String code(String raw) throws Exception {
        return JSON.readTree(raw).get("code").asText();
    }

    private static String mess(String raw) throws Exception {
        return JSON.readTree(raw).get("mess").asText();
    }
}

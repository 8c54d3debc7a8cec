package io.fapiao.vendor.jumdata;

import io.fapiao.login.LoginState;
import io.fapiao.login.LoginStep;
import io.fapiao.vendor.jumdata.JumdataForms.Endpoint;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The document's own example replies (test resources, verbatim with their comments), and every code of its table. */
class JumdataRepliesTest {

    static String example(String name) {
        try (InputStream in = JumdataRepliesTest.class.getResourceAsStream("/jumdata/" + name + ".json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String answer(int code, String msg) {
        return "{\"code\":" + code + ",\"msg\":\"" + msg + "\",\"taskNo\":\"1\",\"charge\":false}";
    }

    @Test
    void theExamplesReadAsTheyAreWrittenCommentsAndAll() {
        JumdataReplies.Reply r = JumdataReplies.Reply.parse(example("login-202"));
        assertEquals(202, r.code());
        assertEquals("526782409178028989145499", r.taskNo());
        assertFalse(r.charge());
        assertEquals("1762794678531752000", JumdataReplies.Reply.parse(example("qrcode-get-200")).text("taskId"),
                "the 19-digit JSON number is kept digit for digit");
    }

    @Test
    void smsLogin() {
        LoginStep sent = JumdataReplies.login(example("login-202"));
        assertEquals(LoginState.SMS_SENT, sent.state());
        assertEquals("已发送验证码,请再调用校验验证码接口完成登录", sent.zh());
        assertEquals(Map.of("validateCodeSmsTaskId", "12121321323123123323"), sent.handles());

        assertEquals(LoginState.LOGGED_IN, JumdataReplies.login(example("login-200")).state(), "Zhejiang: at once");
        assertEquals(LoginState.LOGGED_IN, JumdataReplies.validateCode(example("validate-code-200")).state());

        LoginStep tooOften = JumdataReplies.login(example("login-302"));
        assertEquals(LoginState.FAILED, tooOften.state());
        assertEquals(Duration.ofSeconds(60), tooOften.waitBefore());
        assertFalse(tooOften.configurationProblem());

        LoginStep emptyCode = JumdataReplies.validateCode(example("validate-code-400"));
        assertEquals(LoginState.FAILED, emptyCode.state());
        assertEquals("短信验证码不能为空", emptyCode.zh());
        assertTrue(emptyCode.configurationProblem());

        LoginStep wrongCode = JumdataReplies.validateCode(answer(301, "短信验证码错误"));
        assertEquals(LoginState.FAILED, wrongCode.state());
        assertEquals("短信验证码错误", wrongCode.zh());
        assertEquals(Duration.ZERO, wrongCode.waitBefore());

        LoginStep noTask = JumdataReplies.login("{\"code\":202,\"msg\":\"已发送验证码\",\"data\":{}}");
        assertEquals(LoginState.FAILED, noTask.state());
    }

    @Test
    void status() {
        assertEquals(LoginState.LOGGED_IN, JumdataReplies.status(example("status-200")).state());
        LoginStep expired = JumdataReplies.status(example("status-301"));
        assertEquals(LoginState.LOGGED_OUT, expired.state());
        assertEquals("登录已失效", expired.zh());
        LoginStep noTaxId = JumdataReplies.status(example("status-400"));
        assertEquals("纳税人识别号不能为空", noTaxId.zh());
        assertTrue(noTaxId.configurationProblem());
    }

    @Test
    void qrLogin() {
        LoginStep empty = JumdataReplies.qrcodeGet(example("qrcode-get-200"));
        assertEquals(LoginState.FAILED, empty.state(),
                "the document's example has neither QR content nor image: nothing a person could scan");

        String filled = example("qrcode-get-200")
                .replace("\"qrcodeContent\": \"\"", "\"qrcodeContent\": \"qrcode_id=abc&areaPrefix=5100\"");
        LoginStep ready = JumdataReplies.qrcodeGet(filled);
        assertEquals(LoginState.QR_READY, ready.state());
        assertEquals("qrcode_id=abc&areaPrefix=5100", ready.qrContent());
        assertEquals(Map.of("qrcodeId", "be2ba2a0d8444fabbec65a43486cc5ed", "taskId", "1762794678531752000"),
                ready.handles());

        String imageOnly = example("qrcode-get-200")
                .replace("\"qrcodeImageUrl\": \"\"", "\"qrcodeImageUrl\": \"https://img.example/q.png\"");
        LoginStep image = JumdataReplies.qrcodeGet(imageOnly);
        assertEquals(LoginState.QR_READY, image.state());
        assertEquals("https://img.example/q.png", image.handles().get("qrcodeImageUrl"));

        assertEquals("参数dq不能为空", JumdataReplies.qrcodeGet(example("qrcode-get-400")).zh());

        LoginStep waiting = JumdataReplies.qrcodeResult(example("qrcode-result-301"));
        assertEquals(LoginState.QR_READY, waiting.state(), "not scanned yet");
        assertEquals("请扫码认证在继续操作", waiting.zh());
        assertEquals(LoginState.FAILED, JumdataReplies.qrcodeResult(answer(301, "二维码已失效，请重新获取")).state());

        assertEquals(LoginState.LOGGED_IN, JumdataReplies.qrcodeResult(example("qrcode-result-200")).state(),
                "the example's empty ids are simply not kept");
        LoginStep scanned = JumdataReplies.qrcodeResult("{\"code\":200,\"msg\":\"成功\",\"taskNo\":\"1\",\"charge\":false,"
                + "\"data\":{\"nsrsbh\":\"T\",\"accountId\":\"A1\",\"nsrsbhName\":\"某公司\",\"individualId\":\"I1\",\"dq\":\"5100\"}}");
        assertEquals("A1", scanned.handles().get("accountId"));
        assertEquals("I1", scanned.handles().get("individualId"));

        LoginStep ended = JumdataReplies.qrcodeCheck(example("qrcode-check-200"));
        assertEquals(LoginState.LOGGED_OUT, ended.state(), "data.result false: no longer valid");
        assertEquals(LoginState.LOGGED_IN, JumdataReplies.qrcodeCheck(example("qrcode-check-200")
                .replace("\"result\": false", "\"result\": true")).state());
        assertTrue(JumdataReplies.qrcodeCheck(example("qrcode-check-400")).configurationProblem());
    }

    @Test
    void theCodeTable() {
        for (int code : new int[]{400, 404, 601, 602, 604, 607}) {
            LoginStep s = JumdataReplies.of(Endpoint.STATUS, answer(code, "x"));
            assertEquals(LoginState.FAILED, s.state());
            assertTrue(s.configurationProblem(), "code " + code);
            assertEquals(Duration.ZERO, s.waitBefore());
        }
        assertEquals(Duration.ofMinutes(5), JumdataReplies.of(Endpoint.LOGIN, answer(500, "系统维护")).waitBefore());
        assertEquals(Duration.ofMinutes(10), JumdataReplies.of(Endpoint.LOGIN, answer(606, "调用超限")).waitBefore());
        assertEquals(Duration.ofSeconds(30), JumdataReplies.of(Endpoint.QRCODE_GET, answer(609, "过于频繁")).waitBefore());
        assertEquals(Duration.ofSeconds(30), JumdataReplies.of(Endpoint.QRCODE_CHECK, answer(610, "请求超时")).waitBefore());
        for (int code : new int[]{500, 606, 609, 610, 302}) {
            assertFalse(JumdataReplies.of(Endpoint.LOGIN, answer(code, "x")).configurationProblem(), "code " + code);
        }
        LoginStep other = JumdataReplies.of(Endpoint.LOGIN, answer(999, "税局繁忙"));
        assertEquals("税局繁忙", other.zh());
        assertEquals(Duration.ZERO, other.waitBefore());
        assertEquals(LoginState.FAILED, JumdataReplies.of(Endpoint.LOGIN, answer(777, "")).state());
        assertEquals("未知返回码777", JumdataReplies.of(Endpoint.LOGIN, answer(777, "")).zh());
        LoginStep html = JumdataReplies.of(Endpoint.LOGIN, "<html>502 Bad Gateway</html>");
        assertEquals(LoginState.FAILED, html.state());
        assertTrue(html.zh().contains("502 Bad Gateway"));
        assertEquals(LoginState.LOGGED_IN, JumdataReplies.of(Endpoint.LOGIN, "{\"code\":\"200\",\"msg\":\"成功\"}").state(),
                "a code sent as text reads the same");
    }
}

package io.fapiao.vendor.sdqz;

import io.fapiao.login.LoginState;
import io.fapiao.login.LoginStep;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SdqzRepliesTest {

    private static String example() throws Exception {
        try (InputStream in = SdqzRepliesTest.class.getResourceAsStream("/sdqz/xxsmrz-reply.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String failed(String mess) {
        return "{\"code\":\"9999\",\"mess\":\"" + mess + "\",\"data\":{}}";
    }

    @Test
    void theDocumentsQrReply() throws Exception {
        LoginStep s = SdqzReplies.qrAuth(example());
        assertEquals(LoginState.QR_READY, s.state());
        assertEquals("qrcode_id=GdNBgdu+m19PQ/b6uzodwMXUKF4PhpaEXBUCuRU8rLoFAdAvmDp7i7Yobk7zzkNM&areaPrefix=5100"
                + "&interfaceCode=0003", s.qrContent());
        assertEquals(Map.of("taskId", "1762794678531752000", "rzid", "be2ba2a0d8444fabbec65a43486cc5ed"), s.handles());
        assertEquals("提示", s.zh());
    }

    @Test
    void aNineteenDigitTaskIdKeepsEveryDigit() {
        String reply = "{\"code\":\"0000\",\"mess\":\"ok\",\"data\":{\"ewm\":\"x\",\"taskId\":1762794678531752001,\"rzid\":\"r\"}}";
        assertEquals("1762794678531752001", SdqzReplies.qrAuth(reply).handles().get("taskId"),
                "as a double it would read 1762794678531752000");
        assertEquals("7", SdqzReplies.Reply.parse("{\"code\":\"0000\",\"data\":{\"taskId\":\"7\"}}").text("taskId"));
    }

    @Test
    void failures() {
        LoginStep plain = SdqzReplies.qrAuth(failed("二维码获取失败"));
        assertEquals(LoginState.FAILED, plain.state());
        assertEquals("二维码获取失败", plain.zh());
        assertFalse(plain.configurationProblem());
        assertEquals(Duration.ZERO, plain.waitBefore());

        LoginStep busy = SdqzReplies.qrAuth(failed("请求过于频繁，请稍后再试"));
        assertEquals(Duration.ofSeconds(60), busy.waitBefore());
        LoginStep account = SdqzReplies.qrAuth(failed("授权码错误"));
        assertTrue(account.configurationProblem());

        assertEquals(LoginState.FAILED, SdqzReplies.qrAuth("{\"code\":\"0000\",\"mess\":\"\",\"data\":{}}").state(),
                "ok without a QR code is of no use");
        assertTrue(SdqzReplies.qrAuth("<html>502</html>").zh().contains("502"));
    }

    @Test
    void authResult() {
        assertEquals(LoginState.LOGGED_IN, SdqzReplies.authResult("{\"code\":\"0000\",\"mess\":\"认证成功\"}").state());
        assertEquals(LoginState.QR_READY, SdqzReplies.authResult(failed("未扫码认证，请使用APP扫码")).state());
        LoginStep ended = SdqzReplies.authResult(failed("认证已失效，请重新获取二维码"));
        assertEquals(LoginState.LOGGED_OUT, ended.state());
        assertEquals("认证已失效，请重新获取二维码", ended.zh());
        assertTrue(SdqzReplies.authResult(failed("税号未授权")).configurationProblem());
        assertEquals(LoginState.FAILED, SdqzReplies.authResult("").state());
    }
}

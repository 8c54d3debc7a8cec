package io.fapiao.vendor.yun2;

import io.fapiao.login.LoginMethod;
import io.fapiao.login.LoginState;
import io.fapiao.login.LoginStep;
import io.fapiao.login.QrPng;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** yun2's login answers as its document describes them: LOGIN's DATA, SetSMS, QRCODE, EWMDD. */
class Yun2LoginTest {

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theFormsCarryTheEnterpriseTheCredentialsAndTheWay() {
        assertEquals("spid=S1&dzswjyh=user&dzswjmm=p%26w&dlfs=2", Yun2Login.loginForm("S1", "user", "p&w", LoginMethod.SMS));
        assertEquals("spid=S1&dzswjyh=user&dzswjmm=pw&dlfs=4", Yun2Login.loginForm("S1", "user", "pw", LoginMethod.QR));
        assertEquals("spid=S1&yzm=246810", Yun2Login.setSmsForm("S1", "246810"));
    }

    @Test
    void loginDataIsAPhoneWhenAnSmsWentOutAndAnythingElseMeansLoggedIn() {
        LoginStep sent = Yun2Login.login(LoginMethod.SMS, "{\"Result\":\"1\",\"Message\":\"验证码已发送\",\"DATA\":\""
                + b64("138****5678") + "\"}");
        assertEquals(LoginState.SMS_SENT, sent.state());
        assertTrue(sent.zh().contains("138****5678"));
        // the seed's own example: no DATA, "正常登陆"
        assertEquals(LoginState.LOGGED_IN, Yun2Login.login(LoginMethod.SMS, "{\"Result\":\"1\",\"Message\":\"正常登陆\"}").state());
        assertEquals(LoginState.LOGGED_IN, Yun2Login.login(LoginMethod.SMS, "{\"Result\":\"1\",\"Message\":\"正常登陆\","
                + "\"DATA\":\"" + b64("正常登陆") + "\"}").state());
        assertEquals(LoginState.SMS_SENT, Yun2Login.login(LoginMethod.SMS,
                "{\"Result\":\"1\",\"DATA\":\"13800138000\"}").state(), "a phone number sent as it is");
        assertEquals(LoginState.SMS_SENT, Yun2Login.login(LoginMethod.SMS,
                "{\"Result\":\"1\",\"Message\":\"验证码已发送\"}").state(), "no DATA, but the message says a code went out");
    }

    @Test
    void loginDataIsTheQrCodeAsTextOrAsAPicture() {
        String content = "qrcode_id=GoxyDRLmU7tuqev4G6oAZcN7IPdfOiLVk0yDLgRmqagFAdAvmDp7i7Yobk7zzkNM&areaPrefix=3502&interfaceCode=0004";
        LoginStep text = Yun2Login.login(LoginMethod.QR, "{\"Result\":\"1\",\"DATA\":\"" + b64(content) + "\"}");
        assertEquals(LoginState.QR_READY, text.state());
        assertEquals(content, text.qrContent());
        LoginStep picture = Yun2Login.login(LoginMethod.QR, "{\"Result\":\"1\",\"DATA\":\""
                + Base64.getEncoder().encodeToString(QrPng.png(content)) + "\"}");
        assertEquals(LoginState.QR_READY, picture.state());
        assertEquals(content, picture.qrContent(), "the document's img, read for its content");
        assertEquals(LoginState.LOGGED_IN, Yun2Login.login(LoginMethod.QR, "{\"Result\":\"1\",\"Message\":\"正常登陆\"}").state());
        LoginStep ask = Yun2Login.login(LoginMethod.QR, "{\"Result\":\"1\",\"Message\":\"请扫码登陆\"}");
        assertEquals(LoginState.QR_READY, ask.state());
        assertEquals("", ask.qrContent(), "no code in hand: QRCODE is asked for it");
        assertEquals(content, Yun2Login.qrcode("{\"Result\":\"1\",\"Message\":\"正常\",\"Qrcode\":\"" + content + "\"}")
                .qrContent(), "QRCODE as the seed shows it");
    }

    @Test
    void refusalsSayWhyAndSmsTooOftenWaits() {
        LoginStep often = Yun2Login.login(LoginMethod.SMS, "{\"Result\":\"0\",\"Message\":\"短信发送频繁，请42秒后再试\"}");
        assertEquals(LoginState.FAILED, often.state());
        assertEquals(Duration.ofSeconds(42), often.waitBefore());
        assertEquals(Duration.ofSeconds(60), Yun2Login.login(LoginMethod.SMS,
                "{\"Result\":\"0\",\"Message\":\"短信发送频繁\"}").waitBefore());
        LoginStep wrong = Yun2Login.login(LoginMethod.SMS, "{\"Result\":\"0\",\"Message\":\"电子税务局账号或密码错误\"}");
        assertEquals(LoginState.FAILED, wrong.state());
        assertEquals("电子税务局账号或密码错误", wrong.zh());
        assertEquals(LoginState.LOGGED_IN, Yun2Login.smsSet("{\"Result\":\"1\",\"Message\":\"调用成功\"}").state());
        assertEquals(LoginState.FAILED, Yun2Login.smsSet("{\"Result\":\"0\",\"Message\":\"验证码错误\"}").state());
        assertEquals(LoginState.LOGGED_IN, Yun2Login.scanWaited("{\"Result\":\"1\",\"Message\":\"调用成功\"}").state());
        assertEquals(LoginState.QR_READY, Yun2Login.scanWaited("{\"Result\":\"0\",\"Message\":\"等待扫码\"}").state());
        assertEquals(LoginState.FAILED, Yun2Login.scanWaited("{\"Result\":\"0\",\"Message\":\"二维码已失效，请重新获取\"}").state());
    }
}

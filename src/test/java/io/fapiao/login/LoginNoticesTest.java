package io.fapiao.login;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The webhook notice in each robot's format, with signatures checked against vectors computed with openssl. */
class LoginNoticesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SELLER = "91310115MA1K4B2X34";

    private static LoginNotices notices(String url, LoginNotices.Format format, String secret) {
        return new LoginNotices(url, format, secret, Duration.ofHours(1), new LoginNotices.Where("http://10.0.0.5:8080",
                Path.of("/srv/fapiao/inbox"), Path.of("/srv/fapiao/outbox")), null, null, Clock.systemUTC());
    }

    @Test
    void theFormatFollowsTheRobotsAddress() {
        assertEquals(LoginNotices.Format.WECOM, LoginNotices.Format.guess("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k"));
        assertEquals(LoginNotices.Format.DINGTALK, LoginNotices.Format.guess("https://oapi.dingtalk.com/robot/send?access_token=t"));
        assertEquals(LoginNotices.Format.FEISHU, LoginNotices.Format.guess("https://open.feishu.cn/open-apis/bot/v2/hook/h"));
        assertEquals(LoginNotices.Format.FEISHU, LoginNotices.Format.guess("https://open.larksuite.com/open-apis/bot/v2/hook/h"));
        assertEquals(LoginNotices.Format.JSON, LoginNotices.Format.guess("https://ops.example.com/hooks/fapiao"));
        assertEquals(LoginNotices.Format.WECOM, LoginNotices.Format.of("WeCom").orElseThrow());
    }

    @Test
    void weComAndDingTalkTakeATextMessageThatSaysWhatToDo() throws Exception {
        LoginNotices wecom = notices("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=SECRET-KEY",
                LoginNotices.Format.WECOM, "");
        JsonNode n = JSON.readTree(wecom.body("yun2", SELLER, LoginNeeded.REASON, 3, 0));
        assertEquals("text", n.get("msgtype").asText());
        String text = n.at("/text/content").asText();
        assertTrue(text.contains(SELLER) && text.contains("yun2") && text.contains("3张发票暂停开具"), text);
        assertTrue(text.contains("POST http://10.0.0.5:8080/api/login/yun2/" + SELLER + " {\"method\":\"sms\"}"), text);
        assertTrue(text.contains("/api/login/yun2/" + SELLER + "/sms {\"code\":"), text);
        assertTrue(text.contains(Path.of("/srv/fapiao/inbox/login/yun2-" + SELLER + ".sms").toString()), text);
        assertTrue(text.contains(Path.of("/srv/fapiao/outbox/login/yun2-" + SELLER + ".png").toString()), text);
        assertEquals("https://qyapi.weixin.qq.com/…", wecom.shownUrl(), "the key is never shown");
        assertEquals("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=SECRET-KEY", wecom.target(1), "WeCom signs nothing");
    }

    @Test
    void dingTalkIsSignedInTheAddress() {
        assertEquals("Mrhy389nC5p7fqYHgciQpNWFiBNjbTx4Rn5BqEH45jY=",
                LoginNotices.dingTalkSign(1_700_000_000_000L, "SEC-test-secret"));
        LoginNotices ding = notices("https://oapi.dingtalk.com/robot/send?access_token=T", LoginNotices.Format.DINGTALK,
                "SEC-test-secret");
        assertEquals("https://oapi.dingtalk.com/robot/send?access_token=T&timestamp=1700000000000&sign="
                + "Mrhy389nC5p7fqYHgciQpNWFiBNjbTx4Rn5BqEH45jY%3D", ding.target(1_700_000_000_000L));
    }

    @Test
    void feishuIsSignedInTheBody() throws Exception {
        assertEquals("OrBzY1Y01Gq+HgJsl+7OfWcMVwc7YocohQm5iiZwjhU=", LoginNotices.feishuSign(1_700_000_000L, "feishu-secret"));
        LoginNotices feishu = notices("https://open.feishu.cn/open-apis/bot/v2/hook/H", LoginNotices.Format.FEISHU,
                "feishu-secret");
        JsonNode n = JSON.readTree(feishu.body("jumdata", SELLER, "r", 0, 1_700_000_000_123L));
        assertEquals("text", n.get("msg_type").asText());
        assertEquals("1700000000", n.get("timestamp").asText());
        assertEquals("OrBzY1Y01Gq+HgJsl+7OfWcMVwc7YocohQm5iiZwjhU=", n.get("sign").asText());
        assertTrue(n.at("/content/text").asText().contains("jumdata"));
        JsonNode unsigned = JSON.readTree(notices("https://open.feishu.cn/open-apis/bot/v2/hook/H",
                LoginNotices.Format.FEISHU, "").body("jumdata", SELLER, "r", 0, 1));
        assertFalse(unsigned.has("sign"));
    }

    @Test
    void anyOtherUrlGetsAnEventWithTheCallsToMake() throws Exception {
        JsonNode n = JSON.readTree(notices("https://ops.example.com/hook", LoginNotices.Format.JSON, "")
                .body("qixiangyun", SELLER, LoginNeeded.REASON, 7, 0));
        assertEquals("tax-bureau-login-needed", n.get("event").asText());
        assertEquals("qixiangyun", n.get("vendor").asText());
        assertEquals(SELLER, n.get("seller").asText());
        assertEquals(7, n.get("ordersWaiting").asInt());
        assertEquals("http://10.0.0.5:8080/api/login/qixiangyun/" + SELLER, n.at("/sms/start/url").asText());
        assertEquals("sms", n.at("/sms/start/body/method").asText());
        assertEquals("http://10.0.0.5:8080/api/login/qixiangyun/" + SELLER + "/sms", n.at("/sms/code/url").asText());
        assertEquals("qr", n.at("/qr/start/body/method").asText());
        assertEquals("http://10.0.0.5:8080/api/login/qixiangyun/" + SELLER + "/qr.png", n.at("/qr/png").asText());
        assertTrue(n.get("text").asText().contains(SELLER));
    }
}

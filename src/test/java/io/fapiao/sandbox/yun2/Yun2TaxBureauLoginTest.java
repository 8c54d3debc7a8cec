package io.fapiao.sandbox.yun2;

import com.fasterxml.jackson.databind.JsonNode;
import io.fapiao.sandbox.SandboxAccount;
import io.fapiao.sandbox.SandboxRequest;
import io.fapiao.sandbox.SandboxResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The seller's tax-bureau login through yun2: SMS, QR scan, and what issuing does while it has expired. */
class Yun2TaxBureauLoginTest {

    private static final String SPID = SandboxAccount.SPID;
    private static final String TAX_ID = SandboxAccount.SELLER;
    private static final String AUTH_EXPIRED = "身份认证已超时";

    private Yun2Sandbox yun2;
    private Yun2TestClient client;
    private MovableClock clock;

    @BeforeEach
    void start() {
        yun2 = SandboxAccount.yun2(TAX_ID);
        clock = MovableClock.at("2026-11-02T09:00:00");
        yun2.clock(clock);
        client = new Yun2TestClient(yun2, SandboxAccount.USER, SandboxAccount.PASSWORD);
    }

    private JsonNode login(String dlfs) {
        return client.call("/API/TERM/LOGIN", "spid", SPID, "dzswjyh", TAX_ID, "dzswjmm",
                SandboxAccount.TAX_BUREAU_PASSWORD, "dlfs", dlfs);
    }

    private static String data(JsonNode answer) {
        return new String(Base64.getDecoder().decode(answer.get("DATA").asText()), StandardCharsets.UTF_8);
    }

    @Test
    void smsLoginWithTheCodeTheCardReceived() {
        yun2.expire(SPID);
        JsonNode sent = login("2");
        assertEquals("1", sent.get("Result").asText());
        assertTrue(data(sent).matches("1\\d{2}\\*{4}\\d{4}"), "DATA is the masked phone number: " + data(sent));
        JsonNode card = client.call("/API/OTHER/SMS", "qysh", TAX_ID, "id", "1", "lx", "1");
        assertEquals(SandboxAccount.SMS_CODE, card.get("YZM").asText());
        assertEquals(card, client.call("/API/OTHER/SMS", "qysh", SPID, "id", "1", "lx", "1"), "qysh may be the spid");
        assertEquals("0", client.call("/API/OTHER/SMS", "qysh", TAX_ID, "id", "1", "lx", "2").get("Result").asText());

        JsonNode wrong = client.call("/API/OTHER/SetSMS", "spid", SPID, "yzm", "000000");
        assertEquals("0", wrong.get("Result").asText());
        assertFalse(wrong.toString().contains(SandboxAccount.SMS_CODE), "no code in an error");
        assertEquals("1", client.call("/API/OTHER/SetSMS", "spid", SPID, "yzm", SandboxAccount.SMS_CODE)
                .get("Result").asText());
        JsonNode again = login("2");
        assertEquals("1", again.get("Result").asText());
        assertEquals("正常登陆", data(again), "logged in: DATA is not a phone number");
        assertEquals("1", client.fpkj(SPID, Yun2TestClient.invoice("AFTER-SMS", "")).get("Result").asText());
    }

    @Test
    void setSmsMustFollowALoginThatSentOne() {
        assertEquals("0", client.call("/API/OTHER/SetSMS", "spid", SPID, "yzm", SandboxAccount.SMS_CODE)
                .get("Result").asText());
        assertEquals("0", client.call("/API/OTHER/SMS", "qysh", TAX_ID, "id", "1", "lx", "1").get("Result").asText(),
                "no SMS received yet");
        yun2.expire(TAX_ID);
        login("2");
        clock.move(Duration.ofMinutes(6));
        assertEquals("0", client.call("/API/OTHER/SetSMS", "spid", SPID, "yzm", SandboxAccount.SMS_CODE)
                .get("Result").asText(), "the code lapsed");
    }

    @Test
    void aSecondSmsTooSoonIsRefused() {
        yun2.expire(SPID);
        assertEquals("1", login("2").get("Result").asText());
        clock.move(Duration.ofSeconds(30));
        JsonNode tooSoon = login("2");
        assertEquals("0", tooSoon.get("Result").asText());
        assertTrue(tooSoon.get("Message").asText().contains("短信发送频繁"), tooSoon.toString());
        clock.move(Duration.ofSeconds(31));
        assertEquals("1", login("2").get("Result").asText());
        yun2.set("sms-interval-seconds", "0");
        assertEquals("1", login("2").get("Result").asText());
    }

    @Test
    void modesZeroAndOneAndWrongCredentialsAreRefused() {
        yun2.expire(SPID);
        assertTrue(login("0").get("Message").asText().contains("dlfs=0"));
        assertTrue(login("1").get("Message").asText().contains("dlfs=1"));
        assertEquals("0", login("1").get("Result").asText());
        assertEquals("0", login("3").get("Result").asText());
        assertEquals("0", client.call("/API/TERM/LOGIN", "spid", SPID, "dzswjyh", TAX_ID, "dzswjmm", "wrong",
                "dlfs", "2").get("Result").asText());
        assertEquals("0", client.call("/API/TERM/LOGIN", "spid", SPID, "dzswjyh", TAX_ID, "dlfs", "2")
                .get("Result").asText(), "every LOGIN field is required");
        client.call("/API/TERM/SJMMGX", "spid", SPID, "dzswjyh", "new-user", "dzswjmm", "new-pass");
        assertEquals("1", client.call("/API/TERM/LOGIN", "spid", SPID, "dzswjyh", "new-user", "dzswjmm", "new-pass",
                "dlfs", "2").get("Result").asText());
    }

    @Test
    void qrLoginWaitsForTheScan() throws Exception {
        yun2.expire(SPID);
        yun2.set("qr-wait-ms", "50");
        assertEquals("0", client.call("/API/TERM/EWMDD", "spid", SPID).get("Result").asText(), "no QR shown yet");
        JsonNode qr = client.call("/API/TERM/QRCODE", "spid", SPID);
        assertEquals("1", qr.get("Result").asText());
        assertTrue(qr.get("Qrcode").asText().matches("qrcode_id=[A-Za-z0-9]{64}&areaPrefix=3100&interfaceCode=0004"),
                qr.toString());
        JsonNode waiting = client.call("/API/TERM/EWMDD", "spid", SPID);
        assertEquals("0", waiting.get("Result").asText());
        assertEquals("等待扫码", waiting.get("Message").asText());

        yun2.set("qr-wait-ms", "10000");
        CompletableFuture<JsonNode> ewmdd = CompletableFuture.supplyAsync(
                () -> client.call("/API/TERM/EWMDD", "spid", SPID));
        Thread.sleep(100);
        assertFalse(ewmdd.isDone(), "EWMDD waits for the scan");
        long scanned = System.nanoTime();
        SandboxResponse hook = yun2.handle(new SandboxRequest("POST", "/_scan", "",
                Map.of("content-type", "application/x-www-form-urlencoded"), "spid=" + SPID));
        assertEquals(200, hook.status());
        assertEquals("1", ewmdd.get(5, TimeUnit.SECONDS).get("Result").asText());
        assertTrue(System.nanoTime() - scanned < 2_000_000_000L, "answered at the scan, not at the end of the wait");
        assertEquals("1", client.fpkj(SPID, Yun2TestClient.invoice("AFTER-QR", "")).get("Result").asText());
        assertEquals(409, yun2.handle(new SandboxRequest("POST", "/_scan", "", Map.of(), "{\"spid\":\"" + SPID + "\"}"))
                .status(), "nothing to scan any more");
        assertThrows(IllegalStateException.class, () -> yun2.scan(SPID));
    }

    @Test
    void loginWithQrModeAnswersTheQrAsData() {
        yun2.expire(SPID);
        JsonNode shown = login("4");
        assertEquals("1", shown.get("Result").asText());
        assertTrue(data(shown).startsWith("qrcode_id="), data(shown));
        yun2.scan(TAX_ID);
        assertEquals("1", client.call("/API/TERM/EWMDD", "spid", SPID).get("Result").asText());
        assertEquals("正常登陆", data(login("4")));
    }

    /**
     * While the login has expired FPKJ stores orders without issuing them (HaveSave 1, 身份认证已超时), KPJG says
     * so, and only SHKP after a new login issues them. Orders stored before keep their state; one still being
     * issued meets the expired login and waits too. Another enterprise goes on issuing.
     */
    @Test
    void anExpiredLoginHoldsOrdersUntilLoginAndShkp() {
        String other = yun2.enrol("91350100M000100Y43", "福州沙箱贸易有限公司");
        String issuedBefore = client.fpkj(SPID, Yun2TestClient.invoice("BEFORE", "")).get("SucessList").get(0)
                .get("url").asText();
        yun2.trouble().asyncPolls = 1;
        client.fpkj(SPID, Yun2TestClient.invoice("RUNNING", ""));
        yun2.trouble().asyncPolls = 0;

        SandboxResponse expired = yun2.handle(new SandboxRequest("POST", "/_trouble", "", Map.of(),
                "{\"session-expired\":\"" + TAX_ID + "\"}"));
        assertEquals(200, expired.status());

        JsonNode held = client.fpkj(SPID, Yun2TestClient.invoice("HELD", ""));
        assertEquals("0", held.get("Result").asText());
        JsonNode entry = held.get("ErrList").get(0);
        assertEquals("1", entry.get("HaveSave").asText());
        assertTrue(entry.get("ErrMsg").asText().contains(AUTH_EXPIRED));
        assertTrue(held.get("Message").asText().contains(AUTH_EXPIRED));
        assertEquals(0, held.get("SucessList").size());
        assertWaiting(client.kpjg(SPID, "HELD"));
        assertWaiting(client.kpjg(SPID, "RUNNING"));
        assertEquals("1", client.kpjg(SPID, "BEFORE").get("Result").asText(), "issued before: still issued");
        assertTrue(client.pdfText(issuedBefore).contains(TAX_ID));
        assertTrue(client.fpkj(SPID, Yun2TestClient.invoice("HELD", "")).get("ErrList").get(0).get("ErrMsg").asText()
                .contains(AUTH_EXPIRED), "sent again: still held");
        assertEquals("1", client.fpkj(other, Yun2TestClient.invoice("HELD", "")).get("Result").asText(),
                "the other enterprise is logged in");

        JsonNode stillExpired = client.shkp(SPID, "HELD");
        assertEquals("0", stillExpired.get("Result").asText());
        assertEquals("1", stillExpired.get("ErrList").get(0).get("HaveSave").asText());
        assertTrue(stillExpired.get("ErrList").get(0).get("ErrMsg").asText().contains(AUTH_EXPIRED));

        login("2");
        client.call("/API/OTHER/SetSMS", "spid", SPID, "yzm", SandboxAccount.SMS_CODE);
        assertWaiting(client.kpjg(SPID, "HELD"));
        assertEquals("0", client.call("/API/KPGL/FPLIST", "spid", SPID, "xtlsh", "HELD", "mxbz", "0", "pageindex", "1",
                "pagesize", "10", "fpzt", "1").get("total").asText(), "a login alone issues nothing");

        JsonNode resubmitted = client.shkp(SPID, "HELD", "RUNNING");
        assertEquals("1", resubmitted.get("Result").asText(), resubmitted.toString());
        for (String xtlsh : new String[] {"HELD", "RUNNING"}) {
            JsonNode issued = client.kpjg(SPID, xtlsh);
            assertEquals("1", issued.get("Result").asText(), issued.toString());
            assertTrue(issued.get("FPHM").asText().matches("\\d{20}"));
        }
        assertEquals("0", client.shkp(SPID, "HELD").get("Result").asText(), "issued: nothing to re-submit");
        assertEquals(4, yun2.invoiceCount());
    }

    @Test
    void sessionExpiredAllEndsEveryLogin() {
        String other = yun2.enrol("91350100M000100Y43", "福州沙箱贸易有限公司");
        yun2.set("session-expired", "all");
        assertTrue(client.fpkj(SPID, Yun2TestClient.invoice("A", "")).get("Message").asText().contains(AUTH_EXPIRED));
        assertTrue(client.fpkj(other, Yun2TestClient.invoice("A", "")).get("Message").asText().contains(AUTH_EXPIRED));
        yun2.reset();
        assertEquals("1", new Yun2TestClient(yun2, SandboxAccount.USER, SandboxAccount.PASSWORD)
                .fpkj(other, Yun2TestClient.invoice("A", "")).get("Result").asText(), "reset logs every enterprise in");
        assertThrows(IllegalArgumentException.class, () -> yun2.expire("NOBODY"));
    }

    private static void assertWaiting(JsonNode kpjg) {
        assertEquals("0", kpjg.get("Result").asText(), kpjg.toString());
        assertEquals("0", kpjg.get("FPZT").asText(), kpjg.toString());
        assertTrue(kpjg.get("Message").asText().contains(AUTH_EXPIRED), kpjg.toString());
    }
}

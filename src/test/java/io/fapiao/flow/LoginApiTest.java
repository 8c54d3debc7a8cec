package io.fapiao.flow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fapiao.login.QrPng;
import io.fapiao.sandbox.SandboxAccount;
import io.fapiao.sandbox.jumdata.JumdataSandbox;
import io.fapiao.sandbox.sdqz.SdqzSandbox;
import io.fapiao.testing.LogCapture;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every vendor's SMS and QR login end to end over HTTP: the bundle's REST API and file drop in front, each vendor's
 * simulator behind (signatures and envelopes checked as strictly as the documents say), the QR picture read back the
 * way a phone reads it.
 */
class LoginApiTest extends RouteTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String YUN2_SELLER = SandboxAccount.SELLER;
    static final String JUMDATA_SELLER = "91350100M000100Y43";
    static final String JUMDATA_FILE_SELLER = "91110000802100433B";
    static final String JUMDATA_LIMITED_SELLER = "91440300MA5G0Q8B4E";
    static final String ZHEJIANG_SELLER = "91330106MA27Y5XX3K";
    static final String QXY_SELLER = "91510100MA6CAQ2W1X";
    static final String SDQZ_SELLER = "91320100MA1MXXXX2Y";

    private final HttpClient http = HttpClient.newHttpClient();

    @Override
    protected void more(Properties p) {
        p.put("fapiao.sellers." + JUMDATA_SELLER + ".vendor", "jumdata");
        p.put("fapiao.sellers." + JUMDATA_FILE_SELLER + ".vendor", "jumdata");
        p.put("fapiao.sellers." + JUMDATA_LIMITED_SELLER + ".vendor", "jumdata");
        p.put("fapiao.sellers." + ZHEJIANG_SELLER + ".vendor", "jumdata");
        p.put("fapiao.sellers." + ZHEJIANG_SELLER + ".region", "3300");
        p.put("fapiao.sellers." + QXY_SELLER + ".vendor", "qixiangyun");
        p.put("fapiao.sellers." + QXY_SELLER + ".region", "5100");
        p.put("fapiao.sellers." + SDQZ_SELLER + ".vendor", "sdqz");
        p.put("fapiao.login.poll-ms", "100");
        p.put("fapiao.login.qr-poll-ms", "100");
        p.put("fapiao.login.check-interval-ms", "300");
        p.put("sandbox.yun2.qr-wait-ms", "200");
        // every second qixiangyun call finds its token ended (40101): renewed and repeated without anyone noticing
        p.put("sandbox.qixiangyun.token-expiry-every", "2");
    }

    private HttpResponse<byte[]> call(String method, String path, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (json == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.method(method, HttpRequest.BodyPublishers.ofString(json)).header("Content-Type", "application/json");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private JsonNode post(String path, String json, int status) throws Exception {
        HttpResponse<byte[]> r = call("POST", path, json);
        assertEquals(status, r.statusCode(), () -> path + " answered " + new String(r.body()));
        return JSON.readTree(r.body());
    }

    JsonNode start(String vendor, String taxId, String method) throws Exception {
        return post("/api/login/" + vendor + "/" + taxId, "{\"method\":\"" + method + "\"}", 200);
    }

    JsonNode code(String vendor, String taxId, String code) throws Exception {
        return post("/api/login/" + vendor + "/" + taxId + "/sms", "{\"code\":\"" + code + "\"}", 200);
    }

    JsonNode state(String vendor, String taxId) throws Exception {
        HttpResponse<byte[]> r = call("GET", "/api/login/" + vendor + "/" + taxId, null);
        assertEquals(200, r.statusCode());
        return JSON.readTree(r.body());
    }

    /** What a phone reads from the QR picture the bundle serves. */
    String scanPicture(String vendor, String taxId) throws Exception {
        HttpResponse<byte[]> png = call("GET", "/api/login/" + vendor + "/" + taxId + "/qr.png", null);
        assertEquals(200, png.statusCode());
        assertEquals("image/png", png.headers().firstValue("Content-Type").orElse(""));
        return QrPng.read(png.body()).orElseThrow(() -> new AssertionError("the PNG holds no readable QR code"));
    }

    void awaitState(String vendor, String taxId, String wanted) {
        await(() -> wanted.equals(state(vendor, taxId).get("state").asText()) ? true : null,
                vendor + " " + taxId + " to be " + wanted);
    }

    private static void assertState(String wanted, JsonNode answer) {
        assertEquals(wanted, answer.get("state").asText(), answer::toString);
        assertTrue(answer.hasNonNull("message"), answer::toString);
    }

    @Test
    void jumdataSmsLoginOverRest() throws Exception {
        try (LogCapture log = new LogCapture()) {
            assertState("SMS_SENT", start("jumdata", JUMDATA_SELLER, "sms"));
            JsonNode wrong = code("jumdata", JUMDATA_SELLER, "000000");
            assertState("FAILED", wrong);
            assertTrue(wrong.get("message").asText().contains("短信验证码错误"), wrong::toString);
            assertState("LOGGED_IN", code("jumdata", JUMDATA_SELLER, JumdataSandbox.SMS_CODE));
            JsonNode now = state("jumdata", JUMDATA_SELLER);
            assertState("LOGGED_IN", now);
            assertFalse(now.get("lastConfirmed").isNull(), "when the session was last confirmed");
            JsonNode file = JSON.readTree(outbox().resolve("login/jumdata-" + JUMDATA_SELLER + ".json").toFile());
            assertEquals("LOGGED_IN", file.get("state").asText());
            assertNoSecret(log.lines(), JumdataSandbox.SMS_CODE, SandboxAccount.TAX_BUREAU_PASSWORD);
        }
    }

    @Test
    void jumdataSmsCodeDroppedAsAFile() throws Exception {
        try (LogCapture log = new LogCapture()) {
            assertState("SMS_SENT", start("jumdata", JUMDATA_FILE_SELLER, "sms"));
            Path file = inbox().resolve("login").resolve("jumdata-" + JUMDATA_FILE_SELLER + ".sms");
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(".part");
            Files.writeString(tmp, JumdataSandbox.SMS_CODE + "\n");
            Files.move(tmp, file);
            awaitState("jumdata", JUMDATA_FILE_SELLER, "LOGGED_IN");
            await(() -> Files.exists(file) ? null : true, "the .sms file to be deleted after use");
            assertNoSecret(log.lines(), JumdataSandbox.SMS_CODE, SandboxAccount.TAX_BUREAU_PASSWORD);
        }
    }

    @Test
    void jumdataQrLoginOverRestAndThePicture() throws Exception {
        JsonNode ready = start("jumdata", JUMDATA_SELLER, "qr");
        assertState("QR_READY", ready);
        Path png = outbox().resolve("login/jumdata-" + JUMDATA_SELLER + ".png");
        assertTrue(Files.exists(png), "the QR code is written for those without a browser");
        String content = scanPicture("jumdata", JUMDATA_SELLER);
        assertEquals(content, QrPng.read(Files.readAllBytes(png)).orElseThrow(), "the file shows the same QR code");
        assertEquals("QR_READY", state("jumdata", JUMDATA_SELLER).get("state").asText(), "not scanned yet");
        post("/sandbox/jumdata/_scan", JSON.createObjectNode().put("content", content).toString(), 200);
        awaitState("jumdata", JUMDATA_SELLER, "LOGGED_IN");
        await(() -> Files.exists(png) ? null : true, "the QR picture to go once scanned");
    }

    @Test
    void zhejiangLogsInWithoutAnSms() throws Exception {
        assertState("LOGGED_IN", start("jumdata", ZHEJIANG_SELLER, "sms"));
    }

    @Test
    void aSessionTheVendorEndsIsNoticedByItsStatusCall() throws Exception {
        assertState("LOGGED_IN", start("jumdata", ZHEJIANG_SELLER, "sms"));
        context.getRegistry().lookupByNameAndType("jumdataSandbox", JumdataSandbox.class).expire(ZHEJIANG_SELLER);
        awaitState("jumdata", ZHEJIANG_SELLER, "LOGGED_OUT");
        assertTrue(state("jumdata", ZHEJIANG_SELLER).get("loggedOut").asBoolean());
        HttpResponse<byte[]> health = call("GET", "/api/health", null);
        assertEquals(503, health.statusCode());
        assertEquals("DOWN", JSON.readTree(health.body()).at("/parts/login jumdata " + ZHEJIANG_SELLER + "/status").asText());
        assertState("LOGGED_IN", start("jumdata", ZHEJIANG_SELLER, "sms"));
        await(() -> call("GET", "/api/health", null).statusCode() == 200 ? true : null, "health to be up again");
    }

    @Test
    void smsTooOftenIsShownAndTheVendorIsNotAskedAgainUntilItAllows() throws Exception {
        assertState("SMS_SENT", start("jumdata", JUMDATA_LIMITED_SELLER, "sms"));
        JsonNode refused = start("jumdata", JUMDATA_LIMITED_SELLER, "sms");
        assertState("FAILED", refused);
        assertTrue(refused.get("message").asText().contains("短信验证码发送频繁"), refused::toString);
        assertTrue(refused.get("message").asText().contains("try again after"), refused::toString);
        HttpResponse<byte[]> held = call("POST", "/api/login/jumdata/" + JUMDATA_LIMITED_SELLER, "{\"method\":\"sms\"}");
        assertEquals(429, held.statusCode(), "refused here, not sent to jumdata again");
        assertTrue(held.headers().firstValue("Retry-After").isPresent());
        JsonNode body = JSON.readTree(held.body());
        assertState("FAILED", body);
        assertTrue(body.get("message").asText().contains("not called"), body::toString);
        JsonNode now = state("jumdata", JUMDATA_LIMITED_SELLER);
        assertFalse(now.path("notBefore").isMissingNode(), "the limit is shown");
        assertEquals("SMS_SENT", now.get("state").asText(), "the code sent first still works");
        assertState("LOGGED_IN", code("jumdata", JUMDATA_LIMITED_SELLER, JumdataSandbox.SMS_CODE));
    }

    @Test
    void qixiangyunSmsAndQrLogins() throws Exception {
        try (LogCapture log = new LogCapture()) {
            assertState("SMS_SENT", start("qixiangyun", QXY_SELLER, "sms"));
            assertState("LOGGED_IN", code("qixiangyun", QXY_SELLER, SandboxAccount.QXY_SMS_CODE));
            assertNoSecret(log.lines(), SandboxAccount.QXY_SMS_CODE, SandboxAccount.TAX_BUREAU_PASSWORD, "DZSWJ_TGC");
        }
        assertState("QR_READY", start("qixiangyun", QXY_SELLER, "qr"));
        String content = scanPicture("qixiangyun", QXY_SELLER);
        post("/sandbox/qixiangyun/_scan", JSON.createObjectNode().put("content", content).toString(), 200);
        awaitState("qixiangyun", QXY_SELLER, "LOGGED_IN");
    }

    @Test
    void sdqzQrAndConfiguredSmsLogins() throws Exception {
        JsonNode ready = post("/api/login/sdqz/" + SDQZ_SELLER, "{\"method\":\"qr\",\"ewmlx\":\"0\"}", 200);
        assertState("QR_READY", ready);
        String content = scanPicture("sdqz", SDQZ_SELLER);
        assertTrue(content.startsWith("qrcode_id="), content);
        post("/sandbox/sdqz/_scan", JSON.createObjectNode().put("content", content).toString(), 200);
        awaitState("sdqz", SDQZ_SELLER, "LOGGED_IN");

        assertState("SMS_SENT", start("sdqz", SDQZ_SELLER, "sms"));
        assertState("LOGGED_IN", code("sdqz", SDQZ_SELLER, SdqzSandbox.SMS_CODE));
    }

    @Test
    void sdqzConfiguredActionsAreCalledAsConfigured() throws Exception {
        JsonNode qr = post("/api/sdqz/qr-auth/" + SDQZ_SELLER, "{\"ewmlx\":\"1\"}", 200);
        assertEquals("0000", qr.get("code").asText(), qr::toString);
        assertTrue(qr.at("/data/ewm").asText().startsWith("qrcode_id="));
        JsonNode result = post("/api/sdqz/auth-result/" + SDQZ_SELLER, JSON.createObjectNode()
                .put("rzid", qr.at("/data/rzid").asText()).put("taskId", qr.at("/data/taskId").asText()).toString(), 200);
        assertEquals("9999", result.get("code").asText(), "sdqz's own answer, as it came");
        assertTrue(result.get("mess").asText().contains("个税APP"), result::toString);
        JsonNode unknown = post("/api/sdqz/fpkj/" + SDQZ_SELLER, "{}", 404);
        assertTrue(unknown.get("error").asText().contains("vendor.sdqz.actions.fpkj.code"), unknown::toString);
    }

    @Test
    void yun2SmsAndQrLogins() throws Exception {
        assertState("LOGGED_IN", start("yun2", YUN2_SELLER, "sms"));
        yun2().expire(YUN2_SELLER);
        assertState("SMS_SENT", start("yun2", YUN2_SELLER, "sms"));
        assertState("LOGGED_IN", code("yun2", YUN2_SELLER, SandboxAccount.SMS_CODE));

        yun2().expire(YUN2_SELLER);
        assertState("QR_READY", start("yun2", YUN2_SELLER, "qr"));
        assertTrue(scanPicture("yun2", YUN2_SELLER).startsWith("qrcode_id="));
        post("/sandbox/yun2/_scan", "{\"spid\":\"" + YUN2_SELLER + "\"}", 200);
        awaitState("yun2", YUN2_SELLER, "LOGGED_IN");
    }

    @Test
    void aBodySentAsAFormByCurlIsReadAsJsonAndTheCodeNeverLogged() throws Exception {
        try (LogCapture log = new LogCapture()) {
            HttpResponse<byte[]> started = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/api/login/jumdata/" + JUMDATA_FILE_SELLER)).POST(HttpRequest.BodyPublishers.ofString(
                    "{\"method\":\"sms\"}")).header("Content-Type", "application/x-www-form-urlencoded").build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, started.statusCode(), () -> new String(started.body()));
            assertState("SMS_SENT", JSON.readTree(started.body()));
            HttpResponse<byte[]> in = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/api/login/jumdata/" + JUMDATA_FILE_SELLER + "/sms")).POST(HttpRequest.BodyPublishers.ofString(
                    "{\"code\":\"" + JumdataSandbox.SMS_CODE + "\"}")).header("Content-Type",
                    "application/x-www-form-urlencoded").build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, in.statusCode(), () -> new String(in.body()));
            assertState("LOGGED_IN", JSON.readTree(in.body()));
            assertNoSecret(log.lines(), JumdataSandbox.SMS_CODE);
        }
    }

    @Test
    void badRequestsAreRefusedPlainly() throws Exception {
        assertEquals(404, call("POST", "/api/login/nosuch/" + JUMDATA_SELLER, "{\"method\":\"sms\"}").statusCode());
        JsonNode bad = post("/api/login/jumdata/" + JUMDATA_SELLER, "{\"method\":\"fax\"}", 400);
        assertTrue(bad.get("error").asText().contains("sms"), bad::toString);
        post("/api/login/jumdata/not-a-tax-id", "{\"method\":\"sms\"}", 400);
        post("/api/login/jumdata/" + JUMDATA_SELLER, "not json", 400);
        post("/api/login/qixiangyun/" + QXY_SELLER + "/sms", "{\"code\":\"12\"}", 400);
        post("/api/login/sdqz/" + SDQZ_SELLER + "/sms", "{\"code\":\"123456\"}", 409);
        HttpResponse<byte[]> none = call("GET", "/api/login/qixiangyun/91000000000000000X/qr.png", null);
        assertEquals(404, none.statusCode());
        assertNotNull(JSON.readTree(none.body()).get("error"));
        assertEquals("LOGGED_OUT", state("jumdata", "91000000000000000X").get("state").asText());
    }

    static void assertNoSecret(List<String> lines, String... secrets) {
        for (String line : lines) {
            for (String secret : secrets) {
                assertFalse(line.contains(secret), () -> "a secret reached the log: " + line);
            }
        }
    }
}

package io.fapiao.flow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fapiao.login.LoginNeeded;
import io.fapiao.login.QrPng;
import io.fapiao.sandbox.SandboxAccount;
import io.fapiao.sandbox.SandboxRequest;
import io.fapiao.sandbox.SandboxResponse;
import io.fapiao.sandbox.SandboxServer;
import io.fapiao.sandbox.yun2.Yun2Sandbox;
import io.fapiao.testing.BundleInstance;
import io.fapiao.testing.LogCapture;
import io.fapiao.testing.TestOrders;
import io.fapiao.testing.Yun2Account;
import io.fapiao.testing.Yun2Recorder;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A seller's tax-bureau session ends while its orders are being issued: the orders wait (PENDING, the seller must
 * log in again) instead of failing, health says so, a person is told by webhook, and once the seller logs in over
 * REST the held orders are issued by themselves — in input order, each exactly once (the ones yun2 kept are sent
 * back with SHKP, never issued again with FPKJ), also across a restart of the bundle.
 */
class HeldOrdersTest {

    private static final String SELLER = "91310115MA1K4B2X34";
    private static final String SPID = "0a3beb40037d4bb29fe30295451d2171";
    private static final Yun2Account ACCOUNT = new Yun2Account("erp", "pw", SPID, SELLER);
    private static final String ROBOT_KEY = "S3CRET-ROBOT-KEY-1234";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    private Map<String, String> properties(SandboxServer server) {
        Map<String, String> p = ACCOUNT.liveProperties(server);
        p.put("fapiao.ledger.url", "jdbc:h2:file:" + dir.resolve("ledger/fapiao").toAbsolutePath());
        p.put("fapiao.seller.account", SELLER);
        p.put("fapiao.seller.password", SandboxAccount.TAX_BUREAU_PASSWORD);
        p.put("fapiao.login.poll-ms", "100");
        p.put("fapiao.login.qr-poll-ms", "100");
        p.put("fapiao.login.webhook-url", "http://127.0.0.1:" + server.port() + "/hook/cgi-bin/webhook/send?key=" + ROBOT_KEY);
        p.put("fapiao.login.webhook-format", "wecom");
        return p;
    }

    @Test
    void aSessionEndingMidBatchHoldsOrdersUntilTheSellerLogsInThenEachIsIssuedOnce() throws Exception {
        Yun2Sandbox vendor = ACCOUNT.sandbox("测试销方");
        AtomicInteger fpkj = new AtomicInteger();
        // the tax bureau ends the session as the 8th order arrives
        Yun2Recorder recorder = new Yun2Recorder(vendor::handle).fault(r -> {
            if (r.path().equals("/API/KPGL/FPKJ") && fpkj.incrementAndGet() == 8) {
                vendor.expire(SELLER);
            }
            return null;
        });
        List<String> notices = new CopyOnWriteArrayList<>();
        Function<SandboxRequest, SandboxResponse> robot = r -> {
            notices.add(r.query() + " " + r.body());
            return SandboxResponse.json("{\"errcode\":0,\"errmsg\":\"ok\"}");
        };
        int orders = 30;
        try (SandboxServer server = new SandboxServer(0, Map.of("yun2", recorder, "hook", robot));
             LogCapture log = new LogCapture();
             BundleInstance bundle = new BundleInstance(dir.resolve("a"), properties(server)).start()) {
            bundle.drop("orders.csv", TestOrders.orders("MB", orders));
            List<CSVRecord> held = bundle.awaitResults("orders.csv", rows -> rows.size() == orders && settledOrHeld(rows)
                    && rows.stream().anyMatch(r -> r.get("status").equals("PENDING")), Duration.ofSeconds(60));
            long waiting = held.stream().filter(r -> r.get("status").equals("PENDING")).count();
            assertTrue(waiting >= orders - 10, "the orders after the session ended wait: " + waiting);
            assertTrue(recorder.sent().size() < orders, "orders of a seller known to be logged out are not sent");

            JsonNode health = get(bundle, "/api/health", 503);
            assertEquals("DOWN", health.at("/parts/login yun2 " + SELLER + "/status").asText(), health::toString);
            assertTrue(health.at("/parts/login yun2 " + SELLER + "/reason").asText().contains(LoginNeeded.REASON));

            await(() -> !notices.isEmpty(), "the webhook to be told");
            String notice = notices.get(0);
            assertTrue(notice.startsWith("key=" + ROBOT_KEY), notice);
            JsonNode message = JSON.readTree(notice.substring(notice.indexOf(' ') + 1));
            assertEquals("text", message.get("msgtype").asText());
            String text = message.at("/text/content").asText();
            assertTrue(text.contains(SELLER) && text.contains("/api/login/yun2/" + SELLER)
                    && text.contains("yun2-" + SELLER + ".sms") && text.contains("yun2-" + SELLER + ".png"), text);

            // the seller logs in over REST; the held orders then go by themselves
            assertEquals("SMS_SENT", post(bundle, "/api/login/yun2/" + SELLER, "{\"method\":\"sms\"}").get("state").asText());
            assertEquals("LOGGED_IN", post(bundle, "/api/login/yun2/" + SELLER + "/sms",
                    "{\"code\":\"" + SandboxAccount.SMS_CODE + "\"}").get("state").asText());
            List<CSVRecord> done = bundle.awaitResults("orders.csv", TestOrders::allIssued, Duration.ofSeconds(60));
            assertEquals(orders, done.size());
            assertEquals(1, notices.size(), "told once, not on every held order");
            get(bundle, "/api/health", 200);
            for (String line : log.lines()) {
                assertFalse(line.contains(ROBOT_KEY) || line.contains(SandboxAccount.TAX_BUREAU_PASSWORD),
                        () -> "a secret reached the log: " + line);
            }
        }
        Map<String, Integer> sent = recorder.sent();
        assertEquals(orders, sent.size(), "every order reached yun2");
        assertTrue(sent.values().stream().allMatch(n -> n == 1), () -> "an order was sent twice: " + sent);
        Map<String, Integer> resubmitted = recorder.resubmitted();
        assertFalse(resubmitted.isEmpty(), "the orders yun2 kept were sent back with SHKP");
        assertTrue(resubmitted.values().stream().allMatch(n -> n == 1), () -> "sent back twice: " + resubmitted);
        assertEquals(orders, vendor.invoiceCount());
    }

    @Test
    void heldOrdersSurviveARestartAndGoOnceTheSellerScansTheQrCode() throws Exception {
        Yun2Sandbox vendor = ACCOUNT.sandbox("测试销方");
        vendor.trouble().qrWaitMs = 200;
        vendor.expire(SELLER);
        Yun2Recorder recorder = new Yun2Recorder(vendor::handle);
        int orders = 6;
        try (SandboxServer server = recorder.serve()) {
            Map<String, String> p = properties(server);
            p.remove("fapiao.login.webhook-url");
            try (BundleInstance first = new BundleInstance(dir.resolve("b"), p).start()) {
                first.drop("held.csv", TestOrders.orders("RS", orders));
                first.awaitResults("held.csv", rows -> rows.size() == orders && rows.stream()
                        .allMatch(r -> r.get("status").equals("PENDING") && r.get("message").equals(LoginNeeded.REASON)),
                        Duration.ofSeconds(60));
            }
            try (BundleInstance again = new BundleInstance(dir.resolve("b"), p).start()) {
                await(() -> get(again, "/api/health", 503).at("/parts/login yun2 " + SELLER + "/status").asText()
                        .equals("DOWN"), "the restarted bundle to know the seller is logged out");
                assertEquals("QR_READY", post(again, "/api/login/yun2/" + SELLER, "{\"method\":\"qr\"}").get("state").asText());
                HttpResponse<byte[]> png = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + again.port()
                        + "/api/login/yun2/" + SELLER + "/qr.png")).build(), HttpResponse.BodyHandlers.ofByteArray());
                assertTrue(QrPng.read(png.body()).orElseThrow().startsWith("qrcode_id="));
                vendor.scan(SELLER);
                List<CSVRecord> done = again.awaitResults("held.csv", TestOrders::allIssued, Duration.ofSeconds(60));
                assertEquals(orders, done.size());
                for (int i = 0; i < orders; i++) {
                    assertEquals("RS" + (i + 1), done.get(i).get("order_no"), "results in input order");
                }
            }
        }
        Map<String, Integer> sent = recorder.sent();
        assertEquals(orders, sent.size());
        assertTrue(sent.values().stream().allMatch(n -> n == 1), () -> "an order was sent twice: " + sent);
        assertTrue(recorder.resubmitted().values().stream().allMatch(n -> n == 1));
        assertEquals(orders, vendor.invoiceCount());
    }

    private static boolean settledOrHeld(List<CSVRecord> rows) {
        return rows.stream().allMatch(r -> r.get("status").equals("ISSUED") && !r.get("pdf").isEmpty()
                || r.get("status").equals("PENDING") && r.get("message").equals(LoginNeeded.REASON));
    }

    private JsonNode get(BundleInstance b, String path, int status) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + b.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(status, r.statusCode(), r::body);
        return JSON.readTree(r.body());
    }

    private JsonNode post(BundleInstance b, String path, String json) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + b.port() + path))
                .POST(HttpRequest.BodyPublishers.ofString(json)).header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r::body);
        return JSON.readTree(r.body());
    }

    interface Probe {
        boolean ok() throws Exception;
    }

    private static void await(Probe probe, String what) {
        Instant end = Instant.now().plusSeconds(30);
        AssertionError last = null;
        while (Instant.now().isBefore(end)) {
            try {
                if (probe.ok()) {
                    return;
                }
            } catch (AssertionError e) {
                last = e;
            } catch (Exception e) {
                // not yet
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new AssertionError("timed out waiting for " + what + (last == null ? "" : ": " + last.getMessage()));
    }
}

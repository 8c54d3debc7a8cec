package io.fapiao.sandbox.yun2;

import com.fasterxml.jackson.databind.JsonNode;
import io.fapiao.sandbox.SandboxAccount;
import io.fapiao.sandbox.SandboxServer;
import io.fapiao.vendor.yun2.Yun2Form;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The document: every GetToken ends the previous token, whoever holds it; a token lives 30 days. */
class Yun2TokenTest {

    @Test
    void aSecondGetTokenEndsTheFirstOne() {
        Yun2Sandbox yun2 = SandboxAccount.yun2(SandboxAccount.SELLER);
        Yun2TestClient first = new Yun2TestClient(yun2, SandboxAccount.USER, SandboxAccount.PASSWORD);
        Yun2TestClient second = new Yun2TestClient(yun2, SandboxAccount.USER, SandboxAccount.PASSWORD);
        JsonNode refused = first.call("/API/TERM/LIST");
        assertEquals("0", refused.get("Result").asText());
        assertEquals("2002", refused.get("Code").asText());
        assertEquals("1", second.call("/API/TERM/LIST").get("Result").asText());
        first.login();
        assertEquals("2002", second.call("/API/TERM/LIST").get("Code").asText(), "and the other way round");
        assertEquals("1", first.call("/API/TERM/LIST").get("Result").asText());
    }

    /**
     * Two bundle instances share one simulator over HTTP: each GetToken logs the other out. Many threads log in at
     * once; afterwards exactly one token works, and every other one answers Code 2002.
     */
    @Test
    void clientsOnManyThreadsLogEachOtherOut() throws Exception {
        Yun2Sandbox yun2 = SandboxAccount.yun2(SandboxAccount.SELLER);
        try (SandboxServer server = new SandboxServer(0, Map.of("yun2", yun2::handle))) {
            String base = "http://127.0.0.1:" + server.port() + "/yun2";
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            int clients = 8;
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<String>> tokens = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                tokens.add(pool.submit(() -> {
                    go.await();
                    return post(http, base + "/API/LOGIN/GetToken", "", Yun2Form.with("UserName", SandboxAccount.USER)
                            .and("Password", SandboxAccount.PASSWORD).encode()).get("ID").asText();
                }));
            }
            go.countDown();
            // every login done before any token is tried: one tried while later logins were still on their way could
            // still be the current one then
            List<String> issued = new ArrayList<>();
            for (Future<String> token : tokens) {
                issued.add(token.get());
            }
            int working = 0;
            int loggedOut = 0;
            for (String token : issued) {
                JsonNode answer = post(http, base + "/API/TERM/LIST", token, "");
                if ("1".equals(answer.get("Result").asText())) {
                    working++;
                } else {
                    assertEquals("2002", answer.get("Code").asText());
                    loggedOut++;
                }
            }
            pool.shutdown();
            assertEquals(1, working);
            assertEquals(clients - 1, loggedOut);
        }
    }

    @Test
    void tokenExpiryEveryStillEndsATokenAfterSoManyCalls() {
        Yun2Sandbox yun2 = SandboxAccount.yun2(SandboxAccount.SELLER);
        yun2.set("token-expiry-every", "3");
        Yun2TestClient client = new Yun2TestClient(yun2, SandboxAccount.USER, SandboxAccount.PASSWORD);
        for (int i = 0; i < 3; i++) {
            assertEquals("1", client.call("/API/TERM/LIST").get("Result").asText());
        }
        assertEquals("2002", client.call("/API/TERM/LIST").get("Code").asText());
        assertEquals("2002", client.call("/API/TERM/LIST").get("Code").asText(), "ended for good");
        client.login();
        assertEquals("1", client.call("/API/TERM/LIST").get("Result").asText());
    }

    @Test
    void aTokenLivesThirtyDays() {
        Yun2Sandbox yun2 = SandboxAccount.yun2(SandboxAccount.SELLER);
        MovableClock clock = MovableClock.at("2026-11-02T09:00:00");
        yun2.clock(clock);
        Yun2TestClient client = new Yun2TestClient(yun2, SandboxAccount.USER, SandboxAccount.PASSWORD);
        clock.move(Duration.ofDays(30));
        assertEquals("1", client.call("/API/TERM/LIST").get("Result").asText());
        clock.move(Duration.ofSeconds(1));
        assertEquals("2002", client.call("/API/TERM/LIST").get("Code").asText());
    }

    private static JsonNode post(HttpClient http, String url, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", Yun2Form.CONTENT_TYPE)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (!token.isEmpty()) {
            b.header("token", token);
        }
        return Yun2TestClient.JSON.readTree(http.send(b.build(), HttpResponse.BodyHandlers.ofString()).body());
    }
}

package io.fapiao.sandbox;

import io.fapiao.sandbox.yun2.Yun2Sandbox;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The stand-alone server answers at once on its own thread, and hands the calls that may wait to its pool. */
class SandboxServerTest {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void aCallThatWaitsDoesNotHoldUpTheOthers() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<String> slowThread = new AtomicReference<>();
        AtomicReference<String> fastThread = new AtomicReference<>();
        SandboxServer.Vendor vendor = new SandboxServer.Vendor(request -> {
            if (request.path().equals("/slow")) {
                slowThread.set(Thread.currentThread().getName());
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return SandboxResponse.text(200, "slow");
            }
            fastThread.set(Thread.currentThread().getName());
            return SandboxResponse.text(200, "fast " + request.header("X-Probe"));
        }, request -> request.path().equals("/slow"));
        try (SandboxServer server = SandboxServer.serving(0, Map.of("v", vendor))) {
            String base = "http://127.0.0.1:" + server.port() + "/v";
            CompletableFuture<HttpResponse<String>> slow = http.sendAsync(
                    HttpRequest.newBuilder(URI.create(base + "/slow")).build(), HttpResponse.BodyHandlers.ofString());
            // the slow call is waiting (or not yet there): the server's thread is free either way
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> fast = http.send(HttpRequest.newBuilder(URI.create(base + "/fast"))
                        .header("X-Probe", "p" + i).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals("fast p" + i, fast.body());
            }
            assertFalse(slow.isDone());
            release.countDown();
            assertEquals("slow", slow.get(10, TimeUnit.SECONDS).body());
            assertTrue(slowThread.get().startsWith("pool-"), slowThread.get());
            // the server's own thread, no hand-off
            assertFalse(fastThread.get().startsWith("pool-"), fastThread.get());
        }
    }

    @Test
    void aHandlerThatMayAlwaysWaitIsAnsweredOnThePool() throws Exception {
        AtomicReference<String> thread = new AtomicReference<>();
        try (SandboxServer server = new SandboxServer(0, Map.of("v", request -> {
            thread.set(Thread.currentThread().getName());
            return SandboxResponse.json("{\"method\":\"" + request.method() + "\",\"body\":\"" + request.body() + "\"}");
        }))) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                    + "/v/x?q=1")).POST(HttpRequest.BodyPublishers.ofString("a=b")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            assertEquals("{\"method\":\"POST\",\"body\":\"a=b\"}", r.body());
            assertTrue(thread.get().startsWith("pool-"), thread.get());
        }
    }

    @Test
    void yun2WaitsWithLatencyAndForTheQrScanOnly() {
        Yun2Sandbox yun2 = SandboxAccount.yun2(SandboxAccount.SELLER);
        SandboxRequest fpkj = new SandboxRequest("POST", "/API/KPGL/FPKJ", "", Map.of(), "");
        SandboxRequest ewmdd = new SandboxRequest("POST", "/API/TERM/EWMDD", "", Map.of(), "");
        assertFalse(yun2.mayWait(fpkj));
        assertTrue(yun2.mayWait(ewmdd));
        yun2.set("latency-ms", "5");
        assertTrue(yun2.mayWait(fpkj));
    }
}

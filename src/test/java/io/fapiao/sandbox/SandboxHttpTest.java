package io.fapiao.sandbox;

import io.fapiao.flow.RouteTestSupport;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The embedded simulators take a form as large as the vendor does: an invoice of 80 lines is a 20 KB field. */
class SandboxHttpTest extends RouteTestSupport {

    @Test
    void aFormFieldAboveEightKilobytesReachesTheSimulator() throws Exception {
        String data = "[" + "A".repeat(64 * 1024) + "]";
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/sandbox/yun2/API/KPGL/FPKJ"))
                .header("Content-Type", "application/x-www-form-urlencoded;charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString("spid=x&data=" + data)).build(),
                HttpResponse.BodyHandlers.ofString());
        // no token: the simulator answers as yun2 does, rather than the HTTP server failing on the form's size
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("\"Code\""), r.body());
    }
}

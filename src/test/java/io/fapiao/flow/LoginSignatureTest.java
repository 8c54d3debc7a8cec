package io.fapiao.flow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A bundle whose vendor credentials are wrong: each simulator refuses the signature or envelope with its vendor's own
 * answer, the login says FAILED with that reason, and health names the vendor as a configuration problem.
 */
class LoginSignatureTest extends RouteTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Override
    protected void more(Properties p) {
        p.put("vendor.jumdata.app-secret", "not-the-secret");
        p.put("vendor.sdqz.interface-code", "not-the-code");
        p.put("vendor.qixiangyun.app-secret", "not-the-secret");
        p.put("fapiao.sellers." + LoginApiTest.JUMDATA_SELLER + ".vendor", "jumdata");
        p.put("fapiao.sellers." + LoginApiTest.SDQZ_SELLER + ".vendor", "sdqz");
        p.put("fapiao.sellers." + LoginApiTest.QXY_SELLER + ".vendor", "qixiangyun");
    }

    private JsonNode post(String path, String json) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r::body);
        return JSON.readTree(r.body());
    }

    private JsonNode health() throws Exception {
        return JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/health")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    @Test
    void wrongSignaturesAndEnvelopesAreRefusedWithTheVendorsOwnAnswer() throws Exception {
        JsonNode jumdata = post("/api/login/jumdata/" + LoginApiTest.JUMDATA_SELLER, "{\"method\":\"sms\"}");
        assertEquals("FAILED", jumdata.get("state").asText());
        assertTrue(jumdata.get("message").asText().contains("签名错误"), jumdata::toString);

        JsonNode sdqz = post("/api/login/sdqz/" + LoginApiTest.SDQZ_SELLER, "{\"method\":\"qr\"}");
        assertEquals("FAILED", sdqz.get("state").asText());
        assertTrue(sdqz.get("message").asText().contains("授权码interfaceCode错误"), sdqz::toString);

        JsonNode qxy = post("/api/login/qixiangyun/" + LoginApiTest.QXY_SELLER, "{\"method\":\"qr\"}");
        assertEquals("FAILED", qxy.get("state").asText());
        assertTrue(qxy.get("message").asText().contains("应用的密钥无效"), qxy::toString);

        JsonNode h = health();
        assertEquals("DOWN", h.get("status").asText());
        for (String vendor : new String[] {"jumdata", "sdqz", "qixiangyun"}) {
            assertEquals("DOWN", h.at("/parts/vendor " + vendor + "/status").asText(), h::toString);
        }
    }
}

package io.fapiao.flow;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** With fapiao.api.token set, /api answers only callers that carry it. */
class ApiTokenTest extends RouteTestSupport {

    private static final String TOKEN = "t0ken-for-the-erp";

    @Override
    protected void more(Properties p) {
        p.put("fapiao.api.token", TOKEN);
    }

    private HttpResponse<String> health(String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/health"));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theApiAnswersOnlyTheBearerOfTheToken() throws Exception {
        HttpResponse<String> none = health(null);
        assertEquals(401, none.statusCode());
        assertTrue(none.body().contains("\"error\""), none.body());
        assertFalse(none.body().contains(TOKEN));
        assertEquals(401, health("Bearer wrong").statusCode());
        assertEquals(401, health("Basic " + TOKEN).statusCode());
        assertEquals(200, health("Bearer " + TOKEN).statusCode());
    }
}

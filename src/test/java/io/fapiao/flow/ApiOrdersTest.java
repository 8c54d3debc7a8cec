package io.fapiao.flow;

import com.fasterxml.jackson.databind.JsonNode;
import io.fapiao.order.OrderJsonReader;
import io.fapiao.sandbox.SandboxServer;
import io.fapiao.sandbox.yun2.Yun2Sandbox;
import io.fapiao.testing.Yun2Account;
import io.fapiao.testing.Yun2Recorder;
import org.apache.camel.model.Model;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.VerbDefinition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The REST order API over real HTTP (the JDK's client) against the whole bundle, in live mode against a yun2
 * simulator on its own port whose every FPKJ is counted: what is sent to the vendor, not only what it holds.
 */
class ApiOrdersTest extends RouteTestSupport {

    private static final String TOKEN = "erp-api-t0ken";
    private static final String SELLER = "91310115MA1K4B2X34";
    private static final String SELLER_B = "91350100M000100Y43";
    private static final Yun2Account ACCOUNT =
            new Yun2Account("erp-user", "live-Pa55", "0a3beb40037d4bb29fe30295451d2171", SELLER);
    private static final int BODY_LIMIT = 64 * 1024;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private Yun2Sandbox vendor;
    private Yun2Recorder recorder;
    private SandboxServer server;

    @Override
    protected void more(Properties p) {
        vendor = ACCOUNT.sandbox("测试销方");
        vendor.enrol(SELLER_B, "福建第二销方有限公司");
        recorder = new Yun2Recorder(vendor::handle);
        server = recorder.serve();
        p.putAll(ACCOUNT.liveProperties(server));
        p.put("fapiao.sellers." + SELLER_B + ".vendor", "yun2");
        p.put("fapiao.api.token", TOKEN);
        p.put("fapiao.api.wait-ms", "4000");
        p.put("fapiao.api.max-body-bytes", Integer.toString(BODY_LIMIT));
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    static String order(String orderNo) throws IOException {
        return Files.readString(Path.of("samples/order.json"), StandardCharsets.UTF_8).replace("JSON-20261122-001", orderNo);
    }

    private HttpResponse<String> post(String body, String contentType) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri("/api/orders"))
                .header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> post(String body) throws Exception {
        return post(body, "application/json");
    }

    private HttpResponse<String> get(String pathAndQuery) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(pathAndQuery)).header("Authorization", "Bearer " + TOKEN).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port + pathAndQuery);
    }

    private static JsonNode json(HttpResponse<String> r) throws IOException {
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
                "JSON answered: " + r.headers().map());
        return OrderJsonReader.MAPPER.readTree(r.body());
    }

    @Test
    void anOrderIsIssuedAndAnsweredWithItsOutcomeAndPostedAgainItIsNotIssuedAgain() throws Exception {
        HttpResponse<String> first = post(order("API-001"));
        assertEquals(200, first.statusCode(), first.body());
        JsonNode issued = json(first);
        assertEquals("API-001", issued.path("order_no").asText());
        assertEquals("ISSUED", issued.path("status").asText());
        assertTrue(issued.path("invoice_no").asText().matches("\\d{20}"), first.body());
        assertTrue(Files.size(outbox().resolve(issued.path("pdf").asText())) > 500, "the PDF is fetched before the answer");
        assertEquals("api", issued.path("source").path("channel").asText());
        assertEquals(new BigDecimal("2190.00"), new BigDecimal(issued.path("total_amount").asText())
                .add(new BigDecimal(issued.path("total_tax").asText())), "amount and tax add up to what was charged");
        assertFalse(first.headers().map().keySet().stream().anyMatch(h -> h.equalsIgnoreCase("Authorization")),
                "the token is not echoed: " + first.headers().map());

        // a GBK body that says so, and a UTF-8 one with a BOM that says so
        HttpResponse<String> gbk = http.send(HttpRequest.newBuilder(uri("/api/orders"))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json; charset=GBK")
                .POST(HttpRequest.BodyPublishers.ofByteArray(order("API-GBK").getBytes("GBK"))).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertEquals(200, gbk.statusCode(), gbk.body());
        assertEquals("成都锦江文化传媒有限公司", json(gbk).path("order").path("buyer_name").asText());
        assertEquals(200, post("\uFEFF" + order("API-001"), "application/json;charset=utf-8").statusCode());

        HttpResponse<String> again = post(order("API-001"));
        assertEquals(200, again.statusCode(), again.body());
        assertEquals(issued.path("invoice_no").asText(), json(again).path("invoice_no").asText());
        assertEquals("ISSUED", json(again).path("status").asText());

        // the same new order posted twice at once: one of them issues it, the other answers its outcome
        CompletableFuture<HttpResponse<String>> a = CompletableFuture.supplyAsync(() -> uncheckedPost("API-002"));
        CompletableFuture<HttpResponse<String>> b = CompletableFuture.supplyAsync(() -> uncheckedPost("API-002"));
        JsonNode ja = json(a.get());
        JsonNode jb = json(b.get());
        assertEquals(200, a.get().statusCode(), a.get().body());
        assertEquals(200, b.get().statusCode(), b.get().body());
        assertEquals(ja.path("invoice_no").asText(), jb.path("invoice_no").asText());
        assertNotEquals(issued.path("invoice_no").asText(), ja.path("invoice_no").asText());

        assertEquals(1, recorder.sent("API-001"), "API-001 went to the vendor once");
        assertEquals(1, recorder.sent("API-002"), "API-002 went to the vendor once");
        assertEquals(3, vendor.invoiceCount(), "API-001, API-GBK, API-002");

        HttpResponse<String> found = get("/api/orders/API-001");
        assertEquals(200, found.statusCode(), found.body());
        assertEquals(issued.path("invoice_no").asText(), json(found).path("invoice_no").asText());
        assertEquals(200, get("/api/orders/API-001?seller=" + SELLER).statusCode());
    }

    private HttpResponse<String> uncheckedPost(String orderNo) {
        try {
            return post(order(orderNo));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void anOrderNotSettledInTimeIsAnswered202AndItsLocationShowsItSettled() throws Exception {
        // FPKJ gives no number and KPJG says "in progress" 15 times: longer than fapiao.api.wait-ms
        vendor.trouble().asyncPolls = 15;
        HttpResponse<String> accepted = post(order("API-ASYNC-1"));
        assertEquals(202, accepted.statusCode(), accepted.body());
        assertEquals("PENDING", json(accepted).path("status").asText());
        String location = accepted.headers().firstValue("Location").orElseThrow();
        assertEquals("/api/orders/API-ASYNC-1?seller=" + SELLER, location);

        HttpResponse<String> meanwhile = get(location);
        assertEquals(200, meanwhile.statusCode());
        assertEquals("PENDING", json(meanwhile).path("status").asText());

        JsonNode settled = await(() -> {
            JsonNode n = json(get(location));
            return n.path("status").asText().equals("ISSUED") ? n : null;
        }, "the order to settle");
        assertTrue(settled.path("invoice_no").asText().matches("\\d{20}"));
        assertEquals(1, recorder.sent("API-ASYNC-1"));

        // posted again once settled: the same invoice, at once
        HttpResponse<String> again = post(order("API-ASYNC-1"));
        assertEquals(200, again.statusCode(), again.body());
        assertEquals(settled.path("invoice_no").asText(), json(again).path("invoice_no").asText());
        assertEquals(1, recorder.sent("API-ASYNC-1"));
    }

    @Test
    void aRejectedOrderIsAnswered422WithEveryReason() throws Exception {
        String bad = order("API-BAD-1").replace("3040203000000000000", "30402030").replace("成都锦江文化传媒有限公司", "");
        HttpResponse<String> r = post(bad);
        assertEquals(422, r.statusCode(), r.body());
        JsonNode n = json(r);
        assertEquals("REJECTED", n.path("status").asText());
        assertFalse(n.path("error").asText().isEmpty(), r.body());
        Set<String> fields = new TreeSet<>();
        n.path("errors").forEach(e -> {
            fields.add(e.path("field").asText());
            assertFalse(e.path("reason_zh").asText().isEmpty());
            assertFalse(e.path("reason_en").asText().isEmpty());
        });
        assertTrue(fields.contains("buyer_name") && fields.stream().anyMatch(f -> f.contains("tax_code")), fields.toString());
        assertEquals(0, recorder.sent("API-BAD-1"), "nothing went to the vendor");

        HttpResponse<String> found = get("/api/orders/API-BAD-1");
        assertEquals(200, found.statusCode(), "a known order is found, whatever its status");
        assertEquals("REJECTED", json(found).path("status").asText());
        assertEquals(n.path("errors").size(), json(found).path("errors").size(), found.body());
    }

    @Test
    void badRequestsAreAnsweredWithJsonErrors() throws Exception {
        HttpResponse<String> malformed = post("{\n  \"order_no\": \"API-M1\",\n  \"lines\": [ { \"item_name\": } ]\n}");
        assertEquals(400, malformed.statusCode());
        String error = json(malformed).path("error").asText();
        assertTrue(error.contains("第3行第") && error.contains("列"), error);
        assertTrue(error.contains("line 3, column"), error);

        assertEquals(415, post(order("API-M2"), "text/plain").statusCode());
        assertEquals(415, post(order("API-M2"), "application/x-www-form-urlencoded").statusCode());
        assertTrue(json(post(order("API-M2"), "text/csv")).path("error").asText().contains("application/json"));
        assertEquals(400, post("", "application/json").statusCode());
        assertEquals(400, post("[" + order("API-M3") + "]").statusCode());
        assertEquals(400, post("{\"orders\": [" + order("API-M4") + "]}").statusCode());
        assertEquals(400, post(order("API-M5") + " {}").statusCode(), "one JSON value, nothing after it");

        HttpResponse<String> tooLarge = post(order("API-M6").replace("\"remark\": \"", "\"remark\": \""
                + "x".repeat(BODY_LIMIT)));
        assertEquals(413, tooLarge.statusCode());
        assertTrue(json(tooLarge).path("error").asText().contains("fapiao.api.max-body-bytes"));

        HttpResponse<String> noToken = http.send(HttpRequest.newBuilder(uri("/api/orders"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(order("API-M7"))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, noToken.statusCode());
        assertTrue(json(noToken).has("error"));
        assertEquals(401, http.send(HttpRequest.newBuilder(uri("/api/orders/API-M7")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
        assertEquals(0, recorder.calls("/API/KPGL/FPKJ"), "no bad request reached the vendor");

        assertEquals(404, get("/api/orders/NO-SUCH-ORDER").statusCode());
        assertTrue(json(get("/api/orders/NO-SUCH-ORDER")).path("error").asText().contains("NO-SUCH-ORDER"));
        assertEquals(400, get("/api/orders/bad%20number").statusCode());
        assertEquals(400, get("/api/orders/API-1?seller=abc").statusCode());

        // two sellers number their orders independently: the number alone is ambiguous
        assertEquals(200, post(order("SHARED-1")).statusCode());
        assertEquals(200, post(order("SHARED-1").replace("{", "{\"seller_tax_id\": \"" + SELLER_B + "\",")).statusCode());
        HttpResponse<String> ambiguous = get("/api/orders/SHARED-1");
        assertEquals(409, ambiguous.statusCode());
        assertTrue(json(ambiguous).path("error").asText().contains(SELLER_B), ambiguous.body());
        HttpResponse<String> ofB = get("/api/orders/SHARED-1?seller=" + SELLER_B.toLowerCase(Locale.ROOT));
        assertEquals(200, ofB.statusCode());
        assertEquals(SELLER_B, json(ofB).path("seller_tax_id").asText());
    }

    @Test
    void theOpenApiDocumentDescribesEveryEndpoint() throws Exception {
        HttpResponse<String> r = get("/api/openapi.json");
        assertEquals(200, r.statusCode());
        JsonNode doc = json(r);
        assertTrue(doc.path("openapi").asText().startsWith("3."), "OpenAPI 3");
        assertFalse(doc.path("info").path("title").asText().isEmpty());

        Set<String> documented = new TreeSet<>();
        doc.path("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(
                method -> documented.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey())));
        Set<String> served = new TreeSet<>();
        for (RestDefinition rest : context.getCamelContextExtension().getContextPlugin(Model.class).getRestDefinitions()) {
            for (VerbDefinition verb : rest.getVerbs()) {
                served.add(verb.asVerb().toUpperCase(Locale.ROOT) + " " + rest.getPath() + (verb.getPath() == null ? "" : verb.getPath()));
            }
        }
        assertTrue(served.contains("POST /api/orders") && served.contains("GET /api/orders/{orderNo}"), served.toString());
        assertEquals(served, documented, "the OpenAPI document describes exactly the REST endpoints");

        List<String> refs = new ArrayList<>();
        collectRefs(doc, refs);
        assertFalse(refs.isEmpty());
        for (String ref : refs) {
            assertTrue(ref.startsWith("#/components/schemas/")
                    && doc.path("components").path("schemas").has(ref.substring("#/components/schemas/".length())),
                    "unresolved " + ref);
        }
        for (JsonNode path : doc.path("paths")) {
            for (JsonNode operation : path) {
                assertTrue(operation.path("responses").size() > 0);
            }
        }
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equals("$ref")) {
                    refs.add(e.getValue().asText());
                } else {
                    collectRefs(e.getValue(), refs);
                }
            }
        } else if (node.isArray()) {
            node.forEach(n -> collectRefs(n, refs));
        }
    }
}

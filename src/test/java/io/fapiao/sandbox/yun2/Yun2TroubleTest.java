package io.fapiao.sandbox.yun2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fapiao.sandbox.SandboxAccount;
import io.fapiao.sandbox.SandboxRequest;
import io.fapiao.sandbox.SandboxResponse;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** yun2's switches on the shared {@link io.fapiao.sandbox.SandboxTrouble}: the names the README lists, their defaults. */
class Yun2TroubleTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theSwitchesAreTheOnesTheReadmeListsWithTheirDefaults() throws Exception {
        Yun2Trouble trouble = new Yun2Trouble();
        assertEquals(List.of("latency-ms", "error-rate", "rate-limit", "async-polls", "token-expiry-every",
                "have-save-failures", "have-save-review", "reject-item", "pdf-get-only", "sms-interval-seconds",
                "qr-wait-ms"), trouble.names());
        JsonNode shown = JSON.readTree(trouble.toString());
        List<String> keys = new ArrayList<>();
        shown.fieldNames().forEachRemaining(keys::add);
        assertEquals(trouble.names(), keys);
        assertEquals(60, shown.get("sms-interval-seconds").asInt());
        assertEquals(2000, shown.get("qr-wait-ms").asLong());
        assertEquals("", shown.get("reject-item").asText());
        assertEquals(0.0, shown.get("error-rate").asDouble());
    }

    @Test
    void aResetReturnsEverySwitchToItsDefault() {
        Yun2Trouble trouble = new Yun2Trouble();
        trouble.setAll(Map.of("latency-ms", "5", "ERROR_RATE", "0.5", "have-save-review", "true",
                "sms-interval-seconds", "1", "qr_wait_ms", " 10 ", "reject-item", " 茶具 "));
        assertEquals(0.5, trouble.errorRate);
        assertEquals(10, trouble.qrWaitMs);
        assertEquals("茶具", trouble.rejectItem);
        trouble.reset();
        assertEquals(0, trouble.latencyMs);
        assertEquals(0, trouble.errorRate);
        assertFalse(trouble.haveSaveReview);
        assertEquals(60, trouble.smsIntervalSeconds);
        assertEquals(2000, trouble.qrWaitMs);
        assertEquals("", trouble.rejectItem);
        assertThrows(NumberFormatException.class, () -> trouble.set("async-polls", "2.5"));
        assertThrows(IllegalArgumentException.class, () -> trouble.set("session-expired", "all"),
                "an action, not a switch: not read as a property");
    }

    @Test
    void theEndpointShowsQuotesAndBackslashesAsTheyWereSet() throws Exception {
        Yun2Sandbox yun2 = SandboxAccount.yun2(SandboxAccount.SELLER);
        SandboxResponse r = yun2.handle(post("{\"reject-item\":\"茶\\\"具\\\\\"}"));
        assertEquals(200, r.status());
        assertEquals("茶\"具\\", yun2.trouble().rejectItem);
        assertEquals("茶\"具\\", JSON.readTree(body(r)).get("reject-item").asText());
    }

    @Test
    void theEndpointActsOnceInEitherSpellingAndRefusesWhatItCannotTake() throws Exception {
        Yun2Sandbox yun2 = SandboxAccount.yun2(SandboxAccount.SELLER);
        SandboxResponse r = yun2.handle(post("{\"SESSION_EXPIRED\":\"all\",\"async_polls\":2}"));
        assertEquals(200, r.status(), body(r));
        JsonNode shown = JSON.readTree(body(r));
        assertEquals(2, shown.get("async-polls").asInt());
        assertFalse(shown.has("session-expired"), "an action is not shown as a switch");

        JsonNode voided = JSON.readTree(body(yun2.handle(post("{\"void_invoice\":\"00000000000000000000\"}"))));
        assertFalse(voided.get("error").asText().contains("unknown sandbox switch"), voided.toString());
        for (String bad : new String[]{"not json", "{\"no-such-switch\":1}", "{\"qr-wait-ms\":\"soon\"}",
                "{\"void-invoice\":\"00000000000000000000\"}"}) {
            SandboxResponse refused = yun2.handle(post(bad));
            assertEquals(400, refused.status(), bad);
            assertTrue(JSON.readTree(body(refused)).has("error"), bad);
        }
        SandboxResponse cleared = yun2.handle(post("{\"reset\":true}"));
        assertEquals(0, JSON.readTree(body(cleared)).get("async-polls").asInt());
    }

    private static SandboxRequest post(String body) {
        return new SandboxRequest("POST", "/_trouble", "", Map.of(), body);
    }

    private static String body(SandboxResponse r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }
}

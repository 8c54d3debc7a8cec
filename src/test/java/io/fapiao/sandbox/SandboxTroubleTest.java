package io.fapiao.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fapiao.sandbox.qixiangyun.QixiangyunTrouble;
import io.fapiao.sandbox.sdqz.SdqzSandbox;
import io.fapiao.sandbox.sdqz.SdqzTrouble;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The switches every simulator shares: names, setting, showing, clearing, and the {@code /_trouble} endpoint. */
class SandboxTroubleTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void namesAreWhatTheEndpointShowsLatencyFirst() throws Exception {
        QixiangyunTrouble trouble = new QixiangyunTrouble();
        assertEquals(List.of("latency-ms", "error-rate", "rate-limit", "token-expiry-every", "async-issuing",
                "reject-item", "session-expired", "sms-too-often", "pdf-url-expired"), trouble.names());
        List<String> shown = new ArrayList<>();
        JSON.readTree(trouble.toString()).fieldNames().forEachRemaining(shown::add);
        assertEquals(trouble.names(), shown);
    }

    @Test
    void aSwitchIsSetByEitherSpellingAndClearedByReset() {
        QixiangyunTrouble trouble = new QixiangyunTrouble();
        trouble.setAll(Map.of("LATENCY_MS", " 15 ", "rate-limit", "3", "reject_item", " 茶具 "));
        assertEquals(15, trouble.latencyMs);
        assertEquals(3, trouble.rateLimit);
        assertEquals("茶具", trouble.rejectItem);
        trouble.reset();
        assertEquals(0, trouble.latencyMs);
        assertEquals(0, trouble.rateLimit);
        assertEquals("", trouble.rejectItem);
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> trouble.set("no-such-switch", "1"));
        assertTrue(unknown.getMessage().contains("no-such-switch"));
        assertThrows(NumberFormatException.class, () -> trouble.set("rate-limit", "many"));
    }

    @Test
    void textIsShownAsValidJson() throws Exception {
        QixiangyunTrouble trouble = new QixiangyunTrouble();
        trouble.set("reject-item", "茶\"具\\");
        assertEquals("茶\"具\\", JSON.readTree(trouble.toString()).get("reject-item").asText());
    }

    @Test
    void resetKeepsWhatIsConfiguration() {
        SdqzTrouble trouble = new SdqzTrouble();
        trouble.set("login-code", "MY-LOGIN");
        trouble.set("maintenance", "true");
        trouble.reset();
        assertEquals("MY-LOGIN", trouble.loginCode);
        assertFalse(trouble.maintenance);
        assertThrows(IllegalArgumentException.class, () -> trouble.set("login-code", SdqzSandbox.QR_AUTH_CODE));
    }

    @Test
    void theEndpointResetsFirstThenSetsAndActs() throws Exception {
        SdqzTrouble trouble = new SdqzTrouble();
        trouble.set("quota", "true");
        List<String> events = new ArrayList<>();
        SandboxResponse r = trouble.handle(post("{\"ip\":true,\"expire\":\"S1\",\"reset\":true}"),
                () -> {
                    events.add("reset");
                    trouble.reset();
                },
                Map.of("expire", taxId -> events.add("expire " + taxId)));
        assertEquals(200, r.status());
        assertEquals(List.of("reset", "expire S1"), events);
        JsonNode shown = JSON.readTree(body(r));
        assertTrue(shown.get("ip").asBoolean());
        assertFalse(shown.get("quota").asBoolean());
        assertFalse(shown.has("expire"));

        SandboxResponse get = trouble.handle(new SandboxRequest("GET", "/_trouble", "", Map.of(), ""),
                () -> events.add("reset"), Map.of());
        assertEquals(body(r), body(get));
        assertEquals(2, events.size(), "a GET changes nothing");
    }

    @Test
    void theEndpointRefusesWhatItCannotTake() throws Exception {
        SdqzTrouble trouble = new SdqzTrouble();
        for (String bad : new String[]{"not json", "{\"no-such-switch\":true}", "{\"latency-ms\":\"soon\"}"}) {
            SandboxResponse r = trouble.handle(post(bad), trouble::reset, Map.of());
            assertEquals(400, r.status(), bad);
            assertTrue(JSON.readTree(body(r)).has("error"), bad);
        }
    }

    private static SandboxRequest post(String body) {
        return new SandboxRequest("POST", "/_trouble", "", Map.of("content-type", "application/json"), body);
    }

    private static String body(SandboxResponse r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }
}

package io.fapiao.vendor.sdqz;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SdqzEnvelopeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final SdqzAccount account = new SdqzAccount("http://120.48.195.50:5000/EInvoice-Test/", "91310115MA1K4B2X34",
            "AUTH-CODE-1", "0", null);

    @Test
    void oneUrlTheOperationInAHeader() {
        SdqzEnvelope e = SdqzAction.XXSMRZ.envelope(account, "91510100MA6CXXXX1Y", Map.of("ewmlx", "0"));
        assertEquals("http://120.48.195.50:5000/EInvoice-Test/Api", e.url());
        assertEquals(List.of("actionCode", "taxnum", "interfaceCode", "extensionNo", "isEncryption", "Content-Type"),
                List.copyOf(e.headers().keySet()));
        assertEquals("XXSMRZ", e.headers().get("actionCode"));
        assertEquals("91510100MA6CXXXX1Y", e.headers().get("taxnum"), "the seller's tax id, not the account's");
        assertEquals("AUTH-CODE-1", e.headers().get("interfaceCode"));
        assertEquals("0", e.headers().get("extensionNo"));
        assertEquals("0", e.headers().get("isEncryption"), "required by the document; plain unless configured");
        assertEquals("application/json;charset=UTF-8", e.headers().get("Content-Type"));
    }

    @Test
    void theDocumentsRequestBody() throws Exception {
        String documented;
        try (InputStream in = getClass().getResourceAsStream("/sdqz/xxsmrz-request.json")) {
            documented = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        SdqzEnvelope e = SdqzAction.XXSMRZ.envelope(account, "T", Map.of("ewmlx", "0"));
        assertEquals(JSON.readTree(documented), JSON.readTree(e.body()));
    }

    @Test
    void withoutASellerTheAccountsTaxnumAndNoEmptyExtension() {
        SdqzAccount noExtension = new SdqzAccount("http://h", "ACCOUNT-TAXNUM", "A", "", "");
        SdqzEnvelope e = SdqzEnvelope.of(noExtension, " ", "XXSMRZ", "{}");
        assertEquals("ACCOUNT-TAXNUM", e.headers().get("taxnum"));
        assertFalse(e.headers().containsKey("extensionNo"));
        assertEquals("0", e.headers().get("isEncryption"));
        assertEquals("N", SdqzEnvelope.of(new SdqzAccount("http://h", "X", "A", "", "N"), "T", "XXSMRZ", "{}")
                .headers().get("isEncryption"), "a configured value is sent as it is");
    }

    @Test
    void refusesWhatCannotBeSent() {
        assertThrows(IllegalArgumentException.class, () -> SdqzEnvelope.of(account, "T", " ", "{}"));
        assertThrows(IllegalArgumentException.class, () -> SdqzEnvelope.of(account, "T", "XXSMRZ", "[1]"));
        assertThrows(IllegalArgumentException.class, () -> SdqzEnvelope.of(account, "T", "XXSMRZ", "not json"));
    }

    @Test
    void neverShowsTheAuthorisationCode() {
        SdqzEnvelope e = SdqzEnvelope.of(account, "T", "XXSMRZ", "{}");
        assertFalse(e.toString().contains("AUTH-CODE-1"));
        assertFalse(account.toString().contains("AUTH-CODE-1"));
    }

    @Test
    void accountFromProperties() {
        Map<String, String> p = Map.of("vendor.sdqz.base-url", "http://h/x", "vendor.sdqz.taxnum", "N",
                "vendor.sdqz.interface-code", "C");
        SdqzAccount a = SdqzAccount.from(k -> Optional.ofNullable(p.get(k)));
        assertEquals(new SdqzAccount("http://h/x", "N", "C", "", "0"), a);
    }

    @Test
    void configuredActions() {
        Map<String, String> p = Map.of(
                "vendor.sdqz.actions.auth-result.code", "RESULT-CODE",
                "vendor.sdqz.actions.auth-result.body", "{\"rzid\":\"${rzid}\",\"taskId\":${taskId}}",
                "vendor.sdqz.actions.company-card.code", "CARD-CODE");
        Map<String, SdqzAction> all = SdqzAction.all(p);
        assertEquals(List.of("auth-result", "company-card", "qr-auth"), List.copyOf(all.keySet()));
        assertEquals(SdqzAction.XXSMRZ, all.get("qr-auth"));
        assertEquals("{}", all.get("company-card").body());

        SdqzAction result = all.get("auth-result");
        SdqzEnvelope e = result.envelope(account, "T", Map.of("rzid", "be2b\"x", "taskId", "1762794678531752001"));
        assertEquals("RESULT-CODE", e.actionCode());
        assertEquals("{\"rzid\":\"be2b\\\"x\",\"taskId\":1762794678531752001}", e.body(),
                "values are JSON-escaped; the template decides string or number");

        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> result.render(Map.of("rzid", "r")));
        assertTrue(missing.getMessage().contains("${taskId}"));
        assertThrows(IllegalArgumentException.class, () -> result.render(Map.of("rzid", "r", "taskId", "not a number")));
        assertTrue(SdqzAction.configured("auth-result", k -> Optional.empty()).isEmpty(),
                "no default for a code that is not public");
        IllegalArgumentException noCode = assertThrows(IllegalArgumentException.class,
                () -> new SdqzAction("sms-auth", "", "{}"));
        assertTrue(noCode.getMessage().contains("vendor.sdqz.actions.sms-auth.code"));
        assertEquals("{\"ewmlx\":\"1\"}", SdqzAction.configured("qr-auth",
                k -> Optional.ofNullable(Map.of("vendor.sdqz.actions.qr-auth.body", "{\"ewmlx\":\"1\"}").get(k)))
                .orElseThrow().render(Map.of()));
    }
}

package io.fapiao.vendor.sdqz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One sdqz call: every operation is {@code POST {base}/Api}, named by the {@code actionCode} header, with the
 * account in the headers {@code taxnum} (the seller's tax id), {@code interfaceCode}, {@code extensionNo} and
 * {@code isEncryption}, and a JSON body.
 *
 * @param headers the request headers in the document's order, {@code Content-Type} last; {@code extensionNo} only
 *                when the account has one
 */
public record SdqzEnvelope(String url, Map<String, String> headers, String body) {

    public static final String PATH = "/Api";
    public static final String CONTENT_TYPE = "application/json;charset=UTF-8";

    private static final ObjectMapper JSON = new ObjectMapper();

    public SdqzEnvelope {
        headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /**
     * @param sellerTaxId the seller the call is for; the account's own {@code taxnum} when blank
     * @param jsonBody    a JSON object
     */
    public static SdqzEnvelope of(SdqzAccount account, String sellerTaxId, String actionCode, String jsonBody) {
        if (actionCode == null || actionCode.isBlank()) {
            throw new IllegalArgumentException("an sdqz call needs an action code");
        }
        if (!isJsonObject(jsonBody)) {
            throw new IllegalArgumentException("the body of sdqz action " + actionCode + " is not a JSON object");
        }
        String base = account.baseUrl();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        Map<String, String> h = new LinkedHashMap<>();
        h.put("actionCode", actionCode.strip());
        h.put("taxnum", sellerTaxId == null || sellerTaxId.isBlank() ? account.taxnum() : sellerTaxId.strip());
        h.put("interfaceCode", account.interfaceCode());
        if (!account.extensionNo().isEmpty()) {
            h.put("extensionNo", account.extensionNo());
        }
        h.put("isEncryption", account.isEncryption());
        h.put("Content-Type", CONTENT_TYPE);
        return new SdqzEnvelope(base + PATH, h, jsonBody);
    }

    public String actionCode() {
        return headers.get("actionCode");
    }

    /** Names the call, never the authorisation code or the body. */
    @Override
    public String toString() {
        return "sdqz " + actionCode() + " for " + headers.get("taxnum");
    }

    static boolean isJsonObject(String text) {
        try {
            JsonNode n = JSON.readTree(text == null ? "" : text);
            return n != null && n.isObject();
        } catch (Exception e) {
            return false;
        }
    }
}

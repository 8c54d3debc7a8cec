package io.fapiao.vendor.yun2;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * yun2's request body: {@code application/x-www-form-urlencoded;charset=UTF-8}, parameters in the body only
 * (data in the URL fails), and JSON payloads as {@code [base64(UTF-8 JSON)]} with the brackets kept.
 */
public final class Yun2Form {

    public static final String CONTENT_TYPE = "application/x-www-form-urlencoded;charset=UTF-8";

    private final Map<String, String> params = new LinkedHashMap<>();

    public static Yun2Form with(String name, String value) {
        return new Yun2Form().and(name, value);
    }

    public Yun2Form and(String name, String value) {
        params.put(name, value == null ? "" : value);
        return this;
    }

    public String encode() {
        StringJoiner body = new StringJoiner("&");
        params.forEach((k, v) -> body.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return body.toString();
    }

    /** {@code [base64]} of the UTF-8 bytes of a JSON text, as FPKJ and SHKP take their {@code data}. */
    public static String bracketedBase64(String json) {
        return "[" + Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8)) + "]";
    }
}

package io.fapiao.sandbox;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One HTTP request as a sandbox vendor sees it.
 *
 * @param path    the path below the vendor's base URL, e.g. {@code /API/KPGL/FPKJ}
 * @param query   the raw query string, "" when none
 * @param headers header names in lower case
 */
public record SandboxRequest(String method, String path, String query, Map<String, String> headers, String body) {

    public String header(String name) {
        String v = headers.get(name.toLowerCase());
        return v == null ? "" : v;
    }

    /** The body as {@code application/x-www-form-urlencoded} parameters. */
    public Map<String, String> form() {
        return decode(body);
    }

    public Map<String, String> queryParams() {
        return decode(query);
    }

    private static Map<String, String> decode(String text) {
        Map<String, String> params = new LinkedHashMap<>();
        if (text == null || text.isEmpty()) {
            return params;
        }
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            params.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
        return params;
    }
}

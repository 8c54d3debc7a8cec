package io.fapiao.vendor.yun2;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One yun2 answer, read tolerantly: keys match whatever their case and surrounding spaces ({@code "jshj "}),
 * and the typos of the vendor's own examples are accepted ({@code Reulst} for {@code Result}; {@code SucessList}
 * is the documented spelling and {@code SuccessList} works too).
 */
public final class Yun2Reply {

    private static final Map<String, String> ALIASES = Map.of("reulst", "result", "successlist", "sucesslist");

    /** Keys as sent (trimmed): an answer may carry both {@code FPHM} and {@code fphm}, meaning different things. */
    private final Map<String, JsonNode> exact = new HashMap<>();
    /** Keys in lower case, for a field whose case the vendor varies. */
    private final Map<String, JsonNode> fields = new HashMap<>();
    private final String raw;

    private Yun2Reply(JsonNode node, String raw) {
        this.raw = raw;
        if (node != null && node.isObject()) {
            node.fields().forEachRemaining(e -> {
                exact.putIfAbsent(e.getKey().strip(), e.getValue());
                String key = e.getKey().strip().toLowerCase(Locale.ROOT);
                fields.putIfAbsent(ALIASES.getOrDefault(key, key), e.getValue());
            });
        }
    }

    private JsonNode field(String key) {
        JsonNode v = exact.get(key);
        return v != null ? v : fields.get(normalise(key));
    }

    /** An answer body; a body that is not a JSON object reads as a failed call whose message says so. */
    public static Yun2Reply parse(String body) {
        String text = body == null ? "" : body.strip();
        try {
            JsonNode node = Yun2Mapping.JSON.readTree(text.isEmpty() ? "null" : text);
            if (node != null && node.isObject()) {
                return new Yun2Reply(node, body);
            }
        } catch (Exception e) {
            // not JSON: handled below
        }
        return new Yun2Reply(null, body);
    }

    public boolean isJson() {
        return !fields.isEmpty();
    }

    /** Result=1. */
    public boolean ok() {
        return "1".equals(text("Result"));
    }

    public String message() {
        String m = text("Message");
        if (m.isEmpty() && !isJson()) {
            String head = raw == null ? "" : raw.strip();
            return "供应商返回的不是JSON / vendor answered no JSON: "
                    + (head.length() > 120 ? head.substring(0, 120) + "…" : head);
        }
        return m;
    }

    /** The {@code Code} field (capital C) as a number, or -1. */
    public int code() {
        String c = text("Code");
        try {
            return c.isEmpty() ? -1 : Integer.parseInt(c);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Code 2001–2009: the token is no longer valid; fetch a new one and repeat the call once. */
    public boolean tokenRejected() {
        int c = code();
        return c >= 2001 && c <= 2009;
    }

    /** A field's text, "" when absent or null. */
    public String text(String key) {
        JsonNode v = field(key);
        return v == null || v.isNull() ? "" : v.isValueNode() ? v.asText().strip() : v.toString();
    }

    /** The entries of a list field ({@code SucessList}, {@code ErrList}, {@code rows}), each read as tolerantly. */
    public List<Yun2Reply> list(String key) {
        JsonNode v = field(key);
        List<Yun2Reply> out = new ArrayList<>();
        if (v != null && v.isArray()) {
            v.forEach(n -> {
                if (n.isObject() && !n.isEmpty()) {
                    out.add(new Yun2Reply(n, null));
                }
            });
        }
        return out;
    }

    private static String normalise(String key) {
        String k = key.strip().toLowerCase(Locale.ROOT);
        return ALIASES.getOrDefault(k, k);
    }
}

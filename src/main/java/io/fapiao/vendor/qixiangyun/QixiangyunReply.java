package io.fapiao.vendor.qixiangyun;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.math.BigDecimal;

/**
 * One qixiangyun answer, read tolerantly: {@code reqId} or {@code req_id}, {@code code} as text whatever its JSON
 * type, {@code data} an object, a boolean, "" or absent; comments and trailing commas (both in the vendor's own
 * examples) are accepted.
 *
 * @param data {@link MissingNode} when absent or null
 */
public record QixiangyunReply(String code, boolean success, String message, JsonNode data, String reqId) {

    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS, JsonReadFeature.ALLOW_TRAILING_COMMA)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    public static final String OK = "2000";

    /** @throws QixiangyunException when the body is no JSON object (an HTML error page, a truncated answer) */
    public static QixiangyunReply parse(String body) {
        JsonNode n;
        try {
            n = JSON.readTree(body == null ? "" : body);
        } catch (JsonProcessingException e) {
            throw new QixiangyunException("", "企享云的回答不是JSON / qixiangyun's answer is not JSON");
        }
        if (n == null || !n.isObject()) {
            throw new QixiangyunException("", "企享云的回答不是JSON对象 / qixiangyun's answer is not a JSON object");
        }
        JsonNode data = n.path("data");
        return new QixiangyunReply(text(n.path("code")), n.path("success").asBoolean(false), text(n.path("message")),
                data.isNull() ? MissingNode.getInstance() : data,
                n.hasNonNull("reqId") ? text(n.path("reqId")) : text(n.path("req_id")));
    }

    public boolean ok() {
        return OK.equals(code);
    }

    /** A field of {@code data} (a path of names) as text, "" when absent or null. */
    public String text(String... path) {
        return text(at(data, path));
    }

    public JsonNode at(String... path) {
        return at(data, path);
    }

    static JsonNode at(JsonNode from, String... path) {
        JsonNode n = from;
        for (String p : path) {
            n = n.path(p);
        }
        return n;
    }

    /** A node's text: numbers without exponent or lost digits (task ids are 19-digit JSON numbers). */
    static String text(JsonNode n) {
        if (n == null || n.isMissingNode() || n.isNull()) {
            return "";
        }
        if (n.isNumber()) {
            return n.decimalValue().toPlainString();
        }
        return n.isValueNode() ? n.asText() : n.toString();
    }

    /** A money field given as a JSON number or as text; null when absent or no number. */
    static BigDecimal money(JsonNode n) {
        String t = text(n).strip();
        if (t.isEmpty()) {
            return null;
        }
        try {
            return new BigDecimal(t).setScale(2, java.math.RoundingMode.HALF_UP);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}

package io.fapiao.sandbox.qixiangyun;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;

/**
 * Reads a request's fields with the JSON types the vendor's documents give them, refusing a wrong type or a missing
 * required field in the vendor's words.
 */
final class Fields {

    /** A request the sandbox refuses: the vendor's code and message. */
    static final class Refusal extends RuntimeException {
        final String code;
        /** The answer's {@code data}, or null. */
        final JsonNode data;

        Refusal(String code, String message) {
            this(code, message, null);
        }

        Refusal(String code, String message, JsonNode data) {
            super(message, null, false, false);
            this.code = code;
            this.data = data;
        }
    }

    /** Wrong JSON type of a field. */
    static final String TYPE = "400000";

    private final JsonNode node;
    private final String where;
    /** The code a missing required field gets: 4000 in the login APIs' examples, 400000 elsewhere. */
    private final String missingCode;

    Fields(JsonNode node, String where, String missingCode) {
        this.node = node;
        this.where = where;
        this.missingCode = missingCode;
    }

    static Refusal refuse(String code, String message) {
        return new Refusal(code, message);
    }

    /**
     * The field, null when absent. An explicit JSON null is "missing" for a required field and a wrong type for an
     * optional one: fields the documents allow to be null are read only when {@code hasNonNull}.
     */
    private JsonNode get(String name, boolean required) {
        JsonNode v = node == null ? null : node.get(name);
        if (v == null || v.isNull() && required) {
            if (required) {
                throw refuse(missingCode, "参数" + where + name + "不能为空！");
            }
            return null;
        }
        return v;
    }

    private Refusal wrongType(String name, String type) {
        return refuse(TYPE, "参数校验失败：" + where + name + "须为" + type);
    }

    /** A string field; "" when absent. A required one must be a non-empty string. */
    String string(String name, boolean required) {
        JsonNode v = get(name, required);
        if (v == null) {
            return "";
        }
        if (!v.isTextual()) {
            throw wrongType(name, "字符串(string)");
        }
        if (required && v.asText().isBlank()) {
            throw refuse(missingCode, "参数" + where + name + "不能为空！");
        }
        return v.asText();
    }

    /** A string field the document also allows to be a JSON number (task ids: typed string, sent as numbers in its examples). */
    String stringOrNumber(String name, boolean required) {
        JsonNode v = get(name, required);
        if (v == null) {
            return "";
        }
        if (v.isIntegralNumber()) {
            return v.bigIntegerValue().toString();
        }
        return string(name, required);
    }

    Integer integer(String name, boolean required) {
        JsonNode v = get(name, required);
        if (v == null) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw wrongType(name, "整数(integer)");
        }
        return v.intValue();
    }

    Boolean bool(String name, boolean required) {
        JsonNode v = get(name, required);
        if (v == null) {
            return null;
        }
        if (!v.isBoolean()) {
            throw wrongType(name, "布尔值(boolean)");
        }
        return v.booleanValue();
    }

    JsonNode array(String name, boolean required) {
        JsonNode v = get(name, required);
        if (v != null && !v.isArray()) {
            throw wrongType(name, "数组(array)");
        }
        return v;
    }

    JsonNode object(String name, boolean required) {
        JsonNode v = get(name, required);
        if (v != null && !v.isObject()) {
            throw wrongType(name, "对象(object)");
        }
        return v;
    }

    /** A string field that must hold a number; null when absent or "". */
    BigDecimal number(String name, boolean required) {
        String t = string(name, required).strip();
        if (t.isEmpty()) {
            return null;
        }
        try {
            return new BigDecimal(t);
        } catch (NumberFormatException e) {
            throw refuse("720002", "参数错误：" + where + name + "须为数字：" + t);
        }
    }
}

package io.fapiao.order;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads JSON orders: one order object, an array of them, or {@code {"orders": [...]}}. Keys are the snake_case
 * field names (or their Chinese aliases), invoice lines in {@code lines[]}, special business in {@code special{}}.
 * An array streams one order at a time.
 */
public final class OrderJsonReader implements OrderReader {

    public static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

    private static final Logger LOG = LoggerFactory.getLogger(OrderJsonReader.class);

    private final String source;
    private final JsonParser parser;
    private final Set<String> unknownKeys = new TreeSet<>();
    /** Orders of a single object or an {"orders": [...]} wrapper, already read; null when streaming an array. */
    private Iterator<JsonNode> held;
    private long heldLine;
    private JsonNode pending;
    private long pendingLine;
    private boolean done;
    private int seq;

    public OrderJsonReader(String source, Reader in) throws IOException {
        this.source = source;
        this.parser = MAPPER.getFactory().createParser(in);
        try {
            JsonToken first = parser.nextToken();
            if (first == JsonToken.START_OBJECT) {
                heldLine = parser.currentLocation().getLineNr();
                JsonNode node = MAPPER.readTree(parser);
                JsonNode orders = node.get("orders");
                held = orders != null && orders.isArray() && !node.has("order_no")
                        ? orders.elements() : List.of(node).iterator();
            } else if (first != JsonToken.START_ARRAY) {
                throw new UnreadableInputException(1, "不是JSON订单（应为对象或数组）",
                        "not a JSON order (expected an object or an array)");
            }
        } catch (JsonProcessingException e) {
            throw unreadable(e);
        }
    }

    /** Keys the reader does not know and ignores. */
    public Set<String> unknownKeys() {
        return unknownKeys;
    }

    /** A JSON syntax error as the ERP reads it: where (line and column) and what, in both languages. */
    public static UnreadableInputException unreadable(JsonProcessingException e) {
        long line = e.getLocation() == null ? 1 : e.getLocation().getLineNr();
        long column = e.getLocation() == null ? 0 : e.getLocation().getColumnNr();
        String where = column > 0 ? "第" + line + "行第" + column + "列" : "第" + line + "行";
        String whereEn = column > 0 ? "line " + line + ", column " + column : "line " + line;
        String detail = plain(e.getOriginalMessage());
        return new UnreadableInputException(line, "JSON格式错误（" + where + "）",
                "malformed JSON at " + whereEn + (detail.isEmpty() ? "" : ": " + detail));
    }

    /** The parser's own words when they are plain; nothing that names Java types reaches the ERP. */
    private static String plain(String message) {
        String m = message == null ? "" : message.strip();
        int cut = m.indexOf('\n');
        m = cut >= 0 ? m.substring(0, cut) : m;
        if (m.contains("java.") || m.contains("com.fasterxml") || m.contains("`") || m.contains("Exception")) {
            return "";
        }
        return m.length() > 120 ? m.substring(0, 119) + "…" : m;
    }

    @Override
    public boolean hasNext() {
        if (pending != null) {
            return true;
        }
        if (done) {
            return false;
        }
        if (held != null) {
            if (held.hasNext()) {
                pending = held.next();
                pendingLine = heldLine;
            } else {
                done = true;
            }
            return !done;
        }
        try {
            JsonToken t = parser.nextToken();
            if (t == null || t == JsonToken.END_ARRAY) {
                done = true;
                return false;
            }
            pendingLine = parser.currentLocation().getLineNr();
            pending = MAPPER.readTree(parser);
            return true;
        } catch (JsonProcessingException e) {
            throw unreadable(e);
        } catch (IOException e) {
            throw new UnreadableInputException(pendingLine, "文件读取失败（可能不完整或编码有误）",
                    "the file could not be read (it may be incomplete or wrongly encoded)");
        }
    }

    @Override
    public OrderDraft next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        JsonNode node = pending;
        pending = null;
        return toDraft(source, ++seq, node, pendingLine, unknownKeys);
    }

    /** One JSON order as a draft; invoice-level values are copied onto every line, as a CSV repeats them. */
    public static OrderDraft toDraft(String source, int seq, JsonNode node, long line, Set<String> unknownKeys) {
        Map<Field, String> header = new EnumMap<>(Field.class);
        List<Problem> problems = new ArrayList<>();
        if (!node.isObject()) {
            problems.add(new Problem(line, "", "订单必须是JSON对象", "an order must be a JSON object"));
        }
        node.fields().forEachRemaining(e -> {
            String key = e.getKey();
            if (key.equals("lines") || key.equals("special")) {
                return;
            }
            Field f = Field.ofHeader(key);
            if (f == null || !f.invoiceLevel()) {
                unknownKeys.add(key);
            } else {
                put(header, f, e.getValue(), key, line, problems);
            }
        });
        Map<String, String> special = new LinkedHashMap<>();
        JsonNode sp = node.get("special");
        if (sp != null && sp.isObject()) {
            sp.fields().forEachRemaining(e -> special.put(e.getKey(),
                    e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString()));
        }
        JsonNode lines = node.get("lines");
        List<Map<Field, String>> lineValues = new ArrayList<>();
        if (lines == null || !lines.isArray() || lines.isEmpty()) {
            problems.add(new Problem(line, "lines", "订单没有发票行（lines 为空）", "the order has no lines (lines[] is empty)"));
            lineValues.add(new EnumMap<>(header));
        } else {
            for (int i = 0; i < lines.size(); i++) {
                Map<Field, String> values = new EnumMap<>(header);
                String where = "lines[" + i + "]";
                lines.get(i).fields().forEachRemaining(e -> {
                    Field f = Field.ofHeader(e.getKey());
                    if (f == null || f.invoiceLevel()) {
                        unknownKeys.add("lines[]." + e.getKey());
                    } else {
                        put(values, f, e.getValue(), where + "." + e.getKey(), line, problems);
                    }
                });
                lineValues.add(values);
            }
        }
        List<DraftLine> rows = new ArrayList<>();
        for (int i = 0; i < lineValues.size(); i++) {
            rows.add(new DraftLine(line, "lines[" + i + "]", lineValues.get(i), i == 0 ? List.copyOf(problems) : List.of()));
        }
        return new OrderDraft(source, seq, rows, special);
    }

    private static void put(Map<Field, String> values, Field f, JsonNode v, String where, long line,
                            List<Problem> problems) {
        if (v == null || v.isNull()) {
            return;
        }
        if (!v.isValueNode()) {
            problems.add(new Problem(line, where, "应为文本或数字", "must be text or a number"));
            return;
        }
        values.put(f, v.isBigDecimal() ? v.decimalValue().toPlainString() : v.asText());
    }

    @Override
    public void close() throws IOException {
        if (!unknownKeys.isEmpty()) {
            LOG.info("File {}: ignored unknown keys {}", source, unknownKeys);
        }
        parser.close();
    }
}

package io.fapiao.order;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * Reads an ERP's orders CSV as a stream of orders: the rows of one order are contiguous, so only one order is
 * held at a time and memory does not grow with the file. RFC 4180 quoting (commas and line breaks inside quotes),
 * LF or CRLF, any of UTF-8, UTF-8 with BOM and GBK/GB18030, canonical or Chinese headers.
 */
public final class OrderCsvReader implements OrderReader {

    private static final Set<Field> REQUIRED_COLUMNS = Set.of(Field.ORDER_NO, Field.INVOICE_TYPE, Field.BUYER_NAME,
            Field.ITEM_NAME, Field.TAX_RATE, Field.TAX_CODE);

    private final String source;
    private final TextDecoding text;
    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final Field[] columns;
    private final List<String> unknownColumns = new ArrayList<>();
    private long lineAfterLast;
    private DraftLine pending;
    private UnreadableInputException deferred;
    private int seq;

    public OrderCsvReader(String source, InputStream in, char delimiter) throws IOException {
        this.source = source;
        this.text = TextDecoding.open(in);
        CSVFormat format = CSVFormat.RFC4180.builder()
                .setDelimiter(delimiter)
                .setIgnoreEmptyLines(false)
                .get();
        this.parser = format.parse(text);
        this.records = parser.iterator();
        this.columns = header();
        this.lineAfterLast = parser.getCurrentLineNumber();
    }

    /** Columns the reader does not know and ignores. */
    public List<String> unknownColumns() {
        return unknownColumns;
    }

    /** The encoding recognised so far: "ASCII" until the first non-ASCII character (any encoding reads it alike). */
    public String encoding() {
        return text.charset() == null ? "ASCII" : text.charset().name();
    }

    private Field[] header() {
        CSVRecord head = nextRecord();
        while (head != null && blank(head)) {
            head = nextRecord();
        }
        if (head == null) {
            throw new UnreadableInputException(1, "文件为空，没有表头", "the file is empty: no header row");
        }
        Field[] fields = new Field[head.size()];
        Set<Field> seen = new LinkedHashSet<>();
        for (int i = 0; i < head.size(); i++) {
            String name = head.get(i);
            Field field = Field.ofHeader(name);
            if (field == null) {
                if (!name.isBlank()) {
                    unknownColumns.add(name.strip());
                }
            } else if (!seen.add(field)) {
                throw new UnreadableInputException(head.getRecordNumber(), "表头重复列“" + name.strip() + "”",
                        "the header names column '" + name.strip() + "' twice");
            }
            fields[i] = field;
        }
        List<String> missing = new ArrayList<>();
        for (Field f : Field.values()) {
            if (REQUIRED_COLUMNS.contains(f) && !seen.contains(f)) {
                missing.add(f.key() + "/" + f.alias());
            }
        }
        if (!seen.contains(Field.AMOUNT) && !seen.contains(Field.AMOUNT_INCL_TAX)) {
            missing.add("amount/金额 或 amount_incl_tax/含税金额");
        }
        if (!missing.isEmpty()) {
            throw new UnreadableInputException(parser.getCurrentLineNumber(),
                    "表头缺少必需列：" + String.join("，", missing),
                    "the header lacks required columns: " + String.join(", ", missing));
        }
        return fields;
    }

    private CSVRecord nextRecord() {
        try {
            return records.hasNext() ? records.next() : null;
        } catch (UncheckedIOException e) {
            throw malformed(e);
        }
    }

    /**
     * The parser's complaint in plain words, never its Java text: where the broken part starts and what is wrong.
     * commons-csv reports {@code (startline N)} for an unclosed quote, which is where the ERP should look.
     */
    private UnreadableInputException malformed(UncheckedIOException e) {
        String text = e.getCause() == null ? String.valueOf(e.getMessage()) : String.valueOf(e.getCause().getMessage());
        java.util.regex.Matcher start = java.util.regex.Pattern.compile("startline (\\d+)").matcher(text);
        long line = start.find() ? Long.parseLong(start.group(1)) : parser.getCurrentLineNumber() + 1;
        if (text.contains("EOF reached before encapsulated token finished")) {
            return new UnreadableInputException(line, "第" + line + "行开始的带引号字段没有结束引号，直到文件末尾（引号未成对）",
                    "the quoted value starting at line " + line + " is never closed: its closing quote is missing");
        }
        if (text.contains("invalid char between encapsulated token and delimiter")) {
            return new UnreadableInputException(line, "第" + line + "行：结束引号后紧跟了其他字符（引号内的引号须写成两个\"\"）",
                    "line " + line + ": characters follow a closing quote (a quote inside a quoted value is written \"\")");
        }
        if (e.getCause() instanceof java.nio.charset.CharacterCodingException) {
            return new UnreadableInputException(line, "第" + line + "行附近有无法识别的字符（文件编码须为UTF-8或GBK）",
                    "near line " + line + " there are characters that cannot be decoded (use UTF-8 or GBK)");
        }
        return new UnreadableInputException(line, "第" + line + "行附近的CSV格式无法解析", "the CSV cannot be read near line " + line);
    }

    private static boolean blank(CSVRecord r) {
        for (String v : r) {
            if (!v.isBlank()) {
                return false;
            }
        }
        return true;
    }

    /** The next data row, or null at the end. Line numbers count physical lines: the header is line 1. */
    private DraftLine nextRow() {
        while (true) {
            CSVRecord r = nextRecord();
            if (r == null) {
                return null;
            }
            long line = lineAfterLast + 1;
            lineAfterLast = parser.getCurrentLineNumber();
            if (blank(r)) {
                continue;
            }
            Map<Field, String> values = new EnumMap<>(Field.class);
            for (int i = 0; i < Math.min(r.size(), columns.length); i++) {
                if (columns[i] != null) {
                    values.put(columns[i], r.get(i));
                }
            }
            List<Problem> shape = List.of();
            if (r.size() > columns.length) {
                boolean extraText = false;
                for (int i = columns.length; i < r.size(); i++) {
                    extraText |= !r.get(i).isBlank();
                }
                if (extraText) {
                    shape = List.of(new Problem(line, "", "该行有" + r.size() + "个值，而表头只有" + columns.length
                            + "列（未加引号的逗号？）", "the row has " + r.size() + " values but the header has "
                            + columns.length + " columns (an unquoted comma?)"));
                }
            }
            return new DraftLine(line, null, values, shape);
        }
    }

    @Override
    public boolean hasNext() {
        if (deferred != null) {
            // the order before the broken line was handed out whole; now the break is reported
            UnreadableInputException e = deferred;
            deferred = null;
            throw e;
        }
        if (pending == null) {
            pending = nextRow();
        }
        return pending != null;
    }

    @Override
    public OrderDraft next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        List<DraftLine> rows = new ArrayList<>();
        DraftLine first = pending;
        rows.add(first);
        pending = null;
        String key = groupKey(first);
        if (key != null) {
            try {
                DraftLine row;
                while ((row = nextRow()) != null && key.equals(groupKey(row))) {
                    rows.add(row);
                }
                pending = row;
            } catch (UnreadableInputException e) {
                // the broken line may belong to this order: it is reported, never issued short of a line;
                // the break itself is reported at the next hasNext()
                deferred = e;
                DraftLine last = rows.remove(rows.size() - 1);
                List<Problem> problems = new ArrayList<>(last.readProblems());
                problems.add(new Problem(e.problem().line(), "", "本单据之后的一行无法读取，它可能属于本单据，故本单据不开具",
                        "the line after this order cannot be read and may belong to it, so this order is not issued"));
                rows.add(new DraftLine(last.line(), last.where(), last.values(), problems));
            }
        }
        return new OrderDraft(source, ++seq, rows, Map.of());
    }

    /** Rows belong together while their seller and order number are the same; a row without a number stands alone. */
    private static String groupKey(DraftLine row) {
        String orderNo = row.get(Field.ORDER_NO);
        return orderNo.isEmpty() ? null : row.get(Field.SELLER_TAX_ID) + "\u0000" + orderNo;
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }
}

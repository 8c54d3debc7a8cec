package io.fapiao.flow;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fapiao.ledger.Drop;
import io.fapiao.ledger.DropLedger;
import io.fapiao.ledger.Ledger;
import io.fapiao.ledger.LedgerOrder;
import io.fapiao.ledger.ResultRow;
import io.fapiao.order.OrderJsonReader;
import io.fapiao.order.OrderStatus;
import io.fapiao.order.Problem;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Writes what the ERP reads back, under the local outbox: {@code results/<input>.result.csv},
 * {@code results/<order>.json}, {@code pdf/<order>_<invoice>.pdf} and {@code errors/<input>.errors.csv}, then tells
 * the drop's channel ({@link ReplySink}). CSVs are UTF-8 with a BOM so Excel opens them, and no cell can become an
 * Excel formula. Every file appears whole: written beside its place under a hidden name, then moved in. A drop's
 * files are named by the drop's output name, never by the input's name alone, so an input of the same name dropped
 * again never overwrites them.
 */
public final class ResultFiles {

    private static final Logger LOG = LoggerFactory.getLogger(ResultFiles.class);
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9_-]{1,40}");
    /** An invoice number that can name a file: no {@code _} or {@code -}, as the PDF's name joins it to the order's. */
    private static final Pattern INVOICE_NO = Pattern.compile("[0-9A-Za-z]{1,40}");
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");
    private static final String BOM = "\uFEFF";
    private static final ObjectWriter PRETTY = OrderJsonReader.MAPPER.writerWithDefaultPrettyPrinter()
            .without(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    private static final AtomicLong PARTS = new AtomicLong();

    private final Ledger ledger;
    private final DropLedger drops;
    private final Path outbox;
    private final String outboxKey;
    private final ReplySinks sinks;

    /** @param outboxKey names this outbox in the ledger: drops with this key are rendered here */
    public ResultFiles(Ledger ledger, DropLedger drops, Path outbox, String outboxKey, ReplySinks sinks) {
        this.ledger = ledger;
        this.drops = drops;
        this.outbox = outbox;
        this.outboxKey = outboxKey;
        this.sinks = sinks;
    }

    public Path outbox() {
        return outbox;
    }

    public ReplySinks sinks() {
        return sinks;
    }

    public String outboxKey() {
        return outboxKey;
    }

    /** Whether an output name is already used by a file in this outbox. */
    public boolean taken(String outputName) {
        return Files.exists(outbox.resolve("results").resolve(outputName + ".result.csv"))
                || Files.exists(outbox.resolve("errors").resolve(outputName + ".errors.csv"));
    }

    /** Writes a drop's result file (and its error file, or removes a stale one); answers the count per status. */
    public Map<OrderStatus, Integer> writeDrop(Drop drop) {
        Map<OrderStatus, Integer> counts = new EnumMap<>(OrderStatus.class);
        String name = drop.outputName();
        String results = "results/" + name + ".result.csv";
        atomically(outbox.resolve(results), out -> {
            try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.RFC4180)) {
                csv.printRecord("order_no", "status", "invoice_no", "issued_at", "total_amount", "total_tax", "pdf",
                        "message");
                drops.forEachResult(drop.id(), r -> {
                    counts.merge(r.status(), 1, Integer::sum);
                    print(csv, r.orderNo(), r.status().name(), r.invoiceNo(), r.issuedAt(), money(r.totalAmount()),
                            money(r.totalTax()), r.pdf(), r.message());
                });
            }
        });
        ReplySink sink = sinks.of(drop);
        sink.fileWritten(drop, results);
        String errorsName = "errors/" + name + ".errors.csv";
        Path errors = outbox.resolve(errorsName);
        if (drops.countErrors(drop.id()) > 0) {
            atomically(errors, out -> {
                try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.RFC4180)) {
                    csv.printRecord("file", "line", "order_no", "field", "reason_zh", "reason_en");
                    drops.forEachError(drop.id(), (orderNo, p) -> print(csv, drop.fileName(),
                            p.line() == Long.MAX_VALUE ? "" : Long.toString(p.line()), orderNo, p.field(), p.zh(), p.en()));
                }
            });
            sink.fileWritten(drop, errorsName);
        } else {
            try {
                Files.deleteIfExists(errors);
            } catch (IOException e) {
                LOG.warn("Could not remove the old error file {}: {}", errors, e.getMessage());
            }
        }
        return counts;
    }

    /**
     * Finished drops of this outbox some of whose orders settled since their files were written: their result
     * files are written again, and each changed order's JSON (and PDF) is written and told to the drop's channel.
     */
    public void renderStale() {
        for (Drop drop : drops.takeStale(outboxKey, 100)) {
            writeDrop(drop);
            for (ResultRow row : drops.changed(drop.id())) {
                // told only once the channel took it: a sink that fails keeps the line to be told again
                ledger.find(row.sellerTaxId(), row.orderNo()).ifPresent(o -> tellOrder(o, drop, row.line(), List.of()));
                drops.told(drop.id(), row);
            }
        }
    }

    /** {@code results/<order_no>.json} and the PDF, told to the drop's channel. */
    public void tellOrder(LedgerOrder o, Drop drop, long line, List<Problem> problems) {
        tellOrder(o, null, drop, line, problems);
    }

    /**
     * {@code results/<order_no>.json} and the PDF, told to the drop's channel.
     *
     * @param order the order as checked when the caller has it in hand; null to read it from {@code o}
     */
    public void tellOrder(LedgerOrder o, JsonNode order, Drop drop, long line, List<Problem> problems) {
        ReplySink sink = sinks.of(drop);
        ObjectNode report = report(o, order, drop, line, problems);
        // an order number that cannot name a file (it was rejected for that) has no JSON file, only its outcome
        if (SAFE_NAME.matcher(o.orderNo()).matches()) {
            String name = "results/" + o.orderNo() + ".json";
            streamed(outbox.resolve(name), out -> PRETTY.writeValue(out, report));
            sink.fileWritten(drop, name);
            if (!o.pdfFile().isEmpty()) {
                sink.fileWritten(drop, o.pdfFile());
            }
        }
        sink.outcome(drop, report);
    }

    /** The contract's per-order JSON. */
    public static ObjectNode report(LedgerOrder o, Drop drop, long line, List<Problem> problems) {
        return report(o, null, drop, line, problems);
    }

    private static ObjectNode report(LedgerOrder o, JsonNode order, Drop drop, long line, List<Problem> problems) {
        ObjectNode n = OrderJsonReader.MAPPER.createObjectNode();
        n.put("order_no", o.orderNo());
        n.put("seller_tax_id", o.sellerTaxId());
        n.put("vendor", o.vendor());
        // the contract's statuses: an order another drop is still sending is PENDING to this one
        n.put("status", o.status().open() ? "PENDING" : o.status().name());
        n.put("invoice_type", o.invoiceType());
        n.put("invoice_no", o.invoiceNo());
        n.put("issued_at", o.issuedAt());
        n.put("total_amount", money(o.totalAmount()));
        n.put("total_tax", money(o.totalTax()));
        n.put("check_code", o.checkCode());
        n.put("pdf", o.pdfFile());
        n.put("message", o.message());
        n.put("updated_at", (o.updatedAt() == null ? Instant.now() : o.updatedAt()).toString());
        ObjectNode source = n.putObject("source");
        // the channel as the ERP knows it: "local", "sftp:<inbox>", "message", "api" (never a path or an id)
        source.put("channel", drop == null ? "" : drop.kind().equals("sftp") ? drop.channel() : drop.kind());
        source.put("file", drop == null ? "" : drop.fileName());
        source.put("line", line);
        ArrayNode errs = n.putArray("errors");
        for (Problem p : problems) {
            errs.addObject().put("line", p.line()).put("field", p.field()).put("reason_zh", p.zh()).put("reason_en", p.en());
        }
        if (order != null) {
            n.set("order", order);
        } else if (o.orderJson() != null) {
            try {
                n.set("order", OrderJsonReader.MAPPER.readTree(o.orderJson()));
            } catch (IOException e) {
                LOG.warn("Order {}: stored order JSON unreadable: {}", o.orderNo(), e.getMessage());
            }
        }
        return n;
    }

    /** {@code pdf/<order_no>_<invoice_no>.pdf}; answers the path relative to the outbox. */
    public String writePdf(String orderNo, String invoiceNo, byte[] pdf) {
        if (pdf == null || pdf.length < 5 || !new String(pdf, 0, 5, StandardCharsets.ISO_8859_1).equals("%PDF-")) {
            throw new IllegalStateException("the vendor's answer is not a PDF");
        }
        if (!SAFE_NAME.matcher(orderNo).matches() || !INVOICE_NO.matcher(invoiceNo).matches()) {
            throw new IllegalStateException("the invoice number cannot name a file: " + invoiceNo);
        }
        String relative = "pdf/" + orderNo + "_" + invoiceNo + ".pdf";
        atomically(outbox.resolve(relative), pdf);
        return relative;
    }

    private interface Body {
        void write(Writer out) throws IOException;
    }

    private interface Bytes {
        void write(OutputStream out) throws IOException;
    }

    /** A file written whole from bytes in hand (its PDF): no writer and its buffer per file. */
    private static void atomically(Path target, byte[] content) {
        streamed(target, out -> out.write(content));
    }

    /**
     * A file written straight to its stream (the order's JSON: Jackson's own recycled buffer, no copy of the whole
     * document per order).
     */
    private static void streamed(Path target, Bytes content) {
        try {
            Path tmp = partFile(target);
            try (OutputStream out = create(tmp)) {
                content.write(out);
            }
            move(tmp, target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    private static void atomically(Path target, Body body) {
        try {
            Path tmp = partFile(target);
            try (Writer out = new BufferedWriter(new OutputStreamWriter(create(tmp), StandardCharsets.UTF_8))) {
                if (target.getFileName().toString().endsWith(".csv")) {
                    out.write(BOM);
                }
                body.write(out);
            }
            move(tmp, target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    /** A hidden name beside the target, unique in this process (two instances never share an outbox). */
    private static Path partFile(Path target) {
        return target.resolveSibling("." + target.getFileName() + "." + PARTS.incrementAndGet() + ".part");
    }

    /** A new file; its folder is made the first time it is missing, not looked for before every file. */
    private static OutputStream create(Path file) throws IOException {
        try {
            return Files.newOutputStream(file);
        } catch (NoSuchFileException e) {
            Files.createDirectories(file.getParent());
            return Files.newOutputStream(file);
        }
    }

    private static void move(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void print(CSVPrinter csv, String... values) {
        try {
            Object[] cells = new Object[values.length];
            for (int i = 0; i < values.length; i++) {
                cells[i] = cell(values[i]);
            }
            csv.printRecord(cells);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A cell Excel shows as text: one starting with {@code = + - @}, a tab or a carriage return would be read as
     * a formula, so it is prefixed with an apostrophe (OWASP, CSV injection). Plain numbers (negative amounts of a
     * red invoice) stay numbers.
     */
    static String cell(String value) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        char c = value.charAt(0);
        boolean formula = c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
        return formula && !NUMBER.matcher(value).matches() ? "'" + value : value;
    }

    private static String money(BigDecimal v) {
        return v == null ? "" : v.setScale(2, RoundingMode.HALF_UP).toPlainString();
    }
}

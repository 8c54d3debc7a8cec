package io.fapiao.flow;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fapiao.ledger.Drop;
import io.fapiao.ledger.Ledger;
import io.fapiao.ledger.LedgerOrder;
import io.fapiao.order.OrderJsonReader;
import io.fapiao.order.OrderStatus;
import io.fapiao.order.Outcome;
import io.fapiao.order.Problem;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Writes what the ERP reads back, under the outbox: {@code results/<input>.result.csv}, {@code results/<order>.json},
 * {@code pdf/<order>_<invoice>.pdf} and {@code errors/<input>.errors.csv}. CSVs are UTF-8 with a BOM so Excel opens
 * them. Every file appears whole: it is written beside its place under a hidden name, then moved in. A drop's
 * result file is written by one thread at a time (the drop itself, or the poller settling one of its orders).
 */
public final class ResultFiles {

    private static final Logger LOG = LoggerFactory.getLogger(ResultFiles.class);
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9_-]{1,40}");
    private static final String BOM = "\uFEFF";

    private final Ledger ledger;
    private final Path outbox;

    public ResultFiles(Ledger ledger, Path outbox) {
        this.ledger = ledger;
        this.outbox = outbox;
    }

    public Path outbox() {
        return outbox;
    }

    /** Writes a drop's result file (and its error file, or removes a stale one); answers the count per status. */
    public synchronized Map<OrderStatus, Integer> writeDrop(Drop drop) {
        Map<OrderStatus, Integer> counts = new EnumMap<>(OrderStatus.class);
        String name = baseName(drop.fileName());
        atomically(outbox.resolve("results").resolve(name + ".result.csv"), out -> {
            try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.RFC4180)) {
                csv.printRecord("order_no", "status", "invoice_no", "issued_at", "total_amount", "total_tax", "pdf",
                        "message");
                ledger.forEachResult(drop.id(), r -> {
                    counts.merge(r.status(), 1, Integer::sum);
                    print(csv, r.orderNo(), r.status().name(), r.invoiceNo(), r.issuedAt(), money(r.totalAmount()),
                            money(r.totalTax()), r.pdf(), r.message());
                });
            }
        });
        Path errors = outbox.resolve("errors").resolve(name + ".errors.csv");
        if (ledger.countErrors(drop.id()) > 0) {
            atomically(errors, out -> {
                try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.RFC4180)) {
                    csv.printRecord("file", "line", "order_no", "field", "reason_zh", "reason_en");
                    ledger.forEachError(drop.id(), (orderNo, p) -> print(csv, drop.fileName(),
                            Long.toString(p.line()), orderNo, p.field(), p.zh(), p.en()));
                }
            });
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
     * An order settled (or got its PDF): every drop line still waiting on it follows, and the result files of those
     * drops are written again, except the one of {@code busyDrop}, which is still being read and writes its own.
     */
    public void settle(String seller, String orderNo, Outcome outcome, String pdf, long busyDrop) {
        for (long dropId : ledger.settleEntries(seller, orderNo, outcome, pdf)) {
            if (dropId != busyDrop) {
                ledger.drop(dropId).ifPresent(this::writeDrop);
            }
        }
    }

    /** {@code results/<order_no>.json}: the full outcome of one order. */
    public void writeOrder(LedgerOrder o, Drop drop, long line, List<Problem> problems) {
        if (!SAFE_NAME.matcher(o.orderNo()).matches()) {
            return;
        }
        ObjectNode n = OrderJsonReader.MAPPER.createObjectNode();
        n.put("order_no", o.orderNo());
        n.put("seller_tax_id", o.sellerTaxId());
        n.put("vendor", o.vendor());
        n.put("status", o.status().name());
        n.put("invoice_type", o.invoiceType());
        n.put("invoice_no", o.invoiceNo());
        n.put("issued_at", o.issuedAt());
        n.put("total_amount", money(o.totalAmount()));
        n.put("total_tax", money(o.totalTax()));
        n.put("check_code", o.checkCode());
        n.put("pdf", o.pdfFile());
        n.put("message", o.message());
        n.put("updated_at", o.updatedAt().toString());
        ObjectNode source = n.putObject("source");
        source.put("channel", drop == null ? "" : drop.channel());
        source.put("file", drop == null ? "" : drop.fileName());
        source.put("line", line);
        ArrayNode errs = n.putArray("errors");
        for (Problem p : problems) {
            errs.addObject().put("line", p.line()).put("field", p.field()).put("reason_zh", p.zh()).put("reason_en", p.en());
        }
        if (o.orderJson() != null) {
            try {
                n.set("order", OrderJsonReader.MAPPER.readTree(o.orderJson()));
            } catch (IOException e) {
                LOG.warn("Order {}: stored order JSON unreadable: {}", o.orderNo(), e.getMessage());
            }
        }
        atomically(outbox.resolve("results").resolve(o.orderNo() + ".json"), out -> {
            try {
                out.write(OrderJsonReader.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(n));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** {@code pdf/<order_no>_<invoice_no>.pdf}; answers the path relative to the outbox. */
    public String writePdf(String orderNo, String invoiceNo, byte[] pdf) {
        if (pdf == null || pdf.length < 5 || !new String(pdf, 0, 5, StandardCharsets.ISO_8859_1).equals("%PDF-")) {
            throw new IllegalStateException("the vendor's answer is not a PDF");
        }
        String relative = "pdf/" + orderNo + "_" + invoiceNo + ".pdf";
        Path target = outbox.resolve(relative);
        try {
            Files.createDirectories(target.getParent());
            Path tmp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".part");
            Files.write(tmp, pdf);
            move(tmp, target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return relative;
    }

    private interface Body {
        void write(Writer out) throws IOException;
    }

    private static void atomically(Path target, Body body) {
        try {
            Files.createDirectories(target.getParent());
            Path tmp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".part");
            try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
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

    private static void move(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void print(CSVPrinter csv, String... values) {
        try {
            csv.printRecord((Object[]) values);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String money(BigDecimal v) {
        return v == null ? "" : v.setScale(2, java.math.RoundingMode.HALF_UP).toPlainString();
    }

    /** The input's own file name, without any folder. */
    static String baseName(String fileName) {
        String n = fileName.replace('\\', '/');
        return n.substring(n.lastIndexOf('/') + 1);
    }
}

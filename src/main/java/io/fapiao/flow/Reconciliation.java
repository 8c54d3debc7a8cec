package io.fapiao.flow;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fapiao.api.ApiException;
import io.fapiao.config.Seller;
import io.fapiao.config.Sellers;
import io.fapiao.ledger.IssuedInvoices;
import io.fapiao.ledger.LedgerOrder;
import io.fapiao.ledger.Reconciliations;
import io.fapiao.order.OrderJsonReader;
import io.fapiao.vendor.InvoiceLister;
import io.fapiao.vendor.InvoiceVendor;
import io.fapiao.vendor.ListedInvoice;
import io.fapiao.vendor.Vendor;
import io.fapiao.vendor.Vendors;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.util.concurrent.CamelThreadFactory;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The daily reconciliation: the ledger's issued invoices of one invoice day against each issuing vendor's own list
 * of that day ({@link InvoiceLister}), seller by seller, written to {@code results/reconcile-<yyyy-MM-dd>.csv} (UTF-8
 * with a BOM): invoices missing on either side, different amounts, and invoices voided or red-flushed since. A vendor
 * that lists nothing is named as not checked. Run by the clock once a day for the day before (one instance of those
 * sharing a ledger), and on demand ({@code POST /api/reconcile?date=}).
 */
public final class Reconciliation implements AutoCloseable {

    /** What one comparison found. */
    public enum Finding {
        /** The ledger has it issued, the vendor's list does not. */
        MISSING_AT_VENDOR,
        /** The vendor issued it, the ledger does not know it (issued elsewhere, or a red invoice a buyer started). */
        MISSING_IN_LEDGER,
        /** Both have it, with different amounts or tax. */
        AMOUNT_DIFFERS,
        /** Voided since it was issued. */
        VOIDED,
        /** Reversed in full by red invoices since. */
        RED_FLUSHED,
        /** Reversed in part by red invoices since. */
        PARTLY_RED_FLUSHED,
        /** The vendor's list could not be read, or the vendor has none: this seller was not compared. */
        NOT_CHECKED
    }

    /** One line of the reconciliation file. */
    public record Row(LocalDate day, String sellerTaxId, String vendor, String invoiceNo, String orderNo,
                      Finding finding, BigDecimal ledgerAmount, BigDecimal ledgerTax, BigDecimal vendorAmount,
                      BigDecimal vendorTax, String vendorState, String message) {
    }

    /** What one run did: its file, its rows, and each seller compared (with the count of invoices on each side). */
    public record Summary(LocalDate day, String file, List<Row> rows, List<String> checked) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(Reconciliation.class);
    private static final String BOM = "\uFEFF";

    private final IssuedInvoices issued;
    private final Reconciliations runs;
    private final Sellers sellers;
    private final Vendors vendors;
    private final Path outbox;
    private final String instance;
    private final LocalTime at;
    private final ZoneId zone;
    private final Clock clock;
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(new CamelThreadFactory("#name#", "reconcile-clock", true));
    private ZonedDateTime lastCheck;

    /**
     * @param at   the time of day the day before is reconciled ({@code fapiao.reconcile.at}), null for never
     * @param zone the zone of invoice days ({@code fapiao.reconcile.zone}; the tax bureau's is Asia/Shanghai)
     */
    public Reconciliation(IssuedInvoices issued, Reconciliations runs, Sellers sellers, Vendors vendors, Path outbox,
                          String instance, LocalTime at, ZoneId zone, Clock clock) {
        this.issued = issued;
        this.runs = runs;
        this.sellers = sellers;
        this.vendors = vendors;
        this.outbox = outbox;
        this.instance = instance;
        this.at = at;
        this.zone = zone;
        this.clock = clock;
    }

    /**
     * Starts the clock: every minute it looks whether the daily time has passed since it last looked, and then
     * starts {@code direct:reconcile} for the day before, when no instance has claimed that day yet. A bundle that
     * was down at that time does not catch up: the day is reconciled on demand.
     */
    public void start(ProducerTemplate template) {
        if (at == null) {
            return;
        }
        lastCheck = ZonedDateTime.now(clock.withZone(zone));
        timer.scheduleWithFixedDelay(() -> {
            try {
                Optional<LocalDate> day = due();
                if (day.isPresent()) {
                    template.sendBody("direct:reconcile", day.get());
                }
            } catch (RuntimeException e) {
                LOG.warn("Reconciliation: the daily run failed: {}", e.getMessage());
            }
        }, 60, 60, TimeUnit.SECONDS);
    }

    /** The day to reconcile now (the day before), when the daily time has just passed and this instance claimed it. */
    Optional<LocalDate> due() {
        ZonedDateTime now = ZonedDateTime.now(clock.withZone(zone));
        ZonedDateTime today = now.toLocalDate().atTime(at).atZone(zone);
        boolean passed = !lastCheck.isAfter(today) && !now.isBefore(today) && !lastCheck.equals(now);
        lastCheck = now;
        if (passed) {
            LocalDate day = now.toLocalDate().minusDays(1);
            if (runs.claim(day, instance)) {
                return Optional.of(day);
            }
        }
        return Optional.empty();
    }

    /** The day of {@code POST /api/reconcile?date=yyyy-MM-dd}; yesterday when none is given. */
    public LocalDate requestedDay(Exchange exchange) {
        String date = exchange.getMessage().getHeader("date", "", String.class).strip();
        if (date.isEmpty()) {
            return LocalDate.now(clock.withZone(zone)).minusDays(1);
        }
        try {
            return LocalDate.parse(date);
        } catch (DateTimeParseException e) {
            throw new ApiException(400, "date须为yyyy-MM-dd / date must be yyyy-MM-dd");
        }
    }

    /**
     * Reconciles one invoice day; answers what it wrote. A scheduled run claimed its day before; one asked for on
     * demand (exchange property {@code reconcileOnDemand}) always runs and is recorded.
     */
    public Summary reconcile(LocalDate day, Exchange exchange) {
        if (exchange.getProperty("reconcileOnDemand", false, Boolean.class)) {
            runs.started(day, instance);
        }
        try {
            Summary s = reconcile(day);
            runs.finished(day, s.rows().size(), s.file());
            return s;
        } catch (RuntimeException e) {
            runs.failed(day);
            throw e;
        }
    }

    Summary reconcile(LocalDate day) {
        Map<String, Map<Vendor, List<LedgerOrder>>> ledger = new LinkedHashMap<>();
        for (LedgerOrder o : issued.issuedOn(day)) {
            Vendor.of(o.vendor()).ifPresent(v -> ledger.computeIfAbsent(o.sellerTaxId(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(v, k -> new ArrayList<>()).add(o));
        }
        for (String taxId : new TreeSet<>(sellers.configured())) {
            sellers.of(taxId).filter(s -> vendors.issuing(s.vendor()).isPresent()).ifPresent(s ->
                    ledger.computeIfAbsent(taxId, k -> new LinkedHashMap<>()).computeIfAbsent(s.vendor(),
                            k -> new ArrayList<>()));
        }
        List<Row> rows = new ArrayList<>();
        List<String> checked = new ArrayList<>();
        ledger.forEach((taxId, byVendor) -> byVendor.forEach((vendor, orders) -> {
            Optional<InvoiceVendor> issuing = vendors.issuing(vendor);
            Seller seller = sellers.of(taxId).orElse(null);
            if (issuing.isEmpty() || !(issuing.get() instanceof InvoiceLister lister) || seller == null) {
                rows.add(notChecked(day, taxId, vendor, "该供应商不提供发票列表，未核对 / this vendor lists no invoices; not "
                        + "compared"));
                return;
            }
            List<ListedInvoice> listed;
            try {
                listed = lister.invoicesOn(seller, day);
            } catch (RuntimeException e) {
                LOG.warn("Reconciliation {}: the {} list of seller {} could not be read: {}", day, vendor.key(), taxId,
                        e.getMessage());
                rows.add(notChecked(day, taxId, vendor, "供应商的发票列表读取失败，未核对 / the vendor's list could not be "
                        + "read; not compared: " + e.getMessage()));
                return;
            }
            rows.addAll(compare(day, taxId, vendor, orders, listed));
            checked.add(taxId + " " + vendor.key() + ": ledger " + orders.size() + ", vendor " + listed.size());
        }));
        String file = "results/reconcile-" + day + ".csv";
        write(outbox.resolve(file), rows);
        long findings = rows.size();
        LOG.info("Reconciliation {}: {} finding(s) in {} ({})", day, findings, file, String.join("; ", checked));
        return new Summary(day, file, List.copyOf(rows), List.copyOf(checked));
    }

    /** The ledger's invoices of one seller and vendor against the vendor's list, by invoice number. */
    static List<Row> compare(LocalDate day, String taxId, Vendor vendor, List<LedgerOrder> orders,
                             List<ListedInvoice> listed) {
        Map<String, ListedInvoice> atVendor = new LinkedHashMap<>();
        listed.forEach(l -> atVendor.put(l.invoiceNo(), l));
        List<Row> rows = new ArrayList<>();
        for (LedgerOrder o : orders) {
            ListedInvoice l = atVendor.remove(o.invoiceNo());
            if (l == null) {
                rows.add(new Row(day, taxId, vendor.key(), o.invoiceNo(), o.orderNo(), Finding.MISSING_AT_VENDOR,
                        o.totalAmount(), o.totalTax(), null, null, "", "账本中已开具，供应商列表中没有 / issued in the ledger, "
                        + "not in the vendor's list"));
                continue;
            }
            if (differs(o.totalAmount(), l.amount()) || differs(o.totalTax(), l.tax())) {
                rows.add(row(day, taxId, vendor, o, l, Finding.AMOUNT_DIFFERS, "金额或税额与供应商记录不一致 / amount or tax "
                        + "differs from the vendor's record"));
            }
            stateRow(day, taxId, vendor, o, l).ifPresent(rows::add);
        }
        for (ListedInvoice l : atVendor.values()) {
            rows.add(new Row(day, taxId, vendor.key(), l.invoiceNo(), l.orderNo(), Finding.MISSING_IN_LEDGER, null, null,
                    l.amount(), l.tax(), l.state().name(), "供应商已开具，账本中没有（非本系统开具，或购方发起的红字） / issued at the "
                    + "vendor, unknown to the ledger (issued elsewhere, or a red invoice the buyer started)"));
        }
        return rows;
    }

    private static Optional<Row> stateRow(LocalDate day, String taxId, Vendor vendor, LedgerOrder o, ListedInvoice l) {
        return switch (l.state()) {
            case NORMAL -> Optional.empty();
            case VOIDED -> Optional.of(row(day, taxId, vendor, o, l, Finding.VOIDED, "发票已作废 / the invoice was voided"));
            case RED_FLUSHED -> Optional.of(row(day, taxId, vendor, o, l, Finding.RED_FLUSHED,
                    "发票已全额红冲 / the invoice was reversed in full"));
            case PARTLY_RED_FLUSHED -> Optional.of(row(day, taxId, vendor, o, l, Finding.PARTLY_RED_FLUSHED,
                    "发票已部分红冲 / the invoice was reversed in part"));
        };
    }

    private static Row row(LocalDate day, String taxId, Vendor vendor, LedgerOrder o, ListedInvoice l, Finding f,
                           String message) {
        return new Row(day, taxId, vendor.key(), o.invoiceNo(), o.orderNo(), f, o.totalAmount(), o.totalTax(), l.amount(),
                l.tax(), l.state().name(), message);
    }

    private static Row notChecked(LocalDate day, String taxId, Vendor vendor, String message) {
        return new Row(day, taxId, vendor.key(), "", "", Finding.NOT_CHECKED, null, null, null, null, "", message);
    }

    private static boolean differs(BigDecimal ledger, BigDecimal vendor) {
        if (ledger == null || vendor == null) {
            return ledger != vendor;
        }
        return ledger.setScale(2, RoundingMode.HALF_UP).compareTo(vendor.setScale(2, RoundingMode.HALF_UP)) != 0;
    }

    /** The answer of {@code POST /api/reconcile}. */
    public String answer(Summary s, Exchange exchange) {
        ObjectNode n = OrderJsonReader.MAPPER.createObjectNode();
        n.put("date", s.day().toString());
        n.put("file", s.file());
        n.put("findings", s.rows().stream().filter(r -> r.finding() != Finding.NOT_CHECKED).count());
        ObjectNode counts = n.putObject("by_finding");
        s.rows().forEach(r -> counts.put(r.finding().name(), counts.path(r.finding().name()).asInt(0) + 1));
        ArrayNode checked = n.putArray("checked");
        s.checked().forEach(checked::add);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json;charset=UTF-8");
        return n.toString();
    }

    private static void write(Path target, List<Row> rows) {
        try {
            Files.createDirectories(target.getParent());
            Path tmp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".part");
            try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8);
                 CSVPrinter csv = new CSVPrinter(out, CSVFormat.RFC4180)) {
                out.write(BOM);
                csv.printRecord("invoice_day", "seller_tax_id", "vendor", "invoice_no", "order_no", "finding",
                        "ledger_amount", "ledger_tax", "vendor_amount", "vendor_tax", "vendor_state", "message");
                for (Row r : rows) {
                    csv.printRecord(r.day().toString(), r.sellerTaxId(), r.vendor(), r.invoiceNo(),
                            ResultFiles.cell(r.orderNo()), r.finding().name(), money(r.ledgerAmount()),
                            money(r.ledgerTax()), money(r.vendorAmount()), money(r.vendorTax()), r.vendorState(),
                            ResultFiles.cell(r.message()));
                }
            }
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    private static String money(BigDecimal v) {
        return v == null ? "" : v.setScale(2, RoundingMode.HALF_UP).toPlainString();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}

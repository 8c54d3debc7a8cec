package io.fapiao.flow;

import io.fapiao.config.Seller;
import io.fapiao.config.Sellers;
import io.fapiao.ledger.Claim;
import io.fapiao.ledger.Drop;
import io.fapiao.ledger.DropLedger;
import io.fapiao.ledger.Ledger;
import io.fapiao.ledger.LedgerException;
import io.fapiao.ledger.LedgerOrder;
import io.fapiao.ledger.LoginSessions;
import io.fapiao.ledger.ResultRow;
import io.fapiao.login.LoginNeeded;
import io.fapiao.order.Field;
import io.fapiao.order.NextStep;
import io.fapiao.order.Order;
import io.fapiao.order.OrderDraft;
import io.fapiao.order.OrderJson;
import io.fapiao.order.OrderStatus;
import io.fapiao.order.Outcome;
import io.fapiao.order.Problem;
import io.fapiao.tax.Checked;
import io.fapiao.tax.OrderRules;
import io.fapiao.vendor.InvoiceVendor;
import io.fapiao.vendor.Vendor;
import io.fapiao.vendor.Vendors;
import org.apache.camel.Exchange;
import org.apache.camel.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The steps of {@code issue.camel.yaml} for one order: claim it in the ledger, check it against the tax rules, hand
 * it to its seller's vendor, and record what came back. Nothing is sent twice: an order the ledger already knows is
 * reported again, and the ledger row is written before and after every vendor call.
 */
public final class Issuing {

    static final String JOB = "fapiaoJob";
    /** What the route does with the order next: the name of an {@link IssueJob.Action}, a plain text to compare. */
    static final String ACTION = "fapiaoAction";
    private static final Logger LOG = LoggerFactory.getLogger(Issuing.class);
    private static final Pattern ORDER_NO = Pattern.compile("[A-Za-z0-9_-]{1,40}");
    /** A tax id: 统一社会信用代码 (18) or an older taxpayer number (15, 17 or 20), digits and capitals. */
    private static final Pattern TAX_ID = Pattern.compile("[0-9A-Z]{15,20}");

    /** The route's question whether the order's invoice file is still to be fetched (bound as {@code invoiceFileWanted}). */
    public static final Predicate INVOICE_FILE_WANTED = e -> e.getProperty(JOB, IssueJob.class).isWantsFile();

    private final Ledger ledger;
    private final DropLedger drops;
    private final OrderRules rules;
    private final Sellers sellers;
    private final Vendors vendors;
    private final ResultFiles results;
    private final PollSchedule schedule;
    private final LoginSessions sessions;
    private final ProgressBoard board;

    /** @param sessions the sellers' tax-bureau sessions: a seller whose session is down has its orders held */
    public Issuing(Ledger ledger, DropLedger drops, OrderRules rules, Sellers sellers, Vendors vendors,
                   ResultFiles results, PollSchedule schedule, LoginSessions sessions, ProgressBoard board) {
        this.ledger = ledger;
        this.drops = drops;
        this.rules = rules;
        this.sellers = sellers;
        this.vendors = vendors;
        this.results = results;
        this.schedule = schedule;
        this.sessions = sessions;
        this.board = board;
    }

    /**
     * Decides what happens to one order of a drop; the body becomes the checked order when it goes to a vendor. The
     * exchange property {@code fapiaoAction} says what the route does next ({@link IssueJob.Action}).
     */
    public Object prepare(OrderDraft draft, Exchange exchange) {
        Object body = decide(draft, exchange);
        exchange.setProperty(ACTION, exchange.getProperty(JOB, IssueJob.class).action.name());
        return body;
    }

    /** The seller an order is issued for: the tax id it names, in capitals, or the default one when it names none. */
    public static String sellerOf(OrderDraft draft, String defaultTaxId) {
        String taxId = draft.value(Field.SELLER_TAX_ID).strip().toUpperCase(Locale.ROOT);
        return taxId.isEmpty() ? defaultTaxId : taxId;
    }

    /**
     * Whether an order number and a seller's tax id can key the ledger. An order where either cannot is rejected
     * before it reaches the ledger.
     */
    public static boolean keyable(String orderNo, String sellerTaxId) {
        return ORDER_NO.matcher(orderNo).matches() && TAX_ID.matcher(sellerTaxId).matches();
    }

    private Object decide(OrderDraft draft, Exchange exchange) {
        Drop drop = exchange.getProperty(Drops.DROP, Drop.class);
        String orderNo = draft.value(Field.ORDER_NO);
        String taxId = sellerOf(draft, sellers.defaultTaxId());
        IssueJob job = new IssueJob(drop, draft.seq(), draft.firstLine(), taxId, orderNo);
        exchange.setProperty(JOB, job);
        if (!keyable(orderNo, taxId)) {
            // a value that cannot be a key rejects this order only, before it reaches the ledger's keys
            Checked checked = check(draft);
            List<Problem> problems = checked.ok() ? List.of() : checked.problems();
            if (!TAX_ID.matcher(taxId).matches()) {
                problems = withFirst(problems, new Problem(draft.firstLine(), Field.SELLER_TAX_ID.key(),
                        taxId.isEmpty() ? "缺少销方税号，且未配置默认销方（fapiao.seller.tax-id）" : "销方税号无效：须为15至20位数字或大写字母",
                        taxId.isEmpty() ? "no seller tax id, and no default seller is configured (fapiao.seller.tax-id)"
                                : "the seller's tax id is not valid: 15 to 20 digits or capital letters"));
            }
            reject(job, problems);
            return draft;
        }
        job.seller = sellers.of(taxId).orElse(null);
        Vendor vendorKey = job.seller == null ? null : job.seller.vendor();
        Checked checked = check(draft);
        Ledger.Submission submission = readyToSend(job, checked);
        Claim claim = submission == null
                ? ledger.claim(taxId, orderNo, vendorKey == null ? "" : vendorKey.key(), drop.id(), draft.seq())
                : ledger.claim(taxId, orderNo, vendorKey.key(), drop.id(), draft.seq(), submission);
        job.claimed = true;
        switch (claim.kind()) {
            case SUBMITTING -> {
                // new, checked, and recorded as being sent: the usual case, one ledger write before the call
                job.fresh = true;
                job.order = checked.order();
                job.totalAmount = submission.amount();
                job.totalTax = submission.tax();
                job.vendor = vendors.issuing(vendorKey).orElseThrow();
                job.action = IssueJob.Action.ISSUE;
            }
            case KNOWN -> known(job, claim.existing());
            case IN_FLIGHT -> {
                job.known = claim.existing();
                job.outcome = Outcome.pending("该单据正由另一次投递开具，结果出来后本文件结果会更新 / this order is being issued by "
                        + "another drop; this file's results are updated when it finishes");
            }
            case REPEATED_IN_INPUT -> {
                job.claimed = false;
                job.outcome = Outcome.rejected("单据号在本输入中重复出现 / order number repeated in this input");
                job.problems = List.of(new Problem(draft.firstLine(), Field.ORDER_NO.key(),
                        "单据号“" + orderNo + "”在本文件中已出现过；同一单据的各行须连续，不同单据须用不同单据号",
                        "order number '" + orderNo + "' appeared earlier in this input: the rows of one order must be "
                                + "contiguous and different orders need different numbers"));
            }
            case GRANTED -> {
                job.fresh = claim.existing() == null;
                try {
                    granted(job, checked, claim.existing());
                } catch (LedgerException e) {
                    throw e;
                } catch (RuntimeException e) {
                    // a defect here must not leave the order claimed: nothing was sent, so it may be dropped again
                    LOG.warn("Order {}: could not be prepared ({}: {}); recorded as FAILED", orderNo,
                            e.getClass().getSimpleName(), e.getMessage(), e);
                    job.action = IssueJob.Action.NONE;
                    job.outcome = Outcome.failed("内部错误，未开票，可重新投递 / internal error; nothing issued, safe to "
                            + "drop again");
                    ledger.outcome(taxId, orderNo, job.outcome, null);
                }
            }
        }
        return job.order != null ? job.order : draft;
    }

    /**
     * What a new order is sent with, when it can be sent at once: checked, its seller served by an issuing vendor,
     * and the seller's tax-bureau session not known to be down. Null otherwise (the claim then decides, as before).
     */
    private Ledger.Submission readyToSend(IssueJob job, Checked checked) {
        if (!checked.ok() || job.seller == null) {
            return null;
        }
        Optional<InvoiceVendor> vendor = vendors.issuing(job.seller.vendor());
        if (vendor.isEmpty() || sessions.isDown(vendor.get().key().key(), job.sellerTaxId)) {
            return null;
        }
        Order order = checked.order();
        job.orderJson = OrderJson.toNode(order);
        job.orderJsonText = job.orderJson.toString();
        return new Ledger.Submission(order.type().name(), order.totalAmount(), order.totalTax(), job.orderJsonText);
    }

    private static List<Problem> withFirst(List<Problem> rest, Problem first) {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(first), rest.stream()).toList();
    }

    /** The tax checks; a defect in them rejects this order with a plain reason instead of stopping the file. */
    private Checked check(OrderDraft draft) {
        try {
            return rules.check(draft);
        } catch (RuntimeException e) {
            LOG.warn("{} line {}: the checks failed ({}: {})", draft.source(), draft.firstLine(),
                    e.getClass().getSimpleName(), e.getMessage(), e);
            return new Checked(null, List.of(new Problem(draft.firstLine(), "", "校验时发生内部错误，请联系运维",
                    "internal error while checking this order; please tell the operators")));
        }
    }

    private void known(IssueJob job, LedgerOrder existing) {
        job.known = existing;
        job.totalAmount = existing.totalAmount();
        job.totalTax = existing.totalTax();
        job.pdfFile = existing.pdfFile();
        if (existing.status() == OrderStatus.ISSUED) {
            job.outcome = Outcome.issued(existing.invoiceNo(), existing.issuedAt(), existing.checkCode(),
                    existing.pdfUrl(), "已开具（" + existing.invoiceNo() + "），重复投递未再开票 / already issued ("
                            + existing.invoiceNo() + "); reported again, not issued twice");
            return;
        }
        job.outcome = existing.outcome();
        job.vendor = Vendor.of(existing.vendor()).flatMap(vendors::issuing).orElse(null);
        if (job.vendor != null && job.seller != null && existing.next() == NextStep.REVIEW
                && ledger.resubmitting(job.sellerTaxId, job.orderNo)) {
            job.action = IssueJob.Action.RESUBMIT;
        }
    }

    private void granted(IssueJob job, Checked checked, LedgerOrder earlier) {
        if (!checked.ok()) {
            rejectWith(job, checked.problems());
            return;
        }
        Order order = checked.order();
        job.order = order;
        job.totalAmount = order.totalAmount();
        job.totalTax = order.totalTax();
        if (job.seller == null) {
            rejectWith(job, List.of(new Problem(job.line, Field.SELLER_TAX_ID.key(),
                    "销方" + job.sellerTaxId + "未配置开票供应商（fapiao.sellers." + job.sellerTaxId + ".vendor）",
                    "seller " + job.sellerTaxId + " has no vendor configured (fapiao.sellers." + job.sellerTaxId
                            + ".vendor)")));
            return;
        }
        Optional<InvoiceVendor> vendor = vendors.issuing(job.seller.vendor());
        if (vendor.isEmpty()) {
            rejectWith(job, List.of(new Problem(job.line, Field.SELLER_TAX_ID.key(), job.seller.vendor().cannotIssueZh(),
                    job.seller.vendor().cannotIssueEn())));
            return;
        }
        job.vendor = vendor.get();
        if (job.orderJsonText == null) {
            job.orderJson = OrderJson.toNode(order);
            job.orderJsonText = job.orderJson.toString();
        }
        if (sessions.isDown(job.vendor.key().key(), job.sellerTaxId)) {
            // nothing is sent while the seller's session is down: the order waits for the login, then goes by itself
            Outcome held = LoginNeeded.send();
            if (ledger.hold(job.sellerTaxId, job.orderNo, order.type().name(), job.totalAmount, job.totalTax,
                    job.orderJsonText, held)) {
                job.outcome = held;
                job.changed = true;
                LOG.info("Order {}: held, seller {} must log in to the tax bureau again at {}", job.orderNo,
                        job.sellerTaxId, job.vendor.key().key());
                return;
            }
        }
        if (!ledger.submitting(job.sellerTaxId, job.orderNo, order.type().name(), job.totalAmount, job.totalTax,
                job.orderJsonText)) {
            // another process took the order over meanwhile: it is that one's to send
            job.fresh = false;
            job.known = ledger.find(job.sellerTaxId, job.orderNo).orElse(null);
            job.outcome = job.known == null || job.known.status().open()
                    ? Outcome.pending("该单据正由另一进程开具 / this order is being issued by another process")
                    : job.known.outcome();
            return;
        }
        job.action = IssueJob.Action.ISSUE;
        if (earlier != null && earlier.status().open()) {
            LOG.info("Order {}: taking over from an earlier run that received it but never sent it", job.orderNo);
        }
    }

    private void rejectWith(IssueJob job, List<Problem> problems) {
        reject(job, problems);
        ledger.outcome(job.sellerTaxId, job.orderNo, job.outcome, null);
    }

    private static void reject(IssueJob job, List<Problem> problems) {
        job.problems = problems;
        Problem first = problems.get(0);
        String more = problems.size() > 1 ? "（另有" + (problems.size() - 1) + "项，见错误文件）" : "";
        String moreEn = problems.size() > 1 ? " (and " + (problems.size() - 1) + " more: see the error file)" : "";
        String field = first.field().isEmpty() ? "" : first.field() + ": ";
        job.outcome = Outcome.rejected(field + first.zh() + more + " / " + first.en() + moreEn);
    }

    /** The order to its seller's vendor for issuing (the ledger says SUBMITTING). */
    public Outcome send(Order order, Exchange exchange) {
        IssueJob job = exchange.getProperty(JOB, IssueJob.class);
        job.askedAt = Instant.now();
        return job.vendor.issue(order, job.seller);
    }

    /** Back to issuing at the vendor (the ledger says it is to be asked about from now on). */
    public Outcome resubmit(Exchange exchange) {
        IssueJob job = exchange.getProperty(JOB, IssueJob.class);
        job.askedAt = Instant.now();
        return job.vendor.resubmit(job.known, job.seller);
    }

    /** Records the vendor's answer in the ledger, right after the call; a late answer yields to what stands. */
    public void record(Outcome outcome, Exchange exchange) {
        IssueJob job = exchange.getProperty(JOB, IssueJob.class);
        job.outcome = settle(job, outcome);
        job.changed = true;
    }

    /** Writes an outcome forward-only; answers the outcome as it stands after (another writer may have won). */
    Outcome settle(IssueJob job, Outcome outcome) {
        Instant next = switch (outcome.status()) {
            case PENDING -> switch (outcome.next()) {
                case POLL -> outcome.askAfter() != null ? Instant.now().plus(outcome.askAfter()) : schedule.next(0);
                case RESEND -> schedule.resend();
                case RESUBMIT -> Instant.now();
                case REVIEW, LOGIN, LOGIN_RESUBMIT -> null;
            };
            case ISSUED -> outcome.pdfUrl().isEmpty() ? null : schedule.pdfRetry();
            default -> null;
        };
        if (ledger.outcome(job.sellerTaxId, job.orderNo, outcome, next)) {
            tellSession(job, outcome);
            return outcome;
        }
        Optional<LedgerOrder> row = ledger.find(job.sellerTaxId, job.orderNo);
        row.ifPresent(r -> job.pdfFile = r.pdfFile());
        LOG.info("Order {}: {} came after the order had moved on; keeping {}", job.orderNo, outcome.status(),
                row.map(r -> r.status().name()).orElse("?"));
        return row.map(LedgerOrder::outcome).orElse(outcome);
    }

    /**
     * What an answer says of the seller's tax-bureau session: a vendor that holds the order for a login says it has
     * ended; an issued invoice says it works.
     */
    private void tellSession(IssueJob job, Outcome outcome) {
        if (job.vendor == null) {
            return;
        }
        String vendor = job.vendor.key().key();
        if (outcome.status() == OrderStatus.PENDING && outcome.next().waitsForLogin()) {
            LoginSessions.Change change = sessions.loggedOut(vendor, job.sellerTaxId, outcome.message(), job.askedAt,
                    Instant.now());
            LOG.info("Order {}: {} says seller {} must log in to the tax bureau again; held{}", job.orderNo, vendor,
                    job.sellerTaxId, change == LoginSessions.Change.STALE ? " (the seller logged in since; it goes again)"
                            : "");
        } else if (outcome.status() == OrderStatus.ISSUED) {
            sessions.working(vendor, job.sellerTaxId, job.askedAt);
        }
    }

    /** The vendor call broke in a way that says nothing about the vendor's state: ask the vendor later. */
    public Outcome unknown(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        IssueJob job = exchange.getProperty(JOB, IssueJob.class);
        LOG.warn("Order {}: the call to {} ended unexpectedly ({}); asking the vendor for its outcome",
                job.orderNo, job.vendor == null ? "?" : job.vendor.key().key(),
                e == null ? "unknown" : e.getClass().getSimpleName());
        return Outcome.pending("结果未知，正在向供应商查询 / outcome unknown; asking the vendor");
    }

    /** Fetches the invoice file of an issued order and stores it under {@code pdf/}. */
    public void invoiceFile(Exchange exchange) {
        IssueJob job = exchange.getProperty(JOB, IssueJob.class);
        byte[] pdf = job.vendor.invoiceFile(job.row(), job.seller);
        job.pdfFile = results.writePdf(job.orderNo, job.outcome.invoiceNo(), pdf);
        job.changed = true;
        // recorded with the order's line (finish): a stop before that only means the file is fetched once more
        job.fileStored = true;
    }

    /** The invoice stands; its file is fetched again later, backing off like a poll. */
    public void invoiceFileFailed(Exchange exchange) {
        IssueJob job = exchange.getProperty(JOB, IssueJob.class);
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        LOG.warn("Order {}: invoice {} issued, its PDF not fetched yet ({}); will try again", job.orderNo,
                job.outcome.invoiceNo(), e == null ? "" : e.getMessage());
        int polls = job.known == null ? 0 : job.known.polls();
        ledger.polled(job.sellerTaxId, job.orderNo, job.outcome.message(), schedule.next(polls + 1));
    }

    /** Writes the order's line of its drop, its JSON file, and brings other drops waiting on it up to date. */
    public void finish(Exchange exchange) {
        IssueJob job = exchange.getProperty(JOB, IssueJob.class);
        Outcome o = job.outcome;
        // other drops holding the order are brought up to a settled outcome this job wrote, in the same transaction
        Outcome settled = job.claimed && job.changed && !o.status().open() ? o : null;
        drops.orderDone(job.drop.id(), new ResultRow(job.seq, job.line, job.sellerTaxId, job.orderNo, o.status(),
                o.invoiceNo(), o.issuedAt(), job.totalAmount, job.totalTax, job.pdfFile, o.message()), job.problems,
                job.fileStored, settled);
        board.outcome(job.drop, o.status());
        LOG.info("Order {} ({} line {}): {}{}", job.orderNo, job.drop.fileName(), job.line, o.status(),
                o.invoiceNo().isEmpty() ? "" : " " + o.invoiceNo());
        // a line reported pending, or issued without its file, while another drop or process had the order: if
        // that one finished before this line was written, nobody else would bring the line up to date
        boolean unfinished = o.status() == OrderStatus.PENDING
                || o.status() == OrderStatus.ISSUED && (job.pdfFile == null || job.pdfFile.isEmpty());
        LedgerOrder row;
        if (!job.claimed) {
            row = unrecorded(job);
        } else if (job.changed || job.fresh) {
            // the row as this job wrote it
            row = job.row();
        } else if (!unfinished && job.known != null) {
            // reported again as the claim read it, under its lock
            row = job.known;
        } else {
            // another drop or process has it: read it after this line was written, once whoever writes it committed
            row = ledger.findAfterWriters(job.sellerTaxId, job.orderNo).orElseGet(job::row);
        }
        results.tellOrder(row, job.orderJson, job.drop, job.line, job.problems);
        if (job.claimed && unfinished && !job.changed && !job.fresh && furtherThan(row, o.status(), job.pdfFile)) {
            drops.settle(job.sellerTaxId, job.orderNo, row.outcome(), row.pdfFile());
        }
    }

    /** Whether the ledger's row says more than the line reported: settled, or issued with its file since. */
    private static boolean furtherThan(LedgerOrder row, OrderStatus reported, String reportedFile) {
        if (row.status().open()) {
            return false;
        }
        boolean hasFile = row.pdfFile() != null && !row.pdfFile().isEmpty();
        return row.status() != reported || hasFile && (reportedFile == null || reportedFile.isEmpty());
    }

    /** An order that never got a ledger row (its number or seller could not be a key): its outcome as reported. */
    private static LedgerOrder unrecorded(IssueJob job) {
        Outcome o = job.outcome;
        return new LedgerOrder(job.sellerTaxId, job.orderNo, "", "", o.status(), o.invoiceNo(), o.issuedAt(),
                job.totalAmount, job.totalTax, o.checkCode(), o.pdfUrl(), "", o.message(), o.next(), o.vendorRef(),
                job.drop.id(), job.seq, null, 0, null, null, Instant.now(), null);
    }

    /** How long to wait between polls of a pending order: doubling from a minimum up to a maximum. */
    public record PollSchedule(Duration min, Duration max, Duration pdfRetryAfter) {

        public Instant next(int polls) {
            long ms = min.toMillis() << Math.min(polls, 20);
            return Instant.now().plusMillis(Math.min(ms, max.toMillis()));
        }

        /** An order the vendor refused before doing anything is sent again after a pause. */
        public Instant resend() {
            return Instant.now().plus(max.dividedBy(2).isZero() ? min : max.dividedBy(2));
        }

        public Instant pdfRetry() {
            return Instant.now().plus(pdfRetryAfter);
        }
    }
}

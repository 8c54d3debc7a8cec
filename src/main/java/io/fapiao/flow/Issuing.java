package io.fapiao.flow;

import io.fapiao.config.Sellers;
import io.fapiao.ledger.Claim;
import io.fapiao.ledger.Drop;
import io.fapiao.ledger.Ledger;
import io.fapiao.ledger.LedgerException;
import io.fapiao.ledger.LedgerOrder;
import io.fapiao.ledger.ResultRow;
import io.fapiao.order.Field;
import io.fapiao.order.Order;
import io.fapiao.order.OrderDraft;
import io.fapiao.order.OrderJson;
import io.fapiao.order.OrderStatus;
import io.fapiao.order.Outcome;
import io.fapiao.order.Problem;
import io.fapiao.tax.Checked;
import io.fapiao.tax.OrderRules;
import io.fapiao.vendor.Vendor;
import org.apache.camel.Exchange;
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
 * it to its vendor's route, and record what came back. Nothing is sent twice: an order the ledger already knows is
 * reported again, and the ledger row is written before and after every vendor call.
 */
public final class Issuing {

    static final String JOB = "fapiaoJob";
    private static final Logger LOG = LoggerFactory.getLogger(Issuing.class);
    private static final Pattern ORDER_NO = Pattern.compile("[A-Za-z0-9_-]{1,40}");

    private final Ledger ledger;
    private final OrderRules rules;
    private final Sellers sellers;
    private final ResultFiles results;
    private final PollSchedule schedule;

    public Issuing(Ledger ledger, OrderRules rules, Sellers sellers, ResultFiles results, PollSchedule schedule) {
        this.ledger = ledger;
        this.rules = rules;
        this.sellers = sellers;
        this.results = results;
        this.schedule = schedule;
    }

    /** Decides what happens to one order of a drop; the body becomes the order when it goes to a vendor. */
    public Object prepare(OrderDraft draft, Exchange exchange) {
        Drop drop = exchange.getProperty(Drops.DROP, Drop.class);
        String orderNo = draft.value(Field.ORDER_NO);
        String seller = draft.value(Field.SELLER_TAX_ID).toUpperCase(Locale.ROOT);
        if (seller.isEmpty()) {
            seller = sellers.defaultTaxId();
        }
        IssueJob job = new IssueJob(drop, draft.seq(), draft.firstLine(), seller, orderNo);
        exchange.setProperty(JOB, job);
        if (!ORDER_NO.matcher(orderNo).matches() || seller.isEmpty() || seller.length() > 20) {
            Checked checked = check(draft);
            reject(job, checked.ok() ? List.of(new Problem(draft.firstLine(), Field.SELLER_TAX_ID.key(),
                    "销方税号无效", "the seller's tax id is not valid")) : checked.problems());
            return draft;
        }
        job.vendor = sellers.vendorOf(seller).orElse(null);
        Claim claim = ledger.claim(seller, orderNo, job.vendor == null ? "" : job.vendor.key(), drop.id(), draft.seq());
        switch (claim.kind()) {
            case KNOWN -> known(job, claim.existing());
            case IN_FLIGHT -> {
                job.known = claim.existing();
                job.outcome = Outcome.pending("该单据正由另一次投递开具，结果出来后本文件结果会更新 / this order is being issued by "
                        + "another drop; this file's results are updated when it finishes");
            }
            case REPEATED_IN_INPUT -> {
                job.outcome = Outcome.rejected("单据号在本输入中重复出现 / order number repeated in this input");
                job.problems = List.of(new Problem(draft.firstLine(), Field.ORDER_NO.key(),
                        "单据号“" + orderNo + "”在本文件中已出现过；同一单据的各行须连续，不同单据须用不同单据号",
                        "order number '" + orderNo + "' appeared earlier in this input: the rows of one order must be "
                                + "contiguous and different orders need different numbers"));
            }
            case GRANTED -> {
                try {
                    granted(job, check(draft), claim.existing());
                } catch (LedgerException e) {
                    throw e;
                } catch (RuntimeException e) {
                    // a defect here must not leave the order claimed: nothing was sent, so it may be dropped again
                    LOG.warn("Order {}: could not be prepared ({}: {}); recorded as FAILED", orderNo,
                            e.getClass().getSimpleName(), e.getMessage(), e);
                    job.sendTo = null;
                    job.outcome = Outcome.failed("内部错误，未开票，可重新投递 / internal error (" + e.getClass().getSimpleName()
                            + "); nothing issued, safe to drop again");
                    ledger.outcome(seller, orderNo, job.outcome, null);
                }
            }
        }
        return job.order != null ? job.order : draft;
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
        } else {
            job.outcome = existing.outcome();
            job.vendor = Vendor.of(existing.vendor()).orElse(null);
            if (job.vendor != null && job.outcome.waitingForReview()) {
                job.sendTo = job.vendor.key() + "-review";
            }
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
        if (job.vendor == null) {
            rejectWith(job, new Problem(job.line, Field.SELLER_TAX_ID.key(),
                    "销方" + job.seller + "未配置开票供应商（fapiao.sellers." + job.seller + ".vendor）",
                    "seller " + job.seller + " has no vendor configured (fapiao.sellers." + job.seller + ".vendor)"));
            return;
        }
        if (!job.vendor.issues()) {
            rejectWith(job, new Problem(job.line, Field.SELLER_TAX_ID.key(), job.vendor.cannotIssueZh(),
                    job.vendor.cannotIssueEn()));
            return;
        }
        ledger.submitting(job.seller, job.orderNo, order.type().code(), job.totalAmount, job.totalTax,
                OrderJson.toNode(order).toString());
        job.sendTo = job.vendor.key() + "-issue";
        if (earlier != null && earlier.status().open()) {
            LOG.info("Order {}: taking over from an earlier run that stopped half-way; the vendor de-duplicates by "
                    + "order number, so sending it again cannot issue it twice", job.orderNo);
        }
    }

    private void rejectWith(IssueJob job, Problem problem) {
        rejectWith(job, List.of(problem));
    }

    private void rejectWith(IssueJob job, List<Problem> problems) {
        reject(job, problems);
        ledger.outcome(job.seller, job.orderNo, job.outcome, null);
    }

    private static void reject(IssueJob job, List<Problem> problems) {
        job.problems = problems;
        Problem first = problems.get(0);
        String more = problems.size() > 1 ? "（另有" + (problems.size() - 1) + "项，见错误文件）" : "";
        String moreEn = problems.size() > 1 ? " (and " + (problems.size() - 1) + " more: see the error file)" : "";
        String field = first.field().isEmpty() ? "" : first.field() + ": ";
        job.outcome = Outcome.rejected(field + first.zh() + more + " / " + first.en() + moreEn);
    }

    /** Records the vendor's answer in the ledger, right after the call. */
    public void record(Outcome outcome, Exchange exchange) {
        IssueJob job = exchange.getProperty(JOB, IssueJob.class);
        job.outcome = outcome;
        Instant next = switch (outcome.status()) {
            case PENDING -> schedule.next(0);
            case ISSUED -> outcome.pdfUrl().isEmpty() ? null : schedule.pdfRetry();
            default -> null;
        };
        ledger.outcome(job.seller, job.orderNo, outcome, next);
    }

    /** The vendor route broke in a way that says nothing about the vendor's state: ask the vendor later. */
    public Outcome unknown(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        IssueJob job = exchange.getProperty(JOB, IssueJob.class);
        LOG.warn("Order {}: the call to {} ended unexpectedly ({}); asking the vendor for its outcome",
                job.orderNo, job.getVendorKey(), e == null ? "unknown" : e.getClass().getSimpleName());
        return Outcome.pending("结果未知，正在向供应商查询 / outcome unknown; asking the vendor");
    }

    /** Stores the PDF the vendor served. */
    public void pdf(byte[] pdf, Exchange exchange) {
        IssueJob job = exchange.getProperty(JOB, IssueJob.class);
        job.pdfFile = results.writePdf(job.orderNo, job.outcome.invoiceNo(), pdf);
        job.changed = true;
        ledger.pdfFile(job.seller, job.orderNo, job.pdfFile);
    }

    /** The invoice stands; its PDF is fetched again later, backing off like a poll. */
    public void pdfFailed(Exchange exchange) {
        IssueJob job = exchange.getProperty(JOB, IssueJob.class);
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        LOG.warn("Order {}: invoice {} issued, its PDF not fetched yet ({}); will try again", job.orderNo,
                job.outcome.invoiceNo(), e == null ? "" : e.getClass().getSimpleName() + ": " + e.getMessage());
        int polls = job.known == null ? 0 : job.known.polls();
        ledger.polled(job.seller, job.orderNo, job.outcome.message(), schedule.next(polls + 1));
    }

    /** Writes the order's line of its drop, its JSON file, and brings other drops waiting on it up to date. */
    public void finish(Exchange exchange) {
        IssueJob job = exchange.getProperty(JOB, IssueJob.class);
        Outcome o = job.outcome;
        ledger.entry(job.drop.id(), new ResultRow(job.seq, job.line, job.seller, job.orderNo, o.status(),
                o.invoiceNo(), o.issuedAt(), job.totalAmount, job.totalTax, job.pdfFile, o.message()));
        if (!job.problems.isEmpty()) {
            ledger.errors(job.drop.id(), job.seq, job.orderNo, job.problems);
        }
        LOG.info("Order {} ({} line {}): {}{}", job.orderNo, job.drop.fileName(), job.line, o.status(),
                o.invoiceNo().isEmpty() ? "" : " " + o.invoiceNo());
        if (!job.keyed()) {
            return;
        }
        Optional<LedgerOrder> row = ledger.find(job.seller, job.orderNo);
        if (job.sendTo != null && !o.status().open()) {
            results.settle(job.seller, job.orderNo, o, job.pdfFile, job.drop.id());
        } else if (o.status() == OrderStatus.PENDING) {
            // reported pending because another drop or the poller had it: if that finished before this line was
            // written, nobody else would settle the line
            row.filter(r -> !r.status().open()).ifPresent(r ->
                    ledger.settleEntries(job.seller, job.orderNo, r.outcome(), r.pdfFile()));
        }
        row.ifPresent(r -> results.writeOrder(r, job.drop, job.line, job.problems));
    }

    /** How long to wait between polls of a pending order: doubling from a minimum up to a maximum. */
    public record PollSchedule(Duration min, Duration max, Duration pdfRetryAfter) {

        public Instant next(int polls) {
            long ms = min.toMillis() << Math.min(polls, 20);
            return Instant.now().plusMillis(Math.min(ms, max.toMillis()));
        }

        public Instant pdfRetry() {
            return Instant.now().plus(pdfRetryAfter);
        }
    }
}

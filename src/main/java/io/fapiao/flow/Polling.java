package io.fapiao.flow;

import io.fapiao.ledger.Drop;
import io.fapiao.ledger.Ledger;
import io.fapiao.ledger.LedgerOrder;
import io.fapiao.order.OrderStatus;
import io.fapiao.order.Outcome;
import io.fapiao.vendor.Vendor;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * The steps of the polling route: pending orders are asked about at their vendor with growing pauses until they are
 * issued or failed, and issued invoices whose PDF could not be fetched are fetched again. Each outcome rewrites the
 * result files of every drop that holds the order.
 */
public final class Polling {

    private static final Logger LOG = LoggerFactory.getLogger(Polling.class);
    /** An issued invoice's PDF is asked for this many times before the operator has to look. */
    static final int MAX_PDF_ATTEMPTS = 30;
    /**
     * A vendor that says it has no such order is believed only after this many polls: an order whose call timed out
     * may still be on its way in, and calling it failed too early would report an invoice that exists as not issued.
     */
    static final int POLLS_TO_CONFIRM_FAILURE = 5;

    private final Ledger ledger;
    private final ResultFiles results;
    private final Issuing.PollSchedule schedule;

    public Polling(Ledger ledger, ResultFiles results, Issuing.PollSchedule schedule) {
        this.ledger = ledger;
        this.results = results;
        this.schedule = schedule;
    }

    public LedgerOrder prepare(LedgerOrder o, Exchange exchange) {
        Drop drop = ledger.drop(o.dropId()).orElse(new Drop(o.dropId(), "", ""));
        IssueJob job = new IssueJob(drop, o.dropSeq(), ledger.lineOf(o.dropId(), o.dropSeq()), o.sellerTaxId(),
                o.orderNo());
        job.known = o;
        job.vendor = Vendor.of(o.vendor()).orElse(null);
        job.pdfFile = o.pdfFile();
        job.totalAmount = o.totalAmount();
        job.totalTax = o.totalTax();
        job.outcome = o.outcome();
        if (o.status() == OrderStatus.PENDING && job.vendor != null) {
            job.sendTo = job.vendor.key() + "-poll";
        }
        exchange.setProperty(Issuing.JOB, job);
        return o;
    }

    public void record(Outcome outcome, Exchange exchange) {
        IssueJob job = exchange.getProperty(Issuing.JOB, IssueJob.class);
        int polls = job.known.polls() + 1;
        if (outcome.status() == OrderStatus.FAILED && polls < POLLS_TO_CONFIRM_FAILURE) {
            ledger.polled(job.seller, job.orderNo, job.known.message(), schedule.next(polls));
            return;
        }
        if (outcome.status() == OrderStatus.PENDING) {
            ledger.polled(job.seller, job.orderNo, outcome.message(), schedule.next(polls));
            if (!outcome.message().equals(job.known.message())) {
                job.outcome = outcome;
                job.changed = true;
            }
            return;
        }
        job.outcome = outcome;
        job.changed = true;
        ledger.outcome(job.seller, job.orderNo, outcome,
                outcome.status() == OrderStatus.ISSUED && !outcome.pdfUrl().isEmpty() ? schedule.pdfRetry() : null);
        LOG.info("Order {}: {}{} after {} polls", job.orderNo, outcome.status(),
                outcome.invoiceNo().isEmpty() ? "" : " " + outcome.invoiceNo(), polls);
    }

    /** The poll itself failed (vendor unreachable): keep the order pending and ask again later. */
    public void trouble(Exchange exchange) {
        IssueJob job = exchange.getProperty(Issuing.JOB, IssueJob.class);
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        LOG.warn("Order {}: polling {} failed ({}); asking again later", job.orderNo, job.getVendorKey(),
                e == null ? "" : e.getClass().getSimpleName());
        ledger.polled(job.seller, job.orderNo, job.known.message(), schedule.next(job.known.polls() + 1));
    }

    /** When the order is settled (or its PDF arrived), every drop holding it gets its lines and files rewritten. */
    public void finish(Exchange exchange) {
        IssueJob job = exchange.getProperty(Issuing.JOB, IssueJob.class);
        if (!job.changed) {
            return;
        }
        results.settle(job.seller, job.orderNo, job.outcome, job.pdfFile, -1);
        ledger.find(job.seller, job.orderNo).ifPresent(row -> results.writeOrder(row, job.drop, job.line, List.of()));
    }
}

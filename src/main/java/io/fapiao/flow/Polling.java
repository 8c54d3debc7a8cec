package io.fapiao.flow;

import io.fapiao.config.Sellers;
import io.fapiao.ledger.Drop;
import io.fapiao.ledger.DropLedger;
import io.fapiao.ledger.Ledger;
import io.fapiao.ledger.LedgerOrder;
import io.fapiao.order.NextStep;
import io.fapiao.order.Order;
import io.fapiao.order.OrderJsonReader;
import io.fapiao.order.OrderStatus;
import io.fapiao.order.Outcome;
import io.fapiao.tax.Checked;
import io.fapiao.tax.OrderRules;
import io.fapiao.vendor.Vendor;
import io.fapiao.vendor.Vendors;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.Set;

/**
 * The steps of the polling route: orders this instance took (under a lease) because their time had come. A pending
 * order is asked about at its vendor with growing pauses until it settles, one the vendor refused before doing
 * anything is sent again, and an issued invoice whose PDF could not be fetched is fetched again. Every outcome
 * brings the lines of every drop that holds the order up to date; their owners write the files again.
 */
public final class Polling {

    private static final Logger LOG = LoggerFactory.getLogger(Polling.class);
    /** An issued invoice's PDF is asked for this many times before the operator has to look. */
    static final int MAX_PDF_ATTEMPTS = 30;

    private final Ledger ledger;
    private final DropLedger drops;
    private final Sellers sellers;
    private final Vendors vendors;
    private final OrderRules rules;
    private final Issuing issuing;
    private final Issuing.PollSchedule schedule;

    public Polling(Ledger ledger, DropLedger drops, Sellers sellers, Vendors vendors, OrderRules rules,
                   Issuing issuing, Issuing.PollSchedule schedule) {
        this.ledger = ledger;
        this.drops = drops;
        this.sellers = sellers;
        this.vendors = vendors;
        this.rules = rules;
        this.issuing = issuing;
        this.schedule = schedule;
    }

    /** Decides what is done with a taken order; the body becomes the order to send when it is sent again. */
    public Object prepare(LedgerOrder o, Exchange exchange) {
        Object body = decide(o, exchange);
        exchange.setProperty(Issuing.ACTION, exchange.getProperty(Issuing.JOB, IssueJob.class).action.name());
        return body;
    }

    private Object decide(LedgerOrder o, Exchange exchange) {
        IssueJob job = new IssueJob(new Drop(o.dropId(), "", "", ""), o.dropSeq(), 0, o.sellerTaxId(), o.orderNo());
        job.claimed = true;
        job.known = o;
        job.seller = sellers.of(o.sellerTaxId()).orElse(null);
        job.vendor = Vendor.of(o.vendor()).flatMap(vendors::issuing).orElse(null);
        job.pdfFile = o.pdfFile();
        job.totalAmount = o.totalAmount();
        job.totalTax = o.totalTax();
        job.outcome = o.outcome();
        exchange.setProperty(Issuing.JOB, job);
        if (job.vendor == null || job.seller == null) {
            LOG.warn("Order {}: its seller {} or vendor {} is no longer configured; it waits", o.orderNo(),
                    o.sellerTaxId(), o.vendor());
            ledger.polled(o.sellerTaxId(), o.orderNo(), o.message(), schedule.next(o.polls() + 1));
            return o;
        }
        if (o.status() == OrderStatus.ISSUED) {
            job.action = IssueJob.Action.FILE;
        } else if (o.next() == NextStep.RESEND) {
            Order order = storedOrder(o);
            if (order == null) {
                // cannot be sent again as it was: ask the vendor, which settles it either way
                job.action = IssueJob.Action.POLL;
            } else if (ledger.resending(o.sellerTaxId(), o.orderNo())) {
                job.action = IssueJob.Action.ISSUE;
                job.order = order;
                return order;
            } else {
                ledger.release(o.sellerTaxId(), o.orderNo());
            }
        } else if (o.next() == NextStep.RESUBMIT) {
            if (ledger.resubmittingDue(o.sellerTaxId(), o.orderNo())) {
                job.action = IssueJob.Action.RESUBMIT;
            } else {
                ledger.release(o.sellerTaxId(), o.orderNo());
            }
        } else {
            job.action = IssueJob.Action.POLL;
        }
        return o;
    }

    /** The order as it was checked when first sent, checked again from what the ledger kept. */
    private Order storedOrder(LedgerOrder o) {
        try {
            Checked checked = rules.check(OrderJsonReader.toDraft("ledger", o.dropSeq(),
                    OrderJsonReader.MAPPER.readTree(o.orderJson()), 0, Set.of()));
            return checked.order();
        } catch (Exception e) {
            LOG.warn("Order {}: the order kept in the ledger cannot be read back ({}); it is asked about instead",
                    o.orderNo(), e.getMessage());
            return null;
        }
    }

    public Outcome poll(Exchange exchange) {
        IssueJob job = exchange.getProperty(Issuing.JOB, IssueJob.class);
        job.askedAt = java.time.Instant.now();
        return job.vendor.poll(job.known, job.seller);
    }

    public void record(Outcome outcome, Exchange exchange) {
        IssueJob job = exchange.getProperty(Issuing.JOB, IssueJob.class);
        LedgerOrder known = job.known;
        int polls = known.polls() + 1;
        // a new handle from the vendor (a red-letter form found) is recorded like any other change
        boolean sameRef = outcome.vendorRef().isEmpty() || outcome.vendorRef().equals(known.vendorRef());
        if (outcome.status() == OrderStatus.PENDING && outcome.next() == NextStep.POLL
                && known.next() == NextStep.POLL && sameRef) {
            ledger.polled(job.sellerTaxId, job.orderNo, outcome.message(), outcome.askAfter() != null
                    ? Instant.now().plus(outcome.askAfter()) : schedule.next(polls));
            if (!outcome.message().equals(known.message())) {
                job.outcome = outcome;
                job.changed = true;
            }
            return;
        }
        job.outcome = issuing.settle(job, outcome);
        job.changed = true;
        if (!job.outcome.status().open()) {
            LOG.info("Order {}: {}{} after {} polls", job.orderNo, job.outcome.status(),
                    job.outcome.invoiceNo().isEmpty() ? "" : " " + job.outcome.invoiceNo(), polls);
        }
    }

    /** The poll itself broke: keep the order pending and ask again later. */
    public void trouble(Exchange exchange) {
        IssueJob job = exchange.getProperty(Issuing.JOB, IssueJob.class);
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        LOG.warn("Order {}: asking {} failed ({}); asking again later", job.orderNo,
                job.vendor == null ? "?" : job.vendor.key().key(), e == null ? "" : e.getMessage());
        ledger.polled(job.sellerTaxId, job.orderNo, job.known.message(), schedule.next(job.known.polls() + 1));
    }

    /** When the order changed (settled, a new reason, its PDF), every drop holding it follows. */
    public void finish(Exchange exchange) {
        IssueJob job = exchange.getProperty(Issuing.JOB, IssueJob.class);
        if (job.fileStored) {
            ledger.pdfFile(job.sellerTaxId, job.orderNo, job.pdfFile);
        }
        if (job.changed) {
            drops.settle(job.sellerTaxId, job.orderNo, job.outcome, job.pdfFile);
        }
    }
}

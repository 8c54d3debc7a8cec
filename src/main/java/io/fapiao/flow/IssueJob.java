package io.fapiao.flow;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fapiao.config.Seller;
import io.fapiao.ledger.Drop;
import io.fapiao.ledger.LedgerOrder;
import io.fapiao.order.Order;
import io.fapiao.order.OrderStatus;
import io.fapiao.order.Outcome;
import io.fapiao.order.Problem;
import io.fapiao.vendor.InvoiceVendor;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * One order on its way through the routes: where it came from, what the ledger and the checks said, what is done
 * with it next and what came back. Kept in the exchange property {@code fapiaoJob}; the routes read {@code action}.
 */
public final class IssueJob {

    /** What the order's route does next. */
    public enum Action {
        /** Nothing to send: the outcome is known (reported again, rejected, or being issued elsewhere). */
        NONE,
        /** Send it to the vendor for issuing. */
        ISSUE,
        /** Send it back to issuing at the vendor (it was held for review, or until the seller logged in again). */
        RESUBMIT,
        /** Ask the vendor about it. */
        POLL,
        /** Only its invoice file is still to be fetched. */
        FILE
    }

    final Drop drop;
    final int seq;
    final long line;
    final String sellerTaxId;
    final String orderNo;
    Seller seller;
    InvoiceVendor vendor;
    Order order;
    LedgerOrder known;
    List<Problem> problems = List.of();
    Outcome outcome;
    Action action = Action.NONE;
    String pdfFile = "";
    /** Something the result files show changed (outcome, message or PDF): they are written again. */
    boolean changed;
    BigDecimal totalAmount;
    BigDecimal totalTax;
    /** When the latest vendor call for it left: an answer older than the seller's latest login is stale. */
    Instant askedAt;
    /** The checked order as the ledger keeps it ({@link io.fapiao.order.OrderJson}), when this job wrote it. */
    ObjectNode orderJson;
    String orderJsonText;

    IssueJob(Drop drop, int seq, long line, String sellerTaxId, String orderNo) {
        this.drop = drop;
        this.seq = seq;
        this.line = line;
        this.sellerTaxId = sellerTaxId;
        this.orderNo = orderNo;
    }

    /** What the route does next: {@code NONE}, {@code ISSUE}, {@code RESUBMIT}, {@code POLL} or {@code FILE}. */
    public String getAction() {
        return action.name();
    }

    /** The invoice file still has to be fetched: issued, the vendor gave a link, and no file is written yet. */
    public boolean isWantsFile() {
        return outcome != null && outcome.status() == OrderStatus.ISSUED && !outcome.pdfUrl().isEmpty()
                && pdfFile.isEmpty() && vendor != null;
    }

    /** The order has a ledger row (its number and seller were valid keys, and it was claimed). */
    boolean claimed;
    /** The invoice file was stored by this job and is still to be recorded on the order's row. */
    boolean fileStored;
    /** Its ledger row was made by this job's claim: the row is what this job wrote, nothing else. */
    boolean fresh;

    /**
     * The order's ledger row as this job left it: the row it read, with the outcome and file it wrote since — what a
     * read would answer, without the read. Another writer's later change is not in it; the ledger's forward-only
     * updates keep that one.
     */
    LedgerOrder row() {
        Outcome o = outcome;
        if (known != null) {
            LedgerOrder k = known;
            return new LedgerOrder(k.sellerTaxId(), k.orderNo(), k.vendor(), k.invoiceType(), o.status(), o.invoiceNo(),
                    o.issuedAt(), totalAmount, totalTax, o.checkCode(), o.pdfUrl(), pdfFile, o.message(), o.next(),
                    o.vendorRef().isEmpty() ? k.vendorRef() : o.vendorRef(), k.dropId(), k.dropSeq(), k.orderJson(),
                    k.polls(), k.nextPollAt(), k.submittedAt(), Instant.now(), k.owner());
        }
        return new LedgerOrder(sellerTaxId, orderNo, seller == null ? "" : seller.vendor().key(),
                order == null ? "" : order.type().name(), o.status(), o.invoiceNo(), o.issuedAt(), totalAmount, totalTax,
                o.checkCode(), o.pdfUrl(), pdfFile, o.message(), o.next(), o.vendorRef(), drop.id(), seq,
                orderJsonText, 0, null, askedAt, Instant.now(), null);
    }
}

package io.fapiao.flow;

import io.fapiao.ledger.Drop;
import io.fapiao.ledger.LedgerOrder;
import io.fapiao.order.Order;
import io.fapiao.order.OrderStatus;
import io.fapiao.order.Outcome;
import io.fapiao.order.Problem;
import io.fapiao.vendor.Vendor;

import java.math.BigDecimal;
import java.util.List;

/**
 * One order on its way through the routes: where it came from, what the ledger and the checks said, where it is
 * sent and what came back. Kept in the exchange property {@code fapiaoJob}; the routes read {@code sendTo}.
 */
public final class IssueJob {

    final Drop drop;
    final int seq;
    final long line;
    final String seller;
    final String orderNo;
    Vendor vendor;
    Order order;
    LedgerOrder known;
    List<Problem> problems = List.of();
    Outcome outcome;
    String sendTo;
    String pdfFile = "";
    /** Something the result files show changed (outcome, message or PDF): they are written again. */
    boolean changed;
    BigDecimal totalAmount;
    BigDecimal totalTax;

    IssueJob(Drop drop, int seq, long line, String seller, String orderNo) {
        this.drop = drop;
        this.seq = seq;
        this.line = line;
        this.seller = seller;
        this.orderNo = orderNo;
    }

    /** The vendor route to call next ({@code yun2-issue}, {@code yun2-poll}, …), or null when there is none. */
    public String getSendTo() {
        return sendTo;
    }

    public LedgerOrder getKnown() {
        return known;
    }

    public String getVendorKey() {
        return vendor == null ? "" : vendor.key();
    }

    /** The PDF still has to be fetched: issued, the vendor gave a URL, and no file is written yet. */
    public boolean isWantsPdf() {
        return outcome != null && outcome.status() == OrderStatus.ISSUED && !outcome.pdfUrl().isEmpty()
                && pdfFile.isEmpty();
    }

    public String getPdfUrl() {
        return outcome == null ? "" : outcome.pdfUrl();
    }

    /** Whether the order number can name files and ledger rows. */
    boolean keyed() {
        return orderNo != null && !orderNo.isEmpty() && seller != null && !seller.isEmpty();
    }
}

package io.fapiao.vendor.yun2;

import io.fapiao.config.Seller;
import io.fapiao.ledger.LedgerOrder;
import io.fapiao.order.NextStep;
import io.fapiao.order.Order;
import io.fapiao.order.Outcome;
import io.fapiao.vendor.InvoiceLister;
import io.fapiao.vendor.InvoiceVendor;
import io.fapiao.vendor.ListedInvoice;
import io.fapiao.vendor.Vendor;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * yun2 as an {@link InvoiceVendor}: each operation is one route of {@code vendor-yun2.camel.yaml}, called with the
 * seller's enterprise ({@code spid}). A seller yun2 does not know is rejected before anything is sent.
 */
public final class Yun2Vendor implements InvoiceVendor, InvoiceLister {

    private final ProducerTemplate template;
    private final Yun2Spids spids;

    /** @param spids the seller's enterprise, shared with the login side ({@link Yun2LoginVendor}) */
    Yun2Vendor(ProducerTemplate template, Yun2Spids spids) {
        this.template = template;
        this.spids = spids;
    }

    /** The account's enterprises (TERM/LIST), read through the routes: a seller's {@code spid}. */
    static Yun2Spids spids(ProducerTemplate template) {
        return new Yun2Spids(() -> {
            Exchange answer = template.send("direct:yun2-term-list", e -> e.getIn().setBody(null));
            if (answer.getException() != null) {
                throw new IllegalStateException("yun2 TERM/LIST failed: " + answer.getException().getMessage(),
                        answer.getException());
            }
            return answer.getMessage().getBody(String.class);
        });
    }

    @Override
    public Vendor key() {
        return Vendor.YUN2;
    }

    @Override
    public Outcome issue(Order order, Seller seller) {
        Optional<String> spid;
        try {
            spid = spids.spidOf(seller);
        } catch (RuntimeException e) {
            return Outcome.failed("无法向yun2查询销方企业（TERM/LIST），未开票，可重新投递 / could not look the seller up at yun2 "
                    + "(TERM/LIST); nothing issued, safe to drop again");
        }
        if (spid.isEmpty()) {
            return Outcome.rejected(unknownSeller(seller));
        }
        return call("direct:yun2-issue", order, spid.get(), Outcome.class);
    }

    @Override
    public Outcome poll(LedgerOrder order, Seller seller) {
        return withSpid(order, seller, "direct:yun2-poll", NextStep.POLL);
    }

    @Override
    public Outcome resubmit(LedgerOrder order, Seller seller) {
        return withSpid(order, seller, "direct:yun2-review", NextStep.REVIEW);
    }

    @Override
    public byte[] invoiceFile(LedgerOrder order, Seller seller) {
        return call("direct:yun2-pdf", order.pdfUrl(), "", byte[].class);
    }

    /** FPLIST of the seller's enterprise for one day, every page (for reconciliation). */
    @Override
    @SuppressWarnings("unchecked")
    public List<ListedInvoice> invoicesOn(Seller seller, LocalDate day) {
        String spid = spids.spidOf(seller).orElseThrow(() -> new IllegalStateException(unknownSeller(seller)));
        return call("direct:yun2-invoice-list", day, spid, List.class);
    }

    private Outcome withSpid(LedgerOrder order, Seller seller, String route, NextStep stay) {
        Optional<String> spid;
        try {
            spid = spids.spidOf(seller);
        } catch (RuntimeException e) {
            spid = Optional.empty();
        }
        if (spid.isEmpty()) {
            // the order was sent with a spid once: it stays pending until yun2 lists the seller again
            return Outcome.pending(unknownSeller(seller), stay).withVendorRef(order.vendorRef());
        }
        return call(route, order, spid.get(), Outcome.class);
    }

    private static String unknownSeller(Seller seller) {
        return "yun2账号下没有销方" + seller.taxId() + "（TERM/LIST未列出；可设置fapiao.sellers." + seller.taxId()
                + ".spid） / yun2 does not know seller " + seller.taxId() + " (not in its TERM/LIST; set fapiao.sellers."
                + seller.taxId() + ".spid)";
    }

    private <T> T call(String route, Object body, String spid, Class<T> type) {
        Exchange answer = template.send(route, e -> {
            e.getIn().setBody(body);
            e.setProperty(Yun2Calls.SPID, spid);
            if (body instanceof LedgerOrder row) {
                e.setProperty(Yun2Calls.ROW, row);
                e.setProperty(ORDER_NO, row.orderNo());
            } else if (body instanceof Order order) {
                e.setProperty(ORDER_NO, order.orderNo());
            }
        });
        if (answer.getException() != null) {
            throw new IllegalStateException("yun2 " + route.substring("direct:yun2-".length()) + " failed: "
                    + answer.getException().getMessage(), answer.getException());
        }
        T result = answer.getMessage().getBody(type);
        if (result == null) {
            throw new IllegalStateException("yun2 " + route.substring("direct:yun2-".length()) + " answered nothing");
        }
        return result;
    }
}

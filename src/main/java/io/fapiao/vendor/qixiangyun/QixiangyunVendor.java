package io.fapiao.vendor.qixiangyun;

import io.fapiao.config.Seller;
import io.fapiao.ledger.LedgerOrder;
import io.fapiao.order.Field;
import io.fapiao.order.Order;
import io.fapiao.order.OrderJsonReader;
import io.fapiao.order.Outcome;
import io.fapiao.vendor.InvoiceLister;
import io.fapiao.vendor.InvoiceVendor;
import io.fapiao.vendor.ListedInvoice;
import io.fapiao.vendor.RedLetterForm;
import io.fapiao.vendor.RedLetterForms;
import io.fapiao.vendor.Vendor;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * qixiangyun as an {@link InvoiceVendor}: each operation is one route of {@code vendor-qixiangyun.camel.yaml}. A blue
 * order is issued with fpkjZzs; a red one through its red-letter form (hzqrxxSave, hzqrxxDetail, hzFpkj). It also
 * lists a day's invoices for reconciliation (fpcx) and lets the seller answer forms its buyers filed.
 */
public final class QixiangyunVendor implements InvoiceVendor, InvoiceLister, RedLetterForms {

    private final ProducerTemplate template;

    public QixiangyunVendor(ProducerTemplate template) {
        this.template = template;
    }

    @Override
    public Vendor key() {
        return Vendor.QIXIANGYUN;
    }

    @Override
    public Outcome issue(Order order, Seller seller) {
        Optional<String[]> why = QixiangyunMapping.cannotIssue(order);
        if (why.isPresent()) {
            return Outcome.rejected(why.get()[0] + " / " + why.get()[1]);
        }
        return call(order.red() ? "direct:qixiangyun-red" : "direct:qixiangyun-issue", order, seller, Outcome.class,
                e -> { });
    }

    @Override
    public Outcome poll(LedgerOrder order, Seller seller) {
        return call(red(order) ? "direct:qixiangyun-poll-red" : "direct:qixiangyun-poll", order, seller, Outcome.class,
                e -> e.setProperty(QixiangyunCalls.ROW, order));
    }

    /** qixiangyun holds no order for review: a resubmitted order is asked about like any pending one. */
    @Override
    public Outcome resubmit(LedgerOrder order, Seller seller) {
        return poll(order, seller);
    }

    @Override
    public byte[] invoiceFile(LedgerOrder order, Seller seller) {
        return call("direct:qixiangyun-file", order, seller, byte[].class, e -> { });
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<ListedInvoice> invoicesOn(Seller seller, LocalDate day) {
        return call("direct:qixiangyun-invoice-list", null, seller, List.class, e -> e.setProperty("qxyDay", day));
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<RedLetterForm> waitingForSeller(Seller seller) {
        return call("direct:qixiangyun-red-forms", null, seller, List.class, e -> { });
    }

    @Override
    public RedLetterForm answer(Seller seller, String formId, boolean accept) {
        return call("direct:qixiangyun-red-form-answer", null, seller, RedLetterForm.class, e -> {
            e.setProperty("qxyForm", formId);
            e.setProperty("qxyAccept", accept);
        });
    }

    /** A red order: it was sent with the blue invoice it reverses. */
    private static boolean red(LedgerOrder o) {
        if (o.orderJson() == null) {
            return o.totalAmount() != null && o.totalAmount().signum() < 0;
        }
        try {
            return !OrderJsonReader.MAPPER.readTree(o.orderJson()).path(Field.ORIGINAL_INVOICE_NO.key()).asText("").isEmpty();
        } catch (Exception e) {
            return o.totalAmount() != null && o.totalAmount().signum() < 0;
        }
    }

    private <T> T call(String route, Object body, Seller seller, Class<T> type, Consumer<Exchange> more) {
        Exchange answer = template.send(route, e -> {
            e.getIn().setBody(body);
            e.setProperty(QixiangyunCalls.SELLER, seller);
            if (body instanceof LedgerOrder row) {
                e.setProperty(ORDER_NO, row.orderNo());
            } else if (body instanceof Order order) {
                e.setProperty(ORDER_NO, order.orderNo());
            }
            more.accept(e);
        });
        String name = route.substring("direct:qixiangyun-".length());
        if (answer.getException() != null) {
            Exception e = answer.getException();
            if (e instanceof IllegalArgumentException) {
                throw (IllegalArgumentException) e;
            }
            throw new IllegalStateException("qixiangyun " + name + " failed: " + e.getMessage(), e);
        }
        T result = answer.getMessage().getBody(type);
        if (result == null) {
            throw new IllegalStateException("qixiangyun " + name + " answered nothing");
        }
        return result;
    }
}

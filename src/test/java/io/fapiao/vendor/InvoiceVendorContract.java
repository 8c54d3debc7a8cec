package io.fapiao.vendor;

import io.fapiao.config.Seller;
import io.fapiao.config.Sellers;
import io.fapiao.flow.RouteTestSupport;
import io.fapiao.ledger.LedgerOrder;
import io.fapiao.order.Field;
import io.fapiao.order.NextStep;
import io.fapiao.order.Order;
import io.fapiao.order.OrderStatus;
import io.fapiao.order.Outcome;
import io.fapiao.tax.Checked;
import io.fapiao.tax.Drafts;
import io.fapiao.tax.OrderRules;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every issuing vendor promises the flows, checked through {@link InvoiceVendor} alone against its simulator
 * (the bundle in sandbox mode, the vendor's routes over loopback HTTP). A vendor's test extends this and says how to
 * make its simulator answer asynchronously, and how to make it reject an order.
 */
public abstract class InvoiceVendorContract extends RouteTestSupport {

    protected static final String SELLER = "91310115MA1K4B2X34";

    protected abstract Vendor vendor();

    /** The simulator answers "accepted, still issuing" for the next orders, finishing after a few polls. */
    protected abstract void issueAsynchronously();

    /** The simulator refuses the data of orders whose item name contains {@code text}. */
    protected abstract void rejectItem(String text);

    @Override
    protected void more(Properties p) {
        p.put("fapiao.seller.vendor", vendor().key());
    }

    protected InvoiceVendor subject() {
        return context.getRegistry().lookupByNameAndType("vendors", Vendors.class).issuing(vendor()).orElseThrow();
    }

    protected Seller seller() {
        return context.getRegistry().lookupByNameAndType("sellers", Sellers.class).of(SELLER).orElseThrow();
    }

    protected static Order order(String orderNo, String item) {
        Checked checked = new OrderRules(SELLER).check(Drafts.order(orderNo).line(Field.ITEM_NAME, item, Field.QUANTITY,
                "2", Field.UNIT_PRICE, "50", Field.AMOUNT, "100.00").draft());
        assertTrue(checked.ok(), () -> checked.problems().toString());
        return checked.order();
    }

    /** The ledger row the flows hand to poll, resubmit and invoiceFile after an issue call. */
    protected static LedgerOrder row(Order o, Outcome out) {
        return new LedgerOrder(SELLER, o.orderNo(), "", o.type().name(), out.status(), out.invoiceNo(), out.issuedAt(),
                o.totalAmount(), o.totalTax(), out.checkCode(), out.pdfUrl(), "", out.message(), out.next(),
                out.vendorRef(), 1, 1, io.fapiao.order.OrderJson.toNode(o).toString(), 0, Instant.now(),
                Instant.now().minusSeconds(3600), Instant.now(), null);
    }

    /** Polls until the outcome settles or stops being POLL; fails after a while. */
    protected Outcome pollUntilSettled(Order o, Outcome first) throws InterruptedException {
        Outcome out = first;
        for (int i = 0; i < 60 && out.status() == OrderStatus.PENDING && out.next() == NextStep.POLL; i++) {
            Thread.sleep(100);
            Outcome polled = subject().poll(row(o, out), seller());
            out = polled.vendorRef().isEmpty() ? polled.withVendorRef(out.vendorRef()) : polled;
        }
        return out;
    }

    @Test
    void anOrderIsIssuedWithANumberAndItsPdf() throws Exception {
        Order o = order("CT-" + vendor().key() + "-1", "龙井茶");
        Outcome out = pollUntilSettled(o, subject().issue(o, seller()));
        assertEquals(OrderStatus.ISSUED, out.status(), out::toString);
        assertTrue(out.invoiceNo().matches("\\d{20}"), out.invoiceNo());
        assertFalse(out.issuedAt().isEmpty());
        byte[] pdf = subject().invoiceFile(row(o, out), seller());
        assertEquals("%PDF-", new String(pdf, 0, 5, StandardCharsets.ISO_8859_1));
    }

    @Test
    void sendingTheSameOrderAgainNeverMakesASecondInvoice() throws Exception {
        Order o = order("CT-" + vendor().key() + "-2", "龙井茶");
        Outcome first = pollUntilSettled(o, subject().issue(o, seller()));
        Outcome again = pollUntilSettled(o, subject().issue(o, seller()));
        assertEquals(OrderStatus.ISSUED, again.status(), again::toString);
        assertEquals(first.invoiceNo(), again.invoiceNo());
    }

    @Test
    void anAsynchronousIssueIsPendingAndFinishedByPolling() throws Exception {
        issueAsynchronously();
        Order o = order("CT-" + vendor().key() + "-3", "龙井茶");
        Outcome first = subject().issue(o, seller());
        assertEquals(OrderStatus.PENDING, first.status(), first::toString);
        assertEquals(NextStep.POLL, first.next());
        Outcome out = pollUntilSettled(o, first);
        assertEquals(OrderStatus.ISSUED, out.status(), out::toString);
    }

    @Test
    void dataTheVendorRefusesIsRejectedWithItsReason() {
        rejectItem("禁售品");
        Outcome out = subject().issue(order("CT-" + vendor().key() + "-4", "禁售品"), seller());
        assertEquals(OrderStatus.REJECTED, out.status(), out::toString);
        assertFalse(out.message().isBlank());
    }

    @Test
    void anOrderTheVendorNeverSawIsNotFailedByAPollThatCannotBeSure() {
        Order o = order("CT-" + vendor().key() + "-5", "龙井茶");
        Outcome sentJustNow = Outcome.pending("sent");
        LedgerOrder row = new LedgerOrder(SELLER, o.orderNo(), "", o.type().name(), OrderStatus.PENDING, "", "",
                o.totalAmount(), o.totalTax(), "", "", "", "", NextStep.POLL, "", 1, 1, "{}", 0, Instant.now(),
                Instant.now(), Instant.now(), null);
        Outcome polled = subject().poll(row, seller());
        assertNotEquals(OrderStatus.FAILED, polled.status(), "just sent: an answer could still be on its way");
        assertNotEquals(OrderStatus.ISSUED, polled.status());
        assertTrue(sentJustNow.status() == OrderStatus.PENDING && new BigDecimal("113.00").compareTo(
                o.totalAmount().add(o.totalTax())) == 0);
    }
}

package io.fapiao.flow;

import io.fapiao.ledger.LedgerOrder;
import io.fapiao.order.OrderStatus;
import io.fapiao.vendor.ListedInvoice;
import io.fapiao.vendor.Vendor;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ReconciliationCompareTest {

    private static final LocalDate DAY = LocalDate.of(2026, 3, 8);

    private static LedgerOrder issued(String orderNo, String invoiceNo, String amount, String tax) {
        return new LedgerOrder("91310115MA1K4B2X34", orderNo, "qixiangyun", "DIGITAL_NORMAL", OrderStatus.ISSUED,
                invoiceNo, "2026-03-08 10:00:00", new BigDecimal(amount), new BigDecimal(tax), "", "", "", "", null, "",
                1, 1, "{}", 0, null, null, null, null);
    }

    private static ListedInvoice listed(String invoiceNo, String amount, String tax, ListedInvoice.State state) {
        return new ListedInvoice(invoiceNo, "2026-03-08 10:00:00", "", false, "", new BigDecimal(amount),
                new BigDecimal(tax), state);
    }

    @Test
    void everyKindOfDifferenceIsOneRowAndAMatchIsNone() {
        List<Reconciliation.Row> rows = Reconciliation.compare(DAY, "91310115MA1K4B2X34", Vendor.QIXIANGYUN, List.of(
                issued("A", "1", "100.00", "13.00"),
                issued("B", "2", "100.00", "13.00"),
                issued("C", "3", "100.00", "13.00"),
                issued("D", "4", "100.00", "13.00"),
                issued("E", "5", "100.00", "13.00")), List.of(
                listed("1", "100", "13", ListedInvoice.State.NORMAL),
                listed("2", "100.00", "13.01", ListedInvoice.State.NORMAL),
                listed("3", "100.00", "13.00", ListedInvoice.State.VOIDED),
                listed("4", "99.00", "13.00", ListedInvoice.State.PARTLY_RED_FLUSHED),
                listed("9", "-100.00", "-13.00", ListedInvoice.State.NORMAL)));
        assertEquals(List.of("2 AMOUNT_DIFFERS", "3 VOIDED", "4 AMOUNT_DIFFERS", "4 PARTLY_RED_FLUSHED",
                "5 MISSING_AT_VENDOR", "9 MISSING_IN_LEDGER"), rows.stream()
                .map(r -> r.invoiceNo() + " " + r.finding()).toList());
        assertEquals("E", rows.get(4).orderNo());
    }
}

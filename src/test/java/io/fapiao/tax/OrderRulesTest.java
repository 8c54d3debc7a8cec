package io.fapiao.tax;

import io.fapiao.order.Field;
import io.fapiao.order.InvoiceLine;
import io.fapiao.order.InvoiceType;
import io.fapiao.order.Order;
import io.fapiao.order.Problem;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static io.fapiao.order.Field.AMOUNT;
import static io.fapiao.order.Field.AMOUNT_INCL_TAX;
import static io.fapiao.order.Field.ITEM_NAME;
import static io.fapiao.order.Field.ITEM_UNIT;
import static io.fapiao.order.Field.LINE_KIND;
import static io.fapiao.order.Field.QUANTITY;
import static io.fapiao.order.Field.TAX_AMOUNT;
import static io.fapiao.order.Field.TAX_RATE;
import static io.fapiao.order.Field.UNIT_PRICE;
import static io.fapiao.order.Field.ZERO_RATE_KIND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OrderRulesTest {

    private final OrderRules rules = new OrderRules("91310115MA1K4B2X34");

    private Order ok(Drafts d) {
        Checked c = rules.check(d.draft());
        assertTrue(c.ok(), () -> "expected no problems, got " + c.problems());
        return c.order();
    }

    private List<Problem> problems(Drafts d) {
        Checked c = rules.check(d.draft());
        assertFalse(c.ok(), "expected the order to be rejected");
        for (Problem p : c.problems()) {
            assertFalse(p.zh().isBlank(), "a reason in Chinese");
            assertFalse(p.en().isBlank(), "a reason in English");
        }
        return c.problems();
    }

    private static boolean has(List<Problem> ps, String field, long line) {
        return ps.stream().anyMatch(p -> p.field().equals(field) && p.line() == line);
    }

    @Test
    void computesTheTaxWhenAbsentAndUsesTheDefaultSeller() {
        Order o = ok(Drafts.order("A1").line(AMOUNT, "880.00", QUANTITY, "10", UNIT_PRICE, "88"));
        InvoiceLine l = o.lines().get(0);
        assertEquals(new BigDecimal("114.40"), l.taxAmount());
        assertEquals(new BigDecimal("0.13"), l.taxRate());
        assertEquals("91310115MA1K4B2X34", o.sellerTaxId());
        assertEquals(InvoiceType.DIGITAL_NORMAL, o.type());
    }

    @Test
    void acceptsAGivenTaxWithinSixCentsAndRejectsBeyond() {
        ok(Drafts.order("A2").line(AMOUNT, "100.00", TAX_AMOUNT, "13.06"));
        List<Problem> ps = problems(Drafts.order("A3").line(AMOUNT, "100.00", TAX_AMOUNT, "13.07"));
        assertTrue(has(ps, "tax_amount", 2));
    }

    @Test
    void separatesTaxFromATaxInclusiveAmount() {
        Order o = ok(Drafts.order("A4").line(AMOUNT_INCL_TAX, "1130.00"));
        assertEquals(new BigDecimal("1000.00"), o.lines().get(0).amount());
        assertEquals(new BigDecimal("130.00"), o.lines().get(0).taxAmount());
        Order odd = ok(Drafts.order("A5").line(AMOUNT_INCL_TAX, "100.00", TAX_RATE, "6%"));
        assertEquals(new BigDecimal("94.34"), odd.lines().get(0).amount());
        assertEquals(new BigDecimal("5.66"), odd.lines().get(0).taxAmount());
    }

    @Test
    void rejectsInclusiveAmountThatIsNotAmountPlusTax() {
        assertTrue(has(problems(Drafts.order("A6").line(AMOUNT, "100.00", AMOUNT_INCL_TAX, "115.00")),
                "amount_incl_tax", 2));
    }

    @Test
    void holdsTheInvoiceTaxWithinOneYuanTwentySeven() {
        Drafts within = Drafts.order("T1");
        Drafts beyond = Drafts.order("T2");
        for (int i = 0; i < 25; i++) {
            within.line(AMOUNT, "10.00", TAX_AMOUNT, "1.35");
            beyond.line(AMOUNT, "10.00", TAX_AMOUNT, "1.36");
        }
        ok(within);
        List<Problem> ps = problems(beyond);
        assertTrue(ps.stream().anyMatch(p -> p.en().contains("1.27")), ps::toString);
    }

    @Test
    void checksCreditCodesAndRequiresTheBuyerTaxIdOnSpecialInvoices() {
        List<Problem> ps = problems(Drafts.order("B1").with(Field.INVOICE_TYPE, "专票").line(AMOUNT, "100"));
        assertTrue(has(ps, "buyer_tax_id", 2));
        ps = problems(Drafts.order("B2").with(Field.BUYER_TAX_ID, "91110000802100433A").line(AMOUNT, "100"));
        assertTrue(ps.get(0).zh().contains("校验位"));
        ok(Drafts.order("B3").with(Field.INVOICE_TYPE, "special").with(Field.BUYER_TAX_ID, "91110000802100433B")
                .line(AMOUNT, "100"));
    }

    @Test
    void requiresFieldsAndNamesEachOne() {
        Drafts d = Drafts.order("").with(Field.BUYER_NAME, "").with(Field.INVOICE_TYPE, "")
                .line(ITEM_NAME, "", TAX_RATE, "", Field.TAX_CODE, "123");
        List<Problem> ps = problems(d);
        for (String f : List.of("order_no", "invoice_type", "buyer_name", "item_name", "tax_rate", "tax_code", "amount")) {
            assertTrue(has(ps, f, 2), () -> f + " in " + ps);
        }
    }

    @Test
    void readsRatesInEveryFormAndRefusesOthers() {
        ok(Drafts.order("R1").line(AMOUNT, "100", TAX_RATE, "0.13"));
        ok(Drafts.order("R2").line(AMOUNT, "100", TAX_RATE, "13"));
        assertTrue(has(problems(Drafts.order("R3").line(AMOUNT, "100", TAX_RATE, "7%")), "tax_rate", 2));
    }

    @Test
    void zeroRateNeedsItsKindAndOtherRatesMustNotHaveOne() {
        assertTrue(has(problems(Drafts.order("Z1").line(AMOUNT, "100", TAX_RATE, "0")), "zero_rate_kind", 2));
        Order o = ok(Drafts.order("Z2").line(AMOUNT, "100", TAX_RATE, "0", ZERO_RATE_KIND, "1"));
        assertTrue(o.lines().get(0).preferential());
        assertTrue(has(problems(Drafts.order("Z3").line(AMOUNT, "100", ZERO_RATE_KIND, "3")), "zero_rate_kind", 2));
    }

    @Test
    void acceptsADiscountRightAfterTheLineItDiscounts() {
        Order o = ok(Drafts.order("D1").line(AMOUNT, "1000", ITEM_UNIT, "台").line(AMOUNT, "-100", LINE_KIND, "折扣行"));
        assertTrue(o.lines().get(1).discount());
        assertEquals(new BigDecimal("900.00"), o.totalAmount());
    }

    @Test
    void placesDiscountLinesAsTheRulesSay() {
        assertTrue(has(problems(Drafts.order("D2").line(AMOUNT, "-100", LINE_KIND, "discount")), "line_kind", 2));
        assertTrue(has(problems(Drafts.order("D3").line(AMOUNT, "1000").line(AMOUNT, "-100", LINE_KIND, "discount")
                .line(AMOUNT, "-100", LINE_KIND, "discount")), "line_kind", 4));
        assertTrue(has(problems(Drafts.order("D4").line(AMOUNT, "1000").line(AMOUNT, "-100", LINE_KIND, "discount",
                ITEM_NAME, "别的商品")), "item_name", 3));
        assertTrue(has(problems(Drafts.order("D5").line(AMOUNT, "100").line(AMOUNT, "-100.01", LINE_KIND, "discount")),
                "amount", 3));
        assertTrue(has(problems(Drafts.order("D6").line(AMOUNT, "100").line(AMOUNT, "-10", LINE_KIND, "discount",
                ITEM_UNIT, "台")), "item_unit", 3));
        assertTrue(has(problems(Drafts.order("D7").line(AMOUNT, "-10")), "amount", 2));
    }

    @Test
    void redInvoicesAreNegativeWithoutDiscountsAndNameTheOriginal() {
        Order red = ok(Drafts.order("N1").with(Field.ORIGINAL_INVOICE_NO, "26312000000000012345")
                .line(AMOUNT, "-176.00", QUANTITY, "-2", UNIT_PRICE, "88"));
        assertTrue(red.red());
        assertEquals(new BigDecimal("-22.88"), red.totalTax());
        assertTrue(has(problems(Drafts.order("N2").with(Field.ORIGINAL_INVOICE_NO, "26312000000000012345")
                .line(AMOUNT, "176.00")), "amount", 2));
        assertTrue(has(problems(Drafts.order("N3").with(Field.ORIGINAL_INVOICE_NO, "123")
                .line(AMOUNT, "-1")), "original_invoice_no", 2));
        assertTrue(has(problems(Drafts.order("N4").with(Field.ORIGINAL_INVOICE_NO, "26312000000000012345")
                .line(AMOUNT, "-10").line(AMOUNT, "-1", LINE_KIND, "discount")), "line_kind", 3));
        assertTrue(has(problems(Drafts.order("N5").with(Field.INVOICE_TYPE, "028").with(Field.BUYER_TAX_ID,
                "91110000802100433B").with(Field.ORIGINAL_INVOICE_NO, "044002100411223385")
                .line(AMOUNT, "-10")), "red_info_no", 2));
        assertTrue(has(problems(Drafts.order("N6").with(Field.RED_INFO_NO, "1234").line(AMOUNT, "10")),
                "red_info_no", 2));
    }

    @Test
    void invoiceFieldsMustNotChangeWithinAnOrder() {
        Drafts d = Drafts.order("C1").line(AMOUNT, "10").line(AMOUNT, "10", Field.BUYER_NAME, "另一家公司");
        assertTrue(has(problems(d), "buyer_name", 3));
    }

    @Test
    void reportsEveryProblemOfAnOrderAtOnce() {
        List<Problem> ps = problems(Drafts.order("M1").with(Field.BUYER_EMAIL, "not-an-email")
                .line(AMOUNT, "abc").line(AMOUNT, "10.001"));
        assertTrue(has(ps, "buyer_email", 2));
        assertTrue(has(ps, "amount", 2));
        assertTrue(has(ps, "amount", 3));
    }

    @Test
    void quantityTimesPriceMustMatchTheAmount() {
        assertTrue(has(problems(Drafts.order("P1").line(AMOUNT, "100", QUANTITY, "3", UNIT_PRICE, "30")),
                "unit_price", 2));
        ok(Drafts.order("P2").line(AMOUNT_INCL_TAX, "113", QUANTITY, "1", UNIT_PRICE, "113"));
    }

    @Test
    void numbersThatDoNotFitRejectTheOrderWithTheirField() {
        // the ledger keeps totals as decimal(18,2): a larger amount broke the write and the whole file
        assertTrue(has(problems(Drafts.order("BIG1").line(AMOUNT, "99999999999999999999.00")), "amount", 2));
        assertTrue(has(problems(Drafts.order("BIG2").line(AMOUNT, "1e400")), "amount", 2));
        // an exponent this size made the tax arithmetic throw instead of naming the field
        assertTrue(has(problems(Drafts.order("BIG3").line(AMOUNT, "1e999999999")), "amount", 2));
        assertTrue(has(problems(Drafts.order("BIG4").line(AMOUNT, "100", QUANTITY, "1e-999999999", UNIT_PRICE, "1")),
                "quantity", 2));
        // each line fits, the invoice total does not
        assertFalse(problems(Drafts.order("BIG5").line(AMOUNT, "9000000000000000.00")
                .line(AMOUNT, "9000000000000000.00")).isEmpty());
        ok(Drafts.order("BIG6").line(AMOUNT, "1000000000.00", QUANTITY, "0.001", UNIT_PRICE, "1000000000000"));
    }
}

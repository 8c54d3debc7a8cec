package io.fapiao.vendor.yun2;

import io.fapiao.vendor.ListedInvoice;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** FPLIST rows as reconciliation reads them: the seed's own example, then voided and red-flushed rows. */
class Yun2InvoiceListTest {

    private static String seed() throws IOException {
        try (InputStream in = Yun2InvoiceListTest.class.getResourceAsStream("/yun2/fplist.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theSeedsRowIsAnInvoiceWithItsOrderAndAmounts() throws IOException {
        Yun2InvoiceList page = Yun2InvoiceList.page(Yun2Reply.parse(seed()));
        assertEquals(1, page.total());
        ListedInvoice i = page.invoices().get(0);
        assertEquals("440020313037839682", i.invoiceNo(), "code and number, as the ledger keeps them");
        assertEquals("2021-03-07 00:00:00", i.issuedAt());
        assertEquals("527dcfdfd3cac8271e29d9461995efa5", i.orderNo());
        assertEquals(new BigDecimal("369.00"), i.amount());
        assertEquals(new BigDecimal("47.97"), i.tax());
        assertFalse(i.red());
        assertEquals(ListedInvoice.State.NORMAL, i.state());
    }

    @Test
    void voidedAndRedFlushedRowsSaySoAndARedRowNamesItsOriginal() {
        String body = """
                {"Result":"1","Message":"成功","total":3,"rows":[
                 {"xtlsh":"A","fpdm":"","fphm":"26312000000000000001","kprq":"2026-03-08 10:00:00","hjje":"100","hjse":"13","zfbz":"1","chfphm":""},
                 {"xtlsh":"B","fpdm":"","fphm":"26312000000000000002","kprq":"2026-03-08 10:01:00","hjje":"100","hjse":"13","zfbz":"0","chfphm":"26312000000000000003"},
                 {"xtlsh":"C","fpdm":"","fphm":"26312000000000000003","kprq":"2026-03-08 10:02:00","hjje":"-100","hjse":"-13","zfbz":"0","yfpdm":"","yfphm":"26312000000000000002"}]}""";
        Yun2InvoiceList page = Yun2InvoiceList.page(Yun2Reply.parse(body));
        assertEquals(ListedInvoice.State.VOIDED, page.invoices().get(0).state());
        assertEquals(ListedInvoice.State.RED_FLUSHED, page.invoices().get(1).state());
        ListedInvoice red = page.invoices().get(2);
        assertTrue(red.red());
        assertEquals("26312000000000000002", red.originalInvoiceNo());
        assertEquals(new BigDecimal("-100.00"), red.amount());
    }

    @Test
    void aListYun2RefusesIsNoEmptyList() {
        assertThrows(IllegalStateException.class, () -> Yun2InvoiceList.page(Yun2Reply.parse(
                "{\"Result\":\"0\",\"Message\":\"xtlsh和fphm为空时，qsrq、jzrq必需输入\"}")));
    }
}

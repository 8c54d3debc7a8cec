package io.fapiao.order;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * A checked order: everything a vendor needs to issue one invoice. Optional text is "" when absent.
 *
 * @param originalInvoiceNo set only for a red invoice (the blue invoice it reverses)
 * @param special           special-business fields (特定业务), possibly empty
 */
public record Order(
        String source,
        int seq,
        long sourceLine,
        String orderNo,
        InvoiceType type,
        String sellerTaxId,
        String buyerName,
        String buyerTaxId,
        String buyerAddressPhone,
        String buyerBankAccount,
        String buyerEmail,
        String buyerMobile,
        String remark,
        String drawer,
        String payee,
        String reviewer,
        String originalInvoiceNo,
        String redInfoNo,
        List<InvoiceLine> lines,
        Map<String, String> special) {

    public boolean red() {
        return !originalInvoiceNo.isEmpty();
    }

    public BigDecimal totalAmount() {
        return lines.stream().map(InvoiceLine::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    public BigDecimal totalTax() {
        return lines.stream().map(InvoiceLine::taxAmount).reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}

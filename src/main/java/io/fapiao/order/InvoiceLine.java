package io.fapiao.order;

import java.math.BigDecimal;

/**
 * One checked invoice line. Amounts exclude tax, scale 2; a red invoice has negative amounts.
 *
 * @param quantity     may be null
 * @param unitPrice    may be null; excludes tax
 * @param zeroRateKind 1 免税, 2 不征税, 3 普通零税率; null unless the rate is 0
 * @param deduction    差额征税 deduction, or null
 */
public record InvoiceLine(
        long sourceLine,
        String itemName,
        String itemSpec,
        String itemUnit,
        BigDecimal quantity,
        BigDecimal unitPrice,
        BigDecimal amount,
        BigDecimal taxRate,
        BigDecimal taxAmount,
        String taxCode,
        boolean discount,
        String zeroRateKind,
        String preferentialNote,
        BigDecimal deduction) {

    /** 享受税收优惠: a tax-exempt or non-taxable zero rate, or a stated preferential policy. */
    public boolean preferential() {
        return "1".equals(zeroRateKind) || "2".equals(zeroRateKind)
                || (preferentialNote != null && !preferentialNote.isEmpty());
    }
}

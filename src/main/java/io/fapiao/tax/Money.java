package io.fapiao.tax;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Yuan amounts: scale 2, rounded half up, never a double. */
public final class Money {

    public static final BigDecimal LINE_TAX_TOLERANCE = new BigDecimal("0.06");
    public static final BigDecimal INVOICE_TAX_TOLERANCE = new BigDecimal("1.27");
    public static final BigDecimal CENT = new BigDecimal("0.01");

    /** The ledger keeps amounts as decimal(18,2); quantities and prices are held to the same integer part. */
    public static final int MAX_INTEGER_DIGITS = 16;
    /** Beyond any price or quantity a vendor takes; it also keeps an exponent like 1e-999999999 from the arithmetic. */
    public static final int MAX_DECIMALS = 20;

    private Money() {
    }

    public static BigDecimal round(BigDecimal value) {
        return value.setScale(2, RoundingMode.HALF_UP);
    }

    /** Tax of an amount excluding tax: round(je × sl, 2). */
    public static BigDecimal tax(BigDecimal amount, BigDecimal rate) {
        return round(amount.multiply(rate));
    }

    /** The amount excluding tax inside a tax-inclusive one: round(hsje / (1 + sl), 2). */
    public static BigDecimal excludingTax(BigDecimal inclusive, BigDecimal rate) {
        return inclusive.divide(BigDecimal.ONE.add(rate), 2, RoundingMode.HALF_UP);
    }

    /** A decimal number as written, or null when the text is no number. Thousands separators are allowed. */
    public static BigDecimal parse(String text) {
        String t = text.strip().replace(",", "").replace("，", "");
        if (t.startsWith("¥") || t.startsWith("￥")) {
            t = t.substring(1);
        }
        try {
            return new BigDecimal(t);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Whether a number has at most {@link #MAX_INTEGER_DIGITS} digits before the point and {@link #MAX_DECIMALS} after. */
    public static boolean fits(BigDecimal value) {
        BigDecimal v = value.stripTrailingZeros();
        return v.precision() - v.scale() <= MAX_INTEGER_DIGITS && v.scale() <= MAX_DECIMALS;
    }

    public static boolean within(BigDecimal a, BigDecimal b, BigDecimal tolerance) {
        return a.subtract(b).abs().compareTo(tolerance) <= 0;
    }
}

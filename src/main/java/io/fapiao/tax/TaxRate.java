package io.fapiao.tax;

import java.math.BigDecimal;
import java.util.Set;

/** VAT rates in the forms ERPs write them: {@code 0.13}, {@code 13%} or {@code 13}. */
public final class TaxRate {

    /** Rates of China's VAT and its simplified levies, current and recently abolished (for red invoices). */
    private static final Set<BigDecimal> KNOWN = Set.of(
            new BigDecimal("0"), new BigDecimal("0.005"), new BigDecimal("0.01"), new BigDecimal("0.015"),
            new BigDecimal("0.03"), new BigDecimal("0.05"), new BigDecimal("0.06"), new BigDecimal("0.09"),
            new BigDecimal("0.1"), new BigDecimal("0.11"), new BigDecimal("0.13"), new BigDecimal("0.16"),
            new BigDecimal("0.17"));

    private TaxRate() {
    }

    /**
     * The rate as a fraction with trailing zeros stripped ({@code 0.13}), or null when the text is no number.
     * A value of 1 or more, or one with {@code %}, is a percentage.
     */
    public static BigDecimal parse(String text) {
        String t = text.strip();
        boolean percent = t.endsWith("%") || t.endsWith("％");
        if (percent) {
            t = t.substring(0, t.length() - 1).strip();
        }
        BigDecimal value;
        try {
            value = new BigDecimal(t);
        } catch (NumberFormatException e) {
            return null;
        }
        if (percent || value.compareTo(BigDecimal.ONE) >= 0) {
            value = value.movePointLeft(2);
        }
        return normalise(value);
    }

    public static boolean isKnown(BigDecimal rate) {
        return rate != null && KNOWN.contains(normalise(rate));
    }

    /** {@code 0.13}, {@code 0}: the plain text vendors expect. */
    public static String text(BigDecimal rate) {
        return normalise(rate).toPlainString();
    }

    private static BigDecimal normalise(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.signum() == 0 ? BigDecimal.ZERO : stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}

package io.fapiao.order;

/**
 * Why one row or order was rejected: where it is in the input and the reason in both languages.
 *
 * @param line  line number in the input file (1 = the header of a CSV); for JSON, the line where the order starts
 * @param field the canonical field name, or {@code lines[i].field} for JSON lines; empty for order-wide reasons
 */
public record Problem(long line, String field, String zh, String en) {

    public String text() {
        return (field.isEmpty() ? "" : field + ": ") + zh + " / " + en;
    }
}

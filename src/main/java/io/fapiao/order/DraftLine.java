package io.fapiao.order;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One invoice line as the ERP wrote it, before any check: raw text per field.
 *
 * @param line  where it is in the input
 * @param where how a JSON line is addressed ({@code lines[2]}); null for a CSV row
 * @param readProblems what is wrong with the row itself (too many values, a list where text belongs)
 */
public record DraftLine(long line, String where, Map<Field, String> values, List<Problem> readProblems) {

    public DraftLine(long line, String where, Map<Field, String> values) {
        this(line, where, values, List.of());
    }

    public static DraftLine of(long line, Map<Field, String> values) {
        return new DraftLine(line, null, new EnumMap<>(values), List.of());
    }

    /** The stripped value, or "" when absent. */
    public String get(Field field) {
        String v = values.get(field);
        return v == null ? "" : v.strip();
    }

    /** How a problem in this line names the field. */
    public String label(Field field) {
        return where == null || field.invoiceLevel() ? field.key() : where + "." + field.key();
    }
}

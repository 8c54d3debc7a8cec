package io.fapiao.order;

import java.util.List;
import java.util.Map;

/**
 * One order as read from a drop: its rows, unchecked. Invoice-level values are taken from the first row.
 *
 * @param source  the input file name (or "api", "message")
 * @param seq     position of the order in its input, from 1
 * @param special special-business fields (特定业务) from a JSON order; empty for CSV
 */
public record OrderDraft(String source, int seq, List<DraftLine> rows, Map<String, String> special) {

    public long firstLine() {
        return rows.get(0).line();
    }

    public String value(Field field) {
        return rows.get(0).get(field);
    }
}

package io.fapiao.tax;

import io.fapiao.order.DraftLine;
import io.fapiao.order.Field;
import io.fapiao.order.OrderDraft;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Builds order drafts for tests: invoice fields once, then lines. */
public final class Drafts {

    private final Map<Field, String> head = new EnumMap<>(Field.class);
    private final List<Map<Field, String>> lines = new ArrayList<>();

    public static Drafts order(String orderNo) {
        Drafts d = new Drafts();
        d.head.put(Field.ORDER_NO, orderNo);
        d.head.put(Field.INVOICE_TYPE, "普票");
        d.head.put(Field.BUYER_NAME, "杭州西湖茶叶有限公司");
        return d;
    }

    public Drafts with(Field f, String v) {
        head.put(f, v);
        return this;
    }

    /** A line: alternating field, value. */
    public Drafts line(Object... fieldValues) {
        Map<Field, String> l = new EnumMap<>(Field.class);
        l.put(Field.ITEM_NAME, "龙井茶");
        l.put(Field.TAX_RATE, "13%");
        l.put(Field.TAX_CODE, "1030307000000000000");
        for (int i = 0; i < fieldValues.length; i += 2) {
            l.put((Field) fieldValues[i], (String) fieldValues[i + 1]);
        }
        lines.add(l);
        return this;
    }

    public OrderDraft draft() {
        List<DraftLine> rows = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Map<Field, String> v = new EnumMap<>(head);
            v.putAll(lines.get(i));
            rows.add(DraftLine.of(i + 2, v));
        }
        return new OrderDraft("test.csv", 1, rows, Map.of());
    }
}

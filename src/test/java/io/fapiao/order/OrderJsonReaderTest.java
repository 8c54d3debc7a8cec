package io.fapiao.order;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OrderJsonReaderTest {

    private static List<OrderDraft> read(String json) throws IOException {
        try (OrderJsonReader r = new OrderJsonReader("o.json", new StringReader(json))) {
            List<OrderDraft> out = new ArrayList<>();
            r.forEachRemaining(out::add);
            return out;
        }
    }

    @Test
    void readsOneOrderWithLinesAndSpecialBusiness() throws IOException {
        OrderDraft d = read("""
                {"order_no":"J1","invoice_type":"普票","buyer_name":"成都锦江文化传媒有限公司",
                 "special":{"kind":"BDCZL","qsrq":"2026-01-01"},
                 "lines":[{"item_name":"设计服务","amount_incl_tax":1060.00,"tax_rate":"6%","tax_code":"3040203000000000000"},
                          {"item_name":"印刷","amount":1000,"tax_rate":0.13,"tax_code":"1060201990000000000"}]}
                """).get(0);
        assertEquals("J1", d.value(Field.ORDER_NO));
        assertEquals(2, d.rows().size());
        assertEquals("1060.00", d.rows().get(0).get(Field.AMOUNT_INCL_TAX));
        assertEquals("0.13", d.rows().get(1).get(Field.TAX_RATE));
        assertEquals("成都锦江文化传媒有限公司", d.rows().get(1).get(Field.BUYER_NAME), "invoice fields on every line");
        assertEquals("BDCZL", d.special().get("kind"));
        assertEquals("lines[1].tax_rate", d.rows().get(1).label(Field.TAX_RATE));
    }

    @Test
    void readsArraysAndTheOrdersWrapperWithLineNumbers() throws IOException {
        List<OrderDraft> arr = read("[\n{\"order_no\":\"A\",\"lines\":[{}]},\n{\"order_no\":\"B\",\"lines\":[{}]}\n]");
        assertEquals(List.of("A", "B"), arr.stream().map(d -> d.value(Field.ORDER_NO)).toList());
        assertEquals(3, arr.get(1).firstLine());
        List<OrderDraft> wrapped = read("{\"orders\":[{\"order_no\":\"C\",\"lines\":[{}]}]}");
        assertEquals("C", wrapped.get(0).value(Field.ORDER_NO));
    }

    @Test
    void anOrderWithoutLinesIsAProblemNotACrash() throws IOException {
        OrderDraft d = read("{\"order_no\":\"E\"}").get(0);
        assertTrue(d.rows().get(0).readProblems().stream().anyMatch(p -> p.field().equals("lines")));
    }

    @Test
    void malformedJsonCannotBeRead() {
        UnreadableInputException e = assertThrows(UnreadableInputException.class, () -> read("{\"order_no\": "));
        assertTrue(e.problem().zh().startsWith("JSON"));
        assertThrows(UnreadableInputException.class, () -> read("42"));
    }
}

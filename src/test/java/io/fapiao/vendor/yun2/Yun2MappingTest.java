package io.fapiao.vendor.yun2;

import com.fasterxml.jackson.databind.JsonNode;
import io.fapiao.order.Field;
import io.fapiao.order.Order;
import io.fapiao.tax.Drafts;
import io.fapiao.tax.OrderRules;
import org.junit.jupiter.api.Test;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static io.fapiao.order.Field.AMOUNT;
import static io.fapiao.order.Field.ITEM_UNIT;
import static io.fapiao.order.Field.LINE_KIND;
import static io.fapiao.order.Field.QUANTITY;
import static io.fapiao.order.Field.TAX_RATE;
import static io.fapiao.order.Field.UNIT_PRICE;
import static io.fapiao.order.Field.ZERO_RATE_KIND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Yun2MappingTest {

    private final OrderRules rules = new OrderRules("91310115MA1K4B2X34");

    private Order order(Drafts d) {
        return rules.check(d.draft()).order();
    }

    static Map<String, String> form(String body) {
        Map<String, String> m = new HashMap<>();
        for (String pair : body.split("&")) {
            String[] kv = pair.split("=", 2);
            m.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return m;
    }

    static JsonNode data(String body) throws Exception {
        String data = form(body).get("data");
        assertTrue(data.startsWith("[") && data.endsWith("]"), "base64 in brackets");
        return Yun2Mapping.JSON.readTree(new String(Base64.getDecoder().decode(data.substring(1, data.length() - 1)),
                StandardCharsets.UTF_8));
    }

    @Test
    void fpkjIsAFormWithSpidAndBracketedBase64OfUpperCaseJson() throws Exception {
        Order o = order(Drafts.order("YM1").with(Field.BUYER_TAX_ID, "91330100MA27WQ8K3B").with(Field.REMARK, "季度采购")
                .with(Field.BUYER_EMAIL, "a@example.cn")
                .line(AMOUNT, "880.00", QUANTITY, "10", UNIT_PRICE, "88", ITEM_UNIT, "盒"));
        String body = Yun2Mapping.fpkjForm("SPID1", List.of(o));
        assertEquals("SPID1", form(body).get("spid"));
        JsonNode inv = data(body).get(0);
        assertEquals("YM1", inv.get("XTLSH").asText());
        assertEquals("杭州西湖茶叶有限公司", inv.get("KHMC").asText());
        assertEquals("91330100MA27WQ8K3B", inv.get("KHSH").asText());
        assertEquals("021", inv.get("FPZL").asText());
        assertEquals("季度采购", inv.get("BZ").asText());
        assertEquals("a@example.cn", inv.get("KHYJ").asText());
        JsonNode item = inv.get("ITEM").get(0);
        assertEquals("龙井茶", item.get("CPMC").asText());
        assertEquals("盒", item.get("CPDW").asText());
        assertEquals("0.13", item.get("SL").asText());
        assertEquals("10", item.get("CPSL").asText());
        assertEquals("880.00", item.get("BHSJE").asText());
        assertEquals("114.40", item.get("SE").asText());
        assertEquals("1030307000000000000", item.get("FLBM").asText());
        assertEquals("0", item.get("XSYH").asText());
        assertFalse(item.has("LSLBZ"));
        assertAllKeysUpperCase(inv);
    }

    private static void assertAllKeysUpperCase(JsonNode n) {
        Iterator<Map.Entry<String, JsonNode>> it = n.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            assertEquals(e.getKey().toUpperCase(), e.getKey());
            if (e.getValue().isArray()) {
                e.getValue().forEach(Yun2MappingTest::assertAllKeysUpperCase);
            }
        }
    }

    @Test
    void discountLinesFollowTheirLineWithNegativeAmountsAndNoUnit() throws Exception {
        Order o = order(Drafts.order("YM2").line(AMOUNT, "1000", ITEM_UNIT, "台").line(AMOUNT, "-100", LINE_KIND, "discount"));
        JsonNode items = data(Yun2Mapping.fpkjForm("S", List.of(o))).get(0).get("ITEM");
        assertEquals("-100.00", items.get(1).get("BHSJE").asText());
        assertEquals("-13.00", items.get(1).get("SE").asText());
        assertEquals(items.get(0).get("CPMC"), items.get(1).get("CPMC"));
        assertFalse(items.get(1).has("CPDW"));
    }

    @Test
    void zeroRateCarriesItsKindAndThePreference() throws Exception {
        Order o = order(Drafts.order("YM3").line(AMOUNT, "100", TAX_RATE, "0", ZERO_RATE_KIND, "2"));
        JsonNode item = data(Yun2Mapping.fpkjForm("S", List.of(o))).get(0).get("ITEM").get(0);
        assertEquals("0", item.get("SL").asText());
        assertEquals("2", item.get("LSLBZ").asText());
        assertEquals("1", item.get("XSYH").asText());
        assertEquals("0.00", item.get("SE").asText());
    }

    @Test
    void redInvoicesCarryTheOriginalNumber() throws Exception {
        Order o = order(Drafts.order("YM4").with(Field.ORIGINAL_INVOICE_NO, "26312000000000012345")
                .line(AMOUNT, "-176", QUANTITY, "-2", UNIT_PRICE, "88"));
        JsonNode inv = data(Yun2Mapping.fpkjForm("S", List.of(o))).get(0);
        assertEquals("26312000000000012345", inv.get("YFPHM").asText());
        assertFalse(inv.has("XXBBH"));
        assertEquals("-2", inv.get("ITEM").get(0).get("CPSL").asText());
        assertEquals("-176.00", inv.get("ITEM").get(0).get("BHSJE").asText());
    }

    @Test
    void otherCallsAreLowerCaseFormParameters() throws Exception {
        assertEquals(Map.of("fpzl", "021", "xtlsh", "A1", "spid", "S"), form(Yun2Mapping.kpjgForm("S", "021", "A1")));
        JsonNode shkp = data(Yun2Mapping.shkpForm("S", "021", "A1"));
        assertEquals("[{\"FPZL\":\"021\",\"XTLSH\":\"A1\"}]", shkp.toString());
        assertEquals(Map.of("UserName", "u", "Password", "p&=x"), form(Yun2Mapping.tokenForm("u", "p&=x")));
    }

    @Test
    void specialBusinessBecomesZsfsAndOneTdywEntry() throws Exception {
        io.fapiao.order.OrderDraft d = io.fapiao.order.OrderJsonReader.toDraft("o.json", 1, Yun2Mapping.JSON.readTree("""
                {"order_no":"SP1","invoice_type":"普票","buyer_name":"买方",
                 "special":{"kind":"bdczl","sf":"上海","BDC_XXDZ":"浦东新区1号"},
                 "lines":[{"item_name":"房屋租赁","amount":1000,"tax_rate":"9%","tax_code":"3040502020200000000"}]}
                """), 1, new java.util.TreeSet<>());
        Order o = rules.check(d).order();
        JsonNode inv = data(Yun2Mapping.fpkjForm("S", List.of(o))).get(0);
        assertEquals("BDCZL", inv.get("ZSFS").asText());
        assertEquals("上海", inv.get("TDYW").get(0).get("BDC_SF").asText());
        assertEquals("浦东新区1号", inv.get("TDYW").get(0).get("BDC_XXDZ").asText());
    }
}

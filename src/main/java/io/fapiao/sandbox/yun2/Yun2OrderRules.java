package io.fapiao.sandbox.yun2;

import com.fasterxml.jackson.databind.JsonNode;
import io.fapiao.tax.Money;
import io.fapiao.tax.TaxRate;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The document's rules for one FPKJ order, answered in the vendor's words. */
final class Yun2OrderRules {

    static final Set<String> TYPES = Set.of("004", "007", "026", "028", "020", "021");
    private static final Set<String> SPECIAL_TYPES = Set.of("004", "028", "020");

    /** The first broken rule ({@code problem}, null when none) and the order's sums of BHSJE and SE. */
    record Verdict(String problem, BigDecimal amount, BigDecimal tax) {
        static Verdict broken(String problem) {
            return new Verdict(problem, BigDecimal.ZERO, BigDecimal.ZERO);
        }
    }

    private Yun2OrderRules() {
    }

    static Verdict check(JsonNode o) {
        if (!o.isObject()) {
            return Verdict.broken("发票数据须为JSON对象");
        }
        String lower = lowerCaseKey(o);
        if (lower != null) {
            return Verdict.broken("发票数据的节点须全部大写：" + lower);
        }
        String fpzl = o.path("FPZL").asText("");
        if (o.path("XTLSH").asText("").isEmpty()) {
            return Verdict.broken("单据号XTLSH不能为空");
        }
        if (o.path("KHMC").asText("").isBlank()) {
            return Verdict.broken("客户名称KHMC不能为空");
        }
        if (!TYPES.contains(fpzl)) {
            return Verdict.broken("发票种类FPZL错误：" + fpzl);
        }
        if (SPECIAL_TYPES.contains(fpzl) && o.path("KHSH").asText("").isBlank()) {
            return Verdict.broken("专票必须传客户税号KHSH");
        }
        JsonNode items = o.path("ITEM");
        if (!items.isArray() || items.isEmpty()) {
            return Verdict.broken("ITEM不能为空");
        }
        String yfphm = o.path("YFPHM").asText("");
        boolean red = !yfphm.isEmpty();
        if (red) {
            if (!isDigits(yfphm) || yfphm.length() != 18 && yfphm.length() != 20) {
                return Verdict.broken("原发票号YFPHM须为18位或20位（含代码）");
            }
            if ((fpzl.equals("004") || fpzl.equals("028")) && o.path("XXBBH").asText("").isBlank()) {
                return Verdict.broken("红字专票必须传信息表编号XXBBH");
            }
        }
        BigDecimal sumAmount = BigDecimal.ZERO;
        BigDecimal sumTax = BigDecimal.ZERO;
        Map<BigDecimal, BigDecimal> byRate = new LinkedHashMap<>();
        JsonNode previous = null;
        BigDecimal previousAmount = null;
        for (JsonNode item : items) {
            String name = item.path("CPMC").asText("");
            if (name.isBlank()) {
                return Verdict.broken("产品名称CPMC不能为空");
            }
            String flbm = item.path("FLBM").asText("");
            if (flbm.length() != 19 || !isDigits(flbm)) {
                return Verdict.broken("分类编码FLBM必需到末级编码（19位）：" + name);
            }
            BigDecimal rate = number(item, "SL");
            BigDecimal amount = number(item, "BHSJE");
            BigDecimal tax = number(item, "SE");
            if (rate == null || amount == null || tax == null) {
                return Verdict.broken("税率SL、不含税金额BHSJE、税额SE必须是数字：" + name);
            }
            if (!TaxRate.isKnown(rate)) {
                return Verdict.broken("税率错误：" + item.path("SL").asText());
            }
            if (!Money.within(Money.tax(amount, rate), tax, Money.LINE_TAX_TOLERANCE)) {
                return Verdict.broken("税额误差超过0.06：" + name);
            }
            String lslbz = item.path("LSLBZ").asText("");
            if (rate.signum() == 0) {
                if (!lslbz.equals("1") && !lslbz.equals("2") && !lslbz.equals("3")) {
                    return Verdict.broken("税率为0时零税率标识LSLBZ必须为1、2或3：" + name);
                }
                if (!lslbz.equals("3") && !"1".equals(item.path("XSYH").asText(""))) {
                    return Verdict.broken("免税或不征税时XSYH须为1：" + name);
                }
            } else if (!lslbz.isEmpty()) {
                return Verdict.broken("税率不为0时零税率标识LSLBZ须为空：" + name);
            }
            BigDecimal quantity = item.has("CPSL") ? number(item, "CPSL") : null;
            if (red) {
                if (amount.signum() >= 0 || quantity != null && quantity.signum() >= 0) {
                    return Verdict.broken("红冲时，不能有正数金额或数量：" + name);
                }
            } else if (amount.signum() < 0) {
                if (previous == null || previousAmount == null || previousAmount.signum() <= 0) {
                    return Verdict.broken("折扣行必须紧跟在被折扣的商品行之后：" + name);
                }
                if (!previous.path("CPMC").asText("").equals(name)) {
                    return Verdict.broken("折扣行的产品名称必需与正数行一致。");
                }
                if (!item.path("CPDW").asText("").isEmpty()) {
                    return Verdict.broken("折扣行的产品单位必需是空。");
                }
                if (!item.path("CPXH").asText("").isEmpty()) {
                    return Verdict.broken("折扣行的产品型号必需是空。");
                }
                if (amount.negate().compareTo(previousAmount) > 0) {
                    return Verdict.broken("折扣金额不能大于被折扣行金额：" + name);
                }
            } else if (amount.signum() == 0) {
                return Verdict.broken("不含税金额不能为0：" + name);
            }
            sumAmount = sumAmount.add(amount);
            sumTax = sumTax.add(tax);
            byRate.merge(rate, amount, BigDecimal::add);
            previous = item;
            previousAmount = amount;
        }
        BigDecimal expected = BigDecimal.ZERO;
        for (Map.Entry<BigDecimal, BigDecimal> e : byRate.entrySet()) {
            expected = expected.add(Money.tax(e.getValue(), e.getKey()));
        }
        if (!Money.within(sumTax, expected, Money.INVOICE_TAX_TOLERANCE)) {
            return Verdict.broken("整张发票税额误差超过1.27");
        }
        return new Verdict(null, sumAmount.setScale(2, RoundingMode.HALF_UP), sumTax.setScale(2, RoundingMode.HALF_UP));
    }

    static BigDecimal number(JsonNode item, String key) {
        String text = item.path(key).asText("").strip();
        if (text.isEmpty()) {
            return null;
        }
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static boolean isDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return !s.isEmpty();
    }

    private static boolean isUpperKey(String key) {
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_')) {
                return false;
            }
        }
        return !key.isEmpty();
    }

    private static String lowerCaseKey(JsonNode node) {
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!isUpperKey(e.getKey())) {
                return e.getKey();
            }
            if (e.getValue().isArray()) {
                for (JsonNode child : e.getValue()) {
                    String bad = child.isObject() ? lowerCaseKey(child) : null;
                    if (bad != null) {
                        return bad;
                    }
                }
            }
        }
        return null;
    }
}

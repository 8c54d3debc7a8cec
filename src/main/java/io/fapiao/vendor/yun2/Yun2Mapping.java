package io.fapiao.vendor.yun2;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fapiao.order.InvoiceLine;
import io.fapiao.order.InvoiceType;
import io.fapiao.order.Order;
import io.fapiao.tax.TaxRate;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The canonical order in yun2's words: the FPKJ invoice JSON, upper-case keys, one object per order. */
public final class Yun2Mapping {

    static final ObjectMapper JSON = new ObjectMapper();

    /** Special business kinds (特定业务, ZSFS) yun2 names, and the TDYW key prefix each uses. */
    private static final Map<String, String> SPECIAL_KINDS = Map.of(
            "BDCZL", "BDC_", "BDCXS", "BDCXS_", "FWYS", "HWYS_", "HWYS", "HWYS_", "LKYS", "LKYS_", "GZFW", "GZFW_");

    private Yun2Mapping() {
    }

    /** The whole form of an FPKJ call. */
    public static String fpkjForm(String spid, List<Order> orders) {
        ArrayNode array = JSON.createArrayNode();
        orders.forEach(o -> array.add(invoice(o)));
        return Yun2Form.with("spid", spid).andBracketedBase64("data", bytes(array)).encode();
    }

    public static ObjectNode invoice(Order o) {
        ObjectNode n = JSON.createObjectNode();
        n.put("XTLSH", o.orderNo());
        n.put("KHMC", o.buyerName());
        putIf(n, "KHSH", o.buyerTaxId());
        putIf(n, "KHDZ", o.buyerAddressPhone());
        putIf(n, "KHKHYHZH", o.buyerBankAccount());
        n.put("FPZL", fpzl(o.type()));
        putIf(n, "BZ", o.remark());
        putIf(n, "KPR", o.drawer());
        putIf(n, "SKR", o.payee());
        putIf(n, "FHR", o.reviewer());
        putIf(n, "YFPHM", o.originalInvoiceNo());
        putIf(n, "XXBBH", o.redInfoNo());
        n.put("QDBZ", "0");
        putIf(n, "KHYJ", o.buyerEmail());
        putIf(n, "KHSJ", o.buyerMobile());
        ArrayNode items = n.putArray("ITEM");
        for (InvoiceLine line : o.lines()) {
            items.add(item(line));
        }
        special(n, o.special());
        return n;
    }

    private static ObjectNode item(InvoiceLine line) {
        ObjectNode i = JSON.createObjectNode();
        i.put("CPMC", line.itemName());
        putIf(i, "CPXH", line.itemSpec());
        putIf(i, "CPDW", line.itemUnit());
        i.put("SL", TaxRate.text(line.taxRate()));
        if (line.quantity() != null) {
            i.put("CPSL", plain(line.quantity()));
        }
        i.put("BHSJE", line.amount().toPlainString());
        i.put("SE", line.taxAmount().toPlainString());
        i.put("FLBM", line.taxCode());
        i.put("XSYH", line.preferential() ? "1" : "0");
        if (line.zeroRateKind() != null) {
            i.put("LSLBZ", line.zeroRateKind());
        }
        putIf(i, "YHSM", line.preferentialNote());
        if (line.deduction() != null) {
            i.put("KCJE", line.deduction().toPlainString());
        }
        return i;
    }

    /** {@code special{}} of a JSON order: {@code kind} becomes ZSFS, the other keys one TDYW entry (upper case). */
    private static void special(ObjectNode n, Map<String, String> special) {
        if (special.isEmpty()) {
            return;
        }
        String kind = special.getOrDefault("kind", special.getOrDefault("ZSFS", "")).toUpperCase(Locale.ROOT);
        if (!kind.isEmpty()) {
            n.put("ZSFS", kind);
        }
        ObjectNode tdyw = JSON.createObjectNode();
        String prefix = SPECIAL_KINDS.getOrDefault(kind, "");
        special.forEach((k, v) -> {
            if (!k.equalsIgnoreCase("kind") && !k.equalsIgnoreCase("ZSFS")) {
                String key = k.toUpperCase(Locale.ROOT);
                tdyw.put(key.contains("_") || prefix.isEmpty() ? key : prefix + key, v);
            }
        });
        if (!tdyw.isEmpty()) {
            n.putArray("TDYW").add(tdyw);
        }
    }

    /** yun2's invoice kind (FPZL) of a canonical invoice type. */
    public static String fpzl(InvoiceType type) {
        return switch (type) {
            case DIGITAL_NORMAL -> "021";
            case DIGITAL_SPECIAL -> "020";
            case E_NORMAL -> "026";
            case E_SPECIAL -> "028";
            case PAPER_SPECIAL -> "004";
            case PAPER_NORMAL -> "007";
        };
    }

    /** The FPZL of a type as the ledger stores it (its canonical name). */
    public static String fpzl(String ledgerType) {
        return fpzl(InvoiceType.valueOf(ledgerType));
    }

    /** FPLIST by order number, in one of the states: 1 issued, 0 waiting (batch), 2 in progress. */
    public static String fplistForm(String spid, String xtlsh, String fpzt) {
        return Yun2Form.with("spid", spid).and("xtlsh", xtlsh).and("fpzt", fpzt).and("mxbz", "0")
                .and("pageindex", "1").and("pagesize", "10").encode();
    }

    /** FPLIST: the enterprise's invoices issued on one day ({@code fpzt} 1), one page (pages count from 1). */
    public static String fplistDayForm(String spid, java.time.LocalDate day, int page, int pageSize) {
        return Yun2Form.with("spid", spid).and("qsrq", day.toString()).and("jzrq", day.toString()).and("fpzt", "1")
                .and("mxbz", "0").and("pageindex", Integer.toString(page)).and("pagesize", Integer.toString(pageSize))
                .encode();
    }

    public static String kpjgForm(String spid, String fpzl, String xtlsh) {
        return Yun2Form.with("fpzl", fpzl).and("xtlsh", xtlsh).and("spid", spid).encode();
    }

    /** SHKP: send orders waiting for review back to issuing. */
    public static String shkpForm(String spid, String fpzl, String xtlsh) {
        ArrayNode array = JSON.createArrayNode();
        array.addObject().put("FPZL", fpzl).put("XTLSH", xtlsh);
        return Yun2Form.with("spid", spid).andBracketedBase64("data", bytes(array)).encode();
    }

    public static String tokenForm(String userName, String password) {
        return Yun2Form.with("UserName", userName).and("Password", password).encode();
    }
    private static void putIf(ObjectNode n, String key, String value) {
        if (value != null && !value.isEmpty()) {
            n.put(key, value);
        }
    }

    private static String plain(BigDecimal v) {
        BigDecimal s = v.stripTrailingZeros();
        return (s.scale() < 0 ? s.setScale(0) : s).toPlainString();
    }

    static byte[] bytes(Object node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

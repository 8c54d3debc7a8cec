package io.fapiao.order;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** The canonical order columns of the contract, with their Chinese aliases. */
public enum Field {
    ORDER_NO("order_no", "单据号", true),
    INVOICE_TYPE("invoice_type", "发票种类", true),
    SELLER_TAX_ID("seller_tax_id", "销方税号", true),
    BUYER_NAME("buyer_name", "购方名称", true),
    BUYER_TAX_ID("buyer_tax_id", "购方税号", true),
    BUYER_ADDRESS_PHONE("buyer_address_phone", "购方地址电话", true),
    BUYER_BANK_ACCOUNT("buyer_bank_account", "购方开户行及账号", true),
    BUYER_EMAIL("buyer_email", "购方邮箱", true),
    BUYER_MOBILE("buyer_mobile", "购方手机", true),
    REMARK("remark", "备注", true),
    DRAWER("drawer", "开票人", true),
    PAYEE("payee", "收款人", true),
    REVIEWER("reviewer", "复核人", true),
    ORIGINAL_INVOICE_NO("original_invoice_no", "原发票号码", true),
    RED_INFO_NO("red_info_no", "信息表编号", true),
    ITEM_NAME("item_name", "商品名称", false),
    ITEM_SPEC("item_spec", "规格型号", false),
    ITEM_UNIT("item_unit", "单位", false),
    QUANTITY("quantity", "数量", false),
    UNIT_PRICE("unit_price", "单价", false),
    AMOUNT("amount", "金额", false),
    AMOUNT_INCL_TAX("amount_incl_tax", "含税金额", false),
    TAX_RATE("tax_rate", "税率", false),
    TAX_AMOUNT("tax_amount", "税额", false),
    TAX_CODE("tax_code", "税收分类编码", false),
    LINE_KIND("line_kind", "行性质", false),
    ZERO_RATE_KIND("zero_rate_kind", "零税率标识", false),
    PREFERENTIAL_NOTE("preferential_note", "优惠说明", false),
    DEDUCTION("deduction", "扣除额", false);

    private static final Map<String, Field> BY_HEADER = new HashMap<>();

    static {
        for (Field f : values()) {
            BY_HEADER.put(f.key, f);
            BY_HEADER.put(f.alias, f);
        }
    }

    private final String key;
    private final String alias;
    private final boolean invoiceLevel;

    Field(String key, String alias, boolean invoiceLevel) {
        this.key = key;
        this.alias = alias;
        this.invoiceLevel = invoiceLevel;
    }

    /** The snake_case name used in CSV headers, JSON orders and error reports. */
    public String key() {
        return key;
    }

    public String alias() {
        return alias;
    }

    /** Invoice-level columns repeat on every row of an order; line-level ones differ per row. */
    public boolean invoiceLevel() {
        return invoiceLevel;
    }

    /** The field a CSV header or JSON key names: canonical or Chinese, any case, spaces ignored; null if none. */
    public static Field ofHeader(String header) {
        if (header == null) {
            return null;
        }
        return BY_HEADER.get(header.strip().toLowerCase(Locale.ROOT));
    }
}

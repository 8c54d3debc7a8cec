package io.fapiao.order;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fapiao.tax.TaxRate;

import java.math.BigDecimal;

/** The canonical order as JSON, in the same shape a JSON order file uses (snake_case, {@code lines[]}, {@code special{}}). */
public final class OrderJson {

    private OrderJson() {
    }

    public static ObjectNode toNode(Order o) {
        ObjectNode n = OrderJsonReader.MAPPER.createObjectNode();
        n.put(Field.ORDER_NO.key(), o.orderNo());
        n.put(Field.INVOICE_TYPE.key(), o.type().code());
        n.put(Field.SELLER_TAX_ID.key(), o.sellerTaxId());
        n.put(Field.BUYER_NAME.key(), o.buyerName());
        putIf(n, Field.BUYER_TAX_ID, o.buyerTaxId());
        putIf(n, Field.BUYER_ADDRESS_PHONE, o.buyerAddressPhone());
        putIf(n, Field.BUYER_BANK_ACCOUNT, o.buyerBankAccount());
        putIf(n, Field.BUYER_EMAIL, o.buyerEmail());
        putIf(n, Field.BUYER_MOBILE, o.buyerMobile());
        putIf(n, Field.REMARK, o.remark());
        putIf(n, Field.DRAWER, o.drawer());
        putIf(n, Field.PAYEE, o.payee());
        putIf(n, Field.REVIEWER, o.reviewer());
        putIf(n, Field.ORIGINAL_INVOICE_NO, o.originalInvoiceNo());
        putIf(n, Field.RED_INFO_NO, o.redInfoNo());
        ArrayNode lines = n.putArray("lines");
        for (InvoiceLine l : o.lines()) {
            ObjectNode j = lines.addObject();
            j.put(Field.ITEM_NAME.key(), l.itemName());
            putIf(j, Field.ITEM_SPEC, l.itemSpec());
            putIf(j, Field.ITEM_UNIT, l.itemUnit());
            putIf(j, Field.QUANTITY, l.quantity());
            putIf(j, Field.UNIT_PRICE, l.unitPrice());
            j.put(Field.AMOUNT.key(), l.amount());
            j.put(Field.TAX_RATE.key(), TaxRate.text(l.taxRate()));
            j.put(Field.TAX_AMOUNT.key(), l.taxAmount());
            j.put(Field.TAX_CODE.key(), l.taxCode());
            if (l.discount()) {
                j.put(Field.LINE_KIND.key(), "discount");
            }
            putIf(j, Field.ZERO_RATE_KIND, l.zeroRateKind());
            putIf(j, Field.PREFERENTIAL_NOTE, l.preferentialNote());
            putIf(j, Field.DEDUCTION, l.deduction());
        }
        if (!o.special().isEmpty()) {
            ObjectNode sp = n.putObject("special");
            o.special().forEach(sp::put);
        }
        return n;
    }

    private static void putIf(ObjectNode n, Field f, String v) {
        if (v != null && !v.isEmpty()) {
            n.put(f.key(), v);
        }
    }

    private static void putIf(ObjectNode n, Field f, BigDecimal v) {
        if (v != null) {
            n.put(f.key(), v);
        }
    }
}

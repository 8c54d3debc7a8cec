package io.fapiao.tax;

import io.fapiao.order.DraftLine;
import io.fapiao.order.Field;
import io.fapiao.order.InvoiceLine;
import io.fapiao.order.InvoiceType;
import io.fapiao.order.Order;
import io.fapiao.order.OrderDraft;
import io.fapiao.order.Problem;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The tax rules an order must meet before any vendor sees it. Pure: a draft in, an order or its problems out.
 * Every problem names the line and field, in Chinese and English; all of an order's problems are reported at once.
 */
public final class OrderRules {

    private static final Pattern ORDER_NO = Pattern.compile("[A-Za-z0-9_-]{1,40}");
    private static final Pattern TAX_CODE = Pattern.compile("\\d{19}");
    private static final Pattern TAX_ID = Pattern.compile("[0-9A-Z]{15,20}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s,;]+@[^@\\s,;]+\\.[^@\\s,;]+");
    private static final Pattern MOBILE = Pattern.compile("1\\d{10}");
    private static final Pattern DIGITS = Pattern.compile("\\d+");

    private final String defaultSellerTaxId;

    public OrderRules(String defaultSellerTaxId) {
        this.defaultSellerTaxId = defaultSellerTaxId == null ? "" : defaultSellerTaxId.strip();
    }

    public Checked check(OrderDraft draft) {
        return new Check(draft).run();
    }

    /** The state of checking one draft. */
    private final class Check {
        private final OrderDraft draft;
        private final DraftLine head;
        private final List<Problem> problems = new ArrayList<>();

        Check(OrderDraft draft) {
            this.draft = draft;
            this.head = draft.rows().get(0);
        }

        Checked run() {
            rowShape();
            String orderNo = head.get(Field.ORDER_NO);
            if (orderNo.isEmpty()) {
                missing(head, Field.ORDER_NO);
            } else if (!ORDER_NO.matcher(orderNo).matches()) {
                bad(head, Field.ORDER_NO, "须为1-40位字母、数字、下划线或连字符", "must be 1-40 letters, digits, '_' or '-'");
            }
            InvoiceType type = invoiceType();
            String seller = sellerTaxId();
            String buyerName = required(head, Field.BUYER_NAME);
            String buyerTaxId = buyerTaxId(type);
            optionalPattern(Field.BUYER_EMAIL, EMAIL, "邮箱格式不正确", "is not an e-mail address");
            optionalPattern(Field.BUYER_MOBILE, MOBILE, "须为11位手机号", "must be an 11-digit mobile number");
            String original = head.get(Field.ORIGINAL_INVOICE_NO);
            boolean red = !original.isEmpty();
            String redInfoNo = redInfo(type, red, original);
            List<InvoiceLine> lines = lines(red);
            if (problems.isEmpty()) {
                totals(lines, red);
            }
            if (!problems.isEmpty()) {
                return new Checked(null, List.copyOf(problems));
            }
            Order order = new Order(draft.source(), draft.seq(), draft.firstLine(), orderNo, type, seller,
                    buyerName, buyerTaxId, head.get(Field.BUYER_ADDRESS_PHONE), head.get(Field.BUYER_BANK_ACCOUNT),
                    head.get(Field.BUYER_EMAIL), head.get(Field.BUYER_MOBILE), head.get(Field.REMARK),
                    head.get(Field.DRAWER), head.get(Field.PAYEE), head.get(Field.REVIEWER), original, redInfoNo,
                    List.copyOf(lines), Map.copyOf(draft.special()));
            return new Checked(order, List.of());
        }

        private void rowShape() {
            for (DraftLine row : draft.rows()) {
                problems.addAll(row.readProblems());
                for (Map.Entry<Field, String> e : row.values().entrySet()) {
                    if (e.getValue() != null && e.getValue().indexOf('\uFFFD') >= 0) {
                        bad(row, e.getKey(), "含无法识别的字符（文件编码不是 UTF-8 或 GBK？）",
                                "contains characters that could not be decoded (file not in UTF-8 or GBK?)");
                    }
                }
                if (row == head) {
                    continue;
                }
                for (Field f : Field.values()) {
                    if (f.invoiceLevel() && !row.get(f).equals(head.get(f))) {
                        bad(row, f, "与本单据第一行（第" + head.line() + "行）不一致",
                                "differs from the first row of this order (line " + head.line() + ")");
                    }
                }
            }
        }

        private InvoiceType invoiceType() {
            String text = required(head, Field.INVOICE_TYPE);
            if (text.isEmpty()) {
                return null;
            }
            InvoiceType type = InvoiceType.parse(text);
            if (type == null) {
                bad(head, Field.INVOICE_TYPE, "无法识别的发票种类“" + text + "”（可用：普票、专票、021、020、026、028、004、007）",
                        "unknown invoice type '" + text + "' (use normal, special, 021, 020, 026, 028, 004 or 007)");
            }
            return type;
        }

        private String sellerTaxId() {
            String seller = head.get(Field.SELLER_TAX_ID).toUpperCase(Locale.ROOT);
            if (seller.isEmpty()) {
                seller = defaultSellerTaxId;
            }
            if (seller.isEmpty()) {
                bad(head, Field.SELLER_TAX_ID, "缺少销方税号，且未配置 fapiao.seller.tax-id",
                        "missing, and no fapiao.seller.tax-id is configured");
            } else {
                taxId(head, Field.SELLER_TAX_ID, seller);
            }
            return seller;
        }

        private String buyerTaxId(InvoiceType type) {
            String id = head.get(Field.BUYER_TAX_ID).toUpperCase(Locale.ROOT);
            if (id.isEmpty()) {
                if (type != null && type.special()) {
                    bad(head, Field.BUYER_TAX_ID, "专票必须填写购方税号", "is required on a special (专用) invoice");
                }
            } else {
                taxId(head, Field.BUYER_TAX_ID, id);
            }
            return id;
        }

        private void taxId(DraftLine row, Field field, String id) {
            if (id.length() == 18) {
                if (!CreditCode.isValid(id)) {
                    bad(row, field, "统一社会信用代码校验位错误（" + id + "）",
                            "is not a valid unified social credit code: check character wrong (" + id + ")");
                }
            } else if (!TAX_ID.matcher(id).matches()) {
                bad(row, field, "须为15-20位数字或大写字母", "must be 15-20 digits or capital letters");
            }
        }

        private void optionalPattern(Field field, Pattern pattern, String zh, String en) {
            String v = head.get(field);
            if (!v.isEmpty() && !pattern.matcher(v).matches()) {
                bad(head, field, zh, en);
            }
        }

        private String redInfo(InvoiceType type, boolean red, String original) {
            String redInfoNo = head.get(Field.RED_INFO_NO);
            if (red && type != null) {
                boolean digitsOk = DIGITS.matcher(original).matches();
                if (type.digital() && !(digitsOk && original.length() == 20)) {
                    bad(head, Field.ORIGINAL_INVOICE_NO, "数电发票号码须为20位数字", "must be the 20-digit number of a digital invoice");
                } else if (!type.digital() && !(digitsOk && (original.length() == 18 || original.length() == 20))) {
                    bad(head, Field.ORIGINAL_INVOICE_NO, "须为发票代码+号码，共18或20位数字",
                            "must be invoice code + number, 18 or 20 digits");
                }
                if (type.redNeedsInfoForm() && redInfoNo.isEmpty()) {
                    bad(head, Field.RED_INFO_NO, "红字专票（004/028）必须填写信息表编号",
                            "is required on a red special invoice (004/028)");
                }
            } else if (!red && !redInfoNo.isEmpty()) {
                bad(head, Field.RED_INFO_NO, "仅红字发票可填写信息表编号（同时填写原发票号码）",
                        "belongs to a red invoice only (give original_invoice_no too)");
            }
            return red && type != null && type.redNeedsInfoForm() ? redInfoNo : "";
        }

        private List<InvoiceLine> lines(boolean red) {
            List<InvoiceLine> lines = new ArrayList<>();
            InvoiceLine previous = null;
            for (DraftLine row : draft.rows()) {
                int before = problems.size();
                InvoiceLine line = line(row, red, previous);
                if (line != null && problems.size() == before) {
                    lines.add(line);
                }
                previous = line;
            }
            return lines;
        }

        private InvoiceLine line(DraftLine row, boolean red, InvoiceLine previous) {
            String name = required(row, Field.ITEM_NAME);
            boolean discount = lineKind(row);
            BigDecimal rate = rate(row);
            String taxCode = required(row, Field.TAX_CODE);
            if (!taxCode.isEmpty() && !TAX_CODE.matcher(taxCode).matches()) {
                bad(row, Field.TAX_CODE, "税收分类编码须为19位数字", "must be the 19-digit tax classification code");
            }
            BigDecimal amount = money(row, Field.AMOUNT);
            BigDecimal inclusive = money(row, Field.AMOUNT_INCL_TAX);
            BigDecimal givenTax = money(row, Field.TAX_AMOUNT);
            BigDecimal quantity = number(row, Field.QUANTITY);
            BigDecimal price = number(row, Field.UNIT_PRICE);
            BigDecimal deduction = money(row, Field.DEDUCTION);
            if (row.get(Field.AMOUNT).isEmpty() && row.get(Field.AMOUNT_INCL_TAX).isEmpty()) {
                bad(row, Field.AMOUNT, "金额与含税金额须至少填写一个", "give amount or amount_incl_tax");
            }
            String zeroKind = zeroRateKind(row, rate);
            if (rate == null || (amount == null && inclusive == null)) {
                return null;
            }
            BigDecimal tax;
            if (amount != null) {
                tax = givenTax != null ? givenTax : Money.tax(amount, rate);
                if (inclusive != null && !Money.within(amount.add(tax), inclusive, BigDecimal.ZERO)) {
                    bad(row, Field.AMOUNT_INCL_TAX, "含税金额不等于金额加税额（" + amount.add(tax) + "）",
                            "is not amount + tax (" + amount.add(tax) + ")");
                }
            } else if (givenTax != null) {
                tax = givenTax;
                amount = inclusive.subtract(givenTax);
            } else {
                amount = Money.excludingTax(inclusive, rate);
                tax = inclusive.subtract(amount);
            }
            if (givenTax != null && !Money.within(givenTax, Money.tax(amount, rate), Money.LINE_TAX_TOLERANCE)) {
                bad(row, Field.TAX_AMOUNT, "税额与金额×税率（" + Money.tax(amount, rate) + "）相差超过0.06",
                        "differs from amount x rate (" + Money.tax(amount, rate) + ") by more than 0.06");
            }
            if (rate.signum() == 0 && tax.signum() != 0) {
                bad(row, Field.TAX_AMOUNT, "零税率行的税额必须为0", "must be 0 on a zero-rate line");
            }
            priceTimesQuantity(row, quantity, price, amount, inclusive);
            sign(row, red, discount, amount, tax, quantity, price);
            if (discount) {
                discount(row, red, previous, name, taxCode, rate, amount);
            }
            if (deduction != null && (deduction.signum() < 0 || deduction.compareTo(amount.add(tax).abs()) > 0)) {
                bad(row, Field.DEDUCTION, "扣除额须在0与含税金额之间", "must lie between 0 and the amount including tax");
            }
            return new InvoiceLine(row.line(), name, row.get(Field.ITEM_SPEC), row.get(Field.ITEM_UNIT), quantity,
                    price, Money.round(amount), rate, Money.round(tax), taxCode, discount, zeroKind,
                    row.get(Field.PREFERENTIAL_NOTE), deduction);
        }

        private boolean lineKind(DraftLine row) {
            String kind = row.get(Field.LINE_KIND).toLowerCase(Locale.ROOT);
            switch (kind) {
                case "", "normal", "正常行", "正常", "0":
                    return false;
                case "discount", "折扣行", "折扣", "1":
                    return true;
                default:
                    bad(row, Field.LINE_KIND, "须为 normal/正常行 或 discount/折扣行", "must be normal/正常行 or discount/折扣行");
                    return false;
            }
        }

        private BigDecimal rate(DraftLine row) {
            String text = required(row, Field.TAX_RATE);
            if (text.isEmpty()) {
                return null;
            }
            BigDecimal rate = TaxRate.parse(text);
            if (rate == null || !TaxRate.isKnown(rate)) {
                bad(row, Field.TAX_RATE, "不是有效的增值税税率（" + text + "）；可写 0.13、13% 或 13",
                        "is not a VAT rate (" + text + "); write 0.13, 13% or 13");
                return null;
            }
            return rate;
        }

        private String zeroRateKind(DraftLine row, BigDecimal rate) {
            String kind = row.get(Field.ZERO_RATE_KIND);
            if (rate == null) {
                return null;
            }
            if (rate.signum() == 0) {
                if (!kind.equals("1") && !kind.equals("2") && !kind.equals("3")) {
                    bad(row, Field.ZERO_RATE_KIND, "税率为0时必须填写零税率标识：1免税、2不征税、3普通零税率",
                            "is required when the rate is 0: 1 tax-exempt, 2 non-taxable, 3 ordinary zero rate");
                    return null;
                }
                return kind;
            }
            if (!kind.isEmpty()) {
                bad(row, Field.ZERO_RATE_KIND, "仅税率为0时可填写", "applies only when the rate is 0");
            }
            return null;
        }

        private void priceTimesQuantity(DraftLine row, BigDecimal quantity, BigDecimal price, BigDecimal amount,
                                        BigDecimal inclusive) {
            if (quantity == null || price == null) {
                return;
            }
            BigDecimal product = Money.round(quantity.multiply(price));
            boolean matches = Money.within(product, amount, Money.CENT)
                    || inclusive != null && Money.within(product, inclusive, Money.CENT);
            if (!matches) {
                bad(row, Field.UNIT_PRICE, "数量×单价（" + product + "）与金额不符", "quantity x unit price (" + product
                        + ") does not match the amount");
            }
        }

        private void sign(DraftLine row, boolean red, boolean discount, BigDecimal amount, BigDecimal tax,
                          BigDecimal quantity, BigDecimal price) {
            if (red) {
                if (amount.signum() >= 0 || tax.signum() > 0) {
                    bad(row, Field.AMOUNT, "红字发票的金额和税额必须为负数", "must be negative on a red invoice (tax too)");
                }
                if (quantity != null && quantity.signum() >= 0) {
                    bad(row, Field.QUANTITY, "红字发票的数量必须为负数", "must be negative on a red invoice");
                }
            } else if (!discount) {
                if (amount.signum() <= 0 || tax.signum() < 0) {
                    bad(row, Field.AMOUNT, "蓝字发票的金额必须为正数（负数请作为折扣行，或填写原发票号码开红字发票）",
                            "must be positive on a blue invoice (mark a discount line, or give original_invoice_no for a red one)");
                }
                if (quantity != null && quantity.signum() <= 0) {
                    bad(row, Field.QUANTITY, "蓝字发票的数量必须为正数", "must be positive on a blue invoice");
                }
            }
            if (price != null && price.signum() < 0) {
                bad(row, Field.UNIT_PRICE, "单价不能为负数", "must not be negative");
            }
        }

        private void discount(DraftLine row, boolean red, InvoiceLine previous, String name, String taxCode,
                              BigDecimal rate, BigDecimal amount) {
            if (red) {
                bad(row, Field.LINE_KIND, "红字发票不能有折扣行", "a red invoice has no discount lines");
                return;
            }
            if (row == head) {
                bad(row, Field.LINE_KIND, "折扣行不能是第一行，须紧跟被折扣的商品行", "a discount line cannot come first: it follows the line it discounts");
                return;
            }
            if (previous == null) {
                bad(row, Field.LINE_KIND, "折扣行的上一行无效", "the line before this discount line is invalid");
                return;
            }
            if (previous.discount()) {
                bad(row, Field.LINE_KIND, "不能连续两个折扣行", "two discount lines cannot follow each other");
                return;
            }
            if (!previous.itemName().equals(name) || !previous.taxCode().equals(taxCode)
                    || previous.taxRate().compareTo(rate) != 0) {
                bad(row, Field.ITEM_NAME, "折扣行的商品名称、税收分类编码和税率须与被折扣行一致",
                        "a discount line must repeat the name, tax code and rate of the line it discounts");
            }
            if (amount.signum() >= 0) {
                bad(row, Field.AMOUNT, "折扣行金额必须为负数", "must be negative on a discount line");
            } else if (amount.negate().compareTo(previous.amount()) > 0) {
                bad(row, Field.AMOUNT, "折扣金额不能超过被折扣行金额（" + previous.amount() + "）",
                        "a discount cannot exceed the amount of the line it discounts (" + previous.amount() + ")");
            }
            for (Field f : List.of(Field.ITEM_SPEC, Field.ITEM_UNIT, Field.QUANTITY, Field.UNIT_PRICE)) {
                if (!row.get(f).isEmpty()) {
                    bad(row, f, "折扣行不填写规格型号、单位、数量和单价", "stays empty on a discount line");
                }
            }
        }

        private void totals(List<InvoiceLine> lines, boolean red) {
            BigDecimal amount = BigDecimal.ZERO;
            BigDecimal tax = BigDecimal.ZERO;
            Map<BigDecimal, BigDecimal> amountByRate = new LinkedHashMap<>();
            for (InvoiceLine line : lines) {
                amount = amount.add(line.amount());
                tax = tax.add(line.taxAmount());
                amountByRate.merge(line.taxRate(), line.amount(), BigDecimal::add);
            }
            if (!Money.fits(amount) || !Money.fits(tax) || !Money.fits(amount.add(tax))) {
                bad(head, Field.AMOUNT, "整张发票的价税合计超出范围（整数部分最多" + Money.MAX_INTEGER_DIGITS + "位）",
                        "the invoice total is out of range (at most " + Money.MAX_INTEGER_DIGITS
                                + " digits before the point)");
                return;
            }
            if (!red && amount.signum() <= 0) {
                bad(head, Field.AMOUNT, "整张发票的合计金额必须大于0", "the invoice total must be above 0");
            }
            BigDecimal expected = amountByRate.entrySet().stream()
                    .map(e -> Money.tax(e.getValue(), e.getKey())).reduce(BigDecimal.ZERO, BigDecimal::add);
            if (!Money.within(tax, expected, Money.INVOICE_TAX_TOLERANCE)) {
                bad(head, Field.TAX_AMOUNT, "整张发票的税额合计（" + tax + "）与按税率计算的税额（" + expected + "）相差超过1.27",
                        "the invoice's total tax (" + tax + ") differs from the tax by rate (" + expected + ") by more than 1.27");
            }
        }

        private String required(DraftLine row, Field field) {
            String v = row.get(field);
            if (v.isEmpty()) {
                missing(row, field);
            }
            return v;
        }

        private void missing(DraftLine row, Field field) {
            bad(row, field, "必填项“" + field.alias() + "”为空", "is required");
        }

        private BigDecimal money(DraftLine row, Field field) {
            BigDecimal v = number(row, field);
            if (v != null && v.stripTrailingZeros().scale() > 2) {
                bad(row, field, "金额最多两位小数（" + row.get(field) + "）", "has more than 2 decimals (" + row.get(field) + ")");
                return null;
            }
            return v;
        }

        private BigDecimal number(DraftLine row, Field field) {
            String text = row.get(field);
            if (text.isEmpty()) {
                return null;
            }
            BigDecimal v = Money.parse(text);
            if (v == null) {
                bad(row, field, "不是数字（" + text + "）", "is not a number (" + text + ")");
            } else if (!Money.fits(v)) {
                bad(row, field, "数值超出范围（" + shown(text) + "）：整数部分最多" + Money.MAX_INTEGER_DIGITS
                        + "位，小数最多" + Money.MAX_DECIMALS + "位", "is out of range (" + shown(text)
                        + "): at most " + Money.MAX_INTEGER_DIGITS + " digits before the point and "
                        + Money.MAX_DECIMALS + " after");
                return null;
            }
            return v;
        }

        /** A value as the reason quotes it: a cell can be thousands of characters long. */
        private static String shown(String text) {
            return text.length() <= 30 ? text : text.substring(0, 29) + "…";
        }

        private void bad(DraftLine row, Field field, String zh, String en) {
            problems.add(new Problem(row.line(), row.label(field), zh, en));
        }
    }
}

package io.fapiao.vendor.qixiangyun;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fapiao.order.InvoiceLine;
import io.fapiao.order.InvoiceType;
import io.fapiao.order.Order;
import io.fapiao.tax.TaxRate;

import java.math.BigDecimal;
import java.security.PublicKey;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The canonical order and the login steps in qixiangyun's words: the request bodies, as compact JSON text — sign
 * and send exactly that text. Field by field as the vendor's documents give them (docs/vendors/qixiangyun.md):
 * amounts, rates and codes are JSON strings; page numbers, {@code isOnlyCheckCache} and {@code scanType} integers;
 * {@code async} a boolean.
 */
public final class QixiangyunMapping {

    public static final String FPKJ = "/v2/invoice/qdfp/fpkjZzs";
    public static final String ASYN_RESULT = "/v2/invoice/qdfp/asynResult";
    public static final String HZQRXX_SAVE = "/v2/invoice/qdfp/hzqrxxSave";
    public static final String HZQRXX_CONFIRM = "/v2/invoice/qdfp/hzqrxxConfirm";
    public static final String HZQRXX_LIST = "/v2/invoice/qdfp/hzqrxxList";
    public static final String HZQRXX_DETAIL = "/v2/invoice/qdfp/hzqrxxDetail";
    public static final String HZ_FPKJ = "/v2/invoice/qdfp/hzFpkj";
    public static final String FPCX = "/v2/invoice/qdfp/fpcx";
    public static final String BSWJXZ_BATCH = "/v2/invoice/qdfp/bswjxzBatch";
    public static final String RZEWM = "/v2/invoice/qdfp/rzewm";
    public static final String RZZTCX = "/v2/invoice/qdfp/rzztcx";
    public static final String TOKEN = "/v2/public/oauth2/login";
    public static final String DPPT_COOKIE = "/v2/public/login/multiacc/dpptCookie";
    public static final String DPPT_PUSH_SMS = "/v2/public/login/multiacc/dpptpushsms";
    public static final String CHECK_LOGIN = "/v2/public/login/multiacc/checkAsyncLoginDpptCache";
    public static final String GET_QRCODE = "/v2/public/login/scanLogin/getQrcode";
    public static final String QRCODE_LOGIN = "/v2/public/login/scanLogin/qrcodeLogin";

    /** 身份类型 sent when the seller's configuration names none: 办税员, in every list of the documents. */
    public static final String DEFAULT_IDENTITY = "BSY";
    /** The files asked for: the PDF, so that the reply carries {@code pdf_url}. */
    static final String FILES = "PDF";

    private static final Set<String> REASONS = Set.of("01", "02", "03", "04");
    /** A trailing phone number of "address phone": digits, dashes, plus, spaces, brackets. */
    private static final Pattern TRAILING_PHONE = Pattern.compile("^(.*?)[\\s,，;；]*(\\+?[\\d(（][\\d\\-()（）\\s]{5,}\\d)$");
    /** A trailing account number of "bank account". */
    private static final Pattern TRAILING_ACCOUNT = Pattern.compile("^(.*?)[\\s,，;；:：]*(\\d[\\d\\s\\-]{5,}\\d)$");

    private QixiangyunMapping() {
    }

    // --- what cannot be issued here

    /**
     * Why this order cannot be issued through qixiangyun by this adapter, in Chinese and English; empty when it can.
     * qixiangyun issues 数电 invoices only (030, 032); special business and 差额征税 need field lists not mapped here.
     */
    public static Optional<String[]> cannotIssue(Order o) {
        if (fplxdm(o.type()) == null) {
            return Optional.of(new String[]{"企享云仅开具数电发票（数电普票、数电专票），不能开具发票种类" + o.type().code(),
                    "qixiangyun issues fully digital invoices only (数电普票 030, 数电专票 032), not type " + o.type().code()});
        }
        if (o.special().keySet().stream().anyMatch(k -> !k.equals("hcyydm"))) {
            return Optional.of(new String[]{"企享云特定业务开票本版本未接入", "special business (特定业务) through qixiangyun is "
                    + "not supported in this version"});
        }
        if (o.lines().stream().anyMatch(l -> l.deduction() != null && l.deduction().signum() != 0)) {
            return Optional.of(new String[]{"企享云差额征税开票本版本未接入", "差额征税 (deduction) through qixiangyun is not "
                    + "supported in this version"});
        }
        return Optional.empty();
    }

    /** 发票类型代码: 数电普票 030, 数电专票 032; null for kinds qixiangyun does not issue. */
    public static String fplxdm(InvoiceType type) {
        return switch (type) {
            case DIGITAL_NORMAL -> "030";
            case DIGITAL_SPECIAL -> "032";
            default -> null;
        };
    }

    // --- the envelope

    private static ObjectNode envelope(String action, String sellerTaxId, String accountId) {
        ObjectNode n = QixiangyunReply.JSON.createObjectNode();
        n.put("action", action);
        n.put("nsrsbh", sellerTaxId);
        if (accountId != null && !accountId.isEmpty()) {
            n.put("accountId", accountId);
        }
        return n;
    }

    // --- fpkjZzs

    /** The blue invoice of an order (check {@link #cannotIssue} first). Synchronous; past 40 s the vendor turns it asynchronous itself. */
    public static String fpkjZzs(Order o, String accountId) {
        String type = fplxdm(o.type());
        if (type == null || o.red()) {
            throw new IllegalArgumentException("not a blue 数电 order: " + o.orderNo());
        }
        ObjectNode n = envelope("fpkj_zzs", o.sellerTaxId(), accountId);
        n.put("async", false);
        ObjectNode d = n.putObject("data");
        d.put("ly_ddbh", o.orderNo());
        d.put("fplxdm", type);
        d.put("xsf_nsrsbh", o.sellerTaxId());
        d.put("gmf_lx", o.buyerTaxId().isEmpty() ? "1" : "0");
        putIf(d, "gmf_nsrsbh", o.buyerTaxId());
        d.put("gmf_nsrmc", o.buyerName());
        String[] addressPhone = split(o.buyerAddressPhone(), TRAILING_PHONE);
        putIf(d, "gmf_dz", addressPhone[0]);
        putIf(d, "gmf_dh", addressPhone[1]);
        String[] bankAccount = split(o.buyerBankAccount(), TRAILING_ACCOUNT);
        putIf(d, "gmf_yhmc", bankAccount[0]);
        putIf(d, "gmf_yhzh", bankAccount[1]);
        d.put("hjje", o.totalAmount().toPlainString());
        d.put("hjse", o.totalTax().toPlainString());
        d.put("jshj", o.totalAmount().add(o.totalTax()).toPlainString());
        putIf(d, "bz", o.remark());
        putIf(d, "skr", o.payee());
        putIf(d, "fhr", o.reviewer());
        d.put("hsslbs", "1");
        d.put("wjgs", FILES);
        ArrayNode items = d.putArray("xmmx");
        List<InvoiceLine> lines = o.lines();
        for (int i = 0; i < lines.size(); i++) {
            InvoiceLine line = lines.get(i);
            boolean discounted = !line.discount() && i + 1 < lines.size() && lines.get(i + 1).discount();
            items.add(item(line, line.discount() ? "1" : discounted ? "2" : "0"));
        }
        return write(n);
    }

    private static ObjectNode item(InvoiceLine line, String fphxz) {
        ObjectNode i = QixiangyunReply.JSON.createObjectNode();
        i.put("fphxz", fphxz);
        i.put("spbm", line.taxCode());
        i.put("xmmc", line.itemName());
        if (!line.discount()) {
            putIf(i, "ggxh", line.itemSpec());
            putIf(i, "dw", line.itemUnit());
            if (line.quantity() != null && line.quantity().signum() != 0) {
                i.put("spsl", plain(line.quantity()));
            }
            if (line.unitPrice() != null) {
                i.put("dj", plain(line.unitPrice()));
            }
        }
        i.put("je", line.amount().toPlainString());
        i.put("sl", TaxRate.text(line.taxRate()));
        i.put("se", line.taxAmount().toPlainString());
        if (line.zeroRateKind() != null) {
            i.put("slbs", line.zeroRateKind());
        }
        return i;
    }

    /** "杭州市西湖区1号 0571-88880000" → address, phone; no trailing number → the whole text first, "" second. */
    static String[] split(String text, Pattern trailingNumber) {
        String t = text == null ? "" : text.strip();
        Matcher m = trailingNumber.matcher(t);
        if (!t.isEmpty() && m.matches() && !m.group(1).isBlank()) {
            return new String[]{m.group(1).strip(), m.group(2).strip()};
        }
        return new String[]{t, ""};
    }

    // --- asynResult

    public static String asynResultByRequestId(String sellerTaxId, String requestId, String accountId) {
        ObjectNode n = envelope("asynresult", sellerTaxId, accountId);
        n.putObject("data").put("requestId", requestId);
        return write(n);
    }

    public static String asynResultByOrderNo(String sellerTaxId, String orderNo, String accountId) {
        ObjectNode n = envelope("asynresult", sellerTaxId, accountId);
        n.putObject("data").put("ly_ddbh", orderNo);
        return write(n);
    }

    // --- red invoices

    /**
     * The red-letter form for a red order. Full red (no {@code bfhc}, reason 01 开票有误) when the blue order is
     * unknown or the red order reverses all of it; else partial red ({@code bfhc}, reason 04 销售折让), each red line
     * naming the blue line it reduces. A red order's {@code special.hcyydm} overrides the reason.
     *
     * @param blue         the blue order as issued, or null when not known
     * @param blueIssuedAt the blue invoice's exact issue time, {@code yyyy-MM-dd HH:mm:ss}
     * @throws IllegalArgumentException when a red line matches no line of the blue order (see {@link #redProblem})
     */
    public static String hzqrxxSave(Order red, Order blue, String blueIssuedAt, String accountId) {
        if (!red.red() || fplxdm(red.type()) == null) {
            throw new IllegalArgumentException("not a red 数电 order: " + red.orderNo());
        }
        Optional<String[]> problem = redProblem(red, blue);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(problem.get()[1]);
        }
        boolean partial = partial(red, blue);
        ObjectNode n = envelope("hzqrxx_save", red.sellerTaxId(), accountId);
        ObjectNode d = n.putObject("data");
        d.put("lrfsf", "0");
        d.put("xsfNsrsbh", red.sellerTaxId());
        putIf(d, "gmfNsrsbh", red.buyerTaxId());
        d.put("lzFphm", red.originalInvoiceNo());
        d.put("lzKprq", blueIssuedAt);
        d.put("fplxdm", fplxdm(red.type()));
        String reason = red.special().getOrDefault("hcyydm", "");
        d.put("hcyydm", REASONS.contains(reason) ? reason : partial ? "04" : "01");
        d.put("wjgs", FILES);
        d.put("ly_ddbh", red.orderNo());
        if (partial) {
            ObjectNode bfhc = d.putObject("bfhc");
            bfhc.put("bfhcbz", "1");
            bfhc.put("hsslbs", "1");
            ArrayNode hcmx = bfhc.putArray("hcmx");
            List<Integer> used = new ArrayList<>();
            for (InvoiceLine line : red.lines()) {
                int lzmxxh = blueLineNumber(blue, line, used);
                used.add(lzmxxh);
                hcmx.addObject().put("lzmxxh", Integer.toString(lzmxxh))
                        .put("hcje", line.amount().toPlainString())
                        .put("hcse", line.taxAmount().toPlainString());
            }
        }
        return write(n);
    }

    /** Why a partial red order cannot name the blue lines it reduces; empty when it can (or when it is full red). */
    public static Optional<String[]> redProblem(Order red, Order blue) {
        if (!partial(red, blue)) {
            return Optional.empty();
        }
        List<Integer> used = new ArrayList<>();
        for (InvoiceLine line : red.lines()) {
            int n = blueLineNumber(blue, line, used);
            if (n < 0) {
                return Optional.of(new String[]{"部分红冲的明细“" + line.itemName() + "”在原蓝字发票中找不到（商品名称与税收分类编码须一致）",
                        "partial red: line '" + line.itemName() + "' matches no line of the blue invoice (same name and tax code)"});
            }
            used.add(n);
        }
        return Optional.empty();
    }

    private static boolean partial(Order red, Order blue) {
        if (blue == null) {
            return false;
        }
        return red.totalAmount().negate().compareTo(blue.totalAmount()) != 0
                || red.totalTax().negate().compareTo(blue.totalTax()) != 0;
    }

    /** The blue line a red line reduces: its number counted from 1 without discount lines, -1 if none. */
    private static int blueLineNumber(Order blue, InvoiceLine red, List<Integer> used) {
        int number = 0;
        for (InvoiceLine b : blue.lines()) {
            if (b.discount()) {
                continue;
            }
            number++;
            if (!used.contains(number) && b.taxCode().equals(red.taxCode()) && b.itemName().equals(red.itemName())) {
                return number;
            }
        }
        return -1;
    }

    public static String hzFpkj(String sellerTaxId, String hzuuid, String orderNo, String accountId) {
        ObjectNode n = envelope("hz_fpkj", sellerTaxId, accountId);
        ObjectNode d = n.putObject("data");
        d.put("hzuuid", hzuuid);
        d.put("xsfNsrsbh", sellerTaxId);
        d.put("wjgs", FILES);
        putIf(d, "ly_ddbh", orderNo);
        return write(n);
    }

    /** The seller's answer to a form the buyer filed (state 03): {@code accept} confirms, else refuses. */
    public static String hzqrxxConfirm(String sellerTaxId, String hzuuid, boolean accept, String accountId) {
        ObjectNode n = envelope("hzqrxx_confirm", sellerTaxId, accountId);
        n.putObject("data").put("hzuuid", hzuuid).put("xsfNsrsbh", sellerTaxId).put("qrlx", accept ? "Y" : "N");
        return write(n);
    }

    /**
     * The forms the seller filed or received between two application days (at most three months apart), one page;
     * {@code blueInvoiceNo} narrows to one blue invoice ("" for all).
     */
    public static String hzqrxxList(String sellerTaxId, LocalDate from, LocalDate to, String blueInvoiceNo, int page,
                                    int pageSize, String accountId) {
        return hzqrxxList(sellerTaxId, from, to, blueInvoiceNo, "", page, pageSize, accountId);
    }

    /**
     * As above, narrowed to one state ({@code hzqrztDm}, e.g. {@code "03"} filed by the buyer and waiting for the
     * seller; "" for all).
     */
    public static String hzqrxxList(String sellerTaxId, LocalDate from, LocalDate to, String blueInvoiceNo,
                                    String state, int page, int pageSize, String accountId) {
        ObjectNode n = envelope("hzqrxx_list", sellerTaxId, accountId);
        ObjectNode d = n.putObject("data");
        d.put("pageIndex", page);
        d.put("pageSize", pageSize);
        ObjectNode p = d.putObject("params");
        p.put("gxflx", "0");
        p.put("kprqq", from.toString());
        p.put("kprqz", to.toString());
        putIf(p, "lzFphm", blueInvoiceNo);
        putIf(p, "hzqrztDm", state);
        return write(n);
    }

    public static String hzqrxxDetail(String sellerTaxId, String hzuuid, String accountId) {
        ObjectNode n = envelope("hzqrxx_detail", sellerTaxId, accountId);
        n.putObject("data").put("hzuuid", hzuuid).put("xsfNsrsbh", sellerTaxId).put("wjgs", FILES);
        return write(n);
    }

    // --- queries and files

    /** The invoices issued on one day, one page (pages count from 1). */
    public static String fpcx(String sellerTaxId, LocalDate day, int page, int pageSize, String accountId) {
        ObjectNode n = envelope("fpcx", sellerTaxId, accountId);
        ObjectNode d = n.putObject("data");
        d.put("pageIndex", page);
        d.put("pageSize", pageSize);
        d.putObject("params").put("kprqq", day.toString()).put("kprqz", day.toString());
        return write(n);
    }

    /** One invoice by its number, looked for between two issue days (at most a year apart), first page. */
    public static String fpcxByNumber(String sellerTaxId, String invoiceNo, LocalDate from, LocalDate to,
                                      String accountId) {
        ObjectNode n = envelope("fpcx", sellerTaxId, accountId);
        ObjectNode d = n.putObject("data");
        d.put("pageIndex", 1);
        d.put("pageSize", 10);
        d.putObject("params").put("kprqq", from.toString()).put("kprqz", to.toString()).put("fphm", invoiceNo);
        return write(n);
    }

    /**
     * The files of one issued invoice.
     *
     * @param issuedAt the exact issue time, {@code yyyy-MM-dd HH:mm:ss}
     * @param formats  e.g. {@code "PDF"} or {@code "PDF,XML"}
     * @param asUrl    links ({@code url}) rather than the content ({@code base64})
     */
    public static String bswjxzBatch(String sellerTaxId, String invoiceNo, String issuedAt, String formats,
                                     boolean asUrl, String accountId) {
        ObjectNode n = envelope("bswjxzBatch", sellerTaxId, accountId);
        n.put("async", false);
        n.putObject("data").put("fphm", invoiceNo).put("kprq", issuedAt).put("wjgs", formats)
                .put("xzlx", asUrl ? "url" : "base64");
        return write(n);
    }

    /** The face-check QR before issuing (after {@code 720007}). */
    public static String rzewm(String sellerTaxId, String accountId) {
        return write(envelope("rzewm", sellerTaxId, accountId));
    }

    public static String rzztcx(String sellerTaxId, String rzid, String accountId) {
        ObjectNode n = envelope("rzztcx", sellerTaxId, accountId);
        n.putObject("data").put("rzid", rzid);
        return write(n);
    }

    // --- token

    public static String tokenLogin(String appKey, String appSecret) {
        ObjectNode n = QixiangyunReply.JSON.createObjectNode();
        n.put("grant_type", "client_credentials").put("client_appkey", appKey)
                .put("client_secret", QixiangyunSigning.clientSecret(appSecret));
        return write(n);
    }

    /** "使用接口返回refresh_token,调用时不需要传递client_appkey,client_secret参数". */
    public static String tokenRefresh(String refreshToken) {
        ObjectNode n = QixiangyunReply.JSON.createObjectNode();
        n.put("grant_type", "refresh_token").put("refresh_token", refreshToken);
        return write(n);
    }

    // --- the seller's tax-bureau login

    /**
     * Starts a login: the bureau sends the SMS (answer {@code taskId}), or, in regions without the SMS step
     * (广东 4400, 天津 1200, 浙江 3300, 湖北 4200), logs in at once. The password is encrypted here with the vendor's key.
     *
     * @param identity 身份类型 ({@code BSY}, {@code KPY}, {@code FDDBR}, …); "" for {@link #DEFAULT_IDENTITY}
     */
    public static String dpptCookie(String sellerTaxId, String areaCode, String account, String password,
                                    String identity, String phone, PublicKey vendorKey) {
        ObjectNode n = QixiangyunReply.JSON.createObjectNode();
        n.put("nsrsbh", sellerTaxId);
        n.put("areaCode", areaCode);
        n.put("gryhm", account);
        n.put("gryhmm", QixiangyunSigning.encryptPassword(password, vendorKey));
        n.put("sflx", identity == null || identity.isBlank() ? DEFAULT_IDENTITY : identity.strip());
        n.put("sjhm", phone);
        return write(n);
    }

    public static String dpptPushSms(String sellerTaxId, String taskId, String smsCode) {
        ObjectNode n = QixiangyunReply.JSON.createObjectNode();
        n.put("nsrsbh", sellerTaxId).put("taskId", taskId).put("smsCode", smsCode);
        return write(n);
    }

    /** Whether the session is still valid, without trying to log in again ({@code isOnlyCheckCache 1}). */
    public static String checkLogin(String sellerTaxId, String accountId) {
        ObjectNode n = QixiangyunReply.JSON.createObjectNode();
        n.put("nsrsbh", sellerTaxId).put("accountId", accountId).put("isOnlyCheckCache", 1);
        return write(n);
    }

    /** A login QR for the 电子税务局 app ({@code scanType 0}). */
    public static String getQrcode(String areaCode, String sellerTaxId) {
        ObjectNode n = QixiangyunReply.JSON.createObjectNode();
        n.put("areaCode", areaCode);
        putIf(n, "nsrsbh", sellerTaxId);
        n.put("scanType", 0);
        return write(n);
    }

    /** @param identity 身份类型, needed for a person with several; "" to leave it out */
    public static String qrcodeLogin(String taskId, String qrcodeId, String identity) {
        ObjectNode n = QixiangyunReply.JSON.createObjectNode();
        n.put("taskId", taskId).put("qrcodeId", qrcodeId);
        putIf(n, "sflx", identity == null ? "" : identity.strip());
        return write(n);
    }

    // --- helpers

    private static void putIf(ObjectNode n, String key, String value) {
        if (value != null && !value.isEmpty()) {
            n.put(key, value);
        }
    }

    private static String plain(BigDecimal v) {
        BigDecimal s = v.stripTrailingZeros();
        return (s.scale() < 0 ? s.setScale(0) : s).toPlainString();
    }

    static String write(Object node) {
        try {
            return QixiangyunReply.JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

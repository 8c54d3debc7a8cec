package io.fapiao.sandbox.qixiangyun;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fapiao.sandbox.InvoiceNumbers;
import io.fapiao.sandbox.InvoicePdf;
import io.fapiao.tax.Money;
import io.fapiao.tax.TaxRate;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static io.fapiao.sandbox.qixiangyun.Fields.refuse;

/**
 * The 数电 invoices of qixiangyun's documents: {@code fpkjZzs} checked field by field, {@code asynResult}, the
 * red-letter forms ({@code hzqrxxSave}, {@code hzqrxxConfirm}, {@code hzqrxxList}, {@code hzqrxxDetail},
 * {@code hzFpkj}), {@code fpcx} and the files ({@code bswjxzBatch}, and the links they give).
 */
final class SandboxInvoices {

    /** One answer: its code (2000, or 2001 / 729010 which are answers too), message and data. */
    record Answer(String code, String message, JsonNode data) {
        static Answer ok(JsonNode data) {
            return new Answer("2000", null, data);
        }
    }

    static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter COMPACT = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    private static final Pattern TAX_CODE = Pattern.compile("\\d{19}");
    private static final Pattern TAX_ID = Pattern.compile("[0-9A-Z]{15,20}");
    private static final Set<String> FORMATS = Set.of("OFD", "PDF", "XML", "EWM");
    private static final Set<Integer> PAGE_SIZES_FPCX = Set.of(10, 20, 50, 100);
    private static final int BASE64_LIMIT = 500 * 1024;

    private static final String[] STRINGS = {"ly_ddbh", "fplxdm", "xsf_nsrsbh", "xsf_nsrmc", "xsf_dz", "xsf_dh",
        "xsf_yhmc", "xsf_yhzh", "gmf_lx", "gmf_nsrsbh", "gmf_nsrmc", "xgm_xsyhzc", "tdyslxdm", "kjje_confirm", "fhr",
        "skr", "cezslxDm", "wjgs", "kdsbzConfirm", "sfzsgmfdzdh", "sfzsxsfdzdh", "dfgtgmbq", "jbrxm", "jbrgjdm",
        "jbrzjzldm", "jbrzjhm", "jbrzrrnsrsbh", "jazslxDm", "sfkjsszyfwfppm", "mtfrl", "gjql", "gzwhjhff",
        "sszyfwxybh", "sszyfwxm", "mtpzxx", "cktslxDm", "sfmxzlyw", "htbh", "sbxmDm"};
    private static final String[] STRINGS_OR_NULL = {"hjje", "hjse", "jshj", "bz", "hsslbs", "gmf_dz", "gmf_dh",
        "gmf_yhmc", "gmf_yhzh", "gfxx_confirm", "sfzsgmfyhzh", "sfzsxsfyhzh"};
    private static final String[] ARRAYS = {"hwysfwdzfpmxbList", "cepzmxList", "fjxxList", "bdczyzlxxs", "bdcjyxsxxs",
        "gtgmxxes", "zfxxes"};
    private static final String[] LINE_STRINGS = {"spmc", "ggxh", "dw", "spsl", "dj", "slbs", "ssyhzclx", "tdzsfsdm",
        "jzjtlxDm", "mxxh", "mtzlDm", "zkbl"};

    private enum State { ISSUING, ISSUED, FAILED }

    /** One invoice line; {@code number} counts non-discount lines from 1 (0 on a discount line). */
    private record Line(int number, String fphxz, String spbm, String xmmc, String spmc, String ggxh, String dw,
                        String spsl, String dj, BigDecimal je, BigDecimal sl, BigDecimal se) {
    }

    private static final class Invoice {
        final String nsrsbh;
        final String sellerName;
        final String buyerName;
        final String buyerTaxId;
        final String lyDdbh;
        final String fplxdm;
        final String action;
        final String wjgs;
        final String bz;
        final String blueFphm;
        final List<Line> lines;
        final String requestId;
        final long requestTime;
        final String fileKey;
        final BigDecimal hjje;
        final BigDecimal hjse;
        volatile State state = State.ISSUING;
        int pollsLeft;
        String failureCode = "";
        String failureMessage = "";
        String fphm = "";
        String kprq = "";
        String kplsh = "";
        /** Of a blue invoice: what red invoices took from each numbered line, {je, se}, positive. */
        final Map<Integer, BigDecimal[]> reddened = new LinkedHashMap<>();
        volatile byte[] pdf;
        volatile byte[] xml;
        /** Voided at the bureau (a test hook): fpcx shows 02. */
        volatile boolean voided;
        /** A planted difference on the amount fpcx shows (a test hook, for reconciliation). */
        volatile BigDecimal difference = BigDecimal.ZERO;

        Invoice(String nsrsbh, String sellerName, String buyerName, String buyerTaxId, String lyDdbh, String fplxdm,
                String action, String wjgs, String bz, String blueFphm, List<Line> lines, String requestId,
                long requestTime, String fileKey) {
            this.nsrsbh = nsrsbh;
            this.sellerName = sellerName;
            this.buyerName = buyerName;
            this.buyerTaxId = buyerTaxId;
            this.lyDdbh = lyDdbh;
            this.fplxdm = fplxdm;
            this.action = action;
            this.wjgs = wjgs;
            this.bz = bz;
            this.blueFphm = blueFphm;
            this.lines = List.copyOf(lines);
            this.requestId = requestId;
            this.requestTime = requestTime;
            this.fileKey = fileKey;
            this.hjje = this.lines.stream().map(Line::je).reduce(BigDecimal.ZERO, BigDecimal::add);
            this.hjse = this.lines.stream().map(Line::se).reduce(BigDecimal.ZERO, BigDecimal::add);
        }

        boolean red() {
            return !blueFphm.isEmpty();
        }

        BigDecimal hjje() {
            return hjje;
        }

        BigDecimal hjse() {
            return hjse;
        }

        /** Numbered line → {net je, net se}: the line with the discount that follows it. */
        Map<Integer, BigDecimal[]> net() {
            Map<Integer, BigDecimal[]> net = new LinkedHashMap<>();
            int last = 0;
            for (Line l : lines) {
                int n = l.number() == 0 ? last : l.number();
                last = n;
                BigDecimal[] v = net.computeIfAbsent(n, k -> new BigDecimal[]{BigDecimal.ZERO, BigDecimal.ZERO});
                v[0] = v[0].add(l.je());
                v[1] = v[1].add(l.se());
            }
            return net;
        }

        Line numbered(int n) {
            return lines.stream().filter(l -> l.number() == n).findFirst().orElse(null);
        }

        /** 01 normal, 03 fully red, 04 partly red; a red invoice is 01. */
        String fpztdm() {
            if (voided) {
                return "02";
            }
            if (red() || reddened.isEmpty()) {
                return "01";
            }
            BigDecimal left = BigDecimal.ZERO;
            for (Map.Entry<Integer, BigDecimal[]> e : net().entrySet()) {
                BigDecimal[] taken = reddened.getOrDefault(e.getKey(), new BigDecimal[]{BigDecimal.ZERO, BigDecimal.ZERO});
                left = left.add(e.getValue()[0].subtract(taken[0]));
            }
            return left.signum() <= 0 ? "03" : "04";
        }
    }

    private static final class RedForm {
        final String hzuuid;
        final String hzqrdbh;
        final String lrfsf;
        final String hcyydm;
        final Invoice blue;
        final Map<Integer, BigDecimal[]> lines;
        final String lyDdbh;
        final String lrrq;
        volatile String state;
        volatile String xgrq;
        volatile String qrrq;
        volatile Invoice red;

        RedForm(String hzuuid, String hzqrdbh, String lrfsf, String hcyydm, Invoice blue, Map<Integer, BigDecimal[]> lines,
                String lyDdbh, String state, String now) {
            this.hzuuid = hzuuid;
            this.hzqrdbh = hzqrdbh;
            this.lrfsf = lrfsf;
            this.hcyydm = hcyydm;
            this.blue = blue;
            this.lines = lines;
            this.lyDdbh = lyDdbh;
            this.state = state;
            this.lrrq = now;
            this.xgrq = now;
        }

        boolean inProgress() {
            return red == null && Set.of("01", "02", "03", "04").contains(state);
        }

        BigDecimal je() {
            return lines.values().stream().map(v -> v[0]).reduce(BigDecimal.ZERO, BigDecimal::add);
        }

        BigDecimal se() {
            return lines.values().stream().map(v -> v[1]).reduce(BigDecimal.ZERO, BigDecimal::add);
        }
    }

    private final QixiangyunTrouble trouble;
    private final SandboxLogins logins;
    private final String defaultSeller;
    private final String defaultSellerName;
    private final Map<String, Invoice> byRequestId = new ConcurrentHashMap<>();
    private final Map<String, Invoice> byOrder = new ConcurrentHashMap<>();
    private final Map<String, Invoice> byNumber = new ConcurrentHashMap<>();
    /** Each seller's issued invoices in issue order (= {@code kprq} order): {@code fpcx} reads a range, not everything. */
    private final Map<String, List<Invoice>> issuedBySeller = new ConcurrentHashMap<>();
    private final Map<String, Invoice> byFileKey = new ConcurrentHashMap<>();
    private final Map<String, RedForm> forms = new ConcurrentHashMap<>();
    private final Set<String> buyerAccounted = ConcurrentHashMap.newKeySet();
    private final AtomicLong sequence = new AtomicLong(System.currentTimeMillis() % 1_000_000_000L * 100);
    private final SecureRandom random = new SecureRandom();
    private final HexFormat hex = HexFormat.of();

    SandboxInvoices(QixiangyunTrouble trouble, SandboxLogins logins, String defaultSeller, String defaultSellerName) {
        this.trouble = trouble;
        this.logins = logins;
        this.defaultSeller = defaultSeller;
        this.defaultSellerName = defaultSellerName;
    }

    synchronized void reset() {
        byRequestId.clear();
        byOrder.clear();
        byNumber.clear();
        issuedBySeller.clear();
        byFileKey.clear();
        forms.clear();
        buyerAccounted.clear();
    }

    int invoiceCount() {
        return byNumber.size();
    }

    // --- fpkjZzs

    synchronized Answer fpkjZzs(String nsrsbh, boolean async, JsonNode data, Instant now, String base) {
        Fields f = new Fields(data, "data.", Fields.TYPE);
        for (String s : STRINGS) {
            f.string(s, false);
        }
        for (String s : STRINGS_OR_NULL) {
            if (data.hasNonNull(s)) {
                f.string(s, false);
            }
        }
        for (String a : ARRAYS) {
            f.array(a, false);
        }
        String lyDdbh = f.string("ly_ddbh", true);
        String fplxdm = f.string("fplxdm", true);
        String xsf = f.string("xsf_nsrsbh", true);
        String gmfLx = f.string("gmf_lx", true);
        String buyerName = f.string("gmf_nsrmc", true);
        JsonNode items = f.array("xmmx", true);
        String buyerTaxId = f.string("gmf_nsrsbh", false);
        if (lyDdbh.length() > 50) {
            throw refuse("720002", "参数错误：来源订单编号ly_ddbh长度不能超过50");
        }
        if (byOrder.containsKey(nsrsbh + "|" + lyDdbh)) {
            throw refuse("720004", "数据已存在：相同的订单只能调用一次（来源订单编号" + lyDdbh + "）");
        }
        if (!xsf.equals(nsrsbh)) {
            throw refuse("720002", "参数错误：销方税号xsf_nsrsbh与nsrsbh不一致");
        }
        if (fplxdm.equals("83") || fplxdm.equals("87")) {
            throw refuse("720002", "参数错误：机动车发票须按特定要素传入车辆信息（本沙箱未开通）");
        }
        if (!fplxdm.equals("030") && !fplxdm.equals("032")) {
            throw refuse("720002", "参数错误：发票类型代码fplxdm错误：" + fplxdm);
        }
        if (!gmfLx.equals("0") && !gmfLx.equals("1")) {
            throw refuse("720002", "参数错误：购方类型gmf_lx须为0或1");
        }
        if (fplxdm.equals("032") && buyerTaxId.isBlank()) {
            throw refuse("720002", "参数错误：开具数电专票（032）时购方税号gmf_nsrsbh必填");
        }
        if (!buyerTaxId.isBlank() && !TAX_ID.matcher(buyerTaxId).matches()) {
            throw refuse("710002", "业务提示：购买方纳税人识别号格式不正确：" + buyerTaxId);
        }
        String wjgs = formats(f.string("wjgs", false));
        boolean inclusive = !"1".equals(data.path("hsslbs").asText(""));
        List<Line> lines = lines(items, inclusive);
        totals(data, lines);
        String rejected = rejectedItem(lines);
        boolean later = async || trouble.asyncIssuing > 0;
        if (rejected != null && !later) {
            throw refuse("710002", rejected);
        }
        String sellerName = !data.path("xsf_nsrmc").asText("").isBlank() ? data.path("xsf_nsrmc").asText()
                : nsrsbh.equals(defaultSeller) ? defaultSellerName : "沙箱销方（" + nsrsbh + "）";
        Invoice inv = new Invoice(nsrsbh, sellerName, buyerName, buyerTaxId, lyDdbh, fplxdm, "fpkj_zzs", wjgs,
                data.path("bz").asText(""), "", lines, requestId(now), now.toEpochMilli(), hex(12));
        store(inv);
        if (later) {
            inv.pollsLeft = Math.max(1, trouble.asyncIssuing);
            if (rejected != null) {
                inv.failureCode = "710002";
                inv.failureMessage = rejected;
            }
            ObjectNode d = QixiangyunSandbox.JSON.createObjectNode();
            if (async) {
                d.put("requestId", inv.requestId).put("message", "异步调用完成，请稍后调用asynResult进行结果查询");
                return Answer.ok(d);
            }
            String msg = "业务处理超时,本次请求已自动转为异步方式，可通过requestId查询异步结果";
            d.put("code", "700009").put("requestId", inv.requestId).put("message", msg);
            return new Answer("2001", msg, d);
        }
        issue(inv, now);
        return Answer.ok(issued(inv, base));
    }

    private String rejectedItem(List<Line> lines) {
        if (trouble.rejectItem.isEmpty()) {
            return null;
        }
        for (Line l : lines) {
            if (l.xmmc().contains(trouble.rejectItem)) {
                return "业务提示：商品“" + l.xmmc() + "”的税收分类编码不存在或已停用";
            }
        }
        return null;
    }

    private List<Line> lines(JsonNode items, boolean inclusive) {
        if (items.isEmpty()) {
            throw refuse("400000", "参数data.xmmx不能为空！");
        }
        List<Line> lines = new ArrayList<>();
        int number = 0;
        Line previous = null;
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            String at = "data.xmmx[" + i + "].";
            if (!item.isObject()) {
                throw refuse("400000", "参数校验失败：" + at.substring(0, at.length() - 1) + "须为对象(object)");
            }
            Fields f = new Fields(item, at, Fields.TYPE);
            for (String s : LINE_STRINGS) {
                f.string(s, false);
            }
            String fphxz = f.string("fphxz", true);
            String spbm = f.string("spbm", true);
            String xmmc = f.string("xmmc", true);
            BigDecimal je = f.number("je", true);
            BigDecimal sl = f.number("sl", true);
            BigDecimal se = item.hasNonNull("se") ? f.number("se", false) : null;
            String spsl = f.string("spsl", false);
            if (!Set.of("0", "1", "2").contains(fphxz)) {
                throw refuse("720002", "参数错误：发票行性质fphxz须为0、1、2：" + xmmc);
            }
            if (!TAX_CODE.matcher(spbm).matches()) {
                throw refuse("710002", "业务提示：商品和服务税收分类编码须为19位末级编码：" + xmmc);
            }
            if (!TaxRate.isKnown(sl)) {
                throw refuse("710002", "业务提示：税率错误：" + sl.toPlainString());
            }
            if (!spsl.isBlank() && f.number("spsl", false).signum() == 0) {
                throw refuse("720002", "参数错误：商品数量spsl不可传0：" + xmmc);
            }
            f.number("dj", false);
            if (je.signum() == 0) {
                throw refuse("710002", "业务提示：金额不能为0：" + xmmc);
            }
            BigDecimal exclusive;
            BigDecimal tax;
            if (se != null) {
                exclusive = Money.round(je);
                tax = Money.round(se);
                if (!Money.within(Money.tax(exclusive, sl), tax, Money.LINE_TAX_TOLERANCE)) {
                    throw refuse("710002", "业务提示：税额误差超过0.06：" + xmmc);
                }
            } else if (inclusive) {
                exclusive = Money.excludingTax(je, sl);
                tax = Money.round(je).subtract(exclusive);
            } else {
                exclusive = Money.round(je);
                tax = Money.tax(exclusive, sl);
            }
            if (fphxz.equals("1")) {
                if (previous == null || !previous.fphxz().equals("2")) {
                    throw refuse("710002", "业务提示：折扣行必须紧跟在被折扣行（fphxz=2）之后：" + xmmc);
                }
                if (!previous.spbm().equals(spbm) || previous.sl().compareTo(sl) != 0) {
                    throw refuse("710002", "业务提示：折扣行的税收分类编码和税率须与被折扣行一致：" + xmmc);
                }
                if (exclusive.signum() >= 0 || exclusive.negate().compareTo(previous.je()) > 0) {
                    throw refuse("710002", "业务提示：折扣金额须为负数且不能大于被折扣行金额：" + xmmc);
                }
            } else {
                if (previous != null && previous.fphxz().equals("2")) {
                    throw refuse("710002", "业务提示：被折扣行（fphxz=2）之后须紧跟折扣行：" + previous.xmmc());
                }
                if (exclusive.signum() < 0) {
                    throw refuse("710002", "业务提示：蓝字发票金额不能为负数（折扣行请传fphxz=1）：" + xmmc);
                }
                number++;
            }
            Line line = new Line(fphxz.equals("1") ? 0 : number, fphxz, spbm, xmmc, f.string("spmc", false),
                    f.string("ggxh", false), f.string("dw", false), spsl, f.string("dj", false), exclusive, sl, tax);
            lines.add(line);
            previous = line;
        }
        if (previous != null && previous.fphxz().equals("2")) {
            throw refuse("710002", "业务提示：被折扣行（fphxz=2）之后须紧跟折扣行：" + previous.xmmc());
        }
        return lines;
    }

    private static void totals(JsonNode data, List<Line> lines) {
        BigDecimal hjje = lines.stream().map(Line::je).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal hjse = lines.stream().map(Line::se).reduce(BigDecimal.ZERO, BigDecimal::add);
        Map<BigDecimal, BigDecimal> byRate = new LinkedHashMap<>();
        lines.forEach(l -> byRate.merge(l.sl(), l.je(), BigDecimal::add));
        BigDecimal expected = byRate.entrySet().stream().map(e -> Money.tax(e.getValue(), e.getKey()))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        if (!Money.within(hjse, expected, Money.INVOICE_TAX_TOLERANCE)) {
            throw refuse("710002", "业务提示：整张发票税额误差超过1.27");
        }
        check(data, "hjje", hjje, "合计金额hjje与明细金额合计不一致");
        check(data, "hjse", hjse, "合计税额hjse与明细税额合计不一致");
        check(data, "jshj", hjje.add(hjse), "价税合计jshj与明细价税合计不一致");
    }

    private static void check(JsonNode data, String field, BigDecimal computed, String message) {
        String given = data.path(field).asText("").strip();
        if (!given.isEmpty()) {
            BigDecimal g;
            try {
                g = new BigDecimal(given);
            } catch (NumberFormatException e) {
                throw refuse("720002", "参数错误：data." + field + "须为数字：" + given);
            }
            if (!Money.within(g, computed, Money.CENT)) {
                throw refuse("710002", "业务提示：" + message + "（" + given + " ≠ " + computed.toPlainString() + "）");
            }
        }
    }

    private static String formats(String wjgs) {
        for (String format : wjgs.split(",")) {
            if (!format.isBlank() && !FORMATS.contains(format.strip().toUpperCase())) {
                throw refuse("720002", "参数错误：版式文件格式wjgs只能为OFD,PDF,XML,EWM：" + format);
            }
        }
        return wjgs.toUpperCase().replace(" ", "");
    }

    private void store(Invoice inv) {
        byRequestId.put(inv.requestId, inv);
        if (!inv.lyDdbh.isEmpty()) {
            byOrder.put(inv.nsrsbh + "|" + inv.lyDdbh, inv);
        }
        byFileKey.put(inv.fileKey, inv);
    }

    private void issue(Invoice inv, Instant now) {
        long seq = InvoiceNumbers.next();
        LocalDateTime at = LocalDateTime.ofInstant(now, CHINA);
        inv.fphm = String.format("%02d%s%d%015d", at.getYear() % 100, region(inv.nsrsbh), 2, seq);
        inv.kprq = at.format(STAMP);
        inv.kplsh = at.format(COMPACT) + String.format("%010d", seq % 10_000_000_000L);
        inv.state = State.ISSUED;
        byNumber.put(inv.fphm, inv);
        List<Invoice> issued = issuedBySeller.computeIfAbsent(inv.nsrsbh, k -> new ArrayList<>());
        issued.add(inv);
        if (issued.size() > 1 && issued.get(issued.size() - 2).kprq.compareTo(inv.kprq) > 0) {
            issued.sort(Comparator.comparing((Invoice i) -> i.kprq)); // the clock went back
        }
    }

    /** The 数电 number's region: the province's two digits, or 91–95 for the five separately planned cities. */
    private String region(String nsrsbh) {
        String area = logins.areaOf(nsrsbh);
        return switch (area) {
            case "2102" -> "91";
            case "3702" -> "92";
            case "3302" -> "93";
            case "3502" -> "94";
            case "4403" -> "95";
            case "" -> "31";
            default -> area.substring(0, 2);
        };
    }

    private ObjectNode issued(Invoice inv, String base) {
        ObjectNode d = QixiangyunSandbox.JSON.createObjectNode();
        d.put("kplx", inv.red() ? "1" : "0").put("kplsh", inv.kplsh).put("gmfNsrsbh", inv.buyerTaxId)
                .put("gmfNsrmc", inv.buyerName).put("xsfNsrsbh", inv.nsrsbh).put("xsfNsrmc", inv.sellerName)
                .put("fplxdm", inv.fplxdm).put("kprq", inv.kprq).put("jshj", inv.hjje().add(inv.hjse()))
                .put("fphm", inv.fphm);
        links(d, inv, base);
        return d;
    }

    private void links(ObjectNode d, Invoice inv, String base) {
        if (inv.wjgs.contains("PDF")) {
            d.put("pdf_url", fileUrl(inv, base, "pdf"));
        }
        if (inv.wjgs.contains("XML")) {
            d.put("xml_url", fileUrl(inv, base, "zip"));
        }
        if (inv.wjgs.contains("EWM")) {
            d.put("ewm_url", fileUrl(inv, base, "ewm"));
        }
    }

    private static String fileUrl(Invoice inv, String base, String extension) {
        return base + "/_files/" + inv.fileKey + "/dzfp_" + inv.fphm + "." + extension;
    }

    /** bswjxzBatch's link: "税局地址或OSS地址长期有效", so it is served even when the issuing links have expired. */
    private static String storedUrl(Invoice inv, String base, String extension) {
        return base + "/_oss/" + inv.fileKey + "/dzfp_" + inv.fphm + "." + extension;
    }

    // --- asynResult

    synchronized ObjectNode asynResult(String nsrsbh, JsonNode data, Instant now, String base) {
        Fields f = new Fields(data, "data.", Fields.TYPE);
        String requestId = data.hasNonNull("requestId") ? f.string("requestId", false) : "";
        String lyDdbh = data.hasNonNull("ly_ddbh") ? f.string("ly_ddbh", false) : "";
        if (requestId.isBlank() && lyDdbh.isBlank()) {
            throw refuse("400000", "参数校验失败：requestId和ly_ddbh不能同时为空");
        }
        Invoice inv = !requestId.isBlank() ? byRequestId.get(requestId) : byOrder.get(nsrsbh + "|" + lyDdbh);
        if (inv == null || !inv.nsrsbh.equals(nsrsbh)) {
            throw refuse("720000", "未查询到异步请求结果：" + (requestId.isBlank() ? lyDdbh : requestId));
        }
        int execStatus;
        if (inv.state == State.ISSUING) {
            inv.pollsLeft--;
            if (inv.pollsLeft > 0) {
                execStatus = inv.pollsLeft % 2 == 0 ? 1 : 0;
            } else if (!inv.failureCode.isEmpty()) {
                inv.state = State.FAILED;
                byOrder.remove(inv.nsrsbh + "|" + inv.lyDdbh, inv);
                execStatus = 3;
            } else {
                issue(inv, now);
                execStatus = 2;
            }
        } else {
            execStatus = inv.state == State.ISSUED ? 2 : 3;
        }
        ObjectNode d = QixiangyunSandbox.JSON.createObjectNode();
        ObjectNode request = d.putObject("request");
        request.put("requestTime", inv.requestTime).put("bizType", "invoice").put("nsrsbh", inv.nsrsbh)
                .put("requestId", inv.requestId).put("action", inv.action).put("ly_ddbh", inv.lyDdbh);
        switch (execStatus) {
            case 2 -> {
                d.put("returnCode", "0").put("returnMsg", "任务执行成功").put("execStatus", 2);
                d.set("returnBody", issued(inv, base));
            }
            case 3 -> d.put("returnCode", inv.failureCode).put("returnMsg", inv.failureMessage).put("execStatus", 3);
            default -> d.put("returnCode", "").put("returnMsg", execStatus == 0 ? "任务执行中" : "等待下一轮执行")
                    .put("execStatus", execStatus);
        }
        return d;
    }

    // --- red-letter forms

    synchronized ObjectNode hzqrxxSave(String nsrsbh, JsonNode data, Instant now, String base) {
        Fields f = new Fields(data, "data.", Fields.TYPE);
        for (String s : new String[]{"gmfNsrsbh", "lzFphm", "fplxdm", "wjgs", "zz_fpdm", "zz_fphm", "ly_ddbh"}) {
            f.string(s, false);
        }
        for (String s : new String[]{"lrfsf", "xsfNsrsbh", "hcjshj"}) {
            if (data.hasNonNull(s)) {
                f.string(s, false);
            }
        }
        f.array("vinInfos", false);
        String lzKprq = f.string("lzKprq", true);
        String hcyydm = f.string("hcyydm", true);
        String lzFphm = f.string("lzFphm", false);
        String fplxdm = f.string("fplxdm", false);
        String lyDdbh = f.string("ly_ddbh", false);
        JsonNode bfhc = data.hasNonNull("bfhc") ? f.object("bfhc", false) : null; // object or null
        String lrfsf = data.path("lrfsf").asText("0");
        if (!lrfsf.isEmpty() && !lrfsf.equals("0")) {
            throw refuse("720002", "参数错误：本沙箱仅支持销方发起（lrfsf=0）");
        }
        if (!Set.of("01", "02", "03", "04").contains(hcyydm)) {
            throw refuse("720002", "参数错误：红冲原因代码hcyydm须为01、02、03、04");
        }
        if (lzFphm.isBlank()) {
            throw refuse("720002", "参数错误：数电发票红冲须传蓝字发票号码lzFphm");
        }
        if (!lyDdbh.isEmpty()) {
            for (RedForm existing : forms.values()) {
                if (existing.blue.nsrsbh.equals(nsrsbh) && existing.lyDdbh.equals(lyDdbh)) {
                    return formSaved(existing, base);
                }
            }
        }
        Invoice blue = byNumber.get(lzFphm);
        if (blue == null || !blue.nsrsbh.equals(nsrsbh) || blue.red()) {
            throw refuse("710021", "红字申请时原蓝票不存在或没有可红冲的金额：" + lzFphm);
        }
        if (!lzKprq.equals(blue.kprq)) {
            throw refuse("710002", "业务提示：蓝字开票日期lzKprq与蓝字发票信息不符");
        }
        if (!fplxdm.isEmpty() && !fplxdm.equals(blue.fplxdm)) {
            throw refuse("710002", "业务提示：发票类型代码fplxdm与蓝字发票不一致");
        }
        if (forms.values().stream().anyMatch(r -> r.blue == blue && r.inProgress())) {
            throw refuse("710024", "业务提示：该发票存在进行中的红字确认单!");
        }
        Map<Integer, BigDecimal[]> left = left(blue);
        if (left.values().stream().allMatch(v -> v[0].signum() <= 0)) {
            ObjectNode done = QixiangyunSandbox.JSON.createObjectNode();
            ArrayNode list = earlierReds(blue);
            done.put("total", list.size()).put("pageNumber", 1).put("pageSize", 10).set("list", list);
            throw new Fields.Refusal("710021", "业务提示：蓝票没有可红冲的金额，不可再次红冲!", done);
        }
        boolean services = blue.lines.stream().allMatch(l -> l.spbm().startsWith("3"));
        boolean goods = blue.lines.stream().noneMatch(l -> l.spbm().startsWith("3"));
        if (services && hcyydm.equals("02")) {
            throw refuse("710002", "业务提示：确认单商品服务编码全为3开头的，开具红字发票原因不能选择“销货退回”");
        }
        if (goods && hcyydm.equals("03")) {
            throw refuse("710002", "业务提示：确认单商品服务编码全为1或2开头的，开具红字发票原因不能选择“服务中止”");
        }
        boolean partial = bfhc != null && "1".equals(bfhc.path("bfhcbz").asText(""));
        Map<Integer, BigDecimal[]> lines = partial ? partialLines(bfhc, blue, left, hcyydm) : fullLines(blue, left);
        String hcjshj = data.path("hcjshj").asText("").strip();
        if (!hcjshj.isEmpty()) {
            BigDecimal total = lines.values().stream().map(v -> v[0].add(v[1])).reduce(BigDecimal.ZERO, BigDecimal::add);
            try {
                if (!Money.within(new BigDecimal(hcjshj).abs(), total, Money.CENT)) {
                    throw refuse("710002", "业务提示：红冲价税合计hcjshj与本次红冲金额不一致");
                }
            } catch (NumberFormatException e) {
                throw refuse("720002", "参数错误：data.hcjshj须为数字：" + hcjshj);
            }
        }
        boolean needsBuyer = blue.fplxdm.equals("032") || buyerAccounted.contains(blue.fphm);
        String stamp = LocalDateTime.ofInstant(now, CHINA).format(STAMP);
        RedForm form = new RedForm(hex(16), String.format("%020d", sequence.incrementAndGet()), "0", hcyydm, blue,
                lines, lyDdbh, needsBuyer ? "02" : "01", stamp);
        forms.put(form.hzuuid, form);
        if (!needsBuyer && trouble.asyncIssuing <= 0) {
            issueRed(form, now, blue.wjgs.isEmpty() ? "PDF" : blue.wjgs);
        }
        return formSaved(form, base);
    }

    /** What is left to red of each numbered blue line, {je, se}. */
    private static Map<Integer, BigDecimal[]> left(Invoice blue) {
        Map<Integer, BigDecimal[]> left = new LinkedHashMap<>();
        blue.net().forEach((n, v) -> {
            BigDecimal[] taken = blue.reddened.getOrDefault(n, new BigDecimal[]{BigDecimal.ZERO, BigDecimal.ZERO});
            left.put(n, new BigDecimal[]{v[0].subtract(taken[0]), v[1].subtract(taken[1])});
        });
        return left;
    }

    private static Map<Integer, BigDecimal[]> fullLines(Invoice blue, Map<Integer, BigDecimal[]> left) {
        if (!blue.reddened.isEmpty()) {
            throw refuse("710002", "业务提示：本次红冲明细金额合计与红字冲销金额不一致,请检查!");
        }
        return left;
    }

    private static Map<Integer, BigDecimal[]> partialLines(JsonNode bfhc, Invoice blue, Map<Integer, BigDecimal[]> left,
                                                           String hcyydm) {
        Fields f = new Fields(bfhc, "data.bfhc.", Fields.TYPE);
        if (bfhc.hasNonNull("hsslbs")) {
            f.string("hsslbs", false);
        }
        JsonNode hcmx = f.array("hcmx", true);
        if (hcyydm.equals("01")) {
            throw refuse("720002", "参数错误：红冲原因为开票有误（01）时须全额红冲");
        }
        if (hcmx.isEmpty()) {
            throw refuse("400000", "参数data.bfhc.hcmx不能为空！");
        }
        boolean inclusive = !"1".equals(bfhc.path("hsslbs").asText("2"));
        Map<Integer, BigDecimal[]> lines = new LinkedHashMap<>();
        for (int i = 0; i < hcmx.size(); i++) {
            Fields m = new Fields(hcmx.get(i), "data.bfhc.hcmx[" + i + "].", Fields.TYPE);
            String lzmxxh = m.string("lzmxxh", true);
            BigDecimal hcje = m.number("hcje", true).abs();
            BigDecimal hcse = hcmx.get(i).hasNonNull("hcse") ? m.number("hcse", false) : null;
            if (hcmx.get(i).hasNonNull("hcsl")) {
                m.number("hcsl", false);
            }
            int n;
            try {
                n = Integer.parseInt(lzmxxh.strip());
            } catch (NumberFormatException e) {
                throw refuse("720002", "参数错误：蓝字发票明细序号lzmxxh须为数字：" + lzmxxh);
            }
            Line blueLine = blue.numbered(n);
            if (blueLine == null || lines.containsKey(n)) {
                throw refuse("710002", "业务提示：蓝字发票明细序号lzmxxh不存在或重复：" + lzmxxh);
            }
            BigDecimal je;
            BigDecimal se;
            if (hcse != null) {
                je = Money.round(hcje);
                se = Money.round(hcse.abs());
                if (!Money.within(Money.tax(je, blueLine.sl()), se, Money.LINE_TAX_TOLERANCE)) {
                    throw refuse("710002", "业务提示：红冲税额误差超过0.06：" + blueLine.xmmc());
                }
            } else if (inclusive) {
                je = Money.excludingTax(hcje, blueLine.sl());
                se = Money.round(hcje).subtract(je);
            } else {
                je = Money.round(hcje);
                se = Money.tax(je, blueLine.sl());
            }
            if (je.signum() == 0 || je.compareTo(left.get(n)[0]) > 0) {
                throw refuse("710002", "业务提示：红冲金额超过蓝字发票该行可红冲金额：" + blueLine.xmmc());
            }
            lines.put(n, new BigDecimal[]{je, se});
        }
        return lines;
    }

    private void issueRed(RedForm form, Instant now, String wjgs) {
        Invoice blue = form.blue;
        List<Line> lines = new ArrayList<>();
        form.lines.forEach((n, v) -> {
            Line b = blue.numbered(n);
            lines.add(new Line(n, "0", b.spbm(), b.xmmc(), b.spmc(), b.ggxh(), b.dw(), "", "", v[0].negate(), b.sl(),
                    v[1].negate()));
        });
        Invoice red = new Invoice(blue.nsrsbh, blue.sellerName, blue.buyerName, blue.buyerTaxId, form.lyDdbh,
                blue.fplxdm, "hz_fpkj", wjgs, "被红冲蓝字数电发票号码：" + blue.fphm + " 红字发票信息确认单编号：" + form.hzqrdbh,
                blue.fphm, lines, requestId(now), now.toEpochMilli(), hex(12));
        store(red);
        issue(red, now);
        form.lines.forEach((n, v) -> blue.reddened.merge(n, v.clone(),
                (a, b) -> new BigDecimal[]{a[0].add(b[0]), a[1].add(b[1])}));
        form.red = red;
        form.xgrq = red.kprq;
    }

    private ObjectNode formSaved(RedForm form, String base) {
        ObjectNode d = QixiangyunSandbox.JSON.createObjectNode();
        Invoice red = form.red;
        d.put("hzuuid", form.hzuuid).put("hzqrdbh", form.hzqrdbh).put("hzqrztDm", form.state)
                .put("gmfNsrsbh", form.blue.buyerTaxId).put("gmfNsrmc", form.blue.buyerName)
                .put("xsfNsrsbh", form.blue.nsrsbh).put("xsfNsrmc", form.blue.sellerName).put("qrjkpbz", "Y")
                .put("lrrq", form.lrrq).put("lzFphm", form.blue.fphm).put("kprq", form.blue.kprq)
                .put("hzHjje", form.je().negate().toPlainString()).put("hzHjse", form.se().negate().toPlainString())
                .put("jshj", form.je().add(form.se()).negate().toPlainString())
                .put("hzkjBz", red == null ? "N" : "Y")
                .put("hzfpCode", red == null ? "" : "0").put("hzfpMsg", red == null ? "" : "自动开票处理成功");
        if (red != null) {
            ObjectNode x = d.putObject("hzfpxx");
            x.put("kplsh", red.kplsh).put("fplxdm", red.fplxdm).putNull("fpdm").put("fphm", red.fphm)
                    .put("kprq", red.kprq).put("kplx", "1").put("xsfNsrsbh", red.nsrsbh).put("xsfNsrmc", red.sellerName)
                    .put("gmfNsrsbh", red.buyerTaxId).put("gmfNsrmc", red.buyerName)
                    .put("jshj", red.hjje().add(red.hjse()));
            links(x, red, base);
        }
        d.set("yhcfps", earlierReds(form.blue));
        return d;
    }

    /** The red invoices of a blue one so far ({@code yhcfps}). */
    private ArrayNode earlierReds(Invoice blue) {
        ArrayNode done = QixiangyunSandbox.JSON.createArrayNode();
        BigDecimal sum = BigDecimal.ZERO;
        List<RedForm> reds = forms.values().stream().filter(r -> r.blue == blue && r.red != null)
                .sorted(Comparator.comparing(r -> r.red.kprq + r.red.fphm)).toList();
        for (RedForm other : reds) {
            sum = sum.add(other.red.hjje());
            done.addObject().put("hcsj", other.red.kprq).put("sylzfpje", blue.hjje().add(sum).toPlainString())
                    .put("ljhcje", sum.toPlainString()).put("hcje", other.red.hjje().toPlainString())
                    .put("hcyy", other.hcyydm).put("hzfphm", other.red.fphm).put("lzfphm", blue.fphm);
        }
        return done;
    }

    /** A test hook: the buyer answers a form the seller filed (02): accept (→ 04, red issued), reject (→ 05), expire (→ 07). */
    synchronized boolean answerAsBuyer(String hzuuid, String answer, Instant now) {
        RedForm form = forms.get(hzuuid);
        if (form == null || !form.state.equals("02")) {
            return false;
        }
        String stamp = LocalDateTime.ofInstant(now, CHINA).format(STAMP);
        switch (answer) {
            case "accept" -> {
                form.state = "04";
                form.qrrq = stamp;
                if (trouble.asyncIssuing <= 0) {
                    issueRed(form, now, "PDF");
                }
            }
            case "reject" -> form.state = "05";
            case "expire" -> form.state = "07";
            default -> throw new IllegalArgumentException("answer must be accept, reject or expire");
        }
        form.xgrq = stamp;
        return true;
    }

    /** A test hook: the buyer files a full red-letter form (03) for a blue invoice; its hzuuid, or "" if none. */
    synchronized String fileAsBuyer(String blueFphm, Instant now) {
        Invoice blue = byNumber.get(blueFphm);
        if (blue == null || blue.red() || forms.values().stream().anyMatch(r -> r.blue == blue && r.inProgress())) {
            return "";
        }
        Map<Integer, BigDecimal[]> left = left(blue);
        RedForm form = new RedForm(hex(16), String.format("%020d", sequence.incrementAndGet()), "1", "01", blue, left,
                "", "03", LocalDateTime.ofInstant(now, CHINA).format(STAMP));
        forms.put(form.hzuuid, form);
        return form.hzuuid;
    }

    /** A test hook: the invoice was voided at the bureau (fpcx shows {@code fpztdm} 02); false when unknown. */
    synchronized boolean voidInvoice(String fphm) {
        Invoice inv = byNumber.get(fphm);
        if (inv == null) {
            return false;
        }
        inv.voided = true;
        return true;
    }

    /** A test hook: fpcx shows the invoice's amount changed by {@code difference}; false when unknown. */
    synchronized boolean plantDifference(String fphm, BigDecimal difference) {
        Invoice inv = byNumber.get(fphm);
        if (inv == null) {
            return false;
        }
        inv.difference = Money.round(difference);
        return true;
    }

    /** A test hook: the buyer has booked (入账/勾选) this blue invoice, so red-letter forms need its confirmation. */
    void markAccountedByBuyer(String blueFphm) {
        buyerAccounted.add(blueFphm);
    }

    synchronized ObjectNode hzqrxxConfirm(String nsrsbh, JsonNode data, Instant now) {
        Fields f = new Fields(data, "data.", Fields.TYPE);
        String hzuuid = f.string("hzuuid", true);
        f.string("xsfNsrsbh", true);
        String qrlx = f.string("qrlx", true);
        RedForm form = form(nsrsbh, hzuuid);
        if (!qrlx.equals("Y") && !qrlx.equals("N")) {
            throw refuse("720002", "参数错误：确认类型qrlx须为Y或N");
        }
        if (!form.state.equals("03")) {
            throw refuse("710002", "业务提示：当前红字确认单状态（" + form.state + "）不允许确认");
        }
        String stamp = LocalDateTime.ofInstant(now, CHINA).format(STAMP);
        form.qrrq = stamp;
        form.xgrq = stamp;
        if (qrlx.equals("Y")) {
            form.state = "04";
            if (trouble.asyncIssuing <= 0) {
                issueRed(form, now, "PDF");
            }
        } else {
            form.state = "06";
        }
        ObjectNode d = QixiangyunSandbox.JSON.createObjectNode();
        d.put("hzuuid", hzuuid).put("code", "Y");
        return d;
    }

    private RedForm form(String nsrsbh, String hzuuid) {
        RedForm form = forms.get(hzuuid);
        if (form == null || !form.blue.nsrsbh.equals(nsrsbh)) {
            throw refuse("720000", "红字确认单不存在：" + hzuuid);
        }
        return form;
    }

    synchronized ObjectNode hzqrxxList(String nsrsbh, JsonNode data) {
        Fields f = new Fields(data, "data.", Fields.TYPE);
        int page = Math.max(1, f.integer("pageIndex", true));
        int size = f.integer("pageSize", true);
        f.bool("cxmx", false);
        JsonNode params = f.object("params", true);
        Fields p = new Fields(params, "data.params.", Fields.TYPE);
        LocalDate from = day(p.string("kprqq", true), "kprqq");
        LocalDate to = day(p.string("kprqz", true), "kprqz");
        String gxflx = p.string("gxflx", true);
        for (String s : new String[]{"dfnsrmc", "hzuuid", "xsfNsrsbh", "lrfsf", "hzqrdbh", "lzFphm", "zzFpdm", "zzFphm", "kpzt"}) {
            p.string(s, false);
        }
        String state = params.hasNonNull("hzqrztDm") ? p.string("hzqrztDm", false) : "";
        if (size < 1 || size > 100) {
            throw refuse("720002", "参数错误：pageSize须为10、20、50");
        }
        if (to.isBefore(from) || to.isAfter(from.plusMonths(3))) {
            throw refuse("720002", "参数错误：起止日期必传且为三个月内");
        }
        if (!params.path("hzuuid").asText("").isEmpty() && params.path("xsfNsrsbh").asText("").isEmpty()) {
            throw refuse("720002", "参数错误：红字uuid查询时，销方纳税人识别号为必传");
        }
        List<RedForm> matching = new ArrayList<>();
        if (gxflx.equals("0")) {
            for (RedForm r : forms.values()) {
                LocalDate filed = LocalDate.parse(r.lrrq.substring(0, 10));
                if (r.blue.nsrsbh.equals(nsrsbh) && !filed.isBefore(from) && !filed.isAfter(to)
                        && (state.isEmpty() || state.equals("00") || state.equals(r.state))
                        && matches(params, "hzuuid", r.hzuuid) && matches(params, "lzFphm", r.blue.fphm)
                        && matches(params, "hzqrdbh", r.hzqrdbh) && matches(params, "lrfsf", r.lrfsf)
                        && matches(params, "kpzt", r.red == null ? "N" : "Y")
                        && r.blue.buyerName.contains(params.path("dfnsrmc").asText(""))) {
                    matching.add(r);
                }
            }
        }
        matching.sort(Comparator.comparing((RedForm r) -> r.lrrq).thenComparing(r -> r.hzqrdbh));
        ObjectNode d = QixiangyunSandbox.JSON.createObjectNode();
        d.put("pageIndex", page).put("records", matching.size()).put("pageSize", size);
        ArrayNode list = d.putArray("list");
        for (int i = (page - 1) * size; i < Math.min(matching.size(), page * size); i++) {
            list.add(formRow(matching.get(i)));
        }
        return d;
    }

    private static boolean matches(JsonNode params, String field, String value) {
        String wanted = params.path(field).asText("");
        return wanted.isEmpty() || wanted.equals(value);
    }

    private ObjectNode formRow(RedForm r) {
        ObjectNode row = QixiangyunSandbox.JSON.createObjectNode();
        Invoice red = r.red;
        row.put("hzuuid", r.hzuuid).put("hzqrdbh", r.hzqrdbh).put("lrfsf", r.lrfsf).put("xsfNsrsbh", r.blue.nsrsbh)
                .put("xsfNsrmc", r.blue.sellerName).put("gmfNsrsbh", r.blue.buyerTaxId).put("gmfNsrmc", r.blue.buyerName)
                .put("hcyydm", r.hcyydm).put("qrjkp", "Y").put("hzqrztDm", r.state);
        if (r.qrrq == null) {
            row.putNull("qrrq");
        } else {
            row.put("qrrq", r.qrrq);
        }
        row.put("lrrq", r.lrrq).put("xgrq", r.xgrq).put("hzkjBz", red == null ? "N" : "Y")
                .put("lzFplxdm", r.blue.fplxdm).putNull("lzFpdm").put("lzFphm", r.blue.fphm).put("lzKprq", r.blue.kprq)
                .put("lzHjje", r.blue.hjje()).put("lzHjse", r.blue.hjse()).putNull("lzTdyslxDm").putNull("hzFpdm");
        if (red == null) {
            row.putNull("hzFphm").putNull("hzKprq");
        } else {
            row.put("hzFphm", red.fphm).put("hzKprq", red.kprq);
        }
        row.put("hzHjje", r.je().negate()).put("hzHjse", r.se().negate()).put("bz", "").putNull("ydkse")
                .putNull("yjjdkncpse").put("rzzt", buyerAccounted.contains(r.blue.fphm) ? "01" : "00")
                .put("zzsYtzt", "03").put("xfsYtZt", "00");
        return row;
    }

    synchronized ObjectNode hzqrxxDetail(String nsrsbh, JsonNode data, String base) {
        Fields f = new Fields(data, "data.", Fields.TYPE);
        String hzuuid = f.string("hzuuid", true);
        f.string("xsfNsrsbh", true);
        f.bool("pdfDownload", false);
        f.string("wjgs", false);
        RedForm r = form(nsrsbh, hzuuid);
        ObjectNode d = formRow(r);
        d.put("hzJshj", r.je().add(r.se()).negate());
        ArrayNode mx = d.putArray("xmmx");
        int xh = 0;
        for (Map.Entry<Integer, BigDecimal[]> e : r.lines.entrySet()) {
            Line b = r.blue.numbered(e.getKey());
            mx.addObject().put("xh", ++xh).put("uuid", SandboxLogins.md5(r.hzuuid + xh)).put("spbm", b.spbm())
                    .put("spmc", b.spmc()).put("xmmc2", "*" + b.spmc() + "*" + b.xmmc()).put("xmmc", b.xmmc())
                    .put("dw", b.dw()).put("ggxh", b.ggxh()).put("spsl", "").put("dj", "")
                    .put("je", e.getValue()[0].negate()).put("sl", TaxRate.text(b.sl())).put("se", e.getValue()[1].negate())
                    .put("kce", 0).put("lzMxxh", e.getKey());
        }
        if (r.red != null) {
            links(d, r.red, base);
        }
        return d;
    }

    synchronized ObjectNode hzFpkj(String nsrsbh, JsonNode data, Instant now, String base) {
        Fields f = new Fields(data, "data.", Fields.TYPE);
        String hzuuid = f.string("hzuuid", true);
        f.string("xsfNsrsbh", true);
        String wjgs = formats(f.string("wjgs", false));
        String lyDdbh = f.string("ly_ddbh", false);
        if (lyDdbh.length() > 50) {
            throw refuse("720002", "参数错误：来源订单编号ly_ddbh长度不能超过50");
        }
        RedForm r = form(nsrsbh, hzuuid);
        if (r.red == null) {
            switch (r.state) {
                case "01", "04" -> issueRed(r, now, wjgs.isEmpty() ? "PDF" : wjgs);
                case "02", "03" -> throw refuse("710022", "红字发票开具失败：红字确认单尚未确认（" + r.state + "）");
                default -> throw refuse("710022", "红字发票开具失败：红字确认单已作废（" + r.state + "）");
            }
        }
        Invoice red = r.red;
        ObjectNode d = QixiangyunSandbox.JSON.createObjectNode();
        d.put("hzqrdbh", r.hzqrdbh).put("hzuuid", r.hzuuid).put("fphm", red.fphm).put("zzfphm", "").put("fpdm", "")
                .put("kprq", red.kprq).put("xsfNsrsbh", red.nsrsbh).put("gmfNsrsbh", red.buyerTaxId)
                .put("xsfmc", red.sellerName).put("gmfmc", red.buyerName)
                .put("jshj", red.hjje().add(red.hjse()).toPlainString()).put("hzHjse", red.hjse().toPlainString())
                .put("hzHjje", red.hjje().toPlainString()).put("bzxx", red.bz).put("tdyslxDm", "")
                .put("gmfzrrbz", red.buyerTaxId.isEmpty() ? "Y" : "N");
        links(d, red, base);
        return d;
    }

    // --- fpcx

    synchronized ObjectNode fpcx(String nsrsbh, JsonNode data) {
        Fields f = new Fields(data, "data.", Fields.TYPE);
        int page = Math.max(1, f.integer("pageIndex", true));
        int size = f.integer("pageSize", true);
        JsonNode params = f.object("params", true);
        Fields p = new Fields(params, "data.params.", Fields.TYPE);
        LocalDate from = day(p.string("kprqq", true), "kprqq");
        LocalDate to = day(p.string("kprqz", true), "kprqz");
        for (String s : new String[]{"fphm", "dfnsrsbh", "dfnsrmc", "zz_fpdm", "zz_fphm", "gjbq"}) {
            p.string(s, false);
        }
        List<String> states = strings(p.array("fpztDm", false), "fpztDm");
        List<String> types = strings(p.array("fplxDm", false), "fplxDm");
        if (!PAGE_SIZES_FPCX.contains(size)) {
            throw refuse("720002", "参数错误：pageSize须为10、20、50、100");
        }
        if (to.isBefore(from) || to.isAfter(from.plusYears(1))) {
            throw refuse("720002", "参数错误：起止日期必传且为一年内");
        }
        String fphm = params.path("fphm").asText("");
        String buyerId = params.path("dfnsrsbh").asText("");
        String buyerName = params.path("dfnsrmc").asText("");
        List<Invoice> issued = "2".equals(params.path("gjbq").asText("")) ? List.of()
                : issuedBySeller.getOrDefault(nsrsbh, List.of());
        String first = from.toString();
        String last = to + " 99";
        int low = 0;
        int high = issued.size();
        while (low < high) { // the first invoice issued on or after the first day
            int mid = (low + high) >>> 1;
            if (issued.get(mid).kprq.compareTo(first) < 0) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        ObjectNode d = QixiangyunSandbox.JSON.createObjectNode();
        ArrayNode list = QixiangyunSandbox.JSON.createArrayNode();
        int records = 0;
        for (int i = low; i < issued.size() && issued.get(i).kprq.compareTo(last) < 0; i++) {
            Invoice inv = issued.get(i);
            if ((fphm.isEmpty() || inv.fphm.equals(fphm)) && (buyerId.isEmpty() || inv.buyerTaxId.equals(buyerId))
                    && inv.buyerName.contains(buyerName) && (types.isEmpty() || types.contains(inv.fplxdm))
                    && (states.isEmpty() || states.contains(inv.fpztdm()))) {
                records++;
                if (records > (page - 1) * size && records <= page * size) {
                    list.add(row(inv));
                }
            }
        }
        d.put("pageIndex", page).put("records", records).put("pageSize", size);
        d.set("list", list);
        return d;
    }

    private static ObjectNode row(Invoice inv) {
        ObjectNode row = QixiangyunSandbox.JSON.createObjectNode();
        BigDecimal hjje = inv.hjje().add(inv.difference);
        row.put("fphm", inv.fphm).put("fplxdm", inv.fplxdm).put("fpztdm", inv.fpztdm())
                .put("gmf_nsrmc", inv.buyerName).put("gmf_nsrsbh", inv.buyerTaxId).put("hjje", hjje)
                .put("hjse", inv.hjse()).put("jshj", hjje.add(inv.hjse())).put("kpf_nsrsbh", inv.nsrsbh)
                .put("kplx", inv.red() ? "1" : "0").put("kpr", "沙箱开票员").put("kprq", inv.kprq).putNull("lpFpdm");
        if (inv.red()) {
            row.put("lpFphm", inv.blueFphm);
        } else {
            row.putNull("lpFphm");
        }
        row.put("xsf_nsrmc", inv.sellerName).put("xsf_nsrsbh", inv.nsrsbh).put("zz_fpdm", "").put("zz_fphm", "");
        return row;
    }

    private static List<String> strings(JsonNode array, String name) {
        List<String> out = new ArrayList<>();
        if (array != null) {
            for (JsonNode v : array) {
                if (!v.isTextual()) {
                    throw refuse("400000", "参数校验失败：data.params." + name + "须为字符串数组");
                }
                out.add(v.asText());
            }
        }
        return out;
    }

    private static LocalDate day(String text, String field) {
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw refuse("720002", "参数错误：" + field + "须为yyyy-MM-dd：" + text);
        }
    }

    // --- files

    synchronized Answer bswjxzBatch(String nsrsbh, JsonNode data, String base) {
        Fields f = new Fields(data, "data.", Fields.TYPE);
        String fphm = f.string("fphm", true);
        String kprq = f.string("kprq", true);
        String wjgs = f.string("wjgs", true);
        String xzlx = f.string("xzlx", false);
        if (!xzlx.isEmpty() && !xzlx.equals("base64") && !xzlx.equals("url")) {
            throw refuse("720002", "参数错误：下载类型xzlx须为base64或url");
        }
        Invoice inv = byNumber.get(fphm);
        if (inv == null || !inv.nsrsbh.equals(nsrsbh)) {
            throw refuse("710002", "业务提示：未查询到该发票，仅支持销项发票下载：" + fphm);
        }
        if (!kprq.equals(inv.kprq)) {
            throw refuse("710002", "业务提示：开票日期kprq须为准确的时分秒，与发票信息不符");
        }
        ArrayNode list = QixiangyunSandbox.JSON.createArrayNode();
        List<String> missing = new ArrayList<>();
        for (String format : formats(wjgs).split(",")) {
            if (format.isEmpty()) {
                continue;
            }
            byte[] content = switch (format) {
                case "PDF" -> pdf(inv);
                case "XML" -> xml(inv);
                case "EWM" -> ewm(inv).getBytes(StandardCharsets.UTF_8);
                default -> null;
            };
            if (content == null) {
                missing.add(format);
                continue;
            }
            String extension = switch (format) {
                case "PDF" -> "pdf";
                case "XML" -> "zip";
                default -> "ewm";
            };
            boolean asUrl = !xzlx.equals("base64") || content.length > BASE64_LIMIT;
            list.addObject().putNull("fpdm").put("kprq", inv.kprq)
                    .put("base64", asUrl ? "" : Base64.getEncoder().encodeToString(content)).put("wjgs", format)
                    .put("url", asUrl ? storedUrl(inv, base, extension) : "").put("fphm", inv.fphm);
        }
        if (list.isEmpty()) {
            throw refuse("710002", "业务提示：版式文件下载失败, 文件缺失");
        }
        ObjectNode d = QixiangyunSandbox.JSON.createObjectNode();
        d.set("list", list);
        return missing.isEmpty() ? Answer.ok(d) : new Answer("729010", "部分版式文件下载失败：" + String.join(",", missing), d);
    }

    /** The file behind a link ({@code /_files/…} or {@code /_oss/…}, then {@code <key>/dzfp_<fphm>.<ext>}); null when none. */
    byte[] file(String key, String name) {
        Invoice inv = byFileKey.get(key);
        if (inv == null || inv.state != State.ISSUED || !name.startsWith("dzfp_" + inv.fphm + ".")) {
            return null;
        }
        return switch (name.substring(name.lastIndexOf('.') + 1)) {
            case "pdf" -> pdf(inv);
            case "zip" -> xml(inv);
            case "ewm" -> ewm(inv).getBytes(StandardCharsets.UTF_8);
            default -> null;
        };
    }

    /** Rendered once per invoice, then served from memory. */
    private byte[] pdf(Invoice inv) {
        byte[] pdf = inv.pdf;
        if (pdf == null) {
            pdf = renderPdf(inv);
            inv.pdf = pdf;
        }
        return pdf;
    }

    private byte[] renderPdf(Invoice inv) {
        String title = inv.fplxdm.equals("032") ? "电子发票（增值税专用发票）" : "电子发票（普通发票）";
        InvoicePdf pdf = new InvoicePdf()
                .text(170, 385, 16, title + (inv.red() ? "（红字）" : ""))
                .text(30, 362, 9, "沙箱样票 仅供测试 非真实发票")
                .text(30, 350, 9, "SANDBOX SAMPLE - NOT A TAX DOCUMENT")
                .text(380, 362, 9, "发票号码：").text(430, 362, 9, inv.fphm)
                .text(380, 350, 9, "开票日期：").text(430, 350, 9, inv.kprq)
                .rect(25, 80, 545, 262)
                .text(30, 325, 10, "购买方：" + inv.buyerName)
                .text(30, 311, 9, "统一社会信用代码/纳税人识别号：").text(180, 311, 9, inv.buyerTaxId)
                .text(300, 325, 10, "销售方：" + inv.sellerName)
                .text(300, 311, 9, "纳税人识别号：").text(370, 311, 9, inv.nsrsbh)
                .line(25, 300, 570, 300)
                .text(30, 287, 9, "项目名称").text(230, 287, 9, "数量").text(300, 287, 9, "金额")
                .text(380, 287, 9, "税率").text(450, 287, 9, "税额");
        float y = 272;
        for (Line l : inv.lines) {
            if (y < 140) {
                pdf.text(30, y, 9, "（详见清单）");
                break;
            }
            String name = l.spmc().isEmpty() ? l.xmmc() : "*" + l.spmc() + "*" + l.xmmc();
            pdf.text(30, y, 9, name).text(230, y, 9, l.spsl()).text(300, y, 9, l.je().toPlainString())
                    .text(380, y, 9, TaxRate.text(l.sl())).text(450, y, 9, l.se().toPlainString());
            y -= 14;
        }
        pdf.line(25, 125, 570, 125)
                .text(30, 110, 10, "合计").text(300, 110, 10, inv.hjje().toPlainString())
                .text(450, 110, 10, inv.hjse().toPlainString())
                .text(30, 90, 10, "价税合计（小写）").text(130, 90, 10, "CNY " + inv.hjje().add(inv.hjse()).toPlainString())
                .text(30, 60, 9, "备注：" + inv.bz)
                .text(400, 45, 9, "开票人：沙箱开票员");
        return pdf.bytes();
    }

    /** The XML file, zipped as the vendor delivers it; built once. */
    private byte[] xml(Invoice inv) {
        byte[] xml = inv.xml;
        if (xml != null) {
            return xml;
        }
        StringBuilder s = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<EInvoice><Header><InvoiceNumber>")
                .append(inv.fphm).append("</InvoiceNumber><IssueTime>").append(inv.kprq).append("</IssueTime></Header>")
                .append("<Seller><TaxID>").append(inv.nsrsbh).append("</TaxID></Seller><Buyer><TaxID>")
                .append(inv.buyerTaxId).append("</TaxID><Name>").append(escape(inv.buyerName)).append("</Name></Buyer>");
        for (Line l : inv.lines) {
            s.append("<Item><Name>").append(escape(l.xmmc())).append("</Name><Amount>").append(l.je().toPlainString())
                    .append("</Amount><TaxRate>").append(TaxRate.text(l.sl())).append("</TaxRate><TaxAmount>")
                    .append(l.se().toPlainString()).append("</TaxAmount></Item>");
        }
        s.append("<TotalAmount>").append(inv.hjje().add(inv.hjse()).toPlainString()).append("</TotalAmount></EInvoice>\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("dzfp_" + inv.fphm + ".xml"));
            zip.write(s.toString().getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        xml = out.toByteArray();
        inv.xml = xml;
        return xml;
    }

    private static String ewm(Invoice inv) {
        return "01," + (inv.fplxdm.equals("032") ? "31" : "32") + ",," + inv.fphm + "," + inv.hjje().toPlainString()
                + "," + inv.kprq.substring(0, 10).replace("-", "") + ",,";
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    // --- helpers

    private String requestId(Instant now) {
        return LocalDateTime.ofInstant(now, CHINA).format(COMPACT) + String.format("%010d", sequence.incrementAndGet() % 10_000_000_000L);
    }

    private String hex(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return hex.formatHex(b);
    }
}

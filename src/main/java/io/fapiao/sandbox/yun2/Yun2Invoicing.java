package io.fapiao.sandbox.yun2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fapiao.sandbox.InvoiceNumbers;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Issuing as yun2 does it, per enterprise: FPKJ stores and issues, KPJG reports, SHKP re-submits waiting orders,
 * FPLIST lists, and the PDF link serves the invoice. Invoice numbers and check codes are unique account-wide.
 * Nothing here takes a lock wider than one order.
 */
final class Yun2Invoicing {

    /** The answer while an enterprise's tax-bureau login has expired (the seed: KPJG's Message contains 身份认证已超时). */
    static final String AUTH_EXPIRED = "开票失败：身份认证已超时，请重新登陆电子税务局（扫脸或短信）后调用SHKP重新提交";
    static final String REVIEW = "购方名称与税号不一致，请核对后重新审核";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final Yun2Trouble trouble;
    private final Supplier<Clock> clock;
    private final Map<String, Yun2Order> byCheckCode = new ConcurrentHashMap<>();
    private final AtomicLong orderSequence = new AtomicLong();

    Yun2Invoicing(Yun2Trouble trouble, Supplier<Clock> clock) {
        this.trouble = trouble;
        this.clock = clock;
    }

    void reset() {
        byCheckCode.clear();
    }

    Yun2Order byCheckCode(String xym) {
        return byCheckCode.get(xym);
    }

    // --- FPKJ

    ObjectNode fpkj(Yun2Enterprise e, String data) {
        JsonNode orders = decodeData(data);
        if (orders == null || !orders.isArray()) {
            return Yun2Answer.fail(orders == null ? "data格式错误：须为[base64(JSON数组)]，base64前后需用[]括起来" : "data须为JSON数组");
        }
        ArrayNode ok = Yun2Answer.JSON.createArrayNode();
        ArrayNode errors = Yun2Answer.JSON.createArrayNode();
        String firstError = null;
        for (JsonNode order : orders) {
            ObjectNode error = store(e, order, ok);
            if (error != null) {
                errors.add(error);
                firstError = firstError == null ? error.get("ErrMsg").asText().strip() : firstError;
            }
        }
        ObjectNode n = errors.isEmpty() ? Yun2Answer.ok("成功") : Yun2Answer.fail(firstError);
        n.set("ErrList", errors);
        n.set("SucessList", ok);
        return n;
    }

    /** Stores and issues one order; its ErrList entry, or null when it went to {@code ok}. */
    private ObjectNode store(Yun2Enterprise e, JsonNode order, ArrayNode ok) {
        String xtlsh = order.path("XTLSH").asText("");
        Yun2Order existing = xtlsh.isEmpty() ? null : e.orders.get(xtlsh);
        if (existing != null) {
            return seenBefore(existing);
        }
        Yun2OrderRules.Verdict verdict = Yun2OrderRules.check(order);
        String problem = verdict.problem();
        if (problem == null && !trouble.rejectItem.isEmpty()) {
            for (JsonNode item : order.path("ITEM")) {
                if (item.path("CPMC").asText("").contains(trouble.rejectItem)) {
                    problem = "商品“" + item.path("CPMC").asText() + "”的税收分类编码不存在或已停用。";
                }
            }
        }
        if (problem != null) {
            return err(xtlsh, problem, "0");
        }
        Yun2Order inv = new Yun2Order(e, xtlsh, order.path("FPZL").asText(), orderSequence.incrementAndGet(),
                LocalDate.now(clock.get()), order, verdict.amount(), verdict.tax());
        synchronized (inv) {
            Yun2Order raced = e.orders.putIfAbsent(xtlsh, inv);
            if (raced != null) {
                return seenBefore(raced);
            }
            if (!e.taxBureau.loggedIn()) {
                inv.state = Yun2Order.State.WAITING;
                inv.waitingBecause = AUTH_EXPIRED;
                return err(xtlsh, AUTH_EXPIRED, "1");
            }
            if (trouble.haveSaveFailures > 0) {
                inv.state = Yun2Order.State.RETRYING;
                inv.pollsLeft = trouble.haveSaveFailures;
                inv.endsInReview = trouble.haveSaveReview;
                return err(xtlsh, "开票失败：连接税局超时，数据已保存，系统将自动重试", "1");
            }
            if (trouble.asyncPolls > 0) {
                inv.state = Yun2Order.State.ISSUING;
                inv.pollsLeft = trouble.asyncPolls;
            } else {
                issue(inv);
            }
            ok.add(success(inv));
            return null;
        }
    }

    /** The answer to an XTLSH the enterprise has already: the document's repeat answer once issued. */
    private static ObjectNode seenBefore(Yun2Order inv) {
        synchronized (inv) {
            return switch (inv.state) {
                case ISSUED -> repeated(inv);
                case WAITING -> err(inv.xtlsh, "此单据已保存，等待重新提交开具（SHKP）：" + inv.waitingBecause, "1");
                default -> err(inv.xtlsh, "此单据正在开具中，请调用KPJG查询结果", "1");
            };
        }
    }

    /** Gives the order its invoice; the caller holds the order's monitor. */
    private void issue(Yun2Order inv) {
        Yun2Enterprise e = inv.enterprise;
        LocalDateTime now = LocalDateTime.now(clock.get());
        String year = digits(now.getYear() % 100, 2);
        long seq = InvoiceNumbers.next();
        if (inv.fpzl.equals("020") || inv.fpzl.equals("021")) {
            // 数电: year 2, region 2, channel 1, sequence 15
            inv.fpdm = "";
            inv.fphm = year + e.regionCode.substring(0, 2) + "2" + digits(seq % 1_000_000_000_000_000L, 15);
        } else {
            inv.fpdm = "0" + e.regionCode.substring(0, 3) + "00" + year + digits(seq % 1_000_000, 4);
            inv.fphm = digits(seq % 100_000_000, 8);
        }
        inv.kprq = STAMP.format(now);
        String xym;
        do {
            xym = digits(ThreadLocalRandom.current().nextLong(100_000_000_000_000_000L), 20);
        } while (byCheckCode.putIfAbsent(xym, inv) != null);
        inv.xym = xym;
        inv.state = Yun2Order.State.ISSUED;
        e.byNumber.put(inv.number(), inv);
        if (inv.red) {
            Yun2Order original = e.byNumber.get(inv.order().path("YFPHM").asText(""));
            if (original != null) {
                // lock order red → blue only: a blue invoice is issued before its red one
                synchronized (original) {
                    original.chfpdm = inv.fpdm;
                    original.chfphm = inv.fphm;
                }
            }
        }
    }

    /** Advances an order being issued by one KPJG poll; the caller holds the order's monitor. */
    private void poll(Yun2Order inv) {
        boolean running = inv.state == Yun2Order.State.ISSUING || inv.state == Yun2Order.State.RETRYING;
        if (running && --inv.pollsLeft <= 0) {
            if (!inv.enterprise.taxBureau.loggedIn()) {
                inv.state = Yun2Order.State.WAITING;
                inv.waitingBecause = AUTH_EXPIRED;
            } else if (inv.state == Yun2Order.State.RETRYING && inv.endsInReview) {
                inv.state = Yun2Order.State.WAITING;
                inv.waitingBecause = REVIEW;
            } else {
                issue(inv);
            }
        }
    }

    private static ObjectNode success(Yun2Order inv) {
        ObjectNode s = Yun2Answer.JSON.createObjectNode();
        boolean issued = inv.state == Yun2Order.State.ISSUED;
        s.put("xtlsh", inv.xtlsh).put("fpzl", inv.fpzl).put("fpdm", issued ? inv.fpdm : "")
                .put("fphm", issued ? inv.fphm : "").put("kprq", issued ? inv.kprq : "").put("skm", "")
                .put("jym", issued ? inv.xym : "").put("jqbh", "").put("ewm", issued ? inv.qr() : "")
                .put("url", issued ? inv.url() : "").put("kpjg", issued ? "1" : "")
                .put("pdfxx", issued ? "PDF生成成功" : "").put("kpfk", issued ? "开具成功" : "开具中");
        return s;
    }

    /** The document's answer to an order number seen before: the existing invoice, in ErrList. */
    private static ObjectNode repeated(Yun2Order inv) {
        String full = inv.number();
        String msg = "此单据已经开过发票, FPHM = " + full + ":KPRQ =" + inv.kprq + ".000。";
        ObjectNode e = Yun2Answer.JSON.createObjectNode();
        e.put("XTLSH", inv.xtlsh).put("FPHM", full).put("KPRQ", inv.kprq + ".000").put("MW", "").put("XYM", inv.xym)
                .put("JQBH", "").put("FPZL", inv.fpzl).put("ErrMsg", msg + " ").put("xtlsh", inv.xtlsh)
                .put("fpzl", inv.fpzl).put("fpdm", inv.fpdm).put("fphm", inv.fphm)
                .put("kprq", inv.kprq.substring(0, 10).replace("-", "")).put("skm", " ").put("jym", inv.xym)
                .put("ewm", inv.qr()).put("url", inv.url()).put("kpjg", "1").put("pdfxx", "PDF生成成功")
                .put("kpfk", "开具成功");
        return e;
    }

    private static ObjectNode err(String xtlsh, String msg, String haveSave) {
        ObjectNode e = Yun2Answer.JSON.createObjectNode();
        e.put("XTLSH", xtlsh).put("ErrMsg", msg + " ").put("HaveSave", haveSave);
        return e;
    }

    // --- KPJG, SHKP

    ObjectNode kpjg(Yun2Enterprise e, Map<String, String> form) {
        String xtlsh = form.getOrDefault("xtlsh", "");
        if (xtlsh.isEmpty() || form.getOrDefault("fpzl", "").isEmpty()) {
            return Yun2Answer.fail("100", "参数fpzl、xtlsh不能为空");
        }
        Yun2Order inv = e.orders.get(xtlsh);
        if (inv == null) {
            return Yun2Answer.fail("未找到该单据：" + xtlsh);
        }
        synchronized (inv) {
            poll(inv);
            return switch (inv.state) {
                case ISSUED -> Yun2Answer.ok("开具成功").put("XTLSH", inv.xtlsh).put("FPHM", inv.number())
                        .put("KPRQ", inv.kprq).put("MW", "").put("XYM", inv.xym).put("JQBH", "").put("URL", inv.url())
                        .put("SWQM", "").put("FPZT", "1");
                case WAITING -> Yun2Answer.fail(inv.waitingBecause).put("XTLSH", xtlsh).put("FPZT", "0");
                default -> Yun2Answer.fail(inv.state == Yun2Order.State.RETRYING ? "开票中，系统正在重试" : "开票中")
                        .put("XTLSH", xtlsh).put("FPZT", "2");
            };
        }
    }

    /**
     * SHKP: orders waiting (for review, or because the tax-bureau login had expired) go back to issuing — issued
     * now, or after {@code async-polls} KPJG polls; while the login is still expired they keep waiting and the
     * answer lists them in ErrList with HaveSave 1. Orders that are not waiting are listed in ErrList as FPKJ would
     * list them.
     */
    ObjectNode shkp(Yun2Enterprise e, String data) {
        JsonNode list = decodeData(data);
        if (list == null || !list.isArray()) {
            return Yun2Answer.fail("data格式错误：须为[base64(JSON数组)]");
        }
        ArrayNode errors = Yun2Answer.JSON.createArrayNode();
        for (JsonNode item : list) {
            String xtlsh = item.path("XTLSH").asText("");
            if (xtlsh.isEmpty() || item.path("FPZL").asText("").isEmpty()) {
                errors.add(err(xtlsh, "FPZL、XTLSH不能为空", "0"));
                continue;
            }
            Yun2Order inv = e.orders.get(xtlsh);
            if (inv == null) {
                errors.add(err(xtlsh, "未找到该单据：" + xtlsh, "0"));
                continue;
            }
            synchronized (inv) {
                if (inv.state != Yun2Order.State.WAITING) {
                    errors.add(seenBefore(inv));
                } else if (!e.taxBureau.loggedIn()) {
                    inv.waitingBecause = AUTH_EXPIRED;
                    errors.add(err(xtlsh, AUTH_EXPIRED, "1"));
                } else if (trouble.asyncPolls > 0) {
                    inv.state = Yun2Order.State.ISSUING;
                    inv.pollsLeft = trouble.asyncPolls;
                } else {
                    issue(inv);
                }
            }
        }
        ObjectNode n = errors.isEmpty() ? Yun2Answer.ok("成功，离线开票模式！")
                : Yun2Answer.fail(errors.get(0).get("ErrMsg").asText().strip());
        n.set("ErrList", errors);
        n.putArray("SucessList");
        return n;
    }

    // --- FPLIST

    /**
     * FPLIST as the seed lists its parameters: by {@code xtlsh}, {@code fphm} or a date range ({@code qsrq},
     * {@code jzrq}: required without the other two; issue date for issued invoices, arrival date otherwise),
     * narrowed by {@code fpzt} (1 issued by default, 0 waiting, 2 in progress), {@code fpzl}, {@code zfbz},
     * {@code gjz} (buyer, number or XTLSH contains it), {@code isupload}, {@code xxbbh}, {@code iszsfp} and
     * {@code isfsfp} (blue and red only), paged by {@code pageindex} (from 1) and {@code pagesize}; {@code mxbz} 1
     * adds the lines. Rows in order of arrival, keys as the seed spells them, {@code "jshj "} included.
     */
    ObjectNode fplist(Yun2Enterprise e, Map<String, String> form) {
        String xtlsh = form.getOrDefault("xtlsh", "");
        String fphm = form.getOrDefault("fphm", "");
        String qsrq = form.getOrDefault("qsrq", "");
        String jzrq = form.getOrDefault("jzrq", "");
        if (xtlsh.isEmpty() && fphm.isEmpty() && (qsrq.isEmpty() || jzrq.isEmpty())) {
            return Yun2Answer.fail("xtlsh和fphm为空时，qsrq、jzrq必需输入");
        }
        LocalDate from;
        LocalDate to;
        try {
            from = qsrq.isEmpty() ? LocalDate.MIN : day(qsrq);
            to = jzrq.isEmpty() ? LocalDate.MAX : day(jzrq);
        } catch (DateTimeParseException ex) {
            return Yun2Answer.fail("日期格式错误，qsrq、jzrq须为yyyy-MM-dd");
        }
        if (!form.containsKey("mxbz")) {
            return Yun2Answer.fail("mxbz必需输入");
        }
        int page;
        int size;
        try {
            page = Integer.parseInt(form.getOrDefault("pageindex", ""));
            size = Integer.parseInt(form.getOrDefault("pagesize", ""));
        } catch (NumberFormatException ex) {
            return Yun2Answer.fail("pageindex、pagesize必需输入");
        }
        if (page < 1 || size < 1) {
            return Yun2Answer.fail("pageindex、pagesize须大于0");
        }
        String fpzt = form.getOrDefault("fpzt", "");
        fpzt = fpzt.isEmpty() ? "1" : fpzt;
        if (!fpzt.equals("0") && !fpzt.equals("1") && !fpzt.equals("2")) {
            return Yun2Answer.fail("fpzt须为0、1或2");
        }
        Filter filter = new Filter(fpzt, form.getOrDefault("fpzl", ""), form.getOrDefault("zfbz", ""),
                form.getOrDefault("gjz", ""), form.getOrDefault("isupload", ""), form.getOrDefault("xxbbh", ""),
                "1".equals(form.get("iszsfp")), "1".equals(form.get("isfsfp")), from, to);
        List<Yun2Order> candidates;
        if (!xtlsh.isEmpty()) {
            Yun2Order o = e.orders.get(xtlsh);
            candidates = o == null ? List.of() : List.of(o);
        } else if (!fphm.isEmpty()) {
            Yun2Order o = e.byNumber.get(fphm);
            candidates = o != null ? List.of(o)
                    : e.byNumber.values().stream().filter(x -> x.fphm.equals(fphm)).toList();
        } else {
            candidates = new ArrayList<>(e.orders.values());
        }
        List<Yun2Order> matching = new ArrayList<>();
        for (Yun2Order o : candidates) {
            synchronized (o) {
                if (filter.accepts(o)) {
                    matching.add(o);
                }
            }
        }
        matching.sort(Comparator.comparingLong(o -> o.sequence));
        boolean lines = "1".equals(form.get("mxbz"));
        ObjectNode n = Yun2Answer.ok("成功");
        n.put("total", matching.size());
        ArrayNode rows = n.putArray("rows");
        long start = (long) (page - 1) * size;
        for (long i = start; i < Math.min(matching.size(), start + size); i++) {
            Yun2Order o = matching.get((int) i);
            synchronized (o) {
                row(rows.addObject(), o, lines);
            }
        }
        return n;
    }

    private record Filter(String fpzt, String fpzl, String zfbz, String keyword, String uploaded, String xxbbh,
                          boolean blueOnly, boolean redOnly, LocalDate from, LocalDate to) {

        boolean accepts(Yun2Order o) {
            boolean issued = o.state == Yun2Order.State.ISSUED;
            LocalDate day = issued ? LocalDate.parse(o.kprq.substring(0, 10)) : o.received;
            if (!o.state.fpzt.equals(fpzt) || day.isBefore(from) || day.isAfter(to)) {
                return false;
            }
            if (!fpzl.isEmpty() && !fpzl.equals(o.fpzl) || !zfbz.isEmpty() && !zfbz.equals(o.voided ? "1" : "0")) {
                return false;
            }
            if (!uploaded.isEmpty() && !uploaded.equals(issued ? "1" : "0") || blueOnly && o.red || redOnly && !o.red) {
                return false;
            }
            if (!xxbbh.isEmpty() && !xxbbh.equals(o.order().path("XXBBH").asText(""))) {
                return false;
            }
            return keyword.isEmpty() || o.xtlsh.contains(keyword) || !o.fphm.isEmpty() && o.number().contains(keyword)
                    || o.order().path("KHMC").asText("").contains(keyword);
        }
    }

    private static void row(ObjectNode r, Yun2Order inv, boolean lines) {
        JsonNode o = inv.order();
        Yun2Enterprise e = inv.enterprise;
        String yfphm = o.path("YFPHM").asText("");
        boolean digitalOriginal = yfphm.length() == 20 && (inv.fpzl.equals("020") || inv.fpzl.equals("021"));
        String yfpdm = yfphm.isEmpty() || digitalOriginal ? "" : yfphm.substring(0, yfphm.length() - 8);
        r.put("xtlsh", inv.xtlsh).put("spid", e.spid).put("qysh", e.taxId)
                .put("xfyh", Yun2Sandbox.orDefault(o.path("QYKHYHZH").asText(""), e.bankAccount))
                .put("xfdz", Yun2Sandbox.orDefault(o.path("QYDZDH").asText(""), e.addressPhone))
                .put("fplxdm", inv.fpzl).put("fpdm", inv.fpdm).put("fphm", inv.fphm).put("kprq", inv.kprq)
                .put("ghdwsbh", o.path("KHSH").asText("")).put("ghdwmc", o.path("KHMC").asText(""))
                .put("ghdwdzdh", o.path("KHDZ").asText("")).put("ghdwyhzh", o.path("KHKHYHZH").asText(""))
                .put("hjje", inv.amount().toPlainString()).put("hjse", inv.sentTax.toPlainString())
                .put("jshj ", inv.total().toPlainString())
                .put("url", inv.state == Yun2Order.State.ISSUED ? inv.url() : "")
                .put("skr", Yun2Sandbox.orDefault(o.path("SKR").asText(""), e.payee))
                .put("fhr", Yun2Sandbox.orDefault(o.path("FHR").asText(""), e.reviewer))
                .put("kpr", Yun2Sandbox.orDefault(o.path("KPR").asText(""), e.drawer))
                .put("bz", o.path("BZ").asText("")).put("yfpdm", yfpdm)
                .put("yfphm", yfphm.isEmpty() || digitalOriginal ? yfphm : yfphm.substring(yfphm.length() - 8))
                .put("tzdbh", o.path("XXBBH").asText("")).put("chfpdm", inv.chfpdm).put("chfphm", inv.chfphm)
                .put("spr", o.path("KHYJ").asText("")).put("fpdyzt", "0")
                .put("qdbz", Yun2Sandbox.orDefault(o.path("QDBZ").asText(""), "0")).put("xym", inv.xym).put("jqbh", "")
                .put("zfbz", inv.voided ? "1" : "0").put("zfrq", inv.voidedAt);
        if (!lines) {
            return;
        }
        ArrayNode mx = r.putArray("fpmx");
        boolean first = true;
        for (JsonNode item : o.path("ITEM")) {
            BigDecimal amount = Yun2OrderRules.number(item, "BHSJE");
            if (first) {
                amount = amount.add(inv.difference);
                first = false;
            }
            BigDecimal quantity = Yun2OrderRules.number(item, "CPSL");
            String price = quantity == null || quantity.signum() == 0 ? ""
                    : amount.divide(quantity, 8, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
            mx.addObject().put("spmc", item.path("CPMC").asText("")).put("dj", price)
                    .put("sl", item.path("SL").asText("")).put("spsl", item.path("CPSL").asText(""))
                    .put("je", amount.toPlainString()).put("se", item.path("SE").asText(""))
                    .put("ggxh", item.path("CPXH").asText("")).put("dw", item.path("CPDW").asText(""))
                    .put("flbm", item.path("FLBM").asText("")).put("xsyh", item.path("XSYH").asText(""))
                    .put("lslbz", item.path("LSLBZ").asText("")).put("yhsm", item.path("YHSM").asText(""));
        }
    }

    // --- test switches

    /** Voids an issued invoice (FPLIST then shows {@code zfbz} 1 and the date). */
    void voidInvoice(Yun2Order inv) {
        synchronized (inv) {
            requireIssued(inv);
            inv.voided = true;
            inv.voidedAt = STAMP.format(LocalDateTime.now(clock.get()));
        }
    }

    /** Plants a difference on an issued invoice's amount: yun2's record then differs from what was sent. */
    void plantDifference(Yun2Order inv, BigDecimal difference) {
        synchronized (inv) {
            requireIssued(inv);
            inv.difference = difference.setScale(2, RoundingMode.HALF_UP);
        }
    }

    private static void requireIssued(Yun2Order inv) {
        if (inv.state != Yun2Order.State.ISSUED) {
            throw new IllegalStateException("order " + inv.xtlsh + " of " + inv.enterprise.taxId + " is not issued");
        }
    }

    // --- helpers

    private static LocalDate day(String text) {
        String t = text.strip();
        if (t.length() == 8) {
            return LocalDate.parse(t, DateTimeFormatter.BASIC_ISO_DATE);
        }
        return LocalDate.parse(t.length() > 10 ? t.substring(0, 10) : t);
    }

    static JsonNode decodeData(String data) {
        if (data == null || data.length() < 2 || !data.startsWith("[") || !data.endsWith("]")) {
            return null;
        }
        try {
            return Yun2Answer.JSON.readTree(Base64.getDecoder().decode(data.substring(1, data.length() - 1)));
        } catch (Exception e) {
            return null;
        }
    }

    /** {@code n} in {@code width} decimal digits, zeros in front. */
    static String digits(long n, int width) {
        String s = Long.toString(n);
        return s.length() >= width ? s : "0".repeat(width - s.length()) + s;
    }
}

package io.fapiao.sandbox.yun2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fapiao.sandbox.InvoicePdf;
import io.fapiao.sandbox.SandboxRequest;
import io.fapiao.sandbox.SandboxResponse;
import io.fapiao.tax.Money;
import io.fapiao.tax.TaxRate;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * The yun2 service (数电发票API) as its document describes it, on loopback: form posts only, the bracketed token in
 * a {@code token} header, {@code data=[base64(JSON)]} with upper-case keys, the answers of the document's examples,
 * remembered order numbers, 20-digit invoice numbers and real PDFs. It checks requests as strictly as the real
 * service and can be told to misbehave ({@link Yun2Trouble}).
 */
public final class Yun2Sandbox {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> TYPES = Set.of("004", "007", "026", "028", "020", "021");
    private static final Set<String> SPECIAL_TYPES = Set.of("004", "028", "020");
    private static final Pattern TAX_CODE = Pattern.compile("\\d{19}");
    private static final Pattern UPPER_KEY = Pattern.compile("[A-Z0-9_]+");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final String userName;
    private final String password;
    private final String spid;
    private final String sellerTaxId;
    private final String sellerName;
    private final Yun2Trouble trouble = new Yun2Trouble();
    private final Map<String, Invoice> invoices = new ConcurrentHashMap<>();
    private final Map<String, Invoice> byCheckCode = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong(System.currentTimeMillis() % 1_000_000_000L * 100);
    private final AtomicLong tokenCalls = new AtomicLong();
    private final Random random = new Random(20_26);
    private final SecureRandom tokens = new SecureRandom();
    private volatile String token;
    private long rateWindow;
    private int rateCount;

    public Yun2Sandbox(String userName, String password, String spid, String sellerTaxId, String sellerName) {
        this.userName = userName;
        this.password = password;
        this.spid = spid;
        this.sellerTaxId = sellerTaxId;
        this.sellerName = sellerName;
    }

    public Yun2Trouble trouble() {
        return trouble;
    }

    /** How many invoices the sandbox holds (issued or in progress). */
    public int invoiceCount() {
        return invoices.size();
    }

    /** Forgets every invoice and token, and clears the trouble switches. */
    public synchronized void reset() {
        invoices.clear();
        byCheckCode.clear();
        token = null;
        tokenCalls.set(0);
        trouble.reset();
    }

    public SandboxResponse handle(SandboxRequest req) {
        sleep(trouble.latencyMs);
        if (!req.path().equals("/_trouble")) {
            if (trouble.errorRate > 0 && chance(trouble.errorRate)) {
                return SandboxResponse.text(503, "Service Unavailable");
            }
            if (overRateLimit()) {
                return SandboxResponse.text(429, "Too Many Requests");
            }
        }
        String path = req.path();
        if (path.equalsIgnoreCase("/KPGL/PDFXZ")) {
            return pdf(req);
        }
        if (path.equals("/_trouble")) {
            return troubleSwitches(req);
        }
        if (!"POST".equals(req.method())) {
            return SandboxResponse.json(fail("所有的调用都采用POST方式，不要用GET方式").toString());
        }
        if (req.queryParams().containsKey("data")) {
            return SandboxResponse.text(200, "test");
        }
        if (!req.query().isEmpty()) {
            return SandboxResponse.json(fail("参数须以表单方式放在body中，不能放在url上").toString());
        }
        if (!req.header("content-type").toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            return SandboxResponse.json(fail("Content-Type须为application/x-www-form-urlencoded;charset=UTF-8").toString());
        }
        Map<String, String> form = req.form();
        if (path.equals("/API/LOGIN/GetToken")) {
            return SandboxResponse.json(getToken(form).toString());
        }
        ObjectNode refused = checkToken(req.header("token"));
        if (refused != null) {
            return SandboxResponse.json(refused.toString());
        }
        ObjectNode answer = switch (path) {
            case "/API/TERM/LIST" -> termList();
            case "/API/KPGL/FPKJ" -> withSpid(form, () -> fpkj(form.get("data")));
            case "/API/KPGL/KPJG" -> withSpid(form, () -> kpjg(form));
            case "/API/KPGL/SHKP" -> withSpid(form, () -> shkp(form.get("data")));
            case "/API/KPGL/FPLIST" -> fplist(form);
            default -> null;
        };
        if (answer == null) {
            return SandboxResponse.text(404, "Not Found: " + path);
        }
        return SandboxResponse.json(answer.toString());
    }

    // --- token

    private synchronized ObjectNode getToken(Map<String, String> form) {
        if (!userName.equals(form.get("UserName")) || !password.equals(form.get("Password"))) {
            return fail("用户名或密码错误");
        }
        byte[] raw = new byte[28];
        tokens.nextBytes(raw);
        token = "[" + Base64.getUrlEncoder().withoutPadding().encodeToString(raw) + "]";
        tokenCalls.set(0);
        ObjectNode n = JSON.createObjectNode();
        n.put("Result", "1").put("Message", "系统登陆成功。").put("ID", token);
        return n;
    }

    private synchronized ObjectNode checkToken(String given) {
        if (given.isEmpty()) {
            return tokenFail("2001", "token不能为空，请先调用GetToken");
        }
        if (!given.startsWith("[") || !given.endsWith("]")) {
            return tokenFail("2003", "token格式错误：请保留前后的[]");
        }
        if (!given.equals(token)) {
            return tokenFail("2002", "token已失效，请重新获取");
        }
        long n = tokenCalls.incrementAndGet();
        if (trouble.tokenExpiryEvery > 0 && n > trouble.tokenExpiryEvery) {
            token = null;
            return tokenFail("2002", "token已过期，请重新获取");
        }
        return null;
    }

    private static ObjectNode tokenFail(String code, String message) {
        ObjectNode n = fail(message);
        n.put("Code", code);
        return n;
    }

    private ObjectNode withSpid(Map<String, String> form, java.util.function.Supplier<ObjectNode> call) {
        String given = form.getOrDefault("spid", "");
        if (given.isEmpty()) {
            return fail("spid不能为空");
        }
        if (!given.equals(spid)) {
            return fail("spid不存在：" + given);
        }
        return call.get();
    }

    // --- TERM/LIST

    private ObjectNode termList() {
        ObjectNode n = JSON.createObjectNode();
        n.put("total", "1");
        ObjectNode row = n.putArray("rows").addObject();
        row.put("nsrmc", sellerName).put("nsrsbh", sellerTaxId).put("zdbh", "661833075515").put("zdlx", "8")
                .put("spid", spid).put("kpr", "沙箱").put("ssdq", "上海").put("dqdm", "3100").put("online", "在线");
        n.put("Result", "1").put("Message", "SUCESS");
        return n;
    }

    // --- FPKJ

    private ObjectNode fpkj(String data) {
        JsonNode orders = decodeData(data);
        if (orders == null || !orders.isArray()) {
            return fail(orders == null ? "data格式错误：须为[base64(JSON数组)]，base64前后需用[]括起来" : "data须为JSON数组");
        }
        ObjectNode n = JSON.createObjectNode();
        ArrayNode ok = JSON.createArrayNode();
        ArrayNode errors = JSON.createArrayNode();
        String firstError = null;
        for (JsonNode order : orders) {
            String xtlsh = order.path("XTLSH").asText("");
            Invoice existing = xtlsh.isEmpty() ? null : invoices.get(xtlsh);
            if (existing != null) {
                ObjectNode e = existing.state == State.ISSUED ? repeated(existing) : err(xtlsh, "此单据正在开具中，请调用KPJG查询结果", "1");
                errors.add(e);
                firstError = firstError == null ? e.get("ErrMsg").asText() : firstError;
                continue;
            }
            String problem = check(order);
            if (problem == null && !trouble.rejectItem.isEmpty()) {
                for (JsonNode item : order.path("ITEM")) {
                    if (item.path("CPMC").asText("").contains(trouble.rejectItem)) {
                        problem = "商品“" + item.path("CPMC").asText() + "”的税收分类编码不存在或已停用。";
                    }
                }
            }
            if (problem != null) {
                errors.add(err(xtlsh, problem, "0"));
                firstError = firstError == null ? problem : firstError;
                continue;
            }
            Invoice inv = new Invoice(xtlsh, order.path("FPZL").asText(), order);
            invoices.put(xtlsh, inv);
            if (trouble.haveSaveFailures > 0) {
                inv.state = State.RETRYING;
                inv.pollsLeft = trouble.haveSaveFailures;
                inv.endsInReview = trouble.haveSaveReview;
                String msg = "开票失败：连接税局超时，数据已保存，系统将自动重试";
                errors.add(err(xtlsh, msg, "1"));
                firstError = firstError == null ? msg : firstError;
            } else if (trouble.asyncPolls > 0) {
                inv.state = State.ISSUING;
                inv.pollsLeft = trouble.asyncPolls;
                ok.add(success(inv));
            } else {
                issue(inv);
                ok.add(success(inv));
            }
        }
        n.put("Result", errors.isEmpty() ? "1" : "0");
        n.put("Message", errors.isEmpty() ? "成功" : firstError);
        n.set("ErrList", errors);
        n.set("SucessList", ok);
        return n;
    }

    /** The document's rules for one invoice; the first broken one, in the vendor's words, or null. */
    private String check(JsonNode o) {
        if (!o.isObject()) {
            return "发票数据须为JSON对象";
        }
        String lower = lowerCaseKey(o);
        if (lower != null) {
            return "发票数据的节点须全部大写：" + lower;
        }
        String xtlsh = o.path("XTLSH").asText("");
        String fpzl = o.path("FPZL").asText("");
        if (xtlsh.isEmpty()) {
            return "单据号XTLSH不能为空";
        }
        if (o.path("KHMC").asText("").isBlank()) {
            return "客户名称KHMC不能为空";
        }
        if (!TYPES.contains(fpzl)) {
            return "发票种类FPZL错误：" + fpzl;
        }
        if (SPECIAL_TYPES.contains(fpzl) && o.path("KHSH").asText("").isBlank()) {
            return "专票必须传客户税号KHSH";
        }
        JsonNode items = o.path("ITEM");
        if (!items.isArray() || items.isEmpty()) {
            return "ITEM不能为空";
        }
        String yfphm = o.path("YFPHM").asText("");
        boolean red = !yfphm.isEmpty();
        if (red) {
            if (!yfphm.matches("\\d{18}|\\d{20}")) {
                return "原发票号YFPHM须为18位或20位（含代码）";
            }
            if ((fpzl.equals("004") || fpzl.equals("028")) && o.path("XXBBH").asText("").isBlank()) {
                return "红字专票必须传信息表编号XXBBH";
            }
        }
        BigDecimal sumTax = BigDecimal.ZERO;
        Map<BigDecimal, BigDecimal> byRate = new LinkedHashMap<>();
        JsonNode previous = null;
        for (JsonNode item : items) {
            String name = item.path("CPMC").asText("");
            if (name.isBlank()) {
                return "产品名称CPMC不能为空";
            }
            if (!TAX_CODE.matcher(item.path("FLBM").asText("")).matches()) {
                return "分类编码FLBM必需到末级编码（19位）：" + name;
            }
            BigDecimal rate = number(item, "SL");
            BigDecimal amount = number(item, "BHSJE");
            BigDecimal tax = number(item, "SE");
            if (rate == null || amount == null || tax == null) {
                return "税率SL、不含税金额BHSJE、税额SE必须是数字：" + name;
            }
            if (!TaxRate.isKnown(rate)) {
                return "税率错误：" + item.path("SL").asText();
            }
            if (!Money.within(Money.tax(amount, rate), tax, Money.LINE_TAX_TOLERANCE)) {
                return "税额误差超过0.06：" + name;
            }
            String lslbz = item.path("LSLBZ").asText("");
            if (rate.signum() == 0) {
                if (!Set.of("1", "2", "3").contains(lslbz)) {
                    return "税率为0时零税率标识LSLBZ必须为1、2或3：" + name;
                }
                if (!lslbz.equals("3") && !"1".equals(item.path("XSYH").asText(""))) {
                    return "免税或不征税时XSYH须为1：" + name;
                }
            } else if (!lslbz.isEmpty()) {
                return "税率不为0时零税率标识LSLBZ须为空：" + name;
            }
            BigDecimal quantity = item.has("CPSL") ? number(item, "CPSL") : null;
            if (red) {
                if (amount.signum() >= 0 || quantity != null && quantity.signum() >= 0) {
                    return "红冲时，不能有正数金额或数量：" + name;
                }
            } else if (amount.signum() < 0) {
                if (previous == null || number(previous, "BHSJE") == null || number(previous, "BHSJE").signum() <= 0) {
                    return "折扣行必须紧跟在被折扣的商品行之后：" + name;
                }
                if (!previous.path("CPMC").asText("").equals(name)) {
                    return "折扣行的产品名称必需与正数行一致。";
                }
                if (!item.path("CPDW").asText("").isEmpty()) {
                    return "折扣行的产品单位必需是空。";
                }
                if (!item.path("CPXH").asText("").isEmpty()) {
                    return "折扣行的产品型号必需是空。";
                }
                if (amount.negate().compareTo(number(previous, "BHSJE")) > 0) {
                    return "折扣金额不能大于被折扣行金额：" + name;
                }
            } else if (amount.signum() == 0) {
                return "不含税金额不能为0：" + name;
            }
            sumTax = sumTax.add(tax);
            byRate.merge(rate, amount, BigDecimal::add);
            previous = item;
        }
        BigDecimal expected = byRate.entrySet().stream()
                .map(e -> Money.tax(e.getValue(), e.getKey()))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        if (!Money.within(sumTax, expected, Money.INVOICE_TAX_TOLERANCE)) {
            return "整张发票税额误差超过1.27";
        }
        return null;
    }

    private static String lowerCaseKey(JsonNode node) {
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!UPPER_KEY.matcher(e.getKey()).matches()) {
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

    private void issue(Invoice inv) {
        boolean digital = inv.fpzl.equals("020") || inv.fpzl.equals("021");
        long seq = sequence.incrementAndGet();
        if (digital) {
            inv.fpdm = "";
            inv.fphm = String.format("%02d%s%d%015d", LocalDate.now().getYear() % 100, "31", 2, seq);
        } else {
            inv.fpdm = String.format("0310%02d%06d", LocalDate.now().getYear() % 100, seq % 1_000_000);
            inv.fphm = String.format("%08d", seq % 100_000_000);
        }
        inv.kprq = LocalDateTime.now().format(STAMP);
        inv.xym = String.format("%020d", Math.floorMod(random.nextLong(), 100_000_000_000_000_000L));
        inv.state = State.ISSUED;
        byCheckCode.put(inv.xym, inv);
    }

    private static ObjectNode success(Invoice inv) {
        ObjectNode s = JSON.createObjectNode();
        boolean issued = inv.state == State.ISSUED;
        s.put("xtlsh", inv.xtlsh).put("fpzl", inv.fpzl).put("fpdm", issued ? inv.fpdm : "")
                .put("fphm", issued ? inv.fphm : "").put("kprq", issued ? inv.kprq : "").put("skm", "")
                .put("jym", issued ? inv.xym : "").put("jqbh", "").put("ewm", issued ? inv.qr() : "")
                .put("url", issued ? inv.url() : "").put("kpjg", issued ? "1" : "")
                .put("pdfxx", issued ? "PDF生成成功" : "").put("kpfk", issued ? "开具成功" : "开具中");
        return s;
    }

    /** The document's answer to an order number seen before: the existing invoice, in ErrList. */
    private static ObjectNode repeated(Invoice inv) {
        String full = inv.fpdm + inv.fphm;
        String msg = "此单据已经开过发票, FPHM = " + full + ":KPRQ =" + inv.kprq + ".000。";
        ObjectNode e = JSON.createObjectNode();
        e.put("XTLSH", inv.xtlsh).put("FPHM", full).put("KPRQ", inv.kprq + ".000").put("MW", "").put("XYM", inv.xym)
                .put("JQBH", "").put("FPZL", inv.fpzl).put("ErrMsg", msg + " ").put("xtlsh", inv.xtlsh)
                .put("fpzl", inv.fpzl).put("fpdm", inv.fpdm).put("fphm", inv.fphm)
                .put("kprq", inv.kprq.substring(0, 10).replace("-", "")).put("skm", " ").put("jym", inv.xym)
                .put("ewm", inv.qr()).put("url", inv.url()).put("kpjg", "1").put("pdfxx", "PDF生成成功")
                .put("kpfk", "开具成功");
        return e;
    }

    private static ObjectNode err(String xtlsh, String msg, String haveSave) {
        ObjectNode e = JSON.createObjectNode();
        e.put("XTLSH", xtlsh).put("ErrMsg", msg + " ").put("HaveSave", haveSave);
        return e;
    }

    // --- KPJG, SHKP

    private ObjectNode kpjg(Map<String, String> form) {
        String xtlsh = form.getOrDefault("xtlsh", "");
        if (xtlsh.isEmpty() || form.getOrDefault("fpzl", "").isEmpty()) {
            ObjectNode n = fail("参数fpzl、xtlsh不能为空");
            n.put("Code", "100");
            return n;
        }
        Invoice inv = invoices.get(xtlsh);
        if (inv == null) {
            return fail("未找到该单据：" + xtlsh);
        }
        synchronized (inv) {
            if ((inv.state == State.ISSUING || inv.state == State.RETRYING) && --inv.pollsLeft <= 0) {
                if (inv.state == State.RETRYING && inv.endsInReview) {
                    inv.state = State.REVIEW;
                } else {
                    issue(inv);
                }
            }
        }
        ObjectNode n = JSON.createObjectNode();
        switch (inv.state) {
            case ISSUED -> n.put("Result", "1").put("Message", "开具成功").put("XTLSH", inv.xtlsh)
                    .put("FPHM", inv.fpdm + inv.fphm).put("KPRQ", inv.kprq).put("MW", "").put("XYM", inv.xym)
                    .put("JQBH", "").put("URL", inv.url()).put("SWQM", "").put("FPZT", "1");
            case REVIEW -> n.put("Result", "0").put("Message", "购方名称与税号不一致，请核对后重新审核").put("XTLSH", xtlsh)
                    .put("FPZT", "0");
            default -> n.put("Result", "0").put("Message", inv.state == State.RETRYING ? "开票中，系统正在重试" : "开票中")
                    .put("XTLSH", xtlsh).put("FPZT", "2");
        }
        return n;
    }

    private ObjectNode shkp(String data) {
        JsonNode list = decodeData(data);
        if (list == null || !list.isArray()) {
            return fail("data格式错误：须为[base64(JSON数组)]");
        }
        for (JsonNode item : list) {
            Invoice inv = invoices.get(item.path("XTLSH").asText(""));
            if (inv != null && inv.state == State.REVIEW) {
                synchronized (inv) {
                    inv.state = State.ISSUING;
                    inv.pollsLeft = 1;
                }
            }
        }
        ObjectNode n = JSON.createObjectNode();
        n.put("Result", "1").put("Message", "成功，离线开票模式！");
        n.putArray("ErrList");
        n.putArray("SucessList");
        return n;
    }

    // --- FPLIST

    private ObjectNode fplist(Map<String, String> form) {
        String xtlsh = form.getOrDefault("xtlsh", "");
        String fphm = form.getOrDefault("fphm", "");
        String from = form.getOrDefault("qsrq", "");
        String to = form.getOrDefault("jzrq", "");
        if (xtlsh.isEmpty() && fphm.isEmpty() && (from.isEmpty() || to.isEmpty())) {
            return fail("xtlsh和fphm为空时，qsrq、jzrq必需输入");
        }
        if (form.getOrDefault("spid", "").isEmpty() && form.getOrDefault("qysh", "").isEmpty()) {
            return fail("qysh与spid不能同时为空");
        }
        if (!form.getOrDefault("spid", spid).equals(spid) && !form.getOrDefault("qysh", sellerTaxId).equals(sellerTaxId)) {
            return fail("spid不存在");
        }
        int page;
        int size;
        try {
            page = Integer.parseInt(form.getOrDefault("pageindex", ""));
            size = Integer.parseInt(form.getOrDefault("pagesize", ""));
        } catch (NumberFormatException e) {
            return fail("pageindex、pagesize必需输入");
        }
        if (!form.containsKey("mxbz")) {
            return fail("mxbz必需输入");
        }
        boolean details = "1".equals(form.get("mxbz"));
        List<Invoice> matching = new ArrayList<>();
        for (Invoice inv : invoices.values()) {
            if (inv.state != State.ISSUED) {
                continue;
            }
            String day = inv.kprq.substring(0, 10);
            boolean hit = !xtlsh.isEmpty() ? inv.xtlsh.equals(xtlsh)
                    : !fphm.isEmpty() ? (inv.fpdm + inv.fphm).equals(fphm) || inv.fphm.equals(fphm)
                    : day.compareTo(from.substring(0, Math.min(10, from.length()))) >= 0
                    && day.compareTo(to.substring(0, Math.min(10, to.length()))) <= 0;
            if (hit) {
                matching.add(inv);
            }
        }
        matching.sort((a, b) -> a.kprq.compareTo(b.kprq));
        ObjectNode n = JSON.createObjectNode();
        n.put("Result", "1").put("Message", "成功").put("total", matching.size());
        ArrayNode rows = n.putArray("rows");
        int start = Math.max(0, (page - 1) * size);
        for (int i = start; i < Math.min(matching.size(), start + size); i++) {
            rows.add(row(matching.get(i), details));
        }
        return n;
    }

    private ObjectNode row(Invoice inv, boolean details) {
        JsonNode o = inv.order();
        BigDecimal amount = BigDecimal.ZERO;
        BigDecimal tax = BigDecimal.ZERO;
        for (JsonNode item : o.path("ITEM")) {
            amount = amount.add(number(item, "BHSJE"));
            tax = tax.add(number(item, "SE"));
        }
        ObjectNode r = JSON.createObjectNode();
        r.put("xtlsh", inv.xtlsh).put("spid", spid).put("qysh", sellerTaxId).put("fplxdm", inv.fpzl)
                .put("fpdm", inv.fpdm).put("fphm", inv.fphm).put("kprq", inv.kprq)
                .put("ghdwsbh", o.path("KHSH").asText("")).put("ghdwmc", o.path("KHMC").asText(""))
                .put("hjje", amount.toPlainString()).put("hjse", tax.toPlainString())
                .put("jshj ", amount.add(tax).toPlainString()).put("url", inv.url()).put("bz", o.path("BZ").asText(""))
                .put("yfphm", o.path("YFPHM").asText("")).put("xym", inv.xym).put("zfbz", "0");
        if (details) {
            ArrayNode mx = r.putArray("fpmx");
            for (JsonNode item : o.path("ITEM")) {
                mx.addObject().put("spmc", item.path("CPMC").asText("")).put("sl", item.path("SL").asText(""))
                        .put("spsl", item.path("CPSL").asText("")).put("je", item.path("BHSJE").asText(""))
                        .put("se", item.path("SE").asText("")).put("ggxh", item.path("CPXH").asText(""))
                        .put("dw", item.path("CPDW").asText("")).put("flbm", item.path("FLBM").asText(""))
                        .put("xsyh", item.path("XSYH").asText("")).put("lslbz", item.path("LSLBZ").asText(""))
                        .put("yhsm", item.path("YHSM").asText(""));
            }
        }
        return r;
    }

    // --- PDF

    private SandboxResponse pdf(SandboxRequest req) {
        if (trouble.pdfGetOnly && !"GET".equals(req.method())) {
            return SandboxResponse.text(405, "Method Not Allowed");
        }
        Map<String, String> q = req.queryParams();
        Invoice inv = byCheckCode.get(q.getOrDefault("XYM", ""));
        if (inv == null || !inv.fpzl.equals(q.getOrDefault("FPZL", ""))) {
            return SandboxResponse.text(404, "发票不存在");
        }
        return SandboxResponse.pdf(pdfOf(inv));
    }

    private byte[] pdfOf(Invoice inv) {
        JsonNode o = inv.order();
        boolean red = !o.path("YFPHM").asText("").isEmpty();
        String title = switch (inv.fpzl) {
            case "020" -> "电子发票（增值税专用发票）";
            case "021" -> "电子发票（普通发票）";
            case "028" -> "增值税电子专用发票";
            case "004" -> "增值税专用发票";
            case "007" -> "增值税普通发票";
            default -> "增值税电子普通发票";
        };
        InvoicePdf pdf = new InvoicePdf()
                .text(170, 385, 16, title + (red ? "（红字）" : ""))
                .text(30, 362, 9, "沙箱样票 仅供测试 非真实发票")
                .text(30, 350, 9, "SANDBOX SAMPLE - NOT A TAX DOCUMENT")
                .text(380, 362, 9, "发票号码：").text(430, 362, 9, inv.fpdm + inv.fphm)
                .text(380, 350, 9, "开票日期：").text(430, 350, 9, inv.kprq)
                .rect(25, 80, 545, 262)
                .text(30, 325, 10, "购买方：" + o.path("KHMC").asText(""))
                .text(30, 311, 9, "统一社会信用代码/纳税人识别号：").text(180, 311, 9, o.path("KHSH").asText(""))
                .text(300, 325, 10, "销售方：" + sellerName)
                .text(300, 311, 9, "纳税人识别号：").text(370, 311, 9, sellerTaxId)
                .line(25, 300, 570, 300)
                .text(30, 287, 9, "项目名称").text(230, 287, 9, "数量").text(300, 287, 9, "金额")
                .text(380, 287, 9, "税率").text(450, 287, 9, "税额");
        float y = 272;
        BigDecimal amount = BigDecimal.ZERO;
        BigDecimal tax = BigDecimal.ZERO;
        for (JsonNode item : o.path("ITEM")) {
            if (y < 140) {
                pdf.text(30, y, 9, "（详见清单）");
                break;
            }
            pdf.text(30, y, 9, item.path("CPMC").asText(""))
                    .text(230, y, 9, item.path("CPSL").asText(""))
                    .text(300, y, 9, item.path("BHSJE").asText(""))
                    .text(380, y, 9, item.path("SL").asText(""))
                    .text(450, y, 9, item.path("SE").asText(""));
            amount = amount.add(number(item, "BHSJE"));
            tax = tax.add(number(item, "SE"));
            y -= 14;
        }
        pdf.line(25, 125, 570, 125)
                .text(30, 110, 10, "合计").text(300, 110, 10, amount.toPlainString()).text(450, 110, 10, tax.toPlainString())
                .text(30, 90, 10, "价税合计（小写）").text(130, 90, 10, "CNY " + amount.add(tax).toPlainString())
                .text(30, 60, 9, "备注：" + o.path("BZ").asText("") + (red ? " 被红冲发票号码：" + o.path("YFPHM").asText("") : ""))
                .text(30, 45, 9, "校验码：").text(75, 45, 9, inv.xym)
                .text(400, 45, 9, "开票人：" + o.path("KPR").asText("沙箱"));
        return pdf.bytes();
    }

    // --- sandbox control

    private SandboxResponse troubleSwitches(SandboxRequest req) {
        if ("POST".equals(req.method())) {
            try {
                JsonNode n = JSON.readTree(req.body().isBlank() ? "{}" : req.body());
                if (n.path("reset").asBoolean(false)) {
                    reset();
                }
                n.fields().forEachRemaining(e -> {
                    if (!e.getKey().equals("reset")) {
                        trouble.set(e.getKey(), e.getValue().asText());
                    }
                });
            } catch (Exception e) {
                return SandboxResponse.text(400, "{\"error\":\"" + e.getMessage().replace("\"", "'") + "\"}");
            }
        }
        return SandboxResponse.json(trouble.toString());
    }

    // --- helpers

    private JsonNode decodeData(String data) {
        if (data == null || data.length() < 2 || !data.startsWith("[") || !data.endsWith("]")) {
            return null;
        }
        try {
            byte[] json = Base64.getDecoder().decode(data.substring(1, data.length() - 1));
            return JSON.readTree(new String(json, StandardCharsets.UTF_8));
        } catch (Exception e) {
            return null;
        }
    }

    private static BigDecimal number(JsonNode item, String key) {
        try {
            return new BigDecimal(item.path(key).asText("").strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static ObjectNode fail(String message) {
        ObjectNode n = JSON.createObjectNode();
        n.put("Result", "0").put("Message", message);
        return n;
    }

    private synchronized boolean chance(double p) {
        return random.nextDouble() < p;
    }

    private synchronized boolean overRateLimit() {
        if (trouble.rateLimit <= 0) {
            return false;
        }
        long second = System.currentTimeMillis() / 1000;
        if (second != rateWindow) {
            rateWindow = second;
            rateCount = 0;
        }
        return ++rateCount > trouble.rateLimit;
    }

    private static void sleep(long ms) {
        if (ms > 0) {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private enum State { ISSUING, RETRYING, REVIEW, ISSUED }

    /** One order the sandbox has stored; the order itself as compact JSON bytes, read again when needed. */
    private static final class Invoice {
        final String xtlsh;
        final String fpzl;
        private final byte[] json;
        volatile State state;
        int pollsLeft;
        boolean endsInReview;
        String fpdm = "";
        String fphm = "";
        String kprq = "";
        String xym = "";

        Invoice(String xtlsh, String fpzl, JsonNode order) {
            this.xtlsh = xtlsh;
            this.fpzl = fpzl;
            this.json = order.toString().getBytes(StandardCharsets.UTF_8);
        }

        JsonNode order() {
            try {
                return JSON.readTree(json);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }

        String url() {
            return "/KPGL/PDFXZ?XYM=" + xym + "&FPZL=" + fpzl;
        }

        String qr() {
            return "01," + fpzl + "," + fpdm + "," + fphm + ",," + kprq.substring(0, 10).replace("-", "") + "," + xym + ",";
        }
    }
}

package io.fapiao.vendor.qixiangyun;

import com.fasterxml.jackson.databind.JsonNode;
import io.fapiao.login.LoginState;
import io.fapiao.login.LoginStep;
import io.fapiao.order.Outcome;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What qixiangyun's answers mean, in canonical words (docs/vendors/qixiangyun.md §1, §3): an order's outcome and
 * what the route does next, red-letter forms, invoice lists, files, and the seller's login.
 */
public final class QixiangyunReplies {

    /** What the route does after an answer. */
    public enum Next {
        /** The outcome is final. */
        DONE,
        /** Ask {@code asynResult} (by the request id when there is one, else by the order number) later. */
        ASK_ASYN_RESULT,
        /** {@code asynResult} does not know the order: after a few polls send it again with the same {@code ly_ddbh}. */
        NOT_FOUND_YET,
        /** The access token was refused: renew it, sign again, repeat the call once. */
        RENEW_TOKEN_AND_REPEAT,
        /** {@code req_date} was too far off: sign again with a fresh one, repeat once. */
        SIGN_AGAIN_AND_REPEAT,
        /** The gateway refused it before doing anything: wait {@code waitBefore}, then call again. */
        BACK_OFF_AND_REPEAT,
        /**
         * The seller's tax-bureau session has ended: the order is held ({@link io.fapiao.order.NextStep#LOGIN}) and sent
         * again, with the same {@code ly_ddbh}, once the seller logged in.
         */
        LOG_IN_AGAIN,
        /** The drawer must pass the face check ({@code rzewm}/{@code rzztcx}), then drop the order again. */
        FACE_CHECK,
        /** The red-letter form is confirmed and the red invoice not yet issued: call {@code hzFpkj}. */
        ISSUE_RED,
        /** The red-letter form waits for the other side: ask {@code hzqrxxDetail} later. */
        WAIT_FOR_RED_FORM,
        /** A red-letter form for this blue invoice is already in progress: find it with {@code hzqrxxList} by {@code lzFphm}. */
        FIND_RED_FORM
    }

    /**
     * One order's outcome after one answer, and what comes next.
     *
     * @param requestId the vendor's request id to ask {@code asynResult} with, or ""
     * @param redForm   the red-letter form the answer was about, or null
     */
    public record IssueStep(Outcome outcome, Next next, String requestId, RedForm redForm, Duration waitBefore) {
        static IssueStep of(Outcome outcome, Next next) {
            return new IssueStep(outcome, next, "", null, Duration.ZERO);
        }
    }

    /** Where a red-letter form (红字确认单) stands. */
    public enum RedFormState {
        /** 02: the seller filed it, the buyer has not answered (72 h). */
        WAITING_FOR_BUYER,
        /** 03: the buyer filed it, the seller must answer ({@code hzqrxxConfirm}). */
        WAITING_FOR_SELLER,
        /** 01 (no confirmation needed) or 04 (both confirmed), red invoice not yet issued. */
        CONFIRMED,
        /** The red invoice is issued. */
        ISSUED,
        /** 05–13: refused, expired, withdrawn or otherwise void. */
        VOID
    }

    /**
     * A red-letter form: its id ({@code hzuuid}), number, state, the vendor's state code, and the red invoice once
     * issued.
     */
    public record RedForm(String hzuuid, String formNo, RedFormState state, String stateCode, String blueInvoiceNo,
                          String redInvoiceNo, String redIssuedAt, String pdfUrl) {

        /** The red order's outcome while this form stands. */
        public Outcome outcome() {
            return switch (state) {
                case ISSUED -> Outcome.issued(redInvoiceNo, redIssuedAt, "", pdfUrl, "红字发票已开具 / red invoice issued");
                case WAITING_FOR_BUYER -> Outcome.pending("红字确认单" + formNo + "已提交，等待购方确认（72小时内） / red-letter "
                        + "form " + formNo + " filed, waiting for the buyer to confirm (within 72 hours)");
                case WAITING_FOR_SELLER -> Outcome.pending("购方提交的红字确认单" + formNo + "等待销方确认 / red-letter form "
                        + formNo + " filed by the buyer waits for the seller's answer");
                case CONFIRMED -> Outcome.pending("红字确认单" + formNo + "已确认，正在开具红字发票 / red-letter form " + formNo
                        + " confirmed, the red invoice is being issued");
                case VOID -> Outcome.rejected("红字确认单已作废：" + VOID_ZH.getOrDefault(stateCode, stateCode)
                        + " / the red-letter form is void: " + VOID_EN.getOrDefault(stateCode, "state " + stateCode));
            };
        }
    }

    /** One row of {@code fpcx}. {@code status}: 01 normal, 02 void, 03 fully red, 04 partly red. */
    public record InvoiceRow(String invoiceNo, String issuedAt, String fplxdm, boolean red, String buyerName,
                             String buyerTaxId, BigDecimal amount, BigDecimal tax, BigDecimal total, String status,
                             String blueInvoiceNo) {
    }

    /** One page of a list; {@code records} counts all pages. */
    public record Page<T>(int pageIndex, int pageSize, int records, List<T> rows) {
        public boolean hasMore() {
            return (long) pageIndex * pageSize < records;
        }
    }

    /** One file of {@code bswjxzBatch}: a link, or the content when asked for base64 (else null). */
    public record InvoiceFile(String invoiceNo, String issuedAt, String format, String url, byte[] content) {
    }

    private static final Map<String, String> VOID_ZH = Map.of("05", "购方否认", "06", "销方否认", "07", "超72小时未确认",
            "08", "发起方撤销", "09", "确认后撤销", "10", "异常凭证", "11", "纳税人状态异常阻断", "12", "自然人拒收",
            "13", "已开具退税申请");
    private static final Map<String, String> VOID_EN = Map.of("05", "refused by the buyer", "06", "refused by the seller",
            "07", "not confirmed within 72 hours", "08", "withdrawn by the filer", "09", "withdrawn after confirmation",
            "10", "the blue invoice is an abnormal voucher", "11", "taxpayer status blocks it", "12",
            "refused by the natural-person buyer", "13", "a tax refund was applied for");

    private static final Set<String> RENEW_TOKEN = Set.of("40100", "40101", "40102");
    private static final Set<String> GATEWAY_REFUSED = Set.of("400429", "400430");
    private static final Set<String> MAY_HAVE_BEEN_DONE = Set.of("504001", "505002");
    private static final Set<String> CONFIGURATION = Set.of("401103", "505017", "505019", "505001", "40500", "505069",
            "505070", "product_binding_check", "505080", "505081", "505082", "505083");
    private static final Set<String> LOG_IN = Set.of("720006", "720016", "4999");
    /** The bureau may have issued it: look it up by the order number, resend only with the same number. */
    private static final Set<String> ISSUING_UNCERTAIN = Set.of("720004", "720005", "710001", "730001", "700000",
            "700001", "700002", "700003", "700009");
    private static final Set<String> HOURLY_LIMIT = Set.of("720032", "720033", "720034");
    static final String QR_NOT_SCANNED = "4100";

    private QixiangyunReplies() {
    }

    // --- codes

    /** {@code 40100} not logged in, {@code 40101} token expired, {@code 40102} server updated: renew the token, repeat once. */
    public static boolean renewTokenAndRepeat(String code) {
        return RENEW_TOKEN.contains(code);
    }

    /** {@code 505018}: {@code req_date} too far off; sign again with a fresh one, repeat once. */
    public static boolean signAgainAndRepeat(String code) {
        return "505018".equals(code);
    }

    /** {@code 400429} rate limited, {@code 400430} maintenance: refused before anything was done; wait, then call again. */
    public static boolean backOff(String code) {
        return GATEWAY_REFUSED.contains(code);
    }

    /** {@code 504001} gateway timeout, {@code 505002} backend exception: it may have been done; never resend blindly. */
    public static boolean mayHaveBeenDone(String code) {
        return MAY_HAVE_BEEN_DONE.contains(code);
    }

    /** The account or the integration is wrong (IP whitelist, signature, secret, product expired): people must fix it. */
    public static boolean configurationProblem(String code) {
        return CONFIGURATION.contains(code);
    }

    /** The seller's tax-bureau session has ended ({@code 720006}, {@code 720016}, and {@code 4999} of the new login). */
    public static boolean loginNeeded(String code) {
        return LOG_IN.contains(code);
    }

    /** How long to wait before calling again after this code; zero when the code does not say. */
    public static Duration waitBefore(String code) {
        if ("400429".equals(code)) {
            return Duration.ofSeconds(10);
        }
        if ("400430".equals(code)) {
            return Duration.ofMinutes(5);
        }
        if (HOURLY_LIMIT.contains(code)) {
            return Duration.ofHours(1);
        }
        if (code.length() == 4 && code.startsWith("8")) {
            return Duration.ofMinutes(2); // "2分钟内不允许重复登录发送验证码"
        }
        return Duration.ZERO;
    }

    // --- issuing

    /** The answer of {@code fpkjZzs} or {@code hzFpkj} for one order. */
    public static IssueStep issue(QixiangyunReply r) {
        String requestId = r.text("requestId");
        if (r.ok()) {
            String fphm = r.text("fphm");
            if (!fphm.isEmpty()) {
                return IssueStep.of(issued(r.data()), Next.DONE);
            }
            if (!requestId.isEmpty()) {
                return pending("供应商已受理，异步开具中 / accepted by qixiangyun, issuing asynchronously", requestId);
            }
            return pending("供应商已受理，尚无发票号码 / accepted by qixiangyun, no invoice number yet", "");
        }
        if ("2001".equals(r.code()) || "720010".equals(r.code())) {
            return pending("开具超时，已转为异步开具 / issuing took too long and turned asynchronous ("
                    + r.code() + ")", requestId);
        }
        return failure(r.code(), r.message(), requestId);
    }

    private static Outcome issued(JsonNode d) {
        return Outcome.issued(QixiangyunReply.text(d.path("fphm")), date(QixiangyunReply.text(d.path("kprq"))), "",
                QixiangyunReply.text(d.path("pdf_url")), "开具成功 / issued");
    }

    private static IssueStep pending(String message, String requestId) {
        return new IssueStep(Outcome.pending(message), Next.ASK_ASYN_RESULT, requestId, null, Duration.ZERO);
    }

    /** What a code other than success means for an order being issued (also {@code asynResult}'s returnCode). */
    static IssueStep failure(String code, String message, String requestId) {
        String says = "企享云（" + code + "）：" + message + " / qixiangyun says (" + code + "): " + message;
        if (renewTokenAndRepeat(code)) {
            return IssueStep.of(Outcome.failed("企享云拒绝了访问令牌 / qixiangyun refused the access token (" + code + ")"),
                    Next.RENEW_TOKEN_AND_REPEAT);
        }
        if (signAgainAndRepeat(code)) {
            return IssueStep.of(Outcome.failed("请求时间与企享云时钟相差过大 / req_date too far from qixiangyun's clock (505018)"),
                    Next.SIGN_AGAIN_AND_REPEAT);
        }
        if (backOff(code)) {
            return new IssueStep(Outcome.failed(says), Next.BACK_OFF_AND_REPEAT, "", null, waitBefore(code));
        }
        if (mayHaveBeenDone(code) || ISSUING_UNCERTAIN.contains(code)) {
            String zh = "720004".equals(code) ? "该单据此前已提交，正在查询结果" : "供应商可能已开具，正在按单据号查询结果";
            String en = "720004".equals(code) ? "this order was sent before; asking for its result"
                    : "qixiangyun may have issued it; asking for the result by order number";
            return pending(zh + " / " + en + " (" + code + ": " + message + ")", requestId);
        }
        if (configurationProblem(code)) {
            return IssueStep.of(Outcome.failed("企享云账户配置问题，须由集成方处理：" + message + " / qixiangyun refused the "
                    + "account or integration (" + code + "), the integration team must fix it: " + message), Next.DONE);
        }
        if (loginNeeded(code)) {
            // the order was not issued and the vendor does not keep it: held, sent again (same ly_ddbh) once logged in
            return IssueStep.of(io.fapiao.login.LoginNeeded.send(), Next.LOG_IN_AGAIN);
        }
        if ("720007".equals(code)) {
            return IssueStep.of(Outcome.failed("开票员须扫脸认证后再投递 / the drawer must pass the face check, then drop "
                    + "the order again (720007: " + message + ")"), Next.FACE_CHECK);
        }
        if (HOURLY_LIMIT.contains(code)) {
            return new IssueStep(Outcome.failed(says), Next.DONE, "", null, waitBefore(code));
        }
        if ("710024".equals(code)) {
            return new IssueStep(Outcome.pending("该蓝字发票已有进行中的红字确认单，正在查找 / a red-letter form for this blue "
                    + "invoice is already in progress; looking it up"), Next.FIND_RED_FORM, "", null, Duration.ZERO);
        }
        if (code.length() == 6 && (code.startsWith("7") || code.equals("400000"))) {
            return IssueStep.of(Outcome.rejected(says), Next.DONE);
        }
        // a code the documents do not list for issuing: nothing says it was issued, nothing says it was not
        return pending("企享云的回答无法判断是否已开具，正在查询 / qixiangyun's answer does not say whether it issued; "
                + "asking (" + code + ": " + message + ")", requestId);
    }

    /**
     * The answer of {@code asynResult}: {@code execStatus} 0/1 still running, 2 done (the original answer in
     * {@code returnBody}), 3 failed ({@code returnCode}); not found ({@code 720000 未查询到…}) is
     * {@link Next#NOT_FOUND_YET}.
     */
    public static IssueStep asynResult(QixiangyunReply r) {
        if (!r.ok()) {
            if (r.message().contains("未查询到") || r.message().contains("不存在")) {
                return IssueStep.of(Outcome.pending("供应商尚未查到该请求 / qixiangyun does not know this request yet"),
                        Next.NOT_FOUND_YET);
            }
            return failure(r.code(), r.message(), "");
        }
        String requestId = r.text("request", "requestId");
        int status = r.at("execStatus").asInt(-1);
        String returnCode = r.text("returnCode");
        if (status == 0 || status == 1) {
            return pending("异步开具中 / still issuing asynchronously", requestId);
        }
        if (status == 2 && "0".equals(returnCode)) {
            JsonNode body = r.at("returnBody");
            if (!QixiangyunReply.text(body.path("fphm")).isEmpty()) {
                return new IssueStep(issued(body), Next.DONE, requestId, null, Duration.ZERO);
            }
            return pending("异步任务完成但没有发票号码 / the asynchronous task ended without an invoice number", requestId);
        }
        IssueStep f = failure(returnCode.isEmpty() || "0".equals(returnCode) ? "720000" : returnCode,
                r.text("returnMsg"), requestId);
        return f.next() == Next.ASK_ASYN_RESULT && status == 3
                ? IssueStep.of(Outcome.failed("异步开具失败，未开具 / asynchronous issuing failed, nothing issued: "
                + r.text("returnMsg")), Next.DONE) : f;
    }

    // --- red invoices

    /** A form as {@code hzqrxxSave}, {@code hzqrxxDetail} or a {@code hzqrxxList} row describes it. */
    public static RedForm redForm(JsonNode d) {
        String code = QixiangyunReply.text(d.path("hzqrztDm"));
        String redNo = QixiangyunReply.text(d.path("hzfpxx").path("fphm"));
        if (redNo.isEmpty()) {
            redNo = QixiangyunReply.text(d.path("hzFphm"));
        }
        String redAt = QixiangyunReply.text(d.path("hzfpxx").path("kprq"));
        if (redAt.isEmpty()) {
            redAt = QixiangyunReply.text(d.path("hzKprq"));
        }
        String pdf = QixiangyunReply.text(d.path("hzfpxx").path("pdf_url"));
        if (pdf.isEmpty()) {
            pdf = QixiangyunReply.text(d.path("pdf_url"));
        }
        boolean issued = "Y".equals(QixiangyunReply.text(d.path("hzkjBz"))) && !redNo.isEmpty();
        RedFormState state = issued ? RedFormState.ISSUED : switch (code) {
            case "01", "04" -> RedFormState.CONFIRMED;
            case "02" -> RedFormState.WAITING_FOR_BUYER;
            case "03" -> RedFormState.WAITING_FOR_SELLER;
            default -> RedFormState.VOID;
        };
        return new RedForm(QixiangyunReply.text(d.path("hzuuid")), QixiangyunReply.text(d.path("hzqrdbh")), state, code,
                QixiangyunReply.text(d.path("lzFphm")), redNo, date(redAt), pdf);
    }

    /** The answer of {@code hzqrxxSave} or {@code hzqrxxDetail} for the red order. */
    public static IssueStep redFormStep(QixiangyunReply r) {
        if (!r.ok()) {
            return failure(r.code(), r.message(), "");
        }
        RedForm form = redForm(r.data());
        Next next = switch (form.state()) {
            case ISSUED, VOID -> Next.DONE;
            case CONFIRMED -> Next.ISSUE_RED;
            case WAITING_FOR_BUYER, WAITING_FOR_SELLER -> Next.WAIT_FOR_RED_FORM;
        };
        return new IssueStep(form.outcome(), next, "", form, Duration.ZERO);
    }

    /** The forms of {@code hzqrxxList}. */
    public static Page<RedForm> redForms(QixiangyunReply r) {
        requireOk(r);
        List<RedForm> forms = new ArrayList<>();
        r.at("list").forEach(row -> forms.add(redForm(row)));
        return page(r, forms);
    }

    /** {@code hzqrxxConfirm}: whether the vendor took the seller's answer ({@code data.code "Y"}). */
    public static boolean confirmed(QixiangyunReply r) {
        return r.ok() && "Y".equals(r.text("code"));
    }

    // --- lists and files

    /** The invoices of {@code fpcx}. */
    public static Page<InvoiceRow> invoices(QixiangyunReply r) {
        requireOk(r);
        List<InvoiceRow> rows = new ArrayList<>();
        for (JsonNode row : r.at("list")) {
            rows.add(new InvoiceRow(QixiangyunReply.text(row.path("fphm")), date(QixiangyunReply.text(row.path("kprq"))),
                    QixiangyunReply.text(row.path("fplxdm")), "1".equals(QixiangyunReply.text(row.path("kplx"))),
                    QixiangyunReply.text(row.path("gmf_nsrmc")), QixiangyunReply.text(row.path("gmf_nsrsbh")),
                    QixiangyunReply.money(row.path("hjje")), QixiangyunReply.money(row.path("hjse")),
                    QixiangyunReply.money(row.path("jshj")), QixiangyunReply.text(row.path("fpztdm")),
                    QixiangyunReply.text(row.path("lpFphm"))));
        }
        return page(r, rows);
    }

    /** The files of {@code bswjxzBatch}; {@code 729010} (only some formats came) is an answer too. */
    public static List<InvoiceFile> files(QixiangyunReply r) {
        if (!r.ok() && !"729010".equals(r.code())) {
            requireOk(r);
        }
        List<InvoiceFile> files = new ArrayList<>();
        for (JsonNode f : r.at("list")) {
            String b64 = QixiangyunReply.text(f.path("base64"));
            files.add(new InvoiceFile(QixiangyunReply.text(f.path("fphm")), date(QixiangyunReply.text(f.path("kprq"))),
                    QixiangyunReply.text(f.path("wjgs")), QixiangyunReply.text(f.path("url")),
                    b64.isEmpty() ? null : Base64.getMimeDecoder().decode(b64)));
        }
        return files;
    }

    private static <T> Page<T> page(QixiangyunReply r, List<T> rows) {
        return new Page<>(r.at("pageIndex").asInt(1), r.at("pageSize").asInt(rows.size()), r.at("records").asInt(rows.size()),
                List.copyOf(rows));
    }

    private static void requireOk(QixiangyunReply r) {
        if (!r.ok()) {
            throw new QixiangyunException(r.code(), "企享云（" + r.code() + "）：" + r.message() + " / qixiangyun says ("
                    + r.code() + "): " + r.message());
        }
    }

    // --- the seller's login

    /**
     * The answer of {@code dpptCookie} or {@code dpptpushsms}: SMS sent (keep {@code taskId}), or logged in (keep
     * {@code accountId}); 4xxx wrong login data, 8xxx SMS too often, 5xxx system error or task expired.
     */
    public static LoginStep login(QixiangyunReply r) {
        if (r.ok()) {
            Map<String, String> handles = handles(r, "accountId", "individualId", "taskId");
            if (!r.text("dppt", "cookie").isEmpty() || !r.text("etax", "cookie").isEmpty()
                    || !r.text("tpass", "cookie").isEmpty()) {
                handles.remove("taskId");
                return new LoginStep(LoginState.LOGGED_IN, "税务数字账户登录成功", "logged in to the tax bureau", "",
                        handles, Duration.ZERO, false);
            }
            if (handles.containsKey("taskId")) {
                return new LoginStep(LoginState.SMS_SENT, "短信验证码已发送，请在5分钟内提交", "SMS code sent; submit it within "
                        + "5 minutes", "", handles, Duration.ZERO, false);
            }
        }
        return loginFailure(r);
    }

    /** {@code checkAsyncLoginDpptCache}: {@code data true} the session is valid. */
    public static LoginStep checkLogin(QixiangyunReply r) {
        if (r.ok()) {
            return r.at().isBoolean() && r.data().asBoolean()
                    ? LoginStep.of(LoginState.LOGGED_IN, "税局登录有效", "the tax-bureau session is valid")
                    : LoginStep.of(LoginState.LOGGED_OUT, "税局登录已失效，请重新登录", "the tax-bureau session has ended; log in again");
        }
        return loginFailure(r);
    }

    /** {@code getQrcode}: the QR content to show, and the handles {@code taskId}, {@code qrcodeId}. */
    public static LoginStep qrReady(QixiangyunReply r) {
        if (r.ok() && !r.text("qrcode").isEmpty()) {
            return new LoginStep(LoginState.QR_READY, "请用电子税务局APP在300秒内扫码登录", "scan the QR code with the tax "
                    + "bureau app within 300 seconds", r.text("qrcode"), handles(r, "taskId", "qrcodeId"), Duration.ZERO, false);
        }
        return loginFailure(r);
    }

    /** {@code qrcodeLogin}: logged in; not scanned yet ({@code 4100}); expired (5xxx, 过期). */
    public static LoginStep qrLogin(QixiangyunReply r) {
        if (r.ok()) {
            return new LoginStep(LoginState.LOGGED_IN, "扫码登录成功", "logged in by QR scan", "",
                    handles(r, "accountId", "individualId", "areaCode"), Duration.ZERO, false);
        }
        if (QR_NOT_SCANNED.equals(r.code()) || r.message().contains("未扫码")) {
            return LoginStep.of(LoginState.QR_READY, "二维码尚未扫码确认", "the QR code has not been scanned yet");
        }
        return loginFailure(r);
    }

    /** {@code rzewm}: the face-check QR (税务 app) and its {@code rzid}. */
    public static LoginStep faceQr(QixiangyunReply r) {
        if (r.ok() && !r.text("ewm").isEmpty()) {
            return new LoginStep(LoginState.QR_READY, "请开票员用税务APP扫码刷脸", "the drawer must scan this with the tax "
                    + "app for the face check", r.text("ewm"), handles(r, "rzid"), Duration.ZERO, false);
        }
        return loginFailure(r);
    }

    /** {@code rzztcx}: {@code slzt} 1 not scanned, 2 done, 3 expired. */
    public static LoginStep faceResult(QixiangyunReply r) {
        if (!r.ok()) {
            return loginFailure(r);
        }
        return switch (r.text("slzt")) {
            case "2" -> LoginStep.of(LoginState.LOGGED_IN, "刷脸认证成功", "face check passed");
            case "3" -> LoginStep.of(LoginState.FAILED, "刷脸二维码已过期，请重新获取", "the face-check QR expired; get a new one");
            default -> LoginStep.of(LoginState.QR_READY, "尚未扫码刷脸", "the face check has not been done yet");
        };
    }

    private static LoginStep loginFailure(QixiangyunReply r) {
        String code = r.code();
        String msg = r.message().isEmpty() ? "（无说明）" : r.message();
        String en = "qixiangyun says (" + code + "): " + msg;
        if (configurationProblem(code)) {
            return new LoginStep(LoginState.FAILED, "企享云账户配置问题，须由集成方处理：" + msg,
                    "the qixiangyun account or integration is refused; the integration team must fix it: " + en, "",
                    Map.of(), Duration.ZERO, true);
        }
        if (renewTokenAndRepeat(code) || signAgainAndRepeat(code)) {
            return LoginStep.of(LoginState.FAILED, "企享云拒绝了访问令牌或签名：" + msg, "qixiangyun refused the token or "
                    + "signature; renew it and try again: " + en);
        }
        if (backOff(code) || HOURLY_LIMIT.contains(code)) {
            return new LoginStep(LoginState.FAILED, "调用过于频繁，请稍后再试：" + msg, "too many calls; try again later: " + en,
                    "", Map.of(), waitBefore(code), false);
        }
        if (code.length() == 4 && code.startsWith("8")) {
            return new LoginStep(LoginState.FAILED, "短信发送过于频繁，请2分钟后再试：" + msg, "SMS sent too often; try again "
                    + "in 2 minutes: " + en, "", Map.of(), waitBefore(code), false);
        }
        if (loginNeeded(code)) {
            return LoginStep.of(LoginState.LOGGED_OUT, "税局登录已失效，请重新登录：" + msg, "the tax-bureau session has ended; "
                    + "log in again: " + en);
        }
        if (msg.contains("过期")) {
            return LoginStep.of(LoginState.FAILED, "登录任务已过期，请重新发起：" + msg, "the login task expired; start again: " + en);
        }
        return LoginStep.of(LoginState.FAILED, "税局登录失败：" + msg, "the tax-bureau login failed: " + en);
    }

    private static Map<String, String> handles(QixiangyunReply r, String... names) {
        Map<String, String> h = new LinkedHashMap<>();
        for (String name : names) {
            String v = r.text(name);
            if (!v.isEmpty()) {
                h.put(name, v);
            }
        }
        return h;
    }

    /** The vendor's times ({@code yyyy-MM-dd HH:mm:ss}), trimmed; "" when absent. */
    static String date(String text) {
        String t = text == null ? "" : text.strip();
        return t.length() > 19 && t.charAt(10) == ' ' ? t.substring(0, 19) : t;
    }
}

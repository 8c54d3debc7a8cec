package io.fapiao.vendor.qixiangyun;

import com.fasterxml.jackson.databind.JsonNode;
import io.fapiao.api.HealthBoard;
import io.fapiao.config.Seller;
import io.fapiao.ledger.IssuedInvoices;
import io.fapiao.ledger.LedgerOrder;
import io.fapiao.ledger.RedFormLedger;
import io.fapiao.order.NextStep;
import io.fapiao.order.Order;
import io.fapiao.order.OrderStatus;
import io.fapiao.order.Outcome;
import io.fapiao.vendor.ListedInvoice;
import io.fapiao.vendor.RedLetterForm;
import io.fapiao.vendor.VendorLoginException;
import io.fapiao.vendor.qixiangyun.QixiangyunReplies.IssueStep;
import io.fapiao.vendor.qixiangyun.QixiangyunReplies.Next;
import io.fapiao.vendor.qixiangyun.QixiangyunReplies.RedForm;
import io.fapiao.vendor.qixiangyun.QixiangyunReplies.RedFormState;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.http.base.HttpOperationFailedException;

import java.math.BigDecimal;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The Java side of {@code vendor-qixiangyun.camel.yaml}: what each call sends, how it is signed, and what its answer
 * means for the order. The route holds the calls and their order; this holds the rules. Exchange properties:
 * {@code qxySeller} (the seller), {@code qxyRow} (the ledger's order when asking about one), {@code qxyPath} (the API
 * path of the call), {@code qxyRepeatable} (a read that may be asked again after {@code 504001}), {@code qxyNext}
 * (what the route does after an answer).
 */
public final class QixiangyunCalls {

    /** The API path of a call ({@code qixiangyun-call}'s input besides the JSON body). */
    public static final String PATH = "qxyPath";
    static final String SELLER = "qxySeller";
    static final String ROW = "qxyRow";
    static final String RED_ORDER = "qxyRedOrder";
    static final String HEALTH = "vendor qixiangyun";
    static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    private static final String NEXT = "qxyNext";
    private static final String FORM = "qxyForm";
    private static final String BLUE_AT = "qxyBlueAt";
    private static final String BLUE_ORDER = "qxyBlueOrder";
    private static final String BLUE_TOTALS = "qxyBlueTotals";
    private static final String PDF = "qxyPdf";
    private static final String PAGE = "qxyPage";
    private static final String MORE = "qxyMore";
    private static final String FOUND = "qxyFound";
    /** asynResult may not know an order at once: it is believed unknown only after this many polls. */
    static final int UNKNOWN_AFTER_POLLS = 3;
    /** hzqrxxList: "起止日期必传且为三个月内". */
    private static final int FORM_LIST_MONTHS = 3;
    /** Forms a buyer filed wait 72 hours for the seller: four application days cover them. */
    private static final int WAITING_FORM_DAYS = 4;

    private final String baseUrl;
    private final String appKey;
    private final String appSecret;
    private final QixiangyunSharedToken token;
    private final int retries;
    private final long retryDelayMs;
    private final Duration redFormCheck;
    private final Duration timeout;
    private final HealthBoard health;
    private final IssuedInvoices issued;
    private final RedFormLedger forms;
    private final Function<LedgerOrder, Order> storedOrder;
    private final Function<String, String> accountIds;
    private final Clock clock;

    /**
     * @param retries      how often a call the gateway refused (400429/400430) or a read that timed out is made again
     * @param retryDelayMs the first pause before that (doubling)
     * @param redFormCheck how often a red-letter form waiting for the other side is asked about
     * @param timeout      the longest one call may take: an order asynResult does not know is believed unknown only
     *                     once this has passed twice since it was sent
     * @param storedOrder  the order a ledger row was sent as (null when it cannot be read back)
     * @param accountIds   the seller's login account at qixiangyun ({@code accountId}), "" when it has none
     */
    public QixiangyunCalls(String baseUrl, String appKey, String appSecret, QixiangyunSharedToken token, int retries,
                           long retryDelayMs, Duration redFormCheck, Duration timeout, HealthBoard health,
                           IssuedInvoices issued, RedFormLedger forms, Function<LedgerOrder, Order> storedOrder,
                           Function<String, String> accountIds, Clock clock) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.appKey = appKey;
        this.appSecret = appSecret;
        this.token = token;
        this.retries = retries;
        this.retryDelayMs = retryDelayMs;
        this.redFormCheck = redFormCheck;
        this.timeout = timeout;
        this.health = health;
        this.issued = issued;
        this.forms = forms;
        this.storedOrder = storedOrder;
        this.accountIds = accountIds;
        this.clock = clock;
    }

    /** Whether a base URL is configured (the login answers plainly when it is not). */
    public boolean configured() {
        return !baseUrl.isEmpty();
    }

    // --- one signed call (qixiangyun-call, qixiangyun-post)

    /** Keeps the body to sign (again) and takes the access token. */
    public void startCall(String body, Exchange exchange) {
        exchange.setProperty("qxyBody", body);
        exchange.setProperty("qxyMayRepeat", exchange.getProperty("qxyRepeatable", false, Boolean.class));
        exchange.removeProperty("qxyRepeatable");
        exchange.setProperty("qxyRenewed", false);
        exchange.setProperty("qxyResigned", false);
        exchange.setProperty("qxyWaits", 0);
        exchange.setProperty("qxyToken", token.current());
    }

    /**
     * Signs the body and sends exactly the signed bytes: {@code access_token}, {@code req_date} (now) and
     * {@code req_sign} over the UTF-8 bytes, signed again for every attempt.
     */
    public void sign(Exchange exchange) {
        byte[] body = exchange.getProperty("qxyBody", String.class).getBytes(StandardCharsets.UTF_8);
        Message m = exchange.getMessage();
        QixiangyunSigning.headers(appKey, appSecret, exchange.getProperty("qxyToken", String.class), clock.millis(), body)
                .forEach(m::setHeader);
        m.setHeader(Exchange.HTTP_URI, baseUrl + exchange.getProperty("qxyPath", String.class));
        m.setBody(body);
    }

    /**
     * Whether the answer asks for the same call again: a refused token (renewed, once), a stale {@code req_date}
     * (signed again, once), a gateway that did nothing (400429/400430, with pauses, a few times), and for a read a
     * gateway timeout (504001/505002). An issuing call is never repeated after an answer that may mean it was done.
     */
    public boolean callAgain(String reply, Exchange exchange) {
        String code;
        try {
            code = QixiangyunReply.parse(reply).code();
        } catch (QixiangyunException e) {
            return false;
        }
        if (QixiangyunReplies.renewTokenAndRepeat(code) && !exchange.getProperty("qxyRenewed", false, Boolean.class)) {
            exchange.setProperty("qxyRenewed", true);
            exchange.setProperty("qxyRenewNow", true);
            exchange.setProperty("qxyPause", 0L);
            exchange.setProperty("qxyWhy", "the access token was refused (" + code + "), renewing it");
            return true;
        }
        if (QixiangyunReplies.signAgainAndRepeat(code) && !exchange.getProperty("qxyResigned", false, Boolean.class)) {
            exchange.setProperty("qxyResigned", true);
            exchange.setProperty("qxyPause", 0L);
            exchange.setProperty("qxyWhy", "req_date refused (505018), signing again");
            return true;
        }
        boolean busy = QixiangyunReplies.backOff(code);
        boolean readTimedOut = QixiangyunReplies.mayHaveBeenDone(code)
                && exchange.getProperty("qxyMayRepeat", false, Boolean.class);
        int waits = exchange.getProperty("qxyWaits", 0, Integer.class);
        if ((busy || readTimedOut) && waits < retries) {
            exchange.setProperty("qxyWaits", waits + 1);
            exchange.setProperty("qxyPause", retryDelayMs << Math.min(waits, 10));
            exchange.setProperty("qxyWhy", (busy ? "the gateway is busy (" : "the gateway timed out on a read (") + code
                    + "), waiting");
            return true;
        }
        return false;
    }

    public long pause(Exchange exchange) {
        return exchange.getProperty("qxyPause", 0L, Long.class);
    }

    public void prepareAgain(Exchange exchange) {
        if (exchange.getProperty("qxyRenewNow", false, Boolean.class)) {
            exchange.setProperty("qxyRenewNow", false);
            exchange.setProperty("qxyToken", token.renew(exchange.getProperty("qxyToken", String.class)));
        }
        exchange.getMessage().setBody(exchange.getProperty("qxyBody", String.class));
    }

    public String tokenUrl() {
        return baseUrl + QixiangyunMapping.TOKEN;
    }

    // --- blue invoices

    public String issueBody(Order order, Exchange exchange) {
        return QixiangyunMapping.fpkjZzs(order, accountId(exchange));
    }

    public Outcome issueOutcome(String reply, Exchange exchange) {
        QixiangyunReply r;
        try {
            r = QixiangyunReply.parse(reply);
        } catch (QixiangyunException e) {
            return Outcome.pending("企享云的回答无法读取，正在按单据号查询结果 / qixiangyun's answer could not be read; asking "
                    + "for the result by order number");
        }
        return outcome(QixiangyunReplies.issue(r), exchange, "");
    }

    /**
     * One answer's step as the order's outcome. A call refused before anything was done (the token, the gateway)
     * is sent again later; the seller's session or face check holds the order until the seller has logged in.
     */
    private Outcome outcome(IssueStep step, Exchange exchange, String ref) {
        exchange.setProperty(NEXT, step.next().name());
        Outcome o = step.outcome();
        if (o.status() == OrderStatus.ISSUED) {
            health.up(HEALTH);
            return o.pdfUrl().isEmpty() ? withPdfUrl(o, QixiangyunMapping.BSWJXZ_BATCH) : o;
        }
        return switch (step.next()) {
            case ASK_ASYN_RESULT -> pendingWith(o, step.requestId().isEmpty() ? ref : step.requestId());
            case RENEW_TOKEN_AND_REPEAT -> Outcome.pending("企享云再次拒绝了新的访问令牌，稍后重新发送 / qixiangyun refused the "
                    + "renewed access token too; the order is sent again later", NextStep.RESEND);
            case BACK_OFF_AND_REPEAT -> Outcome.pending("企享云网关限流，稍后重新发送 / qixiangyun's gateway is busy ("
                    + "rate limit); nothing was done, the order is sent again later", NextStep.RESEND);
            case SIGN_AGAIN_AND_REPEAT -> {
                health.down(HEALTH, "本机时钟与企享云相差超过15分钟 / this host's clock is more than 15 minutes off qixiangyun's");
                yield Outcome.failed("本机时钟与企享云相差过大（505018），未开票，可重新投递 / this host's clock is too far off "
                        + "qixiangyun's (505018); nothing issued, safe to drop again");
            }
            case LOG_IN_AGAIN -> Outcome.pending("销方税局登录已失效，销方重新登录后自动重新发送 / the seller's tax-bureau "
                    + "session has ended; the order is sent again once the seller has logged in (" + codeIn(o) + ")",
                    NextStep.LOGIN);
            case FACE_CHECK -> Outcome.pending("开票员须扫脸认证，认证后自动重新发送 / the drawer must pass the face check; the "
                    + "order is sent again once it is done (" + codeIn(o) + ")", NextStep.LOGIN);
            default -> {
                if (o.status() == OrderStatus.FAILED && o.message().contains("集成方")) {
                    health.down(HEALTH, "企享云账户配置问题 / the qixiangyun account or integration is refused");
                } else {
                    health.up(HEALTH);
                }
                yield o;
            }
        };
    }

    /** The vendor's code and words at the end of a reply's message ("… (720006: 开票员不在线…)"). */
    private static String codeIn(Outcome o) {
        String m = o.message();
        int open = m.lastIndexOf('(');
        return open >= 0 && m.endsWith(")") ? m.substring(open + 1, m.length() - 1) : m;
    }

    private static Outcome pendingWith(Outcome o, String ref) {
        return new Outcome(OrderStatus.PENDING, "", "", "", "", o.message(), NextStep.POLL, ref);
    }

    private static Outcome withPdfUrl(Outcome o, String url) {
        return new Outcome(o.status(), o.invoiceNo(), o.issuedAt(), o.checkCode(), url, o.message(), o.next(),
                o.vendorRef());
    }

    // --- asking about a blue invoice

    public String pollBody(LedgerOrder row, Exchange exchange) {
        exchange.setProperty(ROW, row);
        String account = accountId(exchange);
        return row.vendorRef().isEmpty()
                ? QixiangyunMapping.asynResultByOrderNo(row.sellerTaxId(), row.orderNo(), account)
                : QixiangyunMapping.asynResultByRequestId(row.sellerTaxId(), row.vendorRef(), account);
    }

    /**
     * What asynResult says: issued, still running, failed (the business answer of the original call). An order it
     * does not know is believed unknown only after a few polls and twice the call's timeout: then it is sent again
     * with the same ly_ddbh, which the vendor answers with 720004 if it has it after all. A query that failed
     * itself says nothing about the order: it stays pending.
     */
    public Outcome pollOutcome(String reply, Exchange exchange) {
        LedgerOrder row = exchange.getProperty(ROW, LedgerOrder.class);
        QixiangyunReply r;
        try {
            r = QixiangyunReply.parse(reply);
        } catch (QixiangyunException e) {
            return stillAsking(row, "the answer could not be read");
        }
        IssueStep step = QixiangyunReplies.asynResult(r);
        if (step.next() == Next.NOT_FOUND_YET) {
            Instant sent = row.submittedAt() == null ? row.updatedAt() : row.submittedAt();
            boolean longAgo = sent == null || clock.instant().isAfter(sent.plus(timeout).plus(timeout));
            if (longAgo && row.polls() + 1 >= UNKNOWN_AFTER_POLLS) {
                return Outcome.pending("企享云查无此单，以同一单据号重新发送 / qixiangyun does not know this order; it is sent "
                        + "again with the same order number (ly_ddbh)", NextStep.RESEND);
            }
            return Outcome.pending(step.outcome().message()).withVendorRef(row.vendorRef());
        }
        if (!r.ok()) {
            // the query itself was refused (the session, the gateway): it says nothing about the order
            return stillAsking(row, r.code() + " " + r.message());
        }
        return outcome(step, exchange, row.vendorRef());
    }

    private static Outcome stillAsking(LedgerOrder row, String why) {
        return Outcome.pending("查询企享云暂未成功（" + why + "），稍后再查 / could not ask qixiangyun yet (" + why
                + "); asking again later").withVendorRef(row == null ? "" : row.vendorRef());
    }

    // --- red invoices: the blue invoice

    /**
     * Looks the blue invoice up in the ledger: its exact issue time and, for a partial red, its lines. True when the
     * ledger does not know it (or only its day): the vendor's list is asked.
     */
    public boolean blueUnknown(Order red, Exchange exchange) {
        exchange.removeProperty(BLUE_AT);
        exchange.removeProperty(BLUE_ORDER);
        exchange.removeProperty(BLUE_TOTALS);
        exchange.removeProperty(FORM);
        exchange.removeProperty(NEXT);
        LedgerOrder blue = issued.byInvoiceNo(red.sellerTaxId(), red.originalInvoiceNo()).orElse(null);
        if (blue == null || blue.issuedAt().length() != 19) {
            return true;
        }
        exchange.setProperty(BLUE_AT, blue.issuedAt());
        Order order = blue.orderJson() == null ? null : storedOrder.apply(blue);
        if (order != null) {
            exchange.setProperty(BLUE_ORDER, order);
        } else {
            exchange.setProperty(BLUE_TOTALS, new BigDecimal[]{blue.totalAmount(), blue.totalTax()});
        }
        return false;
    }

    /** fpcx by number over the invoice's year (数电 numbers begin with the year), else over the last year. */
    public String findBlueBody(Exchange exchange) {
        Order red = exchange.getProperty(RED_ORDER, Order.class);
        String no = red.originalInvoiceNo();
        LocalDate today = LocalDate.now(clock.withZone(CHINA));
        LocalDate from = today.minusYears(1).plusDays(1);
        LocalDate to = today;
        if (no.length() == 20 && no.chars().allMatch(Character::isDigit)) {
            int year = 2000 + Integer.parseInt(no.substring(0, 2));
            if (year <= today.getYear()) {
                from = LocalDate.of(year, 1, 1);
                to = year == today.getYear() ? today : LocalDate.of(year, 12, 31);
            }
        }
        return QixiangyunMapping.fpcxByNumber(red.sellerTaxId(), no, from, to, accountId(exchange));
    }

    public void foundBlue(String reply, Exchange exchange) {
        Order red = exchange.getProperty(RED_ORDER, Order.class);
        for (QixiangyunReplies.InvoiceRow row : QixiangyunReplies.invoices(QixiangyunReply.parse(reply)).rows()) {
            if (row.invoiceNo().equals(red.originalInvoiceNo()) && !row.red() && row.issuedAt().length() == 19) {
                exchange.setProperty(BLUE_AT, row.issuedAt());
                exchange.setProperty(BLUE_TOTALS, new BigDecimal[]{row.amount(), row.tax()});
                return;
            }
        }
    }

    /**
     * The red-letter form for a red order ({@code qxyNext} SAVE), or its outcome when none can be filed
     * ({@code qxyNext} DONE): the blue invoice is unknown, or a partial red names lines of a blue invoice this bundle
     * did not issue. Partial: the red order's amounts are less than the blue invoice's (docs/vendors/qixiangyun.md).
     */
    public Object redFormBody(Exchange exchange) {
        Order red = exchange.getProperty(RED_ORDER, Order.class);
        String blueAt = exchange.getProperty(BLUE_AT, String.class);
        exchange.setProperty(NEXT, "DONE");
        if (blueAt == null) {
            return Outcome.rejected("原蓝字发票" + red.originalInvoiceNo() + "在企享云查不到（须为本销方开具的数电发票），未开票 / "
                    + "the blue invoice " + red.originalInvoiceNo() + " is not found at qixiangyun (it must be a digital "
                    + "invoice this seller issued); nothing issued");
        }
        Order blue = exchange.getProperty(BLUE_ORDER, Order.class);
        if (blue == null) {
            BigDecimal[] totals = exchange.getProperty(BLUE_TOTALS, BigDecimal[].class);
            boolean full = totals != null && totals[0] != null && totals[1] != null
                    && red.totalAmount().negate().compareTo(totals[0]) == 0
                    && red.totalTax().negate().compareTo(totals[1]) == 0;
            if (!full) {
                return Outcome.rejected("部分红冲须知道原蓝字发票的明细，而该蓝票不是本系统开具的；请全额红冲或在税局办理 / a partial red "
                        + "needs the blue invoice's lines, and this bundle did not issue that invoice: red it in full, or at "
                        + "the tax bureau");
            }
        } else {
            var problem = QixiangyunMapping.redProblem(red, blue);
            if (problem.isPresent()) {
                return Outcome.rejected(problem.get()[0] + " / " + problem.get()[1]);
            }
        }
        exchange.setProperty(NEXT, "SAVE");
        return QixiangyunMapping.hzqrxxSave(red, blue, blueAt, accountId(exchange));
    }

    /** What hzqrxxSave answered: the red invoice, a form waiting, a form to issue from, or a refusal. */
    public Outcome redFormOutcome(String reply, Exchange exchange) {
        Order red = exchange.getProperty(RED_ORDER, Order.class);
        QixiangyunReply r;
        try {
            r = QixiangyunReply.parse(reply);
        } catch (QixiangyunException e) {
            exchange.setProperty(NEXT, "DONE");
            return Outcome.pending("企享云的回答无法读取，稍后查询红字确认单 / qixiangyun's answer could not be read; the "
                    + "red-letter form is asked about later");
        }
        IssueStep step = QixiangyunReplies.redFormStep(r);
        if (step.redForm() != null && !step.redForm().hzuuid().isEmpty()) {
            remember(step.redForm(), r.data(), red.sellerTaxId(), red.orderNo(), false);
        }
        return formOutcome(step, exchange);
    }

    private Outcome formOutcome(IssueStep step, Exchange exchange) {
        RedForm form = step.redForm();
        String ref = form == null ? "" : form.hzuuid();
        if (!ref.isEmpty()) {
            exchange.setProperty(FORM, ref);
        }
        Outcome o = outcome(step, exchange, ref);
        if (step.next() == Next.WAIT_FOR_RED_FORM) {
            return o.withVendorRef(ref).askingAfter(redFormCheck);
        }
        if (step.next() == Next.ISSUE_RED || step.next() == Next.FIND_RED_FORM) {
            return o.withVendorRef(ref);
        }
        if (o.status() == OrderStatus.PENDING && o.next() == NextStep.POLL) {
            // the form's answer is unknown: asked about later (its id, or hzqrxxSave again with the same ly_ddbh)
            return o.withVendorRef(ref);
        }
        return o;
    }

    /** hzqrxxList by the blue invoice over the last three months: the form already in progress for it. */
    public String findRedFormBody(Exchange exchange) {
        Order red = exchange.getProperty(RED_ORDER, Order.class);
        LocalDate today = LocalDate.now(clock.withZone(CHINA));
        return QixiangyunMapping.hzqrxxList(red.sellerTaxId(), today.minusMonths(FORM_LIST_MONTHS).plusDays(1), today,
                red.originalInvoiceNo(), "", 1, 50, accountId(exchange));
    }

    /** The form in progress for the blue invoice (FAQ 23, 28) becomes this order's form; none yet: asked again later. */
    public Outcome foundRedForm(String reply, Exchange exchange) {
        Order red = exchange.getProperty(RED_ORDER, Order.class);
        exchange.setProperty(NEXT, "DONE");
        QixiangyunReply r = QixiangyunReply.parse(reply);
        if (!r.ok()) {
            return Outcome.pending("红字确认单列表查询未成功（" + r.code() + "），稍后再查 / could not list the red-letter forms yet ("
                    + r.code() + "); asking again later");
        }
        JsonNode chosen = null;
        for (JsonNode row : r.at("list")) {
            RedForm f = QixiangyunReplies.redForm(row);
            boolean ours = f.blueInvoiceNo().isEmpty() || f.blueInvoiceNo().equals(red.originalInvoiceNo());
            if (ours && f.state() != RedFormState.VOID && f.state() != RedFormState.ISSUED
                    && (chosen == null || text(row, "lrrq").compareTo(text(chosen, "lrrq")) > 0)) {
                chosen = row;
            }
        }
        if (chosen == null) {
            return Outcome.pending("该蓝票的红字确认单正在处理中，稍后再查 / a red-letter form for this blue invoice is in "
                    + "progress; asking again later");
        }
        RedForm form = QixiangyunReplies.redForm(chosen);
        remember(form, chosen, red.sellerTaxId(), red.orderNo(), "1".equals(text(chosen, "lrfsf")));
        return formOutcome(stepOf(form), exchange);
    }

    private static IssueStep stepOf(RedForm form) {
        Next next = switch (form.state()) {
            case ISSUED, VOID -> Next.DONE;
            case CONFIRMED -> Next.ISSUE_RED;
            case WAITING_FOR_BUYER, WAITING_FOR_SELLER -> Next.WAIT_FOR_RED_FORM;
        };
        return new IssueStep(form.outcome(), next, "", form, Duration.ZERO);
    }

    public String redIssueBody(Exchange exchange) {
        Order red = exchange.getProperty(RED_ORDER, Order.class);
        String seller = red != null ? red.sellerTaxId() : exchange.getProperty(ROW, LedgerOrder.class).sellerTaxId();
        String orderNo = red != null ? red.orderNo() : exchange.getProperty(ROW, LedgerOrder.class).orderNo();
        return QixiangyunMapping.hzFpkj(seller, exchange.getProperty(FORM, String.class), orderNo, accountId(exchange));
    }

    /**
     * What hzFpkj answered. The form stands whatever happened: an answer that is not the red invoice leaves the order
     * pending with the form's id, asked about with hzqrxxDetail (which also says when the form is void).
     */
    public Outcome redIssueOutcome(String reply, Exchange exchange) {
        String form = exchange.getProperty(FORM, String.class);
        exchange.setProperty(NEXT, "DONE");
        QixiangyunReply r;
        try {
            r = QixiangyunReply.parse(reply);
        } catch (QixiangyunException e) {
            return Outcome.pending("企享云的回答无法读取，稍后查询红字确认单 / qixiangyun's answer could not be read; the "
                    + "red-letter form is asked about later").withVendorRef(form);
        }
        Outcome o = outcome(QixiangyunReplies.issue(r), exchange, form);
        exchange.setProperty(NEXT, "DONE");
        if (o.status() == OrderStatus.ISSUED) {
            return o;
        }
        if (o.status() == OrderStatus.PENDING && o.next() == NextStep.LOGIN) {
            return o;
        }
        return Outcome.pending("红字发票尚未开具（企享云：" + r.code() + " " + r.message() + "），稍后查询红字确认单 / the red "
                + "invoice is not issued yet (qixiangyun: " + r.code() + " " + r.message() + "); the red-letter form is "
                + "asked about later").withVendorRef(form);
    }

    // --- red invoices: asking about the form

    /** The red order's form id is not known (hzqrxxSave's answer was lost): it is filed again with the same ly_ddbh. */
    public boolean formUnknown(LedgerOrder row, Exchange exchange) {
        exchange.setProperty(ROW, row);
        exchange.removeProperty(RED_ORDER);
        exchange.removeProperty(NEXT);
        exchange.setProperty(FORM, row.vendorRef());
        exchange.setProperty("qxyMayHaveForm", true);
        return row.vendorRef().isEmpty();
    }

    public Order storedRedOrder(Exchange exchange) {
        LedgerOrder row = exchange.getProperty(ROW, LedgerOrder.class);
        Order order = storedOrder.apply(row);
        if (order == null) {
            throw new IllegalStateException("the red order kept in the ledger cannot be read back");
        }
        return order;
    }

    public String redDetailBody(Exchange exchange) {
        LedgerOrder row = exchange.getProperty(ROW, LedgerOrder.class);
        return QixiangyunMapping.hzqrxxDetail(row.sellerTaxId(), row.vendorRef(), accountId(exchange));
    }

    public Outcome redDetailOutcome(String reply, Exchange exchange) {
        LedgerOrder row = exchange.getProperty(ROW, LedgerOrder.class);
        exchange.setProperty(NEXT, "DONE");
        QixiangyunReply r;
        try {
            r = QixiangyunReply.parse(reply);
        } catch (QixiangyunException e) {
            return stillAsking(row, "the answer could not be read");
        }
        if (!r.ok()) {
            IssueStep step = QixiangyunReplies.redFormStep(r);
            if (step.next() == Next.LOG_IN_AGAIN) {
                return Outcome.pending(step.outcome().message(), NextStep.LOGIN).withVendorRef(row.vendorRef());
            }
            return stillAsking(row, r.code() + " " + r.message());
        }
        IssueStep step = QixiangyunReplies.redFormStep(r);
        Order red = storedOrder.apply(row);
        if (red != null) {
            exchange.setProperty(RED_ORDER, red);
        }
        remember(step.redForm(), r.data(), row.sellerTaxId(), row.orderNo(), "1".equals(r.text("lrfsf")));
        return formOutcome(step, exchange);
    }

    // --- trouble

    /**
     * A call broke (no connection, no answer, the account's token refused). What it means depends on the call: an
     * order nothing was sent for yet fails (safe to drop again) or is sent later; one the vendor may have is asked
     * about, never sent blindly; one with a red-letter form keeps waiting on its form.
     */
    public Outcome trouble(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String stage = exchange.getProperty("qxyStage", "", String.class);
        String form = exchange.getProperty(FORM, "", String.class);
        exchange.setProperty(NEXT, "DONE");
        boolean unreachable = unreachable(e);
        boolean refusedLogin = !unreachable && e instanceof VendorLoginException;
        boolean nothingReached = refusedLogin || unreachable;
        String what = what(e);
        if (!form.isEmpty() || exchange.getProperty("qxyMayHaveForm", false, Boolean.class)) {
            return Outcome.pending("查询红字确认单暂未成功（" + what + "），稍后再查 / could not reach qixiangyun about the red-letter "
                    + "form yet (" + what + "); asking again later").withVendorRef(form);
        }
        if (refusedLogin && e instanceof QixiangyunTokenRefused t && QixiangyunReplies.backOff(t.code())) {
            return Outcome.pending("企享云限制登录频率，稍后重新发送 / qixiangyun throttles logins; the order is sent again later",
                    NextStep.RESEND);
        }
        if (refusedLogin) {
            health.down(HEALTH, "企享云应用登录失败 / the qixiangyun app login failed");
            return Outcome.failed("企享云应用登录失败（请检查AppKey/AppSecret），未开票，可重新投递 / the qixiangyun app login "
                    + "failed (check the AppKey and AppSecret); nothing issued, safe to drop again: " + e.getMessage());
        }
        if (nothingReached || stage.equals("find-blue")) {
            if (nothingReached) {
                health.down(HEALTH, "无法连接企享云 / qixiangyun cannot be reached (" + what + ")");
            }
            return Outcome.failed("无法连接企享云（" + what + "，已重试），未开票，可重新投递 / could not reach qixiangyun after "
                    + "retries (" + what + "); nothing issued, safe to drop again");
        }
        if (stage.equals("save") || stage.equals("find-form")) {
            return Outcome.pending("企享云未答复红字确认单申请（" + what + "），稍后以同一单据号查询 / qixiangyun gave no answer to the "
                    + "red-letter form (" + what + "); asked again later with the same order number");
        }
        return Outcome.pending("企享云未答复（" + what + "），正在按单据号查询结果 / qixiangyun gave no answer (" + what + "); "
                + "asking asynResult by order number, never sending it again blindly");
    }

    private static boolean unreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof NoRouteToHostException || t instanceof UnknownHostException
                    || t instanceof org.apache.hc.client5.http.ConnectTimeoutException
                    || t instanceof org.apache.hc.core5.http.ConnectionRequestTimeoutException) {
                return true;
            }
            if (t instanceof HttpOperationFailedException h && (h.getStatusCode() == 429 || h.getStatusCode() == 503)) {
                return true;
            }
        }
        return false;
    }

    private static String what(Throwable e) {
        if (e instanceof HttpOperationFailedException h) {
            return "HTTP " + h.getStatusCode();
        }
        if (e instanceof QixiangyunTokenRefused t) {
            return "login " + (t.code().isEmpty() ? "refused" : t.code());
        }
        return e == null ? "unknown" : e.getClass().getSimpleName().replace("Exception", "");
    }

    // --- files

    /** The link the invoice was issued with, when it is one (else "": bswjxzBatch is asked). */
    public String fileLink(LedgerOrder row, Exchange exchange) {
        exchange.removeProperty(PDF);
        String url = row.pdfUrl();
        return url.startsWith("http://") || url.startsWith("https://") ? url : "";
    }

    /** Keeps what a link served when it is a PDF; an error page or an expired link's text is not one. */
    public void keepPdf(byte[] body, Exchange exchange) {
        if (body != null && body.length > 5 && new String(body, 0, 5, StandardCharsets.ISO_8859_1).equals("%PDF-")) {
            exchange.setProperty(PDF, body);
        }
    }

    public String filesBody(Exchange exchange) {
        LedgerOrder row = exchange.getProperty(ROW, LedgerOrder.class);
        if (row.issuedAt().length() != 19) {
            throw new IllegalStateException("the invoice's exact issue time is not known: bswjxzBatch needs it");
        }
        return QixiangyunMapping.bswjxzBatch(row.sellerTaxId(), row.invoiceNo(), row.issuedAt(), "PDF", true,
                accountId(exchange));
    }

    /** The PDF's link (or content) from bswjxzBatch; throws when there is none yet (asked again later). */
    public String batchFile(String reply, Exchange exchange) {
        for (QixiangyunReplies.InvoiceFile f : QixiangyunReplies.files(QixiangyunReply.parse(reply))) {
            if (f.format().equalsIgnoreCase("PDF")) {
                if (f.content() != null) {
                    keepPdf(f.content(), exchange);
                    return "";
                }
                if (!f.url().isEmpty()) {
                    return f.url();
                }
            }
        }
        throw new IllegalStateException("bswjxzBatch gave no PDF yet");
    }

    public byte[] pdf(Exchange exchange) {
        byte[] pdf = exchange.getProperty(PDF, byte[].class);
        if (pdf == null) {
            throw new IllegalStateException("qixiangyun served no PDF");
        }
        return pdf;
    }

    // --- lists (reconciliation)

    /** Whether another page is to be read (before the first: yes). */
    public boolean morePages(Exchange exchange) {
        return exchange.getProperty(MORE, true, Boolean.class);
    }

    public String listPageBody(Exchange exchange) {
        int page = exchange.getProperty(PAGE, 0, Integer.class) + 1;
        exchange.setProperty(PAGE, page);
        Seller seller = exchange.getProperty(SELLER, Seller.class);
        LocalDate day = exchange.getProperty("qxyDay", LocalDate.class);
        return QixiangyunMapping.fpcx(seller.taxId(), day, page, 100, accountId(exchange));
    }

    public void keepListPage(String reply, Exchange exchange) {
        QixiangyunReplies.Page<QixiangyunReplies.InvoiceRow> page = QixiangyunReplies.invoices(QixiangyunReply.parse(reply));
        List<ListedInvoice> found = found(exchange);
        for (QixiangyunReplies.InvoiceRow row : page.rows()) {
            found.add(new ListedInvoice(row.invoiceNo(), row.issuedAt(), "", row.red(), row.blueInvoiceNo(),
                    row.amount(), row.tax(), switch (row.status()) {
                        case "02" -> ListedInvoice.State.VOIDED;
                        case "03" -> ListedInvoice.State.RED_FLUSHED;
                        case "04" -> ListedInvoice.State.PARTLY_RED_FLUSHED;
                        default -> ListedInvoice.State.NORMAL;
                    }));
        }
        exchange.setProperty(MORE, !page.rows().isEmpty() && page.hasMore());
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> found(Exchange exchange) {
        List<T> found = exchange.getProperty(FOUND, List.class);
        if (found == null) {
            found = new ArrayList<>();
            exchange.setProperty(FOUND, found);
        }
        return found;
    }

    public List<ListedInvoice> listed(Exchange exchange) {
        return List.copyOf(QixiangyunCalls.<ListedInvoice>found(exchange));
    }

    // --- red-letter forms the buyer filed

    public String formsPageBody(Exchange exchange) {
        int page = exchange.getProperty(PAGE, 0, Integer.class) + 1;
        exchange.setProperty(PAGE, page);
        Seller seller = exchange.getProperty(SELLER, Seller.class);
        LocalDate today = LocalDate.now(clock.withZone(CHINA));
        return QixiangyunMapping.hzqrxxList(seller.taxId(), today.minusDays(WAITING_FORM_DAYS), today, "", "03", page, 50,
                accountId(exchange));
    }

    public void keepFormsPage(String reply, Exchange exchange) {
        QixiangyunReply r = QixiangyunReply.parse(reply);
        QixiangyunReplies.Page<RedForm> page = QixiangyunReplies.redForms(r);
        Seller seller = exchange.getProperty(SELLER, Seller.class);
        List<RedLetterForm> found = found(exchange);
        int i = 0;
        for (JsonNode row : r.at("list")) {
            RedForm f = page.rows().get(i++);
            if (f.state() == RedFormState.WAITING_FOR_SELLER) {
                found.add(remember(f, row, seller.taxId(), "", true));
            }
        }
        exchange.setProperty(MORE, !page.rows().isEmpty() && page.hasMore());
    }

    public List<RedLetterForm> waitingForms(Exchange exchange) {
        return List.copyOf(QixiangyunCalls.<RedLetterForm>found(exchange));
    }

    public String answerBody(Exchange exchange) {
        Seller seller = exchange.getProperty(SELLER, Seller.class);
        return QixiangyunMapping.hzqrxxConfirm(seller.taxId(), exchange.getProperty(FORM, String.class),
                exchange.getProperty("qxyAccept", Boolean.class), accountId(exchange));
    }

    /** hzqrxxConfirm took the answer ({@code data.code "Y"}); anything else is refused with the vendor's words. */
    public void answerTaken(String reply, Exchange exchange) {
        QixiangyunReply r = QixiangyunReply.parse(reply);
        if (!QixiangyunReplies.confirmed(r)) {
            String why = r.ok() ? "企享云未受理（code " + r.text("code") + "）" : "企享云（" + r.code() + "）：" + r.message();
            throw new IllegalArgumentException(why + " / qixiangyun did not take the answer ("
                    + (r.ok() ? "code " + r.text("code") : r.code() + ": " + r.message()) + ")");
        }
        forms.answered("qixiangyun", exchange.getProperty(FORM, String.class),
                exchange.getProperty("qxyAccept", Boolean.class));
    }

    public String answeredDetailBody(Exchange exchange) {
        Seller seller = exchange.getProperty(SELLER, Seller.class);
        return QixiangyunMapping.hzqrxxDetail(seller.taxId(), exchange.getProperty(FORM, String.class), accountId(exchange));
    }

    public RedLetterForm answeredForm(String reply, Exchange exchange) {
        Seller seller = exchange.getProperty(SELLER, Seller.class);
        QixiangyunReply r = QixiangyunReply.parse(reply);
        if (!r.ok()) {
            throw new IllegalStateException("hzqrxxDetail answered " + r.code());
        }
        return remember(QixiangyunReplies.redForm(r.data()), r.data(), seller.taxId(), "", "1".equals(r.text("lrfsf")));
    }

    /** Records a form in the ledger and answers it in canonical words. */
    private RedLetterForm remember(RedForm f, JsonNode row, String sellerTaxId, String orderNo, boolean filedByBuyer) {
        RedLetterForm form = canonical(f, row, sellerTaxId, filedByBuyer);
        forms.record(form, orderNo);
        return form;
    }

    static RedLetterForm canonical(RedForm f, JsonNode row, String sellerTaxId, boolean filedByBuyer) {
        RedLetterForm.State state = switch (f.state()) {
            case WAITING_FOR_BUYER -> RedLetterForm.State.WAITING_FOR_BUYER;
            case WAITING_FOR_SELLER -> RedLetterForm.State.WAITING_FOR_SELLER;
            case CONFIRMED -> RedLetterForm.State.CONFIRMED;
            case ISSUED -> RedLetterForm.State.ISSUED;
            case VOID -> RedLetterForm.State.VOID;
        };
        return new RedLetterForm("qixiangyun", f.hzuuid(), f.formNo(), sellerTaxId, text(row, "gmfNsrsbh"),
                text(row, "gmfNsrmc"), f.blueInvoiceNo(), QixiangyunReply.money(row.path("hzHjje")),
                QixiangyunReply.money(row.path("hzHjse")), filedByBuyer, state,
                STATE_TEXT.getOrDefault(f.stateCode(), f.stateCode()), QixiangyunReplies.date(text(row, "lrrq")),
                f.redInvoiceNo());
    }

    private static final Map<String, String> STATE_TEXT = Map.ofEntries(
            Map.entry("01", "无需确认 / needs no confirmation"),
            Map.entry("02", "销方录入待购方确认 / filed by the seller, waiting for the buyer"),
            Map.entry("03", "购方录入待销方确认 / filed by the buyer, waiting for the seller"),
            Map.entry("04", "购销双方已确认 / confirmed by both sides"),
            Map.entry("05", "作废（销方录入购方否认） / void: refused by the buyer"),
            Map.entry("06", "作废（购方录入销方否认） / void: refused by the seller"),
            Map.entry("07", "作废（超72小时未确认） / void: not confirmed within 72 hours"),
            Map.entry("08", "作废（发起方撤销） / void: withdrawn by the filer"),
            Map.entry("09", "作废（确认后撤销） / void: withdrawn after confirmation"),
            Map.entry("10", "作废（异常凭证） / void: abnormal voucher"),
            Map.entry("11", "作废（纳税人状态异常阻断） / void: taxpayer status blocks it"),
            Map.entry("12", "作废（自然人拒收） / void: refused by the natural-person buyer"),
            Map.entry("13", "作废（已开具退税申请） / void: a tax refund was applied for"));

    // --- helpers

    private String accountId(Exchange exchange) {
        Seller seller = exchange.getProperty(SELLER, Seller.class);
        String id = seller == null ? "" : accountIds.apply(seller.taxId());
        return id == null ? "" : id;
    }

    private static String text(JsonNode n, String field) {
        return QixiangyunReply.text(n.path(field));
    }

}

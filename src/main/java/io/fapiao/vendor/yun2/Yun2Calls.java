package io.fapiao.vendor.yun2;

import io.fapiao.api.HealthBoard;
import io.fapiao.ledger.LedgerOrder;
import io.fapiao.order.NextStep;
import io.fapiao.order.Order;
import io.fapiao.order.OrderStatus;
import io.fapiao.order.Outcome;
import io.fapiao.vendor.VendorLoginException;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The Java side of {@code vendor-yun2.camel.yaml}: what each yun2 call sends and what its answer means. The route
 * holds the calls and their order; this holds the rules. The enterprise of a call ({@code yun2Spid}) is chosen per
 * seller by {@link Yun2Vendor}.
 */
public final class Yun2Calls {

    static final String SPID = "yun2Spid";
    static final String ROW = "yun2Row";
    static final String DOUBT = "yun2Doubt";
    static final String FOUND = "yun2Found";
    static final String RENEWALS = "yun2Renewals";
    static final String REPLY = "yun2Reply";
    static final String REPLY_BODY = "yun2ReplyBody";
    static final String HEALTH = "vendor yun2";
    /** After the repeated call, a token refused again is renewed this many more times, pausing between. */
    static final int TOKEN_RENEWALS = 3;
    private static final String[] FIND_STATES = {"1", "0", "2"};
    /** FPLIST rows per page when a day's invoices are listed. */
    static final int LIST_PAGE = 100;

    private final String baseUrl;
    private final URI base;
    private final String userName;
    private final String password;
    private final Yun2Token token;
    private final Duration timeout;
    private final long renewPauseMs;
    private final HealthBoard health;

    /**
     * @param timeout      the longest a yun2 call may take: an order not found is believed absent only once this has
     *                     passed since it was sent (an answer could still be on its way before)
     * @param renewPauseMs the first pause before renewing a token refused again (doubling)
     */
    public Yun2Calls(String baseUrl, String userName, String password, Yun2Token token, Duration timeout,
                     long renewPauseMs, HealthBoard health) {
        this.health = health;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.base = URI.create(this.baseUrl.isEmpty() ? "http://unset" : this.baseUrl);
        this.userName = userName;
        this.password = password;
        this.token = token;
        this.timeout = timeout;
        this.renewPauseMs = renewPauseMs;
    }

    /** The call's API path ({@code yun2Path}, e.g. {@code /API/KPGL/FPKJ}) under the base URL, with or without its slash. */
    public String apiUrl(Exchange exchange) {
        return baseUrl + exchange.getProperty("yun2Path", String.class);
    }

    public String loginForm() {
        return Yun2Mapping.tokenForm(userName, password);
    }

    /** The token from a GetToken answer, brackets kept. */
    public String loginToken(String body) {
        Yun2Reply reply = Yun2Reply.parse(body);
        String id = reply.text("ID");
        if (!reply.ok() || id.isEmpty()) {
            throw new VendorLoginException("yun2 GetToken refused: " + reply.message());
        }
        return id;
    }

    public String currentToken() {
        return token.current();
    }

    /** The token in hand was refused: the one another call or instance fetched meanwhile, or a new one. */
    public String renewToken(Exchange exchange) {
        exchange.setProperty(RENEWALS, renewals(exchange) + 1);
        return token.renew(exchange.getProperty("yun2Token", String.class));
    }

    private static int renewals(Exchange exchange) {
        return exchange.getProperty(RENEWALS, 0, Integer.class);
    }

    public boolean tokenRejected(String body, Exchange exchange) {
        return reply(body, exchange).tokenRejected();
    }

    /**
     * The answer read once per call: the route asks of one answer whether the token was refused, whether to renew,
     * and what it means; each asks the same parsed answer.
     */
    private static Yun2Reply reply(String body, Exchange exchange) {
        if (exchange.getProperty(REPLY_BODY) == body && body != null) {
            return exchange.getProperty(REPLY, Yun2Reply.class);
        }
        Yun2Reply reply = Yun2Reply.parse(body);
        exchange.setProperty(REPLY_BODY, body);
        exchange.setProperty(REPLY, reply);
        return reply;
    }

    /**
     * The token was refused: renew it and repeat the call at once. Refused again (another system logged in with the
     * same account in between): renew again, pausing longer each time, a few more times.
     */
    public boolean renewAgain(String body, Exchange exchange) {
        return tokenRejected(body, exchange) && renewals(exchange) <= TOKEN_RENEWALS;
    }

    public long renewPause(Exchange exchange) {
        int done = renewals(exchange);
        return done == 0 ? 0 : renewPauseMs << Math.min(done - 1, 10);
    }

    /** After every renewal the token is still refused: nothing was done with the request. */
    public void tokenKeptRefused() {
        throw new Yun2TokenRefusedException();
    }

    /**
     * A PDF link on yun2's host answered JSON with a token Code instead of the PDF: renew the token and download once
     * more. A link elsewhere got no token, so it cannot have refused one.
     */
    public boolean pdfTokenRejected(byte[] body, Exchange exchange) {
        String sent = exchange.getProperty("yun2Token", String.class);
        return sent != null && !sent.isEmpty() && body != null && body.length > 0 && body[0] == '{'
                && Yun2Reply.parse(new String(body, StandardCharsets.UTF_8)).tokenRejected();
    }

    public String issueForm(Order order, Exchange exchange) {
        return Yun2Mapping.fpkjForm(spid(exchange), List.of(order));
    }

    public Outcome issueOutcome(String body, Exchange exchange) {
        health.up(HEALTH);
        Order order = exchange.getProperty("yun2Order", Order.class);
        return Yun2Outcomes.fpkj(reply(body, exchange), List.of(order.orderNo())).get(order.orderNo());
    }

    public String pollForm(LedgerOrder o, Exchange exchange) {
        return Yun2Mapping.kpjgForm(spid(exchange), Yun2Mapping.fpzl(o.invoiceType()), o.orderNo());
    }

    /**
     * What a KPJG answer means. An answer that says nothing certain (Result 0 without a state, a page that is not
     * JSON) is not a failure: the order may still exist at yun2, so {@code yun2Doubt} is set and FPLIST is asked.
     */
    public Outcome pollOutcome(String body, Exchange exchange) {
        Yun2Reply reply = Yun2Reply.parse(body);
        Outcome o = Yun2Outcomes.kpjg(reply);
        if (o.status() == OrderStatus.FAILED) {
            exchange.setProperty(DOUBT, true);
            LedgerOrder row = exchange.getProperty(ROW, LedgerOrder.class);
            return Outcome.pending("yun2查询未给出结果（" + shortText(reply.message()) + "），正在核对其发票列表 / KPJG gave no "
                    + "result (" + shortText(reply.message()) + "); checking yun2's invoice list", NextStep.POLL)
                    .withVendorRef(row == null ? "" : row.vendorRef());
        }
        return o;
    }

    public String findForm(Exchange exchange) {
        LedgerOrder o = exchange.getProperty(ROW, LedgerOrder.class);
        Integer i = exchange.getProperty(Exchange.LOOP_INDEX, Integer.class);
        return Yun2Mapping.fplistForm(spid(exchange), o.orderNo(), FIND_STATES[i == null ? 0 : i]);
    }

    /** Keeps what FPLIST listed for the order in one state. */
    public void noteFound(String body, Exchange exchange) {
        @SuppressWarnings("unchecked")
        List<Yun2Reply> found = exchange.getProperty(FOUND, List.class);
        if (found == null) {
            found = new ArrayList<>();
            exchange.setProperty(FOUND, found);
        }
        Yun2Reply reply = Yun2Reply.parse(body);
        if (!reply.isJson() || !reply.ok() && reply.list("rows").isEmpty()) {
            exchange.setProperty("yun2FindUnsure", true);
        }
        found.addAll(reply.list("rows"));
    }

    /**
     * What FPLIST says of an order KPJG could not tell about: issued (with its number), still there (pending), or
     * absent — FAILED only when every list answered, none holds the order, and no answer can still be on its way.
     */
    public Outcome findOutcome(Exchange exchange) {
        LedgerOrder row = exchange.getProperty(ROW, LedgerOrder.class);
        @SuppressWarnings("unchecked")
        List<Yun2Reply> found = Objects.requireNonNullElse(exchange.getProperty(FOUND, List.class), List.of());
        Outcome doubt = exchange.getIn().getBody(Outcome.class);
        for (Yun2Reply r : found) {
            if (r.text("xtlsh").equals(row.orderNo()) && !r.text("fphm").isEmpty()) {
                return Outcome.issued(r.text("fpdm") + r.text("fphm"), Yun2Outcomes.date(r.text("kprq")), r.text("xym"),
                        r.text("url"), "开具成功 / issued");
            }
        }
        boolean listed = found.stream().anyMatch(r -> r.text("xtlsh").equals(row.orderNo()));
        boolean unsure = exchange.getProperty("yun2FindUnsure", false, Boolean.class);
        Instant sent = row.submittedAt() == null ? row.updatedAt() : row.submittedAt();
        if (listed || unsure || sent == null || Instant.now().isBefore(sent.plus(timeout).plus(timeout))) {
            return doubt != null ? doubt : Outcome.pending("正在向yun2查询 / asking yun2");
        }
        return Outcome.failed("yun2确认没有该单据（KPJG与FPLIST均查无此单），未开票，可重新投递 / yun2 confirms it has no such "
                + "order (neither KPJG nor FPLIST knows it); nothing issued, safe to drop again");
    }

    public String reviewForm(LedgerOrder o, Exchange exchange) {
        return Yun2Mapping.shkpForm(spid(exchange), Yun2Mapping.fpzl(o.invoiceType()), o.orderNo());
    }

    /**
     * What SHKP answered: sent back to issuing (polled from now on); still waiting for the seller's tax-bureau login
     * ("身份认证已超时"); or still waiting for review.
     */
    public Outcome reviewOutcome(String body) {
        Yun2Reply reply = Yun2Reply.parse(body);
        if (!reply.ok() && (reply.message().contains(Yun2Outcomes.AUTH_TIMEOUT)
                || reply.list("ErrList").stream().anyMatch(e -> e.text("ErrMsg").contains(Yun2Outcomes.AUTH_TIMEOUT)))) {
            return io.fapiao.login.LoginNeeded.resubmit();
        }
        return reply.ok()
                ? Outcome.pending("已重新提交开具，正在查询结果 / sent back to issuing (SHKP); polling for the result")
                : Outcome.pending("待审核，重新提交失败 / waiting for review; resubmitting failed: " + reply.message(),
                NextStep.REVIEW);
    }

    /** Whether FPLIST has another page of the day (before the first: yes). */
    public boolean morePages(Exchange exchange) {
        return exchange.getProperty("yun2More", true, Boolean.class);
    }

    public String listForm(Exchange exchange) {
        int page = exchange.getProperty("yun2Page", 0, Integer.class) + 1;
        exchange.setProperty("yun2Page", page);
        return Yun2Mapping.fplistDayForm(spid(exchange), exchange.getProperty("yun2Day", java.time.LocalDate.class), page,
                LIST_PAGE);
    }

    public void keepListPage(String body, Exchange exchange) {
        Yun2InvoiceList page = Yun2InvoiceList.page(Yun2Reply.parse(body));
        @SuppressWarnings("unchecked")
        List<io.fapiao.vendor.ListedInvoice> listed = exchange.getProperty("yun2Listed", List.class);
        if (listed == null) {
            listed = new ArrayList<>();
            exchange.setProperty("yun2Listed", listed);
        }
        listed.addAll(page.invoices());
        int pageNo = exchange.getProperty("yun2Page", 1, Integer.class);
        exchange.setProperty("yun2More", !page.invoices().isEmpty() && (long) pageNo * LIST_PAGE < page.total());
    }

    @SuppressWarnings("unchecked")
    public List<io.fapiao.vendor.ListedInvoice> listed(Exchange exchange) {
        List<io.fapiao.vendor.ListedInvoice> listed = exchange.getProperty("yun2Listed", List.class);
        return listed == null ? List.of() : List.copyOf(listed);
    }

    public String termListForm() {
        return "";
    }

    /** The PDF's address: yun2 gives it relative to its base URL ({@code /KPGL/PDFXZ?XYM=…}). */
    public String pdfUrl(String url) {
        if (url.startsWith("http://") || url.startsWith("https://")) {
            return url;
        }
        return baseUrl + (url.startsWith("/") ? url : "/" + url);
    }

    /**
     * The token for a PDF link: only a link on yun2's own host receives it. An absolute link elsewhere (a file
     * server, a CDN) is fetched without it: the account's credential never leaves the configured vendor host.
     */
    public String pdfToken(Exchange exchange) {
        String url = exchange.getProperty("yun2PdfUrl", String.class);
        return sameHost(url) ? token.current() : "";
    }

    boolean sameHost(String url) {
        try {
            URI u = URI.create(url);
            return Objects.equals(lower(u.getScheme()), lower(base.getScheme()))
                    && Objects.equals(lower(u.getHost()), lower(base.getHost())) && port(u) == port(base);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(java.util.Locale.ROOT);
    }

    private static int port(URI u) {
        return u.getPort() >= 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    /** The vendor answered 429 or 503: it did nothing with the request, which may be sent again after a pause. */
    public boolean vendorBusy(Exchange exchange) {
        int status = httpStatus(exchange);
        return status == 429 || status == 503;
    }

    /** The HTTP status of the failure being handled (in an error handler or a doCatch), or -1. */
    private static int httpStatus(Exchange exchange) {
        Throwable t = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        for (; t != null; t = t.getCause()) {
            if (t instanceof HttpOperationFailedException h) {
                return h.getStatusCode();
            }
        }
        return -1;
    }

    /** Nothing reached the vendor (no connection, or it answered busy every time): nothing issued. */
    public Outcome unreachable(Exchange exchange) {
        health.down(HEALTH, "无法连接yun2 / yun2 cannot be reached (" + what(exchange) + ")");
        return Outcome.failed("无法连接yun2（已重试），未开票，可重新投递 / could not reach yun2 after retries ("
                + what(exchange) + "); nothing issued, safe to drop again");
    }

    public Outcome loginFailed(Exchange exchange) {
        health.down(HEALTH, "yun2账号登录失败 / the yun2 account login failed");
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        return Outcome.failed("yun2账号登录失败，未开票，可重新投递 / the yun2 account login failed; nothing issued, safe to "
                + "drop again: " + (e == null ? "" : e.getMessage()));
    }

    /** Every renewed token was ended again before the call got through: nothing reached yun2, send it later. */
    public Outcome tokenTrouble() {
        return Outcome.pending("yun2令牌反复失效（可能有其他系统用同一账号登录），稍后重新发送 / yun2 keeps ending the token (another "
                + "system may be logging in with the same account); the order is sent again later", NextStep.RESEND);
    }

    /** The request may have reached yun2 but no answer came back: it may be issued, so ask with KPJG, never resend. */
    public Outcome uncertain(Exchange exchange) {
        return Outcome.pending("yun2未答复（" + what(exchange) + "），正在用KPJG查询结果 / yun2 gave no answer; asking KPJG "
                + "for the outcome");
    }

    /** A poll that could not be made or understood: the order stays pending, with the reason. */
    public Outcome pollTrouble(Exchange exchange) {
        LedgerOrder row = exchange.getProperty(ROW, LedgerOrder.class);
        return new Outcome(OrderStatus.PENDING, "", "", "", "", "查询yun2暂未成功（" + what(exchange) + "），稍后再查 / could not "
                + "ask yun2 yet (" + what(exchange) + "); asking again later", NextStep.POLL,
                row == null ? "" : row.vendorRef());
    }

    private static String what(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (e instanceof HttpOperationFailedException h) {
            return "HTTP " + h.getStatusCode();
        }
        if (e instanceof VendorLoginException) {
            return "GetToken";
        }
        if (e instanceof Yun2TokenRefusedException) {
            return "token";
        }
        return e == null ? "" : e.getClass().getSimpleName().replace("Exception", "");
    }

    private static String spid(Exchange exchange) {
        return exchange.getProperty(SPID, String.class);
    }

    private static String shortText(String s) {
        String t = s == null ? "" : s.strip();
        return t.length() > 80 ? t.substring(0, 79) + "…" : t;
    }
}

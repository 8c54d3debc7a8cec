package io.fapiao.vendor.yun2;

import io.fapiao.ledger.LedgerOrder;
import io.fapiao.order.Order;
import io.fapiao.order.Outcome;
import io.fapiao.vendor.VendorLoginException;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;

import java.util.List;

/**
 * The Java side of {@code vendor-yun2.camel.yaml}: what each yun2 call sends and what its answer means. The route
 * holds the calls and their order; this holds the rules.
 */
public final class Yun2Calls {

    private final String baseUrl;
    private final String userName;
    private final String password;
    private final String spid;
    private final Yun2Token token;

    public Yun2Calls(String baseUrl, String userName, String password, String spid, Yun2Token token) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.userName = userName;
        this.password = password;
        this.spid = spid;
        this.token = token;
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

    /** The token in hand was refused: a new one, unless a parallel call already fetched it. */
    public String renewToken(Exchange exchange) {
        return token.renew(exchange.getProperty("yun2Token", String.class));
    }

    public boolean tokenRejected(String body) {
        return Yun2Reply.parse(body).tokenRejected();
    }

    /** A PDF link answered JSON with a token Code instead of the PDF: renew the token and download once more. */
    public boolean pdfTokenRejected(byte[] body) {
        return body != null && body.length > 0 && body[0] == '{'
                && Yun2Reply.parse(new String(body, java.nio.charset.StandardCharsets.UTF_8)).tokenRejected();
    }

    public String issueForm(Order order) {
        return Yun2Mapping.fpkjForm(spid, List.of(order));
    }

    public Outcome issueOutcome(String body, Exchange exchange) {
        Order order = exchange.getProperty("yun2Order", Order.class);
        return Yun2Outcomes.fpkj(Yun2Reply.parse(body), List.of(order.orderNo())).get(order.orderNo());
    }

    public String pollForm(LedgerOrder o) {
        return Yun2Mapping.kpjgForm(spid, o.invoiceType(), o.orderNo());
    }

    public Outcome pollOutcome(String body) {
        return Yun2Outcomes.kpjg(Yun2Reply.parse(body));
    }

    public String reviewForm(LedgerOrder o) {
        return Yun2Mapping.shkpForm(spid, o.invoiceType(), o.orderNo());
    }

    public Outcome reviewOutcome(String body) {
        Yun2Reply reply = Yun2Reply.parse(body);
        return reply.ok()
                ? Outcome.pending("已重新提交审核开具，正在查询结果 / sent back to issuing (SHKP); polling for the result")
                : Outcome.pending("待审核，重新提交失败 / waiting for review; resubmitting failed: " + reply.message());
    }

    /** The PDF's address: yun2 gives it relative to its base URL ({@code /KPGL/PDFXZ?XYM=…}). */
    public String pdfUrl(String url) {
        if (url.startsWith("http://") || url.startsWith("https://")) {
            return url;
        }
        return baseUrl + (url.startsWith("/") ? url : "/" + url);
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
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        return Outcome.failed("无法连接yun2（已重试），未开票，可重新投递 / could not reach yun2 after retries ("
                + (e == null ? "" : e.getClass().getSimpleName()) + "); nothing issued, safe to drop again");
    }

    public Outcome loginFailed(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        return Outcome.failed("yun2账号登录失败，未开票，可重新投递 / the yun2 account login failed; nothing issued, safe to "
                + "drop again: " + (e == null ? "" : e.getMessage()));
    }

    /** The request may have reached yun2 but no answer came back: it may be issued, so ask with KPJG, never resend. */
    public Outcome uncertain(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        return Outcome.pending("yun2未答复（" + (e == null ? "" : e.getClass().getSimpleName())
                + "），正在用KPJG查询结果 / yun2 gave no answer; asking KPJG for the outcome");
    }
}

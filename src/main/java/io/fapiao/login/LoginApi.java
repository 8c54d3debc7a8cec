package io.fapiao.login;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fapiao.api.ApiException;
import io.fapiao.ledger.LoginSession;
import io.fapiao.order.OrderJsonReader;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The steps of {@code api-login.camel.yaml}: the contract's tax-bureau login API over {@link Logins}.
 * {@code POST /api/login/{vendor}/{taxId}} {@code {"method":"sms"|"qr", …}} and {@code POST …/sms}
 * {@code {"code":…}} answer {@code {"state","message"}}; {@code GET …/{taxId}} the state and when it was last
 * confirmed; {@code GET …/qr.png} the QR code. The request body is read here and nowhere kept or logged.
 */
public final class LoginApi {

    /** A login request is a few fields; anything bigger is not one. */
    private static final int MAX_BODY = 16 * 1024;

    private final Supplier<Logins> logins;

    public LoginApi(Supplier<Logins> logins) {
        this.logins = logins;
    }

    /**
     * The API's bodies are JSON whatever the request says: {@code curl -d '{"code":"…"}'} sends it as a form, and the
     * HTTP server would read the JSON text as a form field's name — a header named after the SMS code, which it then
     * refuses and logs. So a form content type on these paths is read as JSON, before anything parses the body.
     */
    public static void mount(Router router, String... paths) {
        for (String path : paths) {
            router.route(path).order(-999).handler(LoginApi::jsonBody);
        }
    }

    private static void jsonBody(RoutingContext ctx) {
        String type = ctx.request().getHeader("Content-Type");
        if (type != null && (type.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded")
                || type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/form-data"))) {
            ctx.request().headers().set("Content-Type", "application/json");
        }
        ctx.next();
    }

    public String start(Exchange exchange) {
        Map<String, String> fields = fields(exchange);
        Logins.Answer a = logins.get().start(path(exchange, "vendor"), path(exchange, "taxId"), fields);
        return answer(exchange, a);
    }

    public String sms(Exchange exchange) {
        Map<String, String> fields = fields(exchange);
        if (!fields.containsKey("code")) {
            throw new ApiException(400, "缺少验证码：{\"code\":\"123456\"} / the SMS code is missing: {\"code\":\"123456\"}");
        }
        Logins.Answer a = logins.get().submitSms(path(exchange, "vendor"), path(exchange, "taxId"), fields.get("code"));
        return answer(exchange, a);
    }

    public String state(Exchange exchange) {
        String vendor = path(exchange, "vendor");
        String taxId = path(exchange, "taxId");
        Logins l = logins.get();
        LoginSession s = l.session(vendor, taxId).orElse(null);
        ObjectNode n = OrderJsonReader.MAPPER.createObjectNode();
        if (s == null) {
            n.put("state", LoginState.LOGGED_OUT.name());
            n.put("message", "尚无登录记录 / no login recorded yet");
            n.putNull("lastConfirmed");
        } else {
            n.put("state", s.state().name());
            n.put("message", s.message());
            n.put("lastConfirmed", s.confirmedAt() == null ? null : s.confirmedAt().toString());
            n.put("loggedOut", s.down());
            if (s.rateLimited(Instant.now())) {
                n.put("notBefore", s.notBefore().toString());
            }
            n.put("ordersWaiting", l.waiting(s.vendor(), s.sellerTaxId()));
        }
        reply(exchange, 200, "application/json;charset=UTF-8");
        return n.toString();
    }

    public byte[] qrPng(Exchange exchange) {
        byte[] png = logins.get().qrPng(path(exchange, "vendor"), path(exchange, "taxId"));
        reply(exchange, 200, "image/png");
        exchange.getMessage().setHeader("Cache-Control", "no-store");
        return png;
    }

    private static String answer(Exchange exchange, Logins.Answer a) {
        reply(exchange, a.status(), "application/json;charset=UTF-8");
        if (a.status() == 429 && a.retryAt() != null) {
            long seconds = Math.max(1, Duration.between(Instant.now(), a.retryAt()).toSeconds() + 1);
            exchange.getMessage().setHeader("Retry-After", Long.toString(seconds));
        }
        return OrderJsonReader.MAPPER.createObjectNode().put("state", a.state().name()).put("message", a.message())
                .toString();
    }

    /** Only the answer's own headers go back: never what the request carried (its bearer token, say). */
    private static void reply(Exchange exchange, int status, String contentType) {
        Message m = exchange.getMessage();
        m.removeHeaders("*");
        m.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        m.setHeader(Exchange.CONTENT_TYPE, contentType);
    }

    private static String path(Exchange exchange, String name) {
        String v = exchange.getMessage().getHeader(name, String.class);
        return v == null ? "" : v;
    }

    /** The request's JSON object, its values as text; a body that is not one is refused. */
    private static Map<String, String> fields(Exchange exchange) {
        byte[] body = exchange.getMessage().getBody(byte[].class);
        if (body == null || body.length == 0) {
            throw new ApiException(400, "请求体须为JSON对象，例如 {\"method\":\"sms\"} / the body must be a JSON object, e.g. "
                    + "{\"method\":\"sms\"}");
        }
        if (body.length > MAX_BODY) {
            throw new ApiException(413, "请求体过大 / the request body is too large");
        }
        JsonNode n;
        try {
            n = OrderJsonReader.MAPPER.readTree(body);
        } catch (Exception e) {
            n = null;
        }
        if (n == null || !n.isObject()) {
            throw new ApiException(400, "请求体须为JSON对象 / the body must be a JSON object");
        }
        Map<String, String> out = new LinkedHashMap<>();
        n.fields().forEachRemaining(e -> {
            JsonNode v = e.getValue();
            if (v.isValueNode() && !v.isNull()) {
                out.put(e.getKey(), v.isIntegralNumber() ? v.bigIntegerValue().toString() : v.asText());
            }
        });
        return out;
    }
}

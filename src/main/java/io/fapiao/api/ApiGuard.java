package io.fapiao.api;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Guards {@code /api/*} on the bundle's HTTP server: when {@code fapiao.api.token} is set every call must carry
 * {@code Authorization: Bearer <token>}, checked before any route sees the request. The token is compared in
 * constant time and never logged.
 */
public final class ApiGuard {

    private final byte[] token;

    /** @param token the expected bearer token, or null/empty when the API is open (loopback only) */
    public ApiGuard(String token) {
        this.token = token == null || token.isEmpty() ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    public void mount(Router router) {
        if (token != null) {
            router.route("/api/*").order(-1000).handler(this::check);
        }
    }

    private void check(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        String given = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).strip() : "";
        if (MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8))) {
            ctx.next();
            return;
        }
        ctx.response().setStatusCode(401).putHeader("Content-Type", "application/json;charset=UTF-8")
                .putHeader("WWW-Authenticate", "Bearer")
                .end("{\"error\":\"需要有效的访问令牌 / a valid bearer token is required (Authorization: Bearer …)\"}");
    }
}

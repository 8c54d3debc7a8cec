package io.fapiao.sandbox;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Serves the sandbox vendors on the bundle's own HTTP server under {@code /sandbox/<vendor>/…}. It sits on the
 * HTTP router directly, not in a Camel route, because a simulator must see a request exactly as sent (the raw form
 * body, the query string apart from it), as the vendor's server would.
 */
public final class SandboxHttp {

    public static final String PREFIX = "/sandbox/";

    private final Map<String, Function<SandboxRequest, SandboxResponse>> vendors;

    public SandboxHttp(Map<String, Function<SandboxRequest, SandboxResponse>> vendors) {
        this.vendors = Map.copyOf(vendors);
    }

    public void mount(Router router) {
        router.route(PREFIX + "*").handler(BodyHandler.create(false).setBodyLimit(20 * 1024 * 1024))
                .blockingHandler(this::handle, false);
    }

    private void handle(RoutingContext ctx) {
        String path = ctx.request().path();
        String rest = path.substring(PREFIX.length());
        String vendor = rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest;
        Function<SandboxRequest, SandboxResponse> handler = vendors.get(vendor);
        SandboxResponse response;
        if (handler == null) {
            response = SandboxResponse.text(404, "no sandbox vendor '" + vendor + "'");
        } else {
            Map<String, String> headers = new HashMap<>();
            MultiMap h = ctx.request().headers();
            h.names().forEach(n -> headers.put(n.toLowerCase(), h.get(n)));
            String query = ctx.request().query();
            String body = ctx.body() == null || ctx.body().buffer() == null ? ""
                    : ctx.body().buffer().toString(StandardCharsets.UTF_8);
            response = SandboxResponse.answer(handler, new SandboxRequest(ctx.request().method().name(),
                    rest.substring(vendor.length()), query == null ? "" : query, headers, body));
        }
        ctx.response().setStatusCode(response.status()).putHeader("Content-Type", response.contentType())
                .end(Buffer.buffer(response.body()));
    }
}

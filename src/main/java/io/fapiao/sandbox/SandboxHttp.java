package io.fapiao.sandbox;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

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
    private static final String BODY = "fapiao.sandbox.body";
    private static final int BODY_LIMIT = 20 * 1024 * 1024;

    private final Map<String, Function<SandboxRequest, SandboxResponse>> vendors;

    public SandboxHttp(Map<String, Function<SandboxRequest, SandboxResponse>> vendors) {
        this.vendors = Map.copyOf(vendors);
    }

    public void mount(Router router) {
        router.route(PREFIX + "*").handler(SandboxHttp::readBody).blockingHandler(this::handle, false);
    }

    /**
     * Collects the raw body. Not Vert.x's {@code BodyHandler}: it decodes a form post as it arrives and refuses a field
     * above the server's 8 KB form-attribute limit, which an invoice of some 30 lines passes; the vendors take more.
     */
    private static void readBody(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (request.isEnded()) {
            ctx.put(BODY, Buffer.buffer());
            ctx.next();
            return;
        }
        Buffer body = Buffer.buffer();
        request.exceptionHandler(ctx::fail);
        request.handler(chunk -> {
            if (body.length() + chunk.length() > BODY_LIMIT) {
                if (!ctx.failed()) {
                    ctx.fail(413);
                }
            } else {
                body.appendBuffer(chunk);
            }
        });
        request.endHandler(v -> {
            if (!ctx.failed()) {
                ctx.put(BODY, body);
                ctx.next();
            }
        });
        request.resume();
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
            Buffer raw = ctx.get(BODY);
            String body = raw == null ? "" : raw.toString(StandardCharsets.UTF_8);
            response = SandboxResponse.answer(handler, new SandboxRequest(ctx.request().method().name(),
                    rest.substring(vendor.length()), query == null ? "" : query, headers, body));
        }
        ctx.response().setStatusCode(response.status()).putHeader("Content-Type", response.contentType())
                .end(Buffer.buffer(response.body()));
    }
}

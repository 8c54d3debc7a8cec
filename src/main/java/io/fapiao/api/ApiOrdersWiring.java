package io.fapiao.api;

import io.fapiao.Bundle;
import io.fapiao.Feature;
import io.fapiao.config.Settings;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/**
 * The order endpoints of the REST API ({@code api-orders.camel.yaml}) and the API's OpenAPI document: the
 * {@code apiOrders} bean, its reply sink (channel kind {@code api}), and a body limit on {@code POST /api/orders}
 * ({@code fapiao.api.max-body-bytes}) enforced while the body arrives, before anything is held in memory.
 */
public final class ApiOrdersWiring implements Feature {

    /** The OpenAPI document, kept true to the REST definitions by a test. */
    static final String OPENAPI = "/api/openapi.json";

    @Override
    public void wire(Bundle bundle) throws Exception {
        Settings settings = bundle.settings();
        Duration wait = Duration.ofMillis(settings.getInt("fapiao.api.wait-ms", 5000));
        int limit = settings.getInt("fapiao.api.max-body-bytes", 1024 * 1024);
        ApiOrders orders = new ApiOrders(bundle.ledger(), bundle.drops(), bundle.sellers().defaultTaxId(),
                bundle.context().createProducerTemplate(), wait, document());
        bundle.bind("apiOrders", orders);
        bundle.sinks().register(ApiOrders.KIND, orders);
        bundle.onHttpRouter(router -> router.route(HttpMethod.POST, "/api/orders").order(-900)
                .handler(BodyHandler.create(false).setBodyLimit(limit))
                .failureHandler(ctx -> tooLarge(ctx, limit)));
    }

    private static void tooLarge(RoutingContext ctx, int limit) {
        if (ctx.statusCode() != 413) {
            ctx.next();
            return;
        }
        ctx.response().setStatusCode(413).putHeader("Content-Type", "application/json;charset=UTF-8")
                .end("{\"error\":\"请求体超过" + limit + "字节 / the request body is larger than " + limit + " bytes "
                        + "(fapiao.api.max-body-bytes)\"}");
    }

    private static byte[] document() throws IOException {
        try (InputStream in = ApiOrdersWiring.class.getResourceAsStream(OPENAPI)) {
            if (in == null) {
                throw new IllegalStateException("the OpenAPI document " + OPENAPI + " is missing from the jar");
            }
            return in.readAllBytes();
        }
    }
}

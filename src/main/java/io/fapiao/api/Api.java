package io.fapiao.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fapiao.ledger.LedgerDatabase;
import io.fapiao.order.OrderJsonReader;
import org.apache.camel.Exchange;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;

/**
 * The shared steps of the REST API ({@code api.camel.yaml}): health, and errors as JSON {@code {"error": …}} with a
 * 4xx status for bad input and 500 otherwise — never a stack trace.
 */
public final class Api {

    private final HealthBoard health;
    private final LedgerDatabase ledger;

    public Api(HealthBoard health, LedgerDatabase ledger) {
        this.health = health;
        this.ledger = ledger;
    }

    /** {@code GET /api/health}: up when every part is, with each part's state and reason; 503 when down. */
    public String health(Exchange exchange) {
        if (ledger.reachable()) {
            health.up("ledger");
        } else {
            health.down("ledger", "账本数据库无法连接 / the ledger database cannot be reached");
        }
        // Camel's own readiness checks too (an SFTP inbox that cannot log in, an upload that keeps failing)
        for (HealthCheck.Result r : HealthCheckHelper.invokeReadiness(exchange.getContext())) {
            String id = r.getCheck().getId();
            if (id.startsWith("consumer:") || id.startsWith("route:") || id.equals("context") || id.startsWith("producer:")) {
                continue; // Camel's own: "not yet polled" at start says nothing about invoices
            }
            String part = id;
            if (r.getState() == HealthCheck.State.DOWN) {
                health.down(part, r.getMessage().orElse("down"));
            } else {
                health.remove(part);
            }
        }
        ObjectNode n = OrderJsonReader.MAPPER.createObjectNode();
        boolean up = health.allUp();
        n.put("status", up ? "UP" : "DOWN");
        ObjectNode parts = n.putObject("parts");
        health.parts().forEach((name, part) -> {
            ObjectNode p = parts.putObject(name);
            p.put("status", part.up() ? "UP" : "DOWN");
            if (!part.up()) {
                p.put("reason", part.reason());
            }
            p.put("since", part.since().toString());
        });
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, up ? 200 : 503);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json;charset=UTF-8");
        return n.toString();
    }

    /** The caught failure as the API's JSON error: {@link ApiException} says its status, anything else is a 500. */
    public String error(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        int status = e instanceof ApiException a ? a.status() : 500;
        String message = e instanceof ApiException ? e.getMessage()
                : "内部错误，运维日志中有详情 / internal error; the operators' log has the details";
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json;charset=UTF-8");
        return OrderJsonReader.MAPPER.createObjectNode().put("error", message).toString();
    }
}

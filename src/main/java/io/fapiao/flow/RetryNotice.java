package io.fapiao.flow;

import io.fapiao.vendor.InvoiceVendor;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.Processor;
import org.apache.camel.Route;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.model.Model;
import org.apache.camel.model.OnExceptionDefinition;
import org.apache.camel.model.RedeliveryPolicyDefinition;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.apache.camel.processor.errorhandler.RedeliveryPolicy;
import org.apache.camel.reifier.errorhandler.ErrorHandlerReifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One line per retry of a vendor or broker call, instead of Camel's "Failed delivery for (MessageId: …)" warnings:
 * {@code Order X: yun2 busy (503), retry 1 of 3 in 0.5 s}. Bound as {@code retryNotice} and named by an
 * {@code onException}'s {@code onExceptionOccurredRef}: Camel runs it right after each failure, before the pause, with
 * the attempt counted ({@code CamelRedeliveryCounter} of {@code CamelRedeliveryMaxCounter}). What failed is that
 * {@code onException}'s {@code description}; the pause is the one its {@code redeliveryPolicy} computes, read from
 * the route model, so the YAML stays the only place the retry rules are written.
 */
public final class RetryNotice implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(RetryNotice.class);
    /** The order number of an outcome message (a header the messages feature sets). */
    private static final String MESSAGE_ORDER_NO = "FapiaoOrderNo";

    /** An onException as the notice needs it: what it says failed, and its policy. */
    private record Rule(String what, RedeliveryPolicy policy) {
    }

    private final Map<String, Optional<Rule>> rules = new ConcurrentHashMap<>();

    @Override
    public void process(Exchange exchange) {
        Integer attempt = exchange.getIn().getHeader(Exchange.REDELIVERY_COUNTER, Integer.class);
        Integer max = exchange.getIn().getHeader(Exchange.REDELIVERY_MAX_COUNTER, Integer.class);
        Exception e = exchange.getProperty(ExchangePropertyKey.EXCEPTION_CAUGHT, Exception.class);
        if (attempt == null || max == null || e == null) {
            return;
        }
        String routeId = exchange.getProperty(ExchangePropertyKey.FAILURE_ROUTE_ID, String.class);
        Optional<Rule> rule = rule(exchange.getContext(), routeId, e);
        String what = rule.map(Rule::what).orElse(routeId == null ? "the call" : routeId);
        String who = who(exchange, routeId);
        if (attempt <= max) {
            String in = rule.map(r -> " in " + ProgressBoard.seconds(delay(exchange, r.policy(), attempt) / 1000.0))
                    .orElse("");
            LOG.warn("{}{} ({}), retry {} of {}{}", who, what, reason(e), attempt, max, in);
        } else {
            LOG.warn("{}{} ({}), still after {} {}; not retried again", who, what, reason(e), max,
                    max == 1 ? "retry" : "retries");
        }
    }

    /** The order the call was for, when the exchange carries one; otherwise the route that failed. */
    private static String who(Exchange exchange, String routeId) {
        String orderNo = exchange.getProperty(InvoiceVendor.ORDER_NO, String.class);
        if (orderNo == null) {
            IssueJob job = exchange.getProperty(Issuing.JOB, IssueJob.class);
            orderNo = job == null ? exchange.getIn().getHeader(MESSAGE_ORDER_NO, String.class) : job.orderNo;
        }
        if (orderNo != null) {
            return "Order " + orderNo + ": ";
        }
        return routeId == null ? "" : routeId + ": ";
    }

    /** The HTTP status, or the failure's own words (credentials in a URL masked): never a class name or a trace. */
    static String reason(Throwable e) {
        if (e instanceof HttpOperationFailedException http) {
            return Integer.toString(http.getStatusCode());
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage() == null ? e.getMessage() : root.getMessage();
        if (m == null || m.isBlank()) {
            return "no reason given";
        }
        m = m.replaceAll("//[^/@\\s]+@", "//***@").replaceAll("(?i)(password|passwd|secret|token)=[^&;\\s]*", "$1=***");
        int cut = m.indexOf('\n');
        m = cut >= 0 ? m.substring(0, cut) : m;
        return m.length() > 200 ? m.substring(0, 199) + "…" : m;
    }

    /** The pause before attempt {@code attempt}, as the error handler computes it (each from the one before). */
    private static long delay(Exchange exchange, RedeliveryPolicy policy, int attempt) {
        Long given = exchange.getIn().getHeader(Exchange.REDELIVERY_DELAY, Long.class);
        if (given != null) {
            return given;
        }
        long delay = 0;
        for (int i = 1; i <= attempt; i++) {
            delay = policy.calculateRedeliveryDelay(delay, i);
        }
        return delay;
    }

    /** The onException of the failed route's configuration that caught {@code e}; looked up once per kind. */
    private Optional<Rule> rule(CamelContext context, String routeId, Exception e) {
        if (routeId == null) {
            return Optional.empty();
        }
        return rules.computeIfAbsent(routeId + "|" + e.getClass().getName(), key -> {
            try {
                return find(context, routeId, e);
            } catch (RuntimeException | ClassNotFoundException failure) {
                LOG.debug("retry rule of {} not found: {}", routeId, failure.getMessage());
                return Optional.empty();
            }
        });
    }

    private static Optional<Rule> find(CamelContext context, String routeId, Exception e) throws ClassNotFoundException {
        Route route = context.getRoute(routeId);
        Model model = context.getCamelContextExtension().getContextPlugin(Model.class);
        if (route == null || route.getConfigurationId() == null || model == null) {
            return Optional.empty();
        }
        for (String id : route.getConfigurationId().split(",")) {
            RouteConfigurationDefinition configuration = model.getRouteConfigurationDefinition(id.strip());
            if (configuration == null) {
                continue;
            }
            for (OnExceptionDefinition on : configuration.getOnExceptions()) {
                if (catches(context, on, e)) {
                    RedeliveryPolicyDefinition definition = on.getRedeliveryPolicyType();
                    RedeliveryPolicy policy = definition == null ? new RedeliveryPolicy()
                            : ErrorHandlerReifier.createRedeliveryPolicy(definition, context, new RedeliveryPolicy());
                    String what = on.getDescription() == null ? id.strip() : on.getDescription();
                    return Optional.of(new Rule(what, policy));
                }
            }
        }
        return Optional.empty();
    }

    /** Whether the onException names a type of {@code e} or of one of its causes. */
    private static boolean catches(CamelContext context, OnExceptionDefinition on, Throwable e)
            throws ClassNotFoundException {
        for (String name : on.getExceptions()) {
            Class<?> type = context.getClassResolver().resolveMandatoryClass(name);
            for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (type.isInstance(t)) {
                    return true;
                }
            }
        }
        return false;
    }
}

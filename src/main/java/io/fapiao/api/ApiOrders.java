package io.fapiao.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fapiao.flow.ReplySink;
import io.fapiao.flow.ResultFiles;
import io.fapiao.ledger.Drop;
import io.fapiao.ledger.DropLedger;
import io.fapiao.ledger.Ledger;
import io.fapiao.ledger.LedgerOrder;
import io.fapiao.order.OrderJsonReader;
import io.fapiao.order.Problem;
import io.fapiao.order.TextDecoding;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Reader;
import java.net.URLEncoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The order endpoints of the REST API ({@code api-orders.camel.yaml}). {@code POST /api/orders} takes one JSON order
 * — the shape of a JSON file — and hands it to issuing as a one-order drop of its own channel ({@code api:<id>}), the
 * way the file drops do: same checks, same ledger, same vendors. The caller waits for the order's outcome up to
 * {@code fapiao.api.wait-ms}; an order that has not settled by then is answered {@code 202} with where to ask
 * ({@code GET /api/orders/{orderNo}}), which reads the ledger. As the reply sink of channel kind {@code api}, this
 * class wakes the waiting caller when its order settles; the outcome itself is in the ledger, so nothing is lost
 * when nobody waits any more.
 */
public final class ApiOrders implements ReplySink {

    static final String KIND = "api";
    private static final String REQUEST = "fapiaoApiOrder";
    private static final Logger LOG = LoggerFactory.getLogger(ApiOrders.class);
    private static final Pattern ORDER_NO = Pattern.compile("[A-Za-z0-9_-]{1,40}");
    private static final Pattern TAX_ID = Pattern.compile("[0-9A-Z]{15,20}");
    private static final ObjectReader ONE_VALUE = OrderJsonReader.MAPPER.readerFor(JsonNode.class)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final String JSON = "application/json;charset=UTF-8";

    /** One posted order: its text, and the keys it will have in the ledger (empty when they are not valid). */
    record Posted(String text, String orderNo, String sellerTaxId) {
    }

    /** A caller waiting for the order of its drop to settle. */
    private static final class Waiter {
        final Posted order;
        final CompletableFuture<ObjectNode> settled = new CompletableFuture<>();
        volatile ObjectNode latest;

        Waiter(Posted order) {
            this.order = order;
        }
    }

    private final Ledger ledger;
    private final DropLedger drops;
    private final String defaultSeller;
    private final ProducerTemplate template;
    private final Duration wait;
    private final byte[] openApi;
    private final Map<String, Waiter> waiting = new ConcurrentHashMap<>();

    /**
     * @param defaultSeller the seller of an order that names none ({@code fapiao.seller.tax-id})
     * @param wait          how long a caller waits for its order to settle before it is answered 202
     * @param openApi       the OpenAPI document of the whole API, served as it is
     */
    public ApiOrders(Ledger ledger, DropLedger drops, String defaultSeller, ProducerTemplate template, Duration wait,
                     byte[] openApi) {
        this.ledger = ledger;
        this.drops = drops;
        this.defaultSeller = defaultSeller;
        this.template = template;
        this.wait = wait;
        this.openApi = openApi.clone();
    }

    /**
     * {@code POST /api/orders}, first step: the request body as one JSON order. Refuses what is not one:
     * {@code 415} for another content type, {@code 400} for an empty body, malformed JSON (with line and column),
     * or anything but one order object. The order's content is checked by issuing, as a file's is.
     */
    public void receive(Exchange exchange) {
        String contentType = exchange.getIn().getHeader(Exchange.CONTENT_TYPE, "", String.class);
        String mediaType = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!mediaType.equals("application/json") && !(mediaType.startsWith("application/") && mediaType.endsWith("+json"))) {
            throw new ApiException(415, "请求须为JSON（Content-Type: application/json），收到的是“" + contentType + "” / the "
                    + "request must be JSON (Content-Type: application/json), not '" + contentType + "'");
        }
        byte[] body = exchange.getIn().getBody(byte[].class);
        if (body == null || body.length == 0) {
            throw new ApiException(400, "请求体为空：应为一个JSON订单 / the request body is empty: one JSON order is expected");
        }
        String text = decode(body, contentType);
        JsonNode order;
        try {
            order = ONE_VALUE.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ApiException(400, OrderJsonReader.unreadable(e).problem().text());
        }
        if (order == null || !order.isObject()) {
            throw new ApiException(400, "应为一个JSON订单对象 / one JSON order object is expected");
        }
        if (!order.has("order_no") && order.path("orders").isArray()) {
            throw new ApiException(400, "每次请求只能提交一个订单；多个订单请逐个提交，或作为文件投递 / one order per request: "
                    + "post the orders one by one, or drop them as a file");
        }
        String orderNo = order.path("order_no").isValueNode() ? order.path("order_no").asText().strip() : "";
        String seller = order.path("seller_tax_id").isValueNode()
                ? order.path("seller_tax_id").asText().strip().toUpperCase(Locale.ROOT) : "";
        if (seller.isEmpty()) {
            seller = defaultSeller;
        }
        exchange.setProperty(REQUEST, new Posted(text, ORDER_NO.matcher(orderNo).matches() ? orderNo : "",
                TAX_ID.matcher(seller).matches() ? seller : ""));
    }

    /** The body as text: in the charset the request names, else recognised as files are (UTF-8, or GB18030). */
    private static String decode(byte[] body, String contentType) {
        String charset = "";
        for (String part : contentType.split(";")) {
            String p = part.strip();
            if (p.toLowerCase(Locale.ROOT).startsWith("charset=")) {
                charset = p.substring(8).replace("\"", "").strip();
            }
        }
        try {
            if (!charset.isEmpty()) {
                String text = new String(body, Charset.forName(charset));
                return text.startsWith("\uFEFF") ? text.substring(1) : text;
            }
            try (Reader r = TextDecoding.open(new ByteArrayInputStream(body))) {
                StringBuilder out = new StringBuilder(body.length);
                char[] buffer = new char[8192];
                for (int n; (n = r.read(buffer)) > 0; ) {
                    out.append(buffer, 0, n);
                }
                return out.toString();
            }
        } catch (IllegalArgumentException e) {
            throw new ApiException(415, "不支持的字符集“" + charset + "” / unsupported charset '" + charset + "'");
        } catch (IOException e) {
            throw new ApiException(400, "请求体无法解码 / the request body cannot be decoded");
        }
    }

    /**
     * {@code POST /api/orders}, second step: hands the order to issuing and waits for its outcome. {@code 200} with
     * the outcome when it is ISSUED or FAILED, {@code 422} when REJECTED (the outcome, with its reasons, and
     * {@code error}), or {@code 202} with the outcome so far (PENDING) and a {@code Location} to ask again.
     */
    public String issue(Exchange exchange) throws InterruptedException {
        Posted posted = exchange.getProperty(REQUEST, Posted.class);
        String channel = KIND + ":" + UUID.randomUUID();
        Waiter w = new Waiter(posted);
        waiting.put(channel, w);
        try {
            long deadline = System.nanoTime() + wait.toNanos();
            CompletableFuture<Exchange> handed = template.asyncSend("direct:issue-drop", drop -> {
                drop.setProperty("fapiaoChannel", channel);
                String name = posted.orderNo().isEmpty() ? "order.json" : posted.orderNo() + ".json";
                drop.getIn().setHeader(Exchange.FILE_NAME, name);
                drop.getIn().setHeader(Exchange.FILE_NAME_ONLY, name);
                drop.getIn().setBody(posted.text().getBytes(StandardCharsets.UTF_8));
            });
            try {
                CompletableFuture.anyOf(w.settled, handed).get(remaining(deadline), TimeUnit.NANOSECONDS);
                if (!w.settled.isDone()) {
                    Exchange done = handed.join();
                    if (w.latest == null) {
                        Exception e = done.getException();
                        LOG.warn("Order {} (REST API): issuing ended without an outcome ({})", posted.orderNo(),
                                e == null ? "no outcome told" : e.getMessage());
                        throw new ApiException(503, "订单未能记录，请稍后重试（不会重复开票）/ the order could not be "
                                + "recorded; try again later (it is never issued twice)");
                    }
                    // PENDING: the vendor has it; the poller settles it, perhaps soon enough
                    w.settled.get(remaining(deadline), TimeUnit.NANOSECONDS);
                }
                return answer(exchange, w.settled.join(), false);
            } catch (TimeoutException e) {
                ObjectNode pending = w.latest != null ? w.latest : ledgerOrWaiting(posted);
                return answer(exchange, pending, true);
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
        } finally {
            waiting.remove(channel);
        }
    }

    private static long remaining(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }

    /** What the ledger has of a posted order that has no outcome yet, or that it is on its way there. */
    private ObjectNode ledgerOrWaiting(Posted posted) {
        if (!posted.orderNo().isEmpty() && !posted.sellerTaxId().isEmpty()) {
            var row = ledger.find(posted.sellerTaxId(), posted.orderNo());
            if (row.isPresent()) {
                return report(row.get());
            }
        }
        return received(posted);
    }

    /** An order accepted but not yet in the ledger (being claimed and checked right now). */
    private static ObjectNode received(Posted posted) {
        ObjectNode n = OrderJsonReader.MAPPER.createObjectNode();
        n.put("order_no", posted.orderNo());
        n.put("seller_tax_id", posted.sellerTaxId());
        n.put("status", "PENDING");
        n.put("message", "已接收，正在开具 / received; being issued");
        n.put("updated_at", Instant.now().toString());
        return n;
    }

    private String answer(Exchange exchange, ObjectNode outcome, boolean stillPending) {
        String status = outcome.path("status").asText();
        int code = switch (status) {
            case "REJECTED" -> 422;
            case "ISSUED", "FAILED" -> 200;
            default -> 202;
        };
        if (code == 422) {
            outcome.put("error", outcome.path("message").asText());
        }
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, code);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, JSON);
        if (code == 202) {
            location(outcome.path("order_no").asText(), outcome.path("seller_tax_id").asText())
                    .ifPresent(l -> exchange.getMessage().setHeader("Location", l));
            if (stillPending) {
                LOG.info("Order {} (REST API): not settled within {} ms; answered 202", outcome.path("order_no").asText(),
                        wait.toMillis());
            }
        }
        return outcome.toString();
    }

    /** Where to ask about an order later: {@code /api/orders/{orderNo}?seller={taxId}}. */
    static java.util.Optional<String> location(String orderNo, String seller) {
        if (!ORDER_NO.matcher(orderNo).matches()) {
            return java.util.Optional.empty();
        }
        String l = "/api/orders/" + orderNo;
        return java.util.Optional.of(TAX_ID.matcher(seller).matches()
                ? l + "?seller=" + URLEncoder.encode(seller, StandardCharsets.UTF_8) : l);
    }

    /**
     * {@code GET /api/orders/{orderNo}[?seller=]}: the order's outcome as the ledger has it now. {@code 404} when no
     * seller has an order of that number, {@code 409} when several have and no seller was named.
     */
    public String find(Exchange exchange) {
        String orderNo = exchange.getIn().getHeader("orderNo", "", String.class).strip();
        String seller = exchange.getIn().getHeader("seller", "", String.class).strip().toUpperCase(Locale.ROOT);
        if (!ORDER_NO.matcher(orderNo).matches()) {
            throw new ApiException(400, "单据号须为1至40位字母、数字、下划线或连字符 / the order number must be 1 to 40 letters, "
                    + "digits, '_' or '-'");
        }
        if (!seller.isEmpty() && !TAX_ID.matcher(seller).matches()) {
            throw new ApiException(400, "销方税号须为15至20位数字或大写字母 / the seller's tax id must be 15 to 20 digits or "
                    + "capital letters");
        }
        List<LedgerOrder> rows = seller.isEmpty() ? ledger.findAll(orderNo)
                : ledger.find(seller, orderNo).map(List::of).orElse(List.of());
        if (rows.size() > 1) {
            List<String> sellers = rows.stream().map(LedgerOrder::sellerTaxId).toList();
            throw new ApiException(409, "多个销方有单据号" + orderNo + "的订单（" + String.join("、", sellers) + "），请用"
                    + "?seller=指明 / sellers " + String.join(", ", sellers) + " each have an order " + orderNo
                    + ": name one with ?seller=");
        }
        ObjectNode outcome;
        if (rows.isEmpty()) {
            outcome = waiting.values().stream()
                    .filter(w -> w.order.orderNo().equals(orderNo)
                            && (seller.isEmpty() || w.order.sellerTaxId().equals(seller)))
                    .findFirst().map(w -> received(w.order))
                    .orElseThrow(notFound(orderNo, seller));
        } else {
            outcome = report(rows.get(0));
        }
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, JSON);
        return outcome.toString();
    }

    private static Supplier<ApiException> notFound(String orderNo, String seller) {
        return () -> new ApiException(404, (seller.isEmpty() ? "没有单据号为" + orderNo + "的订单" : "销方" + seller + "没有单据号为"
                + orderNo + "的订单") + " / no order " + orderNo + (seller.isEmpty() ? "" : " of seller " + seller));
    }

    /** The order's outcome from the ledger, in the shape of {@code results/<order_no>.json}. */
    private ObjectNode report(LedgerOrder o) {
        Drop drop = drops.drop(o.dropId()).orElse(null);
        long line = drop == null ? 0 : drops.lineOf(o.dropId(), o.dropSeq());
        List<Problem> problems = new ArrayList<>();
        if (drop != null && o.status() == io.fapiao.order.OrderStatus.REJECTED) {
            drops.forEachError(o.dropId(), (orderNo, p) -> {
                if (orderNo.equals(o.orderNo())) {
                    problems.add(p);
                }
            });
        }
        return contractual(ResultFiles.report(o, drop, line, problems));
    }

    /** {@code GET /api/openapi.json}: the OpenAPI 3 document of every {@code /api} endpoint. */
    public byte[] openApi(Exchange exchange) {
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, JSON);
        return openApi.clone();
    }

    @Override
    public void outcome(Drop drop, ObjectNode report) {
        Waiter w = waiting.get(drop.channel());
        if (w == null) {
            return;
        }
        ObjectNode outcome = contractual(report.deepCopy());
        w.latest = outcome;
        if (!outcome.path("status").asText().equals("PENDING")) {
            w.settled.complete(outcome);
        }
    }

    /** The ledger's RECEIVED and SUBMITTING are PENDING to the outside: the contract knows four states. */
    static ObjectNode contractual(ObjectNode report) {
        String status = report.path("status").asText();
        if (status.equals("RECEIVED") || status.equals("SUBMITTING")) {
            report.put("status", "PENDING");
        }
        return report;
    }
}

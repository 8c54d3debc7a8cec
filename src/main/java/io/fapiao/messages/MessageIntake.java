package io.fapiao.messages;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fapiao.ledger.MessageLedger;
import io.fapiao.order.OrderJsonReader;
import io.fapiao.order.Problem;
import io.fapiao.order.TextDecoding;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The steps of {@code intake-messages}: one JSON order per message from any Camel consumer. A message that is not one
 * JSON order with a usable order number is set aside for the dead-letter endpoint with the reason; the others become
 * a one-order drop of their own channel ({@code message:<id>}) named after the order, with the broker's correlation
 * headers kept in the ledger for every outcome message of that drop ({@link MessageReplies}). When the route ends,
 * the body is the order's outcome: a requester that asked for a reply (JMSReplyTo, RabbitMQ reply-to) gets it.
 */
public final class MessageIntake {

    /** The reason a message was set aside (English, then Chinese), a header of the dead letter. */
    public static final String REASON = "FapiaoDeadLetterReason";
    public static final String ORDER_NO = "FapiaoOrderNo";
    public static final String STATUS = "FapiaoStatus";
    static final String DEAD_LETTER = "fapiaoDeadLetter";
    static final String CHANNEL = "fapiaoChannel";
    static final String CORRELATION = "fapiaoCorrelation";
    static final ObjectNode NO_OUTCOME = OrderJsonReader.MAPPER.createObjectNode();
    private static final Logger LOG = LoggerFactory.getLogger(MessageIntake.class);
    private static final Pattern ORDER_NO_FORM = Pattern.compile("[A-Za-z0-9_-]{1,40}");
    /** A correlation value longer than this is not a correlation id; it is not carried back. */
    private static final int LONGEST_CORRELATION = 1000;
    /**
     * What ties an answer to its request on each broker: the header of the order message, and the header that sets it
     * on the outcome message — JMS (ActiveMQ Classic, Artemis) correlation id, Kafka record key, RabbitMQ correlation
     * id.
     */
    static final Map<String, String> CORRELATION_HEADERS = Map.of(
            "JMSCorrelationID", "JMSCorrelationID",
            "kafka.KEY", "kafka.KEY",
            "CamelSpringRabbitmqCorrelationId", "CamelSpringRabbitmqCorrelationId");

    private final MessageLedger ledger;
    private final MessageReplies replies;

    public MessageIntake(MessageLedger ledger, MessageReplies replies) {
        this.ledger = ledger;
        this.replies = replies;
    }

    /** Reads the message as one JSON order; a message that is not one is marked for the dead letter, body untouched. */
    public void receive(Exchange exchange) throws JsonProcessingException {
        Message in = exchange.getIn();
        Map<String, String> correlation = correlation(in);
        exchange.setProperty(CORRELATION, correlation);
        String text;
        try {
            text = text(in);
        } catch (IOException e) {
            deadLetter(exchange, "unreadable message: " + e.getMessage(), "消息无法读取：" + e.getMessage());
            return;
        }
        JsonNode order;
        try {
            order = text.isBlank() ? null : OrderJsonReader.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            Problem p = OrderJsonReader.unreadable(e).problem();
            deadLetter(exchange, p.en(), p.zh());
            return;
        }
        if (order == null || !order.isObject()) {
            deadLetter(exchange, "not a JSON order: a message holds one JSON object",
                    "不是JSON订单：每条消息应为一个JSON对象");
            return;
        }
        JsonNode orderNo = order.get("order_no");
        if (orderNo == null || !orderNo.isValueNode() || !ORDER_NO_FORM.matcher(orderNo.asText()).matches()) {
            deadLetter(exchange, "order_no missing or not [A-Za-z0-9_-]{1,40}: the outcome could not be correlated",
                    "缺少单据号或格式不符（[A-Za-z0-9_-]{1,40}），无法对应结果");
            return;
        }
        String channel = MessageReplies.KIND + ":" + UUID.randomUUID();
        ledger.received(channel, OrderJsonReader.MAPPER.writeValueAsString(correlation));
        replies.processing(channel);
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                replies.done(channel);
            }
        });
        exchange.setProperty(CHANNEL, channel);
        exchange.setProperty(ORDER_NO, orderNo.asText());
        // only what the intake sets describes the drop: a header of the sender's never does
        in.removeHeaders("CamelFile*");
        in.setHeader(Exchange.FILE_NAME_ONLY, orderNo.asText() + ".json");
        in.setHeader(Exchange.FILE_NAME, orderNo.asText() + ".json");
        in.setBody(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The correlation headers the order message carried, as the outcome message sets them. A JMS message without a
     * correlation id is answered with its message id as the correlation id, the JMS request-reply convention.
     */
    static Map<String, String> correlation(Message in) {
        Map<String, String> correlation = new LinkedHashMap<>();
        CORRELATION_HEADERS.forEach((received, sent) -> {
            Object v = in.getHeader(received);
            String s = v == null ? "" : v instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : v.toString();
            if (!s.isEmpty() && s.length() <= LONGEST_CORRELATION) {
                correlation.put(sent, s);
            }
        });
        Object messageId = in.getHeader("JMSMessageID");
        if (!correlation.containsKey("JMSCorrelationID") && messageId != null && !messageId.toString().isEmpty()
                && messageId.toString().length() <= LONGEST_CORRELATION) {
            correlation.put("JMSCorrelationID", messageId.toString());
        }
        return correlation;
    }

    private static String text(Message in) throws IOException {
        Object body = in.getBody();
        if (body instanceof String s) {
            return s;
        }
        byte[] bytes = in.getBody(byte[].class);
        if (bytes == null) {
            return "";
        }
        // UTF-8 (with or without BOM) or GB18030, recognised as in files
        try (Reader r = TextDecoding.open(new ByteArrayInputStream(bytes)); StringWriter w = new StringWriter()) {
            r.transferTo(w);
            return w.toString();
        }
    }

    private static void deadLetter(Exchange exchange, String en, String zh) {
        exchange.setProperty(DEAD_LETTER, en + " / " + zh);
        exchange.getIn().setHeader(REASON, en + " / " + zh);
        LOG.warn("Order message {} set aside for the dead letter: {}", exchange.getIn().getMessageId(), en);
    }

    /** Whether the message was set aside. */
    public boolean isDeadLetter(Exchange exchange) {
        return exchange.getProperty(DEAD_LETTER) != null;
    }

    /**
     * The message's last step: its order has a recorded outcome, which becomes the body (the reply, when the sender
     * asked for one) with the order number, status and correlation headers, and nothing else of the order message
     * (its destination or reply-to would mislead a producer). No outcome recorded means the message must not be
     * acknowledged: the step fails and the broker delivers it again.
     */
    public String reply(Exchange exchange) throws JsonProcessingException {
        String channel = exchange.getProperty(CHANNEL, String.class);
        ObjectNode outcome = replies.latest(channel);
        if (outcome == null) {
            throw new IllegalStateException("order message " + exchange.getProperty(ORDER_NO) + " got no outcome");
        }
        Message out = exchange.getMessage();
        out.getHeaders().clear();
        out.getHeaders().putAll(correlationOf(exchange));
        out.setHeader(ORDER_NO, outcome.path("order_no").asText());
        out.setHeader(STATUS, outcome.path("status").asText());
        return OrderJsonReader.MAPPER.writeValueAsString(outcome);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> correlationOf(Exchange exchange) {
        Map<String, String> c = exchange.getProperty(CORRELATION, Map.class);
        return c == null ? Map.of() : c;
    }

    /** The dead letter's answer to a requester waiting for a reply: why its message was set aside. */
    public String refusal(Exchange exchange) {
        String reason = exchange.getProperty(DEAD_LETTER, String.class);
        Message out = exchange.getMessage();
        out.getHeaders().clear();
        out.getHeaders().putAll(correlationOf(exchange));
        out.setHeader(REASON, reason);
        return OrderJsonReader.MAPPER.createObjectNode().put("error", reason).toString();
    }
}

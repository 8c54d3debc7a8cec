package io.fapiao.flow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.fapiao.order.OrderJsonReader;
import io.fapiao.order.TextDecoding;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The steps of {@code intake-messages}: one JSON order per message from any Camel consumer. A message that is not one
 * JSON order with a usable order number is set aside for the dead-letter endpoint with the reason; the others become
 * a one-order drop named after the order, and afterwards the order's outcome ({@code results/<order_no>.json}) becomes
 * the outcome message, correlated by order number and by whatever key the broker's message carried.
 */
public final class MessageIntake {

    /** The reason a message was set aside (English, then Chinese), a header of the dead letter. */
    public static final String REASON = "FapiaoDeadLetterReason";
    public static final String ORDER_NO = "FapiaoOrderNo";
    public static final String STATUS = "FapiaoStatus";
    static final String DEAD_LETTER = "fapiaoDeadLetter";
    static final String CORRELATION = "fapiaoCorrelation";
    private static final Logger LOG = LoggerFactory.getLogger(MessageIntake.class);
    private static final Pattern ORDER_NO_FORM = Pattern.compile("[A-Za-z0-9_-]{1,40}");
    /**
     * What ties an answer to its request on each broker: the header of the order message, and the header that sets it
     * on the outcome message — JMS (ActiveMQ Classic, Artemis) correlation id, Kafka record key, RabbitMQ correlation
     * id, RocketMQ message key (camel-rocketmq spells its headers "RockerMQ").
     */
    static final Map<String, String> CORRELATION_HEADERS = Map.of(
            "JMSCorrelationID", "JMSCorrelationID",
            "kafka.KEY", "kafka.KEY",
            "CamelSpringRabbitmqCorrelationId", "CamelSpringRabbitmqCorrelationId",
            "CamelRockerMQKey", "CamelRockerMQOverrideMessageKey");

    private final Path outbox;

    public MessageIntake(Path outbox) {
        this.outbox = outbox;
    }

    /** Reads the message as one JSON order; a message that is not one is marked for the dead letter, body untouched. */
    public void receive(Exchange exchange) {
        Message in = exchange.getIn();
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
            deadLetter(exchange, "malformed JSON: " + e.getOriginalMessage(), "JSON格式错误：" + e.getOriginalMessage());
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
        Map<String, Object> correlation = new LinkedHashMap<>();
        CORRELATION_HEADERS.forEach((received, sent) -> {
            Object v = in.getHeader(received);
            if (v != null && !v.toString().isEmpty()) {
                correlation.put(sent, v);
            }
        });
        exchange.setProperty(CORRELATION, correlation);
        exchange.setProperty("fapiaoChannel", "messages");
        exchange.setProperty(ORDER_NO, orderNo.asText());
        in.setHeader(Exchange.FILE_NAME_ONLY, orderNo.asText() + ".json");
        in.setHeader(Exchange.FILE_NAME, orderNo.asText() + ".json");
        in.setBody(text.getBytes(StandardCharsets.UTF_8));
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
     * The order's outcome as the outcome message: the JSON of {@code results/<order_no>.json}, with the order number
     * and status as headers and the correlation headers of the order message; no other header of the order message
     * goes along (its destination, reply-to or topic would mislead the producer).
     */
    public void outcome(Exchange exchange) throws IOException {
        String orderNo = exchange.getProperty(ORDER_NO, String.class);
        String json;
        try {
            json = Files.readString(outbox.resolve("results").resolve(orderNo + ".json"), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalStateException("order " + orderNo + " has no outcome file", e);
        }
        Message out = exchange.getMessage();
        out.getHeaders().clear();
        out.setHeader(ORDER_NO, orderNo);
        out.setHeader(STATUS, OrderJsonReader.MAPPER.readTree(json).path("status").asText());
        @SuppressWarnings("unchecked")
        Map<String, Object> correlation = exchange.getProperty(CORRELATION, Map.class);
        if (correlation != null) {
            out.getHeaders().putAll(correlation);
        }
        out.setBody(json);
    }
}

package io.fapiao.flow;

import com.fasterxml.jackson.databind.JsonNode;
import io.fapiao.order.OrderJsonReader;
import io.fapiao.testing.ArtemisBroker;
import org.apache.camel.ConsumerTemplate;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Orders as messages, end to end: the bundle configured with only {@code fapiao.messages.*} and the JMS component's
 * own property, against ActiveMQ Artemis in this JVM.
 */
class MessageIntakeTest extends RouteTestSupport {

    @TempDir
    static Path brokerDir;
    static ArtemisBroker broker;

    /** This test's queue (set with the properties, which the test support reads before fields are initialised). */
    private String queue;
    /** The outcome endpoint fails this many times before it works: a failure after issuing, before acknowledging. */
    private static final AtomicInteger outcomeFailures = new AtomicInteger();

    @BeforeAll
    static void startBroker() throws Exception {
        broker = ArtemisBroker.start(brokerDir);
    }

    @AfterAll
    static void stopBroker() throws Exception {
        broker.close();
    }

    @Override
    protected void more(Properties p) {
        queue = "orders-" + UUID.randomUUID().toString().substring(0, 8);
        p.put("camel.component.jms.connection-factory",
                "#class:org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory(\"" + broker.url() + "\")");
        p.put("fapiao.messages.uri", "jms:queue:" + queue + "?transacted=true");
        p.put("fapiao.messages.outcome-uri", "direct:outcome");
        p.put("fapiao.messages.dead-letter-uri", "jms:queue:" + queue + ".dead");
    }

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:outcome").routeId("test-outcome")
                        .process(e -> {
                            if (outcomeFailures.getAndDecrement() > 0) {
                                throw new IllegalStateException("outcome broker unreachable (test)");
                            }
                        })
                        .to("jms:queue:" + queue + ".outcomes");
            }
        };
    }

    private void send(String body, Map<String, Object> headers) {
        try (ProducerTemplate producer = context.createProducerTemplate()) {
            producer.sendBodyAndHeaders("jms:queue:" + queue, body, headers);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Exchange receive(String destination, long timeoutMs) throws Exception {
        try (ConsumerTemplate consumer = context.createConsumerTemplate()) {
            return consumer.receive("jms:queue:" + destination, timeoutMs);
        }
    }

    private static String order(String orderNo) throws Exception {
        String sample = Files.readString(Path.of("samples/order.json"), StandardCharsets.UTF_8);
        return sample.replace("JSON-20261122-001", orderNo);
    }

    @Test
    void anOrderMessageIsIssuedAndItsOutcomeSentCorrelated() throws Exception {
        outcomeFailures.set(0);
        send(order("MSG-001"), Map.of("JMSCorrelationID", "erp-request-42"));

        Exchange outcome = receive(queue + ".outcomes", 30_000);
        assertNotNull(outcome, "no outcome message");
        JsonNode json = OrderJsonReader.MAPPER.readTree(outcome.getIn().getBody(String.class));
        assertEquals("MSG-001", json.path("order_no").asText());
        assertEquals("ISSUED", json.path("status").asText());
        assertEquals(20, json.path("invoice_no").asText().length());
        assertEquals("MSG-001", outcome.getIn().getHeader(MessageIntake.ORDER_NO));
        assertEquals("ISSUED", outcome.getIn().getHeader(MessageIntake.STATUS));
        assertEquals("erp-request-42", outcome.getIn().getHeader("JMSCorrelationID"));
        assertEquals("messages", json.path("source").path("channel").asText());
        assertEquals(1, yun2().invoiceCount());
        // acknowledged when the route returns, just after the outcome was sent
        await(() -> broker.messageCount(queue) == 0 ? true : null, "the order message to be acknowledged");
    }

    @Test
    void aMessageThatIsNotAJsonOrderGoesToTheDeadLetterWithTheReason() throws Exception {
        outcomeFailures.set(0);
        send("{\"order_no\": \"MSG-BAD\", \"lines\": [", Map.of("JMSCorrelationID", "erp-request-43"));
        send("[1, 2, 3]", Map.of());

        Exchange dead = receive(queue + ".dead", 30_000);
        assertNotNull(dead, "no dead letter");
        assertEquals("{\"order_no\": \"MSG-BAD\", \"lines\": [", dead.getIn().getBody(String.class), "the original body");
        String reason = dead.getIn().getHeader(MessageIntake.REASON, String.class);
        assertTrue(reason.startsWith("malformed JSON"), reason);
        assertTrue(reason.contains("JSON格式错误"), reason);
        Exchange second = receive(queue + ".dead", 30_000);
        assertNotNull(second, "no second dead letter");
        assertTrue(second.getIn().getHeader(MessageIntake.REASON, String.class).startsWith("not a JSON order"));

        assertNull(receive(queue + ".outcomes", 500), "no outcome for a dead letter");
        assertEquals(0, yun2().invoiceCount());
        await(() -> broker.messageCount(queue) == 0 ? true : null, "dead letters to be acknowledged");
    }

    @Test
    void anOrderRedeliveredAfterAFailureBeforeAcknowledgingIsIssuedOnce() throws Exception {
        outcomeFailures.set(1);
        send(order("MSG-002"), Map.of());

        Exchange outcome = receive(queue + ".outcomes", 30_000);
        assertNotNull(outcome, "no outcome after the redelivery");
        JsonNode json = OrderJsonReader.MAPPER.readTree(outcome.getIn().getBody(String.class));
        assertEquals("ISSUED", json.path("status").asText());
        assertEquals(-1, outcomeFailures.get(), "the first pass failed, the second sent the outcome");
        assertEquals(1, yun2().invoiceCount(), "issued once, though processed twice");
        assertNull(receive(queue + ".outcomes", 1000), "one outcome");
    }
}

package io.fapiao.flow;

import com.fasterxml.jackson.databind.JsonNode;
import io.fapiao.FapiaoConfiguration;
import io.fapiao.config.ConfigurationException;
import io.fapiao.messages.MessageIntake;
import io.fapiao.order.OrderJsonReader;
import io.fapiao.testing.ArtemisBroker;
import org.apache.camel.ConsumerTemplate;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.test.junit5.TestExecutionConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Orders as messages, end to end: the bundle configured with only {@code fapiao.messages.*} and the JMS component's
 * own properties, against ActiveMQ Artemis in this JVM — one broker for orders and dead letters, another for outcomes
 * (named in the outcome URI as a bean), so that the outcome broker can be down while orders keep coming.
 */
class MessageIntakeTest extends RouteTestSupport {

    @TempDir
    static Path brokerDir;
    @TempDir
    static Path outcomeDir;
    static ArtemisBroker broker;
    static ArtemisBroker outcomeBroker;

    /** This test's queue (set with the properties, which the test support reads before fields are initialised). */
    private String queue;

    @BeforeAll
    static void startBrokers() throws Exception {
        broker = ArtemisBroker.start(brokerDir);
        outcomeBroker = ArtemisBroker.start(outcomeDir);
    }

    @AfterAll
    static void stopBrokers() throws Exception {
        broker.close();
        outcomeBroker.close();
    }

    @Override
    public void configureTest(TestExecutionConfiguration configuration) {
        super.configureTest(configuration);
        // each test starts the bundle itself, after changing a route if it needs to
        configuration.withUseAdviceWith(true);
    }

    @Override
    protected void more(Properties p) {
        queue = "orders-" + UUID.randomUUID().toString().substring(0, 8);
        p.putAll(broker.camelProperties());
        p.put("camel.beans.outcomeBroker", outcomeBroker.connectionFactoryBean());
        p.put("fapiao.messages.uri", "jms:queue:" + queue + "?transacted=true");
        p.put("fapiao.messages.outcome-uri", "jms:queue:" + queue + ".outcomes?connectionFactory=#outcomeBroker");
        p.put("fapiao.messages.dead-letter-uri", "jms:queue:" + queue + ".dead");
        p.put("fapiao.messages.outcome-retries", "1");
        p.put("fapiao.messages.outcome-retry-delay-ms", "100");
        p.put("fapiao.messages.outcome-max-delay-ms", "500");
    }

    private Exchange send(String body, Map<String, Object> headers) {
        try (ProducerTemplate producer = context.createProducerTemplate()) {
            return producer.send("jms:queue:" + queue + "?includeSentJMSMessageID=true", e -> {
                e.getIn().setBody(body);
                e.getIn().getHeaders().putAll(headers);
            });
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Exchange outcome(long timeoutMs) throws Exception {
        try (ConsumerTemplate consumer = context.createConsumerTemplate()) {
            return consumer.receive("jms:queue:" + queue + ".outcomes?connectionFactory=#outcomeBroker", timeoutMs);
        }
    }

    private Exchange deadLetter(long timeoutMs) throws Exception {
        try (ConsumerTemplate consumer = context.createConsumerTemplate()) {
            return consumer.receive("jms:queue:" + queue + ".dead", timeoutMs);
        }
    }

    private static JsonNode json(Exchange e) throws Exception {
        return OrderJsonReader.MAPPER.readTree(e.getIn().getBody(String.class));
    }

    private JsonNode health() throws Exception {
        HttpResponse<String> r = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        return OrderJsonReader.MAPPER.readTree(r.body());
    }

    @Test
    void anOrderMessageIsIssuedAndItsOutcomeSentCorrelated() throws Exception {
        context.start();
        send(ApiOrdersTest.order("MSG-001"), Map.of("JMSCorrelationID", "erp-request-42"));
        String messageId = send(ApiOrdersTest.order("MSG-002"), Map.of()).getMessage().getHeader("JMSMessageID",
                String.class);
        assertNotNull(messageId);

        Map<String, Exchange> outcomes = new java.util.TreeMap<>();
        for (int i = 0; i < 2; i++) {
            Exchange e = outcome(30_000);
            assertNotNull(e, "an outcome message");
            outcomes.put(json(e).path("order_no").asText(), e);
        }
        Exchange first = outcomes.get("MSG-001");
        JsonNode json = json(first);
        assertEquals("ISSUED", json.path("status").asText());
        assertEquals(20, json.path("invoice_no").asText().length());
        assertEquals("message", json.path("source").path("channel").asText());
        assertEquals("MSG-001", first.getIn().getHeader(MessageIntake.ORDER_NO));
        assertEquals("ISSUED", first.getIn().getHeader(MessageIntake.STATUS));
        assertEquals("erp-request-42", first.getIn().getHeader("JMSCorrelationID"));
        assertEquals(messageId, outcomes.get("MSG-002").getIn().getHeader("JMSCorrelationID"),
                "without a correlation id, the order message's id correlates (JMS request-reply)");
        assertEquals(2, yun2().invoiceCount());
        assertNull(outcome(500), "one outcome per order");
        // acknowledged when the route returns, once the outcome is recorded
        await(() -> broker.messageCount(queue) == 0 ? true : null, "the order messages to be acknowledged");
        assertEquals("UP", health().path("parts").path("messages").path("status").asText());
    }

    @Test
    void aPendingOrderIsAnsweredWhenAcceptedAndAgainWhenItSettles() throws Exception {
        context.start();
        yun2().trouble().asyncPolls = 3;
        send(ApiOrdersTest.order("MSG-ASYNC"), Map.of("JMSCorrelationID", "erp-request-44"));

        Exchange pending = outcome(30_000);
        assertNotNull(pending, "the first outcome message");
        assertEquals("PENDING", json(pending).path("status").asText());
        assertEquals("erp-request-44", pending.getIn().getHeader("JMSCorrelationID"));
        await(() -> broker.messageCount(queue) == 0 ? true : null, "the order message to be acknowledged while PENDING");

        Exchange settled = outcome(30_000);
        assertNotNull(settled, "the outcome message when it settled");
        assertEquals("ISSUED", json(settled).path("status").asText());
        assertTrue(json(settled).path("invoice_no").asText().matches("\\d{20}"));
        assertEquals("ISSUED", settled.getIn().getHeader(MessageIntake.STATUS));
        assertEquals("erp-request-44", settled.getIn().getHeader("JMSCorrelationID"));
        assertNull(outcome(1000), "two outcome messages, no more");
    }

    @Test
    void aMessageThatIsNotAJsonOrderGoesToTheDeadLetterWithTheReason() throws Exception {
        context.start();
        send("{\"order_no\": \"MSG-BAD\", \"lines\": [", Map.of("JMSCorrelationID", "erp-request-43"));
        send("[1, 2, 3]", Map.of());

        Exchange dead = deadLetter(30_000);
        assertNotNull(dead, "no dead letter");
        assertEquals("{\"order_no\": \"MSG-BAD\", \"lines\": [", dead.getIn().getBody(String.class), "the original body");
        String reason = dead.getIn().getHeader(MessageIntake.REASON, String.class);
        assertTrue(reason.startsWith("malformed JSON"), reason);
        assertTrue(reason.contains("JSON格式错误"), reason);
        Exchange second = deadLetter(30_000);
        assertNotNull(second, "no second dead letter");
        assertTrue(second.getIn().getHeader(MessageIntake.REASON, String.class).startsWith("not a JSON order"));

        assertNull(outcome(500), "no outcome for a dead letter");
        assertEquals(0, yun2().invoiceCount());
        await(() -> broker.messageCount(queue) == 0 ? true : null, "dead letters to be acknowledged");
    }

    @Test
    void anOrderRedeliveredAfterAFailureBeforeAcknowledgingIsIssuedOnce() throws Exception {
        AtomicInteger failures = new AtomicInteger(1);
        // the process fails after the order's outcome is recorded, before the broker got the acknowledgement
        AdviceWith.adviceWith(context, "intake-messages", route -> route.weaveByToUri("direct:issue-drop").after()
                .process(e -> {
                    if (failures.getAndDecrement() > 0) {
                        throw new IllegalStateException("failure before acknowledging (test)");
                    }
                }));
        context.start();
        send(ApiOrdersTest.order("MSG-003"), Map.of("JMSCorrelationID", "erp-request-45"));

        List<JsonNode> outcomes = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Exchange e = outcome(30_000);
            assertNotNull(e, "an outcome message for each delivery");
            assertEquals("erp-request-45", e.getIn().getHeader("JMSCorrelationID"));
            outcomes.add(json(e));
        }
        assertEquals(-1, failures.get(), "delivered twice: the first pass failed, the second acknowledged");
        assertEquals("ISSUED", outcomes.get(0).path("status").asText());
        assertEquals("ISSUED", outcomes.get(1).path("status").asText());
        assertEquals(outcomes.get(0).path("invoice_no").asText(), outcomes.get(1).path("invoice_no").asText());
        assertEquals(1, yun2().invoiceCount());
        assertTrue(results("MSG-003.2.json").get(0).get("message").contains("not issued twice"),
                "the redelivered order is reported again from the ledger, not sent again");
        assertNull(outcome(1000));
        await(() -> broker.messageCount(queue) == 0 ? true : null, "the order message to be acknowledged");
    }

    @Test
    void anOrderSentAsARequestGetsItsOutcomeAsTheReply() throws Exception {
        context.start();
        try (ProducerTemplate producer = context.createProducerTemplate()) {
            Exchange reply = producer.request("jms:queue:" + queue + "?requestTimeout=30000",
                    e -> e.getIn().setBody(ApiOrdersTest.order("MSG-REQ")));
            assertNull(reply.getException());
            JsonNode json = OrderJsonReader.MAPPER.readTree(reply.getMessage().getBody(String.class));
            assertEquals("MSG-REQ", json.path("order_no").asText());
            assertEquals("ISSUED", json.path("status").asText());
            assertEquals("ISSUED", reply.getMessage().getHeader(MessageIntake.STATUS));
        }
        Exchange outcome = outcome(30_000);
        assertNotNull(outcome, "the outcome message goes out as well");
    }

    @Test
    void outcomeMessagesWaitWhileTheirBrokerIsDownAndGoOutWhenItIsBack() throws Exception {
        context.start();
        int outcomePort = outcomeBroker.port();
        outcomeBroker.close();
        try {
            send(ApiOrdersTest.order("MSG-DOWN"), Map.of("JMSCorrelationID", "erp-request-46"));
            JsonNode down = await(() -> {
                JsonNode h = health();
                return h.path("parts").path("messages").path("status").asText().equals("DOWN") ? h : null;
            }, "the health board to show the outcome messages waiting");
            assertEquals("DOWN", down.path("status").asText());
            assertTrue(down.path("parts").path("messages").path("reason").asText().contains("outcome messages"),
                    down.toString());
            await(() -> broker.messageCount(queue) == 0 ? true : null,
                    "the order message to be acknowledged: its outcome is recorded, only the answer waits");
            assertEquals(1, yun2().invoiceCount());
        } finally {
            outcomeBroker = ArtemisBroker.start(outcomeDir, outcomePort);
        }
        Exchange outcome = outcome(30_000);
        assertNotNull(outcome, "the outcome message once its broker is back");
        assertEquals("ISSUED", json(outcome).path("status").asText());
        assertEquals("erp-request-46", outcome.getIn().getHeader("JMSCorrelationID"));
        await(() -> health().path("parts").path("messages").path("status").asText().equals("UP") ? true : null,
                "the health board to show the messages part up again");
    }

    @Test
    void aMessageUriWithoutADeadLetterUriStopsStartUpNamingTheKey() {
        Properties p = new Properties();
        p.put("fapiao.ledger.url", "jdbc:h2:file:" + dir.resolve("config-ledger/fapiao").toAbsolutePath());
        p.put("fapiao.inbox", dir.resolve("config-in").toString());
        p.put("fapiao.outbox", dir.resolve("config-out").toString());
        p.put("fapiao.messages.uri", "jms:queue:orders");
        DefaultCamelContext other = new DefaultCamelContext();
        try {
            other.getPropertiesComponent().setOverrideProperties(p);
            ConfigurationException e = assertThrows(ConfigurationException.class,
                    () -> new FapiaoConfiguration().configure(other));
            assertTrue(e.getMessage().contains("fapiao.messages.dead-letter-uri"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), "one line");
        } finally {
            other.stop();
        }
    }
}

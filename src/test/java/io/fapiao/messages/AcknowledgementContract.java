package io.fapiao.messages;

import io.fapiao.testing.CrashingConsumer;
import io.fapiao.testing.MessagingApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * What "acknowledged only once its outcome is recorded" means for one broker and its Camel component, configured
 * only by properties and a URI as the README shows: a message whose processing fails is delivered again; a message
 * whose consumer dies before acknowledging is delivered again to the next consumer; a message processed once is not
 * delivered again after a restart.
 */
abstract class AcknowledgementContract {

    @TempDir
    Path dir;

    /** The component's own properties ({@code camel.component.<name>.*}) as the README gives them. */
    abstract Map<String, String> component();

    /** The consumer URI (what {@code fapiao.messages.uri} would be) for a queue or topic of that name. */
    abstract String consumerUri(String destination);

    /** A URI that sends one message to that queue or topic. */
    abstract String producerUri(String destination);

    /** How long the next consumer may have to wait for a dead consumer's messages (Kafka: the session timeout). */
    Duration takeOverTime() {
        return Duration.ofSeconds(30);
    }

    /** How long to watch for a message that must not come again. */
    Duration quietTime() {
        return Duration.ofSeconds(2);
    }

    static String destination(String what) {
        return "ack-" + what + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Whatever must exist before a message is sent to a destination no consumer has seen yet. */
    void prepare(String destination) throws Exception {
    }

    private Properties properties() {
        Properties p = new Properties();
        p.putAll(component());
        return p;
    }

    void send(String destination, String body) throws Exception {
        prepare(destination);
        try (MessagingApp producer = MessagingApp.producer(properties())) {
            producer.send(producerUri(destination), body);
        }
    }

    @Test
    void aMessageWhoseProcessingFailedIsDeliveredAgain() throws Exception {
        String destination = destination("fail");
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger attempts = new AtomicInteger();
        prepare(destination);
        try (MessagingApp app = MessagingApp.consumer(properties(), consumerUri(destination), exchange -> {
            seen.add(exchange.getIn().getBody(String.class));
            if (attempts.incrementAndGet() == 1) {
                throw new IllegalStateException("the first attempt fails, as when the ledger is unreachable");
            }
        })) {
            app.send(producerUri(destination), "order-fails-once");
            await(() -> seen.size() >= 2, takeOverTime(), "the failed message to come again");
            Thread.sleep(quietTime().toMillis());
            assertEquals(List.of("order-fails-once", "order-fails-once"), List.copyOf(seen),
                    "delivered again after the failure, and not after the success");
        }
    }

    @Test
    void aMessageWhoseConsumerDiedBeforeAcknowledgingIsDeliveredAgain() throws Exception {
        String destination = destination("crash");
        send(destination, "order-survives-a-crash");
        String received = CrashingConsumer.run(properties(), consumerUri(destination), dir, Duration.ofSeconds(60));
        assertEquals("order-survives-a-crash", received);

        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        try (MessagingApp app = MessagingApp.consumer(properties(), consumerUri(destination),
                exchange -> seen.add(exchange.getIn().getBody(String.class)))) {
            await(() -> !seen.isEmpty(), takeOverTime(), "the message the dead consumer held");
            assertEquals("order-survives-a-crash", seen.get(0));
        }
    }

    @Test
    void aProcessedMessageIsNotDeliveredAgainAfterARestart() throws Exception {
        String destination = destination("done");
        prepare(destination);
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        try (MessagingApp app = MessagingApp.consumer(properties(), consumerUri(destination),
                exchange -> seen.add(exchange.getIn().getBody(String.class)))) {
            app.send(producerUri(destination), "order-done");
            await(() -> !seen.isEmpty(), takeOverTime(), "the message");
        }
        seen.clear();
        try (MessagingApp app = MessagingApp.consumer(properties(), consumerUri(destination),
                exchange -> seen.add(exchange.getIn().getBody(String.class)))) {
            Thread.sleep(quietTime().toMillis() * 2);
            assertEquals(List.of(), List.copyOf(seen), "a processed message came again");
        }
    }

    static void await(BooleanSupplier condition, Duration within, String what) throws InterruptedException {
        Instant end = Instant.now().plus(within);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(end)) {
                fail("timed out after " + within + " waiting for " + what);
            }
            Thread.sleep(50);
        }
    }
}

package io.fapiao.messages;

import io.fapiao.testing.RabbitMqBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

/**
 * The README's RabbitMQ configuration (camel-spring-rabbitmq, AMQP 0-9-1) on the whole bundle, against a node of
 * Debian's rabbitmq-server. The outcome and dead-letter queues are declared by the bundle's producers: the ERP reads
 * them without declaring anything, and nothing sent before it listens is lost.
 */
class RabbitMqReadmeTest extends ReadmeConfigurationContract {

    @TempDir
    static Path brokerDir;
    static RabbitMqBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        RabbitMqBroker.assumeInstalled();
        broker = RabbitMqBroker.start(brokerDir);
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (broker != null) {
            broker.close();
        }
    }

    @Override
    Map<String, String> component() {
        return Map.of("camel.beans.rabbitConnectionFactory",
                "#class:org.springframework.amqp.rabbit.connection.CachingConnectionFactory",
                "camel.beans.rabbitConnectionFactory.uri", broker.amqpUri());
    }

    @Override
    Map<String, String> readme() {
        Map<String, String> p = new java.util.LinkedHashMap<>(component());
        p.put("fapiao.messages.uri",
                "spring-rabbitmq:fapiao.orders?queues=fapiao.orders&arg.queue.durable=true&rejectAndDontRequeue=false");
        p.put("fapiao.messages.outcome-uri",
                "spring-rabbitmq:fapiao.outcomes?queues=fapiao.outcomes&arg.queue.durable=true&autoDeclareProducer=true");
        p.put("fapiao.messages.dead-letter-uri",
                "spring-rabbitmq:fapiao.orders.dead?queues=fapiao.orders.dead&arg.queue.durable=true&autoDeclareProducer=true");
        return p;
    }

    @Override
    String orders() {
        return "spring-rabbitmq:fapiao.orders";
    }

    @Override
    String outcomesListener() {
        return "spring-rabbitmq:default?queues=fapiao.outcomes&autoDeclare=false";
    }

    @Override
    String deadLettersListener() {
        return "spring-rabbitmq:default?queues=fapiao.orders.dead&autoDeclare=false";
    }

    @Override
    String correlationHeader() {
        return "CamelSpringRabbitmqCorrelationId";
    }
}

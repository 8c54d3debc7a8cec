package io.fapiao.messages;

import io.fapiao.testing.RabbitMqBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Properties;

/**
 * RabbitMQ (Debian's rabbitmq-server, a private node) through camel-spring-rabbitmq: the listener container
 * acknowledges after the route returns (AUTO mode); {@code rejectAndDontRequeue=false} puts a failed message back in
 * its queue instead of dropping it, after the component's in-place retries.
 */
class RabbitMqAcknowledgementTest extends AcknowledgementContract {

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
    Properties properties() {
        Properties p = new Properties();
        p.put("camel.beans.rabbitConnectionFactory",
                "#class:org.springframework.amqp.rabbit.connection.CachingConnectionFactory");
        p.put("camel.beans.rabbitConnectionFactory.uri", broker.amqpUri());
        return p;
    }

    @Override
    String consumerUri(String destination) {
        // declares the exchange and the queue, bound (the default exchange cannot be bound: use autoDeclare=false)
        return "spring-rabbitmq:" + destination + "?queues=" + destination + "&arg.queue.durable=true"
                + "&rejectAndDontRequeue=false&retryDelay=100";
    }

    @Override
    void prepare(String destination) throws Exception {
        broker.declareQueue(destination);
    }

    @Override
    String producerUri(String destination) {
        return "spring-rabbitmq:" + destination;
    }
}

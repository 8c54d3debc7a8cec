package io.fapiao.messages;

import io.fapiao.testing.BrokerPerClass;
import io.fapiao.testing.RabbitMqBroker;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

/**
 * RabbitMQ (Debian's rabbitmq-server, a private node) through camel-spring-rabbitmq: the listener container
 * acknowledges after the route returns (AUTO mode); {@code rejectAndDontRequeue=false} puts a failed message back in
 * its queue instead of dropping it, after the component's in-place retries.
 */
class RabbitMqAcknowledgementTest extends AcknowledgementContract {

    @RegisterExtension
    static final BrokerPerClass<RabbitMqBroker> broker = new BrokerPerClass<>(RabbitMqBroker::startIfInstalled);

    @Override
    Map<String, String> component() {
        return broker.get().camelProperties();
    }

    @Override
    String consumerUri(String destination) {
        // declares the exchange and the queue, bound (the default exchange cannot be bound: use autoDeclare=false)
        return "spring-rabbitmq:" + destination + "?queues=" + destination + "&arg.queue.durable=true"
                + "&rejectAndDontRequeue=false&retryDelay=100";
    }

    @Override
    void prepare(String destination) throws Exception {
        broker.get().declareQueue(destination);
    }

    @Override
    String producerUri(String destination) {
        return "spring-rabbitmq:" + destination;
    }
}

package io.fapiao.messages;

import io.fapiao.testing.BrokerPerClass;
import io.fapiao.testing.RabbitMqBroker;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

/**
 * The README's RabbitMQ configuration (camel-spring-rabbitmq, AMQP 0-9-1) on the whole bundle, against a node of
 * Debian's rabbitmq-server. The outcome and dead-letter queues are declared by the bundle's producers: the ERP reads
 * them without declaring anything, and nothing sent before it listens is lost.
 */
class RabbitMqReadmeTest extends ReadmeConfigurationContract {

    @RegisterExtension
    static final BrokerPerClass<RabbitMqBroker> broker = new BrokerPerClass<>(RabbitMqBroker::startIfInstalled);

    @Override
    Map<String, String> component() {
        return broker.get().camelProperties();
    }

    @Override
    Map<String, String> readme() {
        return with(component(),
                "fapiao.messages.uri",
                "spring-rabbitmq:fapiao.orders?queues=fapiao.orders&arg.queue.durable=true&rejectAndDontRequeue=false",
                "fapiao.messages.outcome-uri",
                "spring-rabbitmq:fapiao.outcomes?queues=fapiao.outcomes&arg.queue.durable=true&autoDeclareProducer=true",
                "fapiao.messages.dead-letter-uri",
                "spring-rabbitmq:fapiao.orders.dead?queues=fapiao.orders.dead&arg.queue.durable=true"
                        + "&autoDeclareProducer=true");
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

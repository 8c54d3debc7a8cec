package io.fapiao.messages;

import io.fapiao.testing.ArtemisBroker;
import io.fapiao.testing.BrokerPerClass;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

/** The README's ActiveMQ Artemis configuration (camel-jms with the Artemis client) on the whole bundle. */
class ArtemisReadmeTest extends ReadmeConfigurationContract {

    @RegisterExtension
    static final BrokerPerClass<ArtemisBroker> broker = new BrokerPerClass<>(ArtemisBroker::start);

    @Override
    Map<String, String> component() {
        return broker.get().camelProperties();
    }

    @Override
    Map<String, String> readme() {
        return with(component(),
                "fapiao.messages.uri", "jms:queue:fapiao.orders?transacted=true",
                "fapiao.messages.outcome-uri", "jms:queue:fapiao.outcomes",
                "fapiao.messages.dead-letter-uri", "jms:queue:fapiao.orders.dead");
    }

    @Override
    String orders() {
        return "jms:queue:fapiao.orders";
    }

    @Override
    String outcomesListener() {
        return "jms:queue:fapiao.outcomes";
    }

    @Override
    String deadLettersListener() {
        return "jms:queue:fapiao.orders.dead";
    }

    @Override
    String correlationHeader() {
        return "JMSCorrelationID";
    }
}

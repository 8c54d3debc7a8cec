package io.fapiao.messages;

import io.fapiao.testing.ActiveMqClassicBroker;
import io.fapiao.testing.BrokerPerClass;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

/** The README's ActiveMQ Classic configuration (camel-activemq6, the 6.x OpenWire client) on the whole bundle. */
class ActiveMqClassicReadmeTest extends ReadmeConfigurationContract {

    @RegisterExtension
    static final BrokerPerClass<ActiveMqClassicBroker> broker = new BrokerPerClass<>(ActiveMqClassicBroker::start);

    @Override
    Map<String, String> component() {
        return broker.get().camelProperties();
    }

    @Override
    Map<String, String> readme() {
        return with(component(),
                "fapiao.messages.uri", "activemq6:queue:fapiao.orders?transacted=true",
                "fapiao.messages.outcome-uri", "activemq6:queue:fapiao.outcomes",
                "fapiao.messages.dead-letter-uri", "activemq6:queue:fapiao.orders.dead");
    }

    @Override
    String orders() {
        return "activemq6:queue:fapiao.orders";
    }

    @Override
    String outcomesListener() {
        return "activemq6:queue:fapiao.outcomes";
    }

    @Override
    String deadLettersListener() {
        return "activemq6:queue:fapiao.orders.dead";
    }

    @Override
    String correlationHeader() {
        return "JMSCorrelationID";
    }
}

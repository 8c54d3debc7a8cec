package io.fapiao.messages;

import io.fapiao.testing.ActiveMqClassicBroker;
import io.fapiao.testing.BrokerPerClass;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

/** ActiveMQ Classic through camel-activemq6 (the 6.x OpenWire client); {@code transacted=true} acknowledges on commit. */
class ActiveMqClassicAcknowledgementTest extends AcknowledgementContract {

    @RegisterExtension
    static final BrokerPerClass<ActiveMqClassicBroker> broker = new BrokerPerClass<>(ActiveMqClassicBroker::start);

    @Override
    Map<String, String> component() {
        return broker.get().camelProperties();
    }

    @Override
    String consumerUri(String destination) {
        return "activemq6:queue:" + destination + "?transacted=true";
    }

    @Override
    String producerUri(String destination) {
        return "activemq6:queue:" + destination;
    }
}

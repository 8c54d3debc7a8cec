package io.fapiao.messages;

import io.fapiao.testing.ArtemisBroker;
import io.fapiao.testing.BrokerPerClass;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

/** ActiveMQ Artemis through camel-jms and the Artemis JMS client; {@code transacted=true} acknowledges on commit. */
class ArtemisAcknowledgementTest extends AcknowledgementContract {

    @RegisterExtension
    static final BrokerPerClass<ArtemisBroker> broker = new BrokerPerClass<>(ArtemisBroker::start);

    @Override
    Map<String, String> component() {
        return broker.get().camelProperties();
    }

    @Override
    String consumerUri(String destination) {
        return "jms:queue:" + destination + "?transacted=true";
    }

    @Override
    String producerUri(String destination) {
        return "jms:queue:" + destination;
    }
}

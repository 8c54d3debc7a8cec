package io.fapiao.messages;

import io.fapiao.testing.ActiveMqClassicBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Properties;

/** ActiveMQ Classic through camel-activemq6 (the 6.x OpenWire client); {@code transacted=true} acknowledges on commit. */
class ActiveMqClassicAcknowledgementTest extends AcknowledgementContract {

    @TempDir
    static Path brokerDir;
    static ActiveMqClassicBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = ActiveMqClassicBroker.start(brokerDir);
    }

    @AfterAll
    static void stopBroker() throws Exception {
        broker.close();
    }

    @Override
    Properties properties() {
        Properties p = new Properties();
        p.put("camel.component.activemq6.broker-url", broker.url());
        return p;
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

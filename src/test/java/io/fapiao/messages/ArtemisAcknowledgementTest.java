package io.fapiao.messages;

import io.fapiao.testing.ArtemisBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Properties;

/** ActiveMQ Artemis through camel-jms and the Artemis JMS client; {@code transacted=true} acknowledges on commit. */
class ArtemisAcknowledgementTest extends AcknowledgementContract {

    @TempDir
    static Path brokerDir;
    static ArtemisBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = ArtemisBroker.start(brokerDir);
    }

    @AfterAll
    static void stopBroker() throws Exception {
        broker.close();
    }

    @Override
    Properties properties() {
        Properties p = new Properties();
        p.put("camel.component.jms.connection-factory",
                "#class:org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory(\"" + broker.url() + "\")");
        return p;
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

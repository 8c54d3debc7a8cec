package io.fapiao.messages;

import io.fapiao.testing.ArtemisBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

/** The README's ActiveMQ Artemis configuration (camel-jms with the Artemis client) on the whole bundle. */
class ArtemisReadmeTest extends ReadmeConfigurationContract {

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
    Map<String, String> component() {
        return Map.of("camel.component.jms.connection-factory",
                "#class:org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory(\"" + broker.url() + "\")");
    }

    @Override
    Map<String, String> readme() {
        return Map.of(
                "camel.component.jms.connection-factory", component().get("camel.component.jms.connection-factory"),
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

package io.fapiao.messages;

import io.fapiao.testing.ActiveMqClassicBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

/** The README's ActiveMQ Classic configuration (camel-activemq6, the 6.x OpenWire client) on the whole bundle. */
class ActiveMqClassicReadmeTest extends ReadmeConfigurationContract {

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
    Map<String, String> component() {
        return Map.of("camel.component.activemq6.broker-url", broker.url());
    }

    @Override
    Map<String, String> readme() {
        return Map.of(
                "camel.component.activemq6.broker-url", broker.url(),
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

package io.fapiao.messages;

import io.fapiao.testing.KafkaBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

/** The README's Kafka configuration (camel-kafka, offsets committed once processed) on the whole bundle. */
class KafkaReadmeTest extends ReadmeConfigurationContract {

    @TempDir
    static Path brokerDir;
    static KafkaBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = KafkaBroker.start(brokerDir);
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Override
    Map<String, String> component() {
        return Map.of("camel.component.kafka.brokers", broker.bootstrapServers());
    }

    @Override
    Map<String, String> readme() {
        return Map.of(
                "camel.component.kafka.brokers", broker.bootstrapServers(),
                "camel.component.kafka.kafka-manual-commit-factory",
                "#class:org.apache.camel.component.kafka.consumer.DefaultKafkaManualCommitFactory",
                "fapiao.messages.uri", "kafka:fapiao-orders?groupId=fapiao-camel&autoOffsetReset=earliest"
                        + "&autoCommitEnable=false&allowManualCommit=true&breakOnFirstError=true",
                "fapiao.messages.outcome-uri", "kafka:fapiao-outcomes",
                "fapiao.messages.dead-letter-uri", "kafka:fapiao-orders-dead");
    }

    @Override
    String orders() {
        return "kafka:fapiao-orders";
    }

    @Override
    String outcomesListener() {
        return "kafka:fapiao-outcomes?groupId=erp&autoOffsetReset=earliest";
    }

    @Override
    String deadLettersListener() {
        return "kafka:fapiao-orders-dead?groupId=erp&autoOffsetReset=earliest";
    }

    @Override
    String correlationHeader() {
        return "kafka.KEY";
    }
}

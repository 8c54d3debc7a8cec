package io.fapiao.messages;

import io.fapiao.testing.BrokerPerClass;
import io.fapiao.testing.KafkaBroker;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

/** The README's Kafka configuration (camel-kafka, offsets committed once processed) on the whole bundle. */
class KafkaReadmeTest extends ReadmeConfigurationContract {

    @RegisterExtension
    static final BrokerPerClass<KafkaBroker> broker = new BrokerPerClass<>(KafkaBroker::start);

    @Override
    Map<String, String> component() {
        return broker.get().camelProperties();
    }

    @Override
    Map<String, String> readme() {
        return with(component(),
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

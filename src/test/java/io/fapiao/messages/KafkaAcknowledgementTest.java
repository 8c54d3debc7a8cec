package io.fapiao.messages;

import io.fapiao.testing.BrokerPerClass;
import io.fapiao.testing.KafkaBroker;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Kafka through camel-kafka: no auto-commit; the synchronous commit manager commits the offsets of the records the
 * route finished, after each poll; a failed record is sought back to and retried (breakOnFirstError).
 */
class KafkaAcknowledgementTest extends AcknowledgementContract {

    @RegisterExtension
    static final BrokerPerClass<KafkaBroker> broker = new BrokerPerClass<>(KafkaBroker::start);

    @Override
    Map<String, String> component() {
        Map<String, String> p = new HashMap<>(broker.get().camelProperties());
        p.put("camel.component.kafka.kafka-manual-commit-factory",
                "#class:org.apache.camel.component.kafka.consumer.DefaultKafkaManualCommitFactory");
        return p;
    }

    @Override
    String consumerUri(String destination) {
        // the session timeout is the broker's minimum, so the next consumer takes over a dead one's partition soon
        return "kafka:" + destination + "?groupId=fapiao-camel&autoOffsetReset=earliest&autoCommitEnable=false"
                + "&allowManualCommit=true&breakOnFirstError=true&sessionTimeoutMs=6000&heartbeatIntervalMs=1000";
    }

    @Override
    String producerUri(String destination) {
        return "kafka:" + destination;
    }

    @Override
    Duration takeOverTime() {
        return Duration.ofSeconds(45);
    }
}

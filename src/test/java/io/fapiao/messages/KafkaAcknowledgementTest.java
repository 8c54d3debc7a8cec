package io.fapiao.messages;

import io.fapiao.testing.KafkaBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

/**
 * Kafka through camel-kafka: no auto-commit; the synchronous commit manager commits the offsets of the records the
 * route finished, after each poll; a failed record is sought back to and retried (breakOnFirstError).
 */
class KafkaAcknowledgementTest extends AcknowledgementContract {

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
    Properties properties() {
        Properties p = new Properties();
        p.put("camel.component.kafka.brokers", broker.bootstrapServers());
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

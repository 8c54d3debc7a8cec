package io.fapiao.messages;

import io.fapiao.testing.RocketMqBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

/**
 * RocketMQ through camel-rocketmq's push consumer: a message counts as consumed when the listener returns
 * CONSUME_SUCCESS, and its offset is persisted every few seconds afterwards; a dead consumer's messages go to the
 * next consumer of the group.
 */
@Disabled("spike: the in-JVM broker starts and registers, but created topics never reach the name server's routes "
        + "(pickupTopicRouteData stays null); see docs/notes/messages.md")
class RocketMqAcknowledgementTest extends AcknowledgementContract {

    @TempDir
    static Path brokerDir;
    static RocketMqBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = RocketMqBroker.start(brokerDir);
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Override
    Properties properties() {
        Properties p = new Properties();
        p.put("camel.component.rocketmq.namesrv-addr", broker.namesrvAddr());
        return p;
    }

    @Override
    String consumerUri(String destination) {
        return "rocketmq:" + destination + "?consumerGroup=fapiao-camel";
    }

    @Override
    void prepare(String destination) {
        broker.createTopic(destination);
    }

    @Override
    String producerUri(String destination) {
        return "rocketmq:" + destination + "?producerGroup=fapiao-test&waitForSendResult=true";
    }

    @Override
    Duration takeOverTime() {
        return Duration.ofSeconds(60);
    }
}

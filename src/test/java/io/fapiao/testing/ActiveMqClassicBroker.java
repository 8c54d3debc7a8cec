package io.fapiao.testing;

import jakarta.jms.ConnectionFactory;
import org.apache.activemq.ActiveMQConnectionFactory;
import org.apache.activemq.broker.BrokerService;

import java.nio.file.Path;
import java.util.Map;

/**
 * ActiveMQ Classic (6.x, the broker of {@code camel-activemq6}'s client) in this JVM on a free loopback port, without
 * persistence (the KahaDB store is a separate artifact; a consumer's crash is what the tests need, not the broker's).
 * Redelivery of a rolled-back message is the client's business in Classic: its {@code RedeliveryPolicy} (6 attempts,
 * then the broker's {@code ActiveMQ.DLQ}).
 */
public final class ActiveMqClassicBroker implements AutoCloseable {

    private final BrokerService broker;
    private final int port;

    private ActiveMqClassicBroker(BrokerService broker, int port) {
        this.broker = broker;
        this.port = port;
    }

    public static ActiveMqClassicBroker start(Path dir) throws Exception {
        int port = FreePorts.next();
        BrokerService broker = new BrokerService();
        broker.setBrokerName("fapiao-test-" + port);
        broker.setDataDirectoryFile(dir.toFile());
        broker.setPersistent(false);
        broker.setUseJmx(false);
        broker.setUseShutdownHook(false);
        broker.addConnector("tcp://127.0.0.1:" + port);
        broker.start();
        broker.waitUntilStarted();
        return new ActiveMqClassicBroker(broker, port);
    }

    /** The broker URL, as in {@code camel.component.activemq6.broker-url}. */
    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    /** What the bundle's Camel component needs to reach this broker, as the README gives it. */
    public Map<String, String> camelProperties() {
        return Map.of("camel.component.activemq6.broker-url", url());
    }

    public int port() {
        return port;
    }

    public ConnectionFactory connectionFactory() {
        return new ActiveMQConnectionFactory(url());
    }

    @Override
    public void close() throws Exception {
        broker.stop();
        broker.waitUntilStopped();
    }
}

package io.fapiao.testing;

import jakarta.jms.ConnectionFactory;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

import java.nio.file.Path;
import java.util.Map;

/**
 * ActiveMQ Artemis in this JVM, on a free loopback port, with a persistent journal under a folder of the test's:
 * what {@code camel.component.jms.connection-factory} points at with the Artemis client. A message delivered but not
 * acknowledged goes back to its queue when the consumer's connection ends; after {@link #MAX_DELIVERY_ATTEMPTS} it
 * goes to the {@code DLQ} queue, as with the defaults of Artemis's own {@code broker.xml}.
 */
public final class ArtemisBroker implements AutoCloseable {

    public static final int MAX_DELIVERY_ATTEMPTS = 10;

    private final EmbeddedActiveMQ server;
    private final int port;

    private ArtemisBroker(EmbeddedActiveMQ server, int port) {
        this.server = server;
        this.port = port;
    }

    public static ArtemisBroker start(Path dir) throws Exception {
        return start(dir, FreePorts.next());
    }

    /** A broker on this port with its journal in {@code dir}: after {@link #close()}, the same broker started again. */
    public static ArtemisBroker start(Path dir, int port) throws Exception {
        Configuration config = new ConfigurationImpl()
                .setName("fapiao-test-artemis")
                .setPersistenceEnabled(true)
                .setJournalType(JournalType.NIO)
                .setJournalDirectory(dir.resolve("journal").toString())
                .setBindingsDirectory(dir.resolve("bindings").toString())
                .setPagingDirectory(dir.resolve("paging").toString())
                .setLargeMessagesDirectory(dir.resolve("large-messages").toString())
                .setJournalFileSize(1024 * 1024)
                .setJournalMinFiles(2)
                .setSecurityEnabled(false)
                .setJMXManagementEnabled(false)
                .addAcceptorConfiguration("fapiao-test", "tcp://127.0.0.1:" + port + "?protocols=CORE");
        config.addAddressSetting("#", new AddressSettings()
                .setDeadLetterAddress(SimpleString.of("DLQ"))
                .setAutoCreateDeadLetterResources(true)
                .setMaxDeliveryAttempts(MAX_DELIVERY_ATTEMPTS)
                .setRedeliveryDelay(0L));
        EmbeddedActiveMQ server = new EmbeddedActiveMQ().setConfiguration(config);
        server.start();
        return new ArtemisBroker(server, port);
    }

    /** The client's URL, as in {@code ActiveMQConnectionFactory("tcp://127.0.0.1:61616")}. */
    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    /** The client's connection factory as a Camel property value ({@code #class:…}), as the README gives it. */
    public String connectionFactoryBean() {
        return "#class:org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory(\"" + url() + "\")";
    }

    /** What the bundle's Camel component needs to reach this broker, as the README gives it. */
    public Map<String, String> camelProperties() {
        return Map.of("camel.component.jms.connection-factory", connectionFactoryBean());
    }

    public int port() {
        return port;
    }

    public ConnectionFactory connectionFactory() {
        return new ActiveMQConnectionFactory(url());
    }

    /** Messages waiting in a queue (delivered but unacknowledged ones included). */
    public long messageCount(String queue) {
        var q = server.getActiveMQServer().locateQueue(queue);
        return q == null ? 0 : q.getMessageCount();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}

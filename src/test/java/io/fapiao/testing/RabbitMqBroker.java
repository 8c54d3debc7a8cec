package io.fapiao.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * RabbitMQ cannot run in a JVM: this starts a private node of the Debian package's server ({@code apt-get install
 * rabbitmq-server}; {@code .ci/run} installs it) as a child process, on free loopback ports, with its database, logs
 * and Erlang cookie under a folder of the test's, and stops it on {@link #close()}. The package's own service is not
 * used. Erlang's port mapper ({@code epmd}) is started by the first node and outlives it, as it does for any Erlang
 * program.
 */
public final class RabbitMqBroker implements AutoCloseable {

    /** The Debian package's server script (the one in /usr/sbin switches to the rabbitmq user). */
    static final Path SERVER = Path.of("/usr/lib/rabbitmq/bin/rabbitmq-server");
    /** Set by .ci/run: the brokers a CI run must have, so a missing package fails instead of skipping. */
    static final String REQUIRED = "FAPIAO_TEST_BROKERS";

    private final Process process;
    private final int port;

    private RabbitMqBroker(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static boolean installed() {
        return Files.isExecutable(SERVER);
    }

    /** Skips the calling test when the server is not installed, unless this run requires it. */
    public static void assumeInstalled() {
        String required = System.getenv().getOrDefault(REQUIRED, "");
        if (required.contains("rabbitmq") && !installed()) {
            throw new IllegalStateException(SERVER + " is missing: apt-get install rabbitmq-server");
        }
        Assumptions.assumeTrue(installed(), "rabbitmq-server is not installed (apt-get install rabbitmq-server)");
    }

    /** {@link #start(Path)}, or the calling test skipped where the server is not installed ({@link #assumeInstalled()}). */
    public static RabbitMqBroker startIfInstalled(Path dir) throws IOException, InterruptedException {
        assumeInstalled();
        return start(dir);
    }

    public static RabbitMqBroker start(Path dir) throws IOException, InterruptedException {
        int port = FreePorts.next();
        Path home = Files.createDirectories(dir.toAbsolutePath());
        Files.writeString(home.resolve("rabbitmq.conf"), "loopback_users = none\n");
        Files.writeString(home.resolve("enabled_plugins"), "[].\n");
        ProcessBuilder pb = new ProcessBuilder(SERVER.toString())
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(home.resolve("server.out").toFile());
        Map<String, String> env = pb.environment();
        env.put("HOME", home.toString());
        env.put("RABBITMQ_NODENAME", "fapiao-test-" + port + "@localhost");
        env.put("RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1");
        env.put("RABBITMQ_NODE_PORT", Integer.toString(port));
        env.put("RABBITMQ_DIST_PORT", Integer.toString(FreePorts.next()));
        env.put("RABBITMQ_MNESIA_BASE", home.resolve("mnesia").toString());
        env.put("RABBITMQ_LOG_BASE", home.resolve("log").toString());
        env.put("RABBITMQ_CONFIG_FILE", home.resolve("rabbitmq").toString());
        env.put("RABBITMQ_ENABLED_PLUGINS_FILE", home.resolve("enabled_plugins").toString());
        env.put("RABBITMQ_PID_FILE", home.resolve("rabbitmq.pid").toString());
        Process process = pb.start();
        RabbitMqBroker broker = new RabbitMqBroker(process, port);
        Instant end = Instant.now().plus(Duration.ofSeconds(60));
        while (!listening(port)) {
            if (!process.isAlive() || Instant.now().isAfter(end)) {
                broker.close();
                throw new IOException("rabbitmq-server did not start; see " + home.resolve("server.out"));
            }
            Thread.sleep(100);
        }
        return broker;
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return port;
    }

    /** The AMQP 0-9-1 URI of the default virtual host, user guest (allowed from loopback). */
    public String amqpUri() {
        return "amqp://guest:guest@127.0.0.1:" + port;
    }

    /** What the bundle's Camel component needs to reach this broker, as the README gives it. */
    public Map<String, String> camelProperties() {
        return Map.of("camel.beans.rabbitConnectionFactory",
                "#class:org.springframework.amqp.rabbit.connection.CachingConnectionFactory",
                "camel.beans.rabbitConnectionFactory.uri", amqpUri());
    }

    /**
     * Declares what {@code spring-rabbitmq:<name>?queues=<name>&arg.queue.durable=true} declares — a durable direct
     * exchange and a durable queue of that name, bound with the empty routing key — so that messages sent before any
     * consumer started are kept, as they are where the ERP's side declared the queue.
     */
    public void declareQueue(String name) throws Exception {
        com.rabbitmq.client.ConnectionFactory factory = new com.rabbitmq.client.ConnectionFactory();
        factory.setUri(amqpUri());
        try (var connection = factory.newConnection(); var channel = connection.createChannel()) {
            channel.exchangeDeclare(name, "direct", true);
            channel.queueDeclare(name, true, false, false, null);
            channel.queueBind(name, name, "");
        }
    }

    /** Stops the node (SIGTERM: the server script shuts RabbitMQ down cleanly), and whatever it left. */
    @Override
    public void close() throws InterruptedException {
        var children = process.descendants().toList();
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        for (ProcessHandle child : children) {
            child.destroy();
        }
        for (ProcessHandle child : children) {
            try {
                child.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                child.destroyForcibly();
            }
        }
    }
}

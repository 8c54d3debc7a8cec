package io.fapiao.testing;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A consumer that dies while processing its first message, before it can acknowledge it: run in its own JVM
 * ({@link #run}), it consumes {@code uri} with the given properties, writes the body it received to a file, and halts
 * the JVM — no shutdown hook, no graceful close, as when the process is killed. The broker must then deliver the
 * message again to the next consumer.
 */
public final class CrashingConsumer {

    private CrashingConsumer() {
    }

    public static void main(String[] args) throws Exception {
        Properties properties = new Properties();
        try (Reader r = Files.newBufferedReader(Path.of(args[0]), StandardCharsets.UTF_8)) {
            properties.load(r);
        }
        String uri = args[1];
        Path received = Path.of(args[2]);
        MessagingApp.consumer(properties, uri, exchange -> {
            Files.writeString(received, exchange.getIn().getBody(String.class), StandardCharsets.UTF_8);
            Runtime.getRuntime().halt(137);
        });
        Thread.sleep(Long.MAX_VALUE);
    }

    /**
     * Runs the consumer in a new JVM on this test's class path and waits until it has halted; answers the body it
     * received. Fails if it received nothing within the time given.
     */
    public static String run(Properties properties, String uri, Path dir, Duration within)
            throws IOException, InterruptedException {
        Path props = dir.resolve("crashing-consumer.properties");
        Path received = dir.resolve("crashing-consumer.received");
        Files.deleteIfExists(received);
        try (var w = Files.newBufferedWriter(props, StandardCharsets.UTF_8)) {
            properties.store(w, null);
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(CrashingConsumer.class.getName());
        command.add(props.toString());
        command.add(uri);
        command.add(received.toString());
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("crashing-consumer.log").toFile()).start();
        try {
            if (!p.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("the crashing consumer received nothing within " + within
                        + "; see " + dir.resolve("crashing-consumer.log"));
            }
            if (p.exitValue() != 137 || !Files.exists(received)) {
                throw new IllegalStateException("the crashing consumer ended with " + p.exitValue()
                        + " without receiving; see " + dir.resolve("crashing-consumer.log"));
            }
            return Files.readString(received, StandardCharsets.UTF_8);
        } finally {
            p.destroyForcibly();
        }
    }

}

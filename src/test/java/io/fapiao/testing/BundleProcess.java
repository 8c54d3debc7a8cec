package io.fapiao.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The bundle in a JVM of its own, as {@code java -jar} runs it: for a test that kills it, or gives it a heap of its
 * own. In-process bundles are {@link BundleInstance}.
 */
public final class BundleProcess {

    private BundleProcess() {
    }

    /**
     * Starts {@code io.fapiao.FapiaoApplication} with the tests' class path and {@code heap} (e.g. {@code -Xmx256m}):
     * its inbox, outbox and ledger ({@code ledger/<ledger>}) in {@code dir}, a free HTTP port, and {@code properties}
     * besides; what it says goes to {@code dir/<log>}.
     */
    public static Process start(Path dir, String heap, String ledger, Map<String, String> properties, String log)
            throws IOException {
        return start(dir, List.of(heap), ledger, properties, log);
    }

    /** As {@link #start(Path, String, String, Map, String)}, with these JVM options instead of a heap alone. */
    public static Process start(Path dir, List<String> jvmOptions, String ledger, Map<String, String> properties,
                                String log) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-Dfile.encoding=UTF-8",
                "-Dfapiao.inbox=" + dir.resolve("inbox"),
                "-Dfapiao.outbox=" + dir.resolve("outbox"),
                "-Dfapiao.ledger.url=jdbc:h2:file:" + dir.resolve("ledger").resolve(ledger).toAbsolutePath(),
                "-Dfapiao.http.port=" + FreePorts.next()));
        properties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.fapiao.FapiaoApplication"));
        return new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve(log).toFile()).start();
    }

    /**
     * Kills the bundle outright (SIGKILL, as {@code kill -9} its pid) and waits until it and the second JVM it may
     * have started (on two cores, see {@code SecondJvm}) have ended; false if either is still there after {@code
     * seconds}.
     */
    public static boolean killOutright(Process bundle, int seconds) throws InterruptedException {
        List<ProcessHandle> second = bundle.descendants().toList();
        bundle.destroyForcibly();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        if (!bundle.waitFor(seconds, TimeUnit.SECONDS)) {
            return false;
        }
        for (ProcessHandle h : second) {
            while (h.isAlive()) {
                if (System.nanoTime() > end) {
                    return false;
                }
                Thread.sleep(10);
            }
        }
        return true;
    }

    /**
     * Waits up to a minute until the bundle's log holds {@code text}; fails the test with the log's end if the bundle
     * ends first or it never does.
     */
    public static void awaitLog(Path log, String text, Process bundle) throws Exception {
        Instant until = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(until) && bundle.isAlive()) {
            if (Files.exists(log) && Files.readString(log).contains(text)) {
                return;
            }
            Thread.sleep(50);
        }
        fail("the bundle did not say \"" + text + "\":\n" + (Files.exists(log) ? tail(log) : "(no log)"));
    }

    /** The end of what a bundle said (its last 4,000 characters), for a failure's message. */
    public static String tail(Path log) throws IOException {
        return tail(Files.readString(log));
    }

    /** The last 4,000 characters of a log already read. */
    public static String tail(String log) {
        return log.length() > 4_000 ? log.substring(log.length() - 4_000) : log;
    }
}

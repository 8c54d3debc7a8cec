package io.fapiao.flow;

import io.fapiao.FapiaoConfiguration;
import io.fapiao.sandbox.yun2.Yun2Sandbox;
import io.fapiao.testing.TestDirs;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs the whole bundle as {@code java -jar} would (Camel Main, the YAML routes, the sandbox over loopback HTTP,
 * an H2 file ledger), in a fresh folder and on a free port for every test.
 */
public abstract class RouteTestSupport extends CamelMainTestSupport {

    protected Path dir;
    protected int port;

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        try {
            dir = Files.createTempDirectory("fapiao-test");
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Properties p = new Properties();
        p.put("fapiao.inbox", dir.resolve("inbox").toString());
        p.put("fapiao.outbox", dir.resolve("outbox").toString());
        p.put("fapiao.ledger.url", "jdbc:h2:file:" + dir.resolve("ledger/fapiao").toAbsolutePath());
        p.put("fapiao.http.port", Integer.toString(port));
        p.put("fapiao.inbox.poll-ms", "100");
        p.put("fapiao.inbox.read-lock-check-ms", "100");
        p.put("fapiao.inbox.read-lock-min-age-ms", "100");
        p.put("fapiao.poll.interval-ms", "100");
        p.put("fapiao.poll.min-delay-ms", "100");
        p.put("fapiao.poll.max-delay-ms", "400");
        p.put("fapiao.pdf.retry-delay-ms", "300");
        p.put("vendor.yun2.retry-delay-ms", "50");
        more(p);
        return p;
    }

    /** Properties a test class adds or changes. */
    protected void more(Properties p) {
    }

    /**
     * Stops the bundle as production would, lets the test class close what must outlive it (Camel's own stop comes
     * after this tear-down: too late for that), and deletes the test's folder.
     */
    @Override
    protected void doPostTearDown() throws Exception {
        try {
            if (context != null) {
                context.stop();
            }
            afterBundleStopped();
        } finally {
            TestDirs.delete(dir);
            super.doPostTearDown();
        }
    }

    /** What the test class closes once the bundle has stopped (a server it talked to, say). */
    protected void afterBundleStopped() throws Exception {
    }

    @Override
    protected void configure(MainConfigurationProperties configuration) {
        configuration.addConfiguration(FapiaoConfiguration.class);
    }

    protected Yun2Sandbox yun2() {
        return context.getRegistry().lookupByNameAndType("yun2Sandbox", Yun2Sandbox.class);
    }

    protected Path inbox() {
        return dir.resolve("inbox");
    }

    protected Path outbox() {
        return dir.resolve("outbox");
    }

    /** Drops a file the way an ERP should: written under a hidden name, then renamed into place. */
    protected void drop(String name, byte[] content) throws IOException {
        Files.createDirectories(inbox());
        Path tmp = inbox().resolve("." + name + ".part");
        Files.write(tmp, content);
        Files.move(tmp, inbox().resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    protected void drop(String name, String utf8) throws IOException {
        drop(name, utf8.getBytes(StandardCharsets.UTF_8));
    }

    /** Waits until the input has left the inbox (every order has an outcome); answers where it went. */
    protected Path awaitDone(String name) {
        return await(() -> {
            for (String d : List.of(".done", ".failed")) {
                Path p = inbox().resolve(d).resolve(name);
                if (Files.exists(p) && !Files.exists(inbox().resolve(name))) {
                    return p;
                }
            }
            return null;
        }, "input " + name + " to leave the inbox");
    }

    /** The rows of an input's result file (the BOM checked and stripped). */
    protected List<CSVRecord> results(String name) throws IOException {
        return csv(outbox().resolve("results").resolve(name + ".result.csv"));
    }

    protected List<CSVRecord> errors(String name) throws IOException {
        return csv(outbox().resolve("errors").resolve(name + ".errors.csv"));
    }

    protected static List<CSVRecord> csv(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        if (!text.startsWith("\uFEFF")) {
            fail(file + " does not start with a UTF-8 BOM");
        }
        try (Reader r = new StringReader(text.substring(1))) {
            return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(r).getRecords();
        }
    }

    /** Waits until the result file of an input satisfies a condition. */
    protected List<CSVRecord> awaitResults(String name, Predicate<List<CSVRecord>> done) {
        return await(() -> {
            try {
                Path f = outbox().resolve("results").resolve(name + ".result.csv");
                if (!Files.exists(f)) {
                    return null;
                }
                List<CSVRecord> rows = results(name);
                return done.test(rows) ? rows : null;
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }, "results of " + name);
    }

    protected static boolean allSettled(List<CSVRecord> rows) {
        return rows.stream().noneMatch(r -> r.get("status").equals("PENDING"))
                && rows.stream().filter(r -> r.get("status").equals("ISSUED")).allMatch(r -> !r.get("pdf").isEmpty());
    }

    protected interface Probe<T> {
        T get() throws Exception;
    }

    protected static <T> T await(Probe<T> probe, String what) {
        Instant end = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(end)) {
            try {
                T v = probe.get();
                if (v != null) {
                    return v;
                }
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (Exception e) {
                // not yet
            }
        }
        return fail("timed out waiting for " + what);
    }
}

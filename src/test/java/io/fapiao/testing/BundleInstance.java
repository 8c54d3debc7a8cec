package io.fapiao.testing;

import io.fapiao.FapiaoConfiguration;
import org.apache.camel.main.Main;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * One whole bundle as {@code java -jar} runs it (Camel Main, the YAML routes, its own HTTP port, inbox and outbox),
 * configured by an {@code application.properties} in its own folder — several of them can run side by side.
 */
public final class BundleInstance implements AutoCloseable {

    private final Path dir;
    private final Main main = new Main();
    private final int port;

    public BundleInstance(Path dir, Map<String, String> properties) throws IOException {
        this.dir = dir;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Map<String, String> all = new LinkedHashMap<>();
        all.put("fapiao.inbox", dir.resolve("inbox").toString());
        all.put("fapiao.outbox", dir.resolve("outbox").toString());
        all.put("fapiao.http.port", Integer.toString(port));
        all.put("fapiao.inbox.poll-ms", "100");
        all.put("fapiao.inbox.read-lock-check-ms", "100");
        all.put("fapiao.inbox.read-lock-min-age-ms", "100");
        all.put("fapiao.poll.interval-ms", "100");
        all.put("fapiao.poll.min-delay-ms", "100");
        all.put("fapiao.poll.max-delay-ms", "400");
        all.put("fapiao.pdf.retry-delay-ms", "300");
        all.put("vendor.yun2.retry-delay-ms", "50");
        all.put("camel.main.shutdown-timeout", "5");
        all.putAll(properties);
        StringBuilder file = new StringBuilder();
        all.forEach((k, v) -> file.append(k).append('=').append(v.replace("\\", "/")).append('\n'));
        Files.createDirectories(dir);
        Path props = dir.resolve("application.properties");
        Files.writeString(props, file);
        main.configure().addConfiguration(FapiaoConfiguration.class);
        main.setPropertyPlaceholderLocations("file:" + props.toAbsolutePath() + ",classpath:application.properties");
    }

    public BundleInstance start() {
        main.start();
        return this;
    }

    public int port() {
        return port;
    }

    public Path inbox() {
        return dir.resolve("inbox");
    }

    public Path outbox() {
        return dir.resolve("outbox");
    }

    /** Drops a file the way an ERP should: written under a hidden name, then renamed into place. */
    public void drop(String name, String utf8) throws IOException {
        Files.createDirectories(inbox());
        Path tmp = inbox().resolve("." + name + ".part");
        Files.writeString(tmp, utf8, StandardCharsets.UTF_8);
        Files.move(tmp, inbox().resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    /** The rows of an output's result file once they satisfy {@code done}; fails after {@code timeout}. */
    public List<CSVRecord> awaitResults(String outputName, Predicate<List<CSVRecord>> done, Duration timeout) {
        Instant end = Instant.now().plus(timeout);
        Path file = outbox().resolve("results").resolve(outputName + ".result.csv");
        List<CSVRecord> last = List.of();
        while (Instant.now().isBefore(end)) {
            try {
                if (Files.exists(file)) {
                    List<CSVRecord> rows = results(file);
                    last = rows;
                    if (done.test(rows)) {
                        return rows;
                    }
                }
                Thread.sleep(100);
            } catch (IOException | RuntimeException e) {
                // being written; look again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("timed out waiting for the results of " + outputName + " in " + dir + "; last seen: "
                + last.stream().filter(r -> !r.get("status").equals("ISSUED") || r.get("pdf").isEmpty())
                .map(CSVRecord::toList).toList());
    }

    private static List<CSVRecord> results(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        try (Reader r = new StringReader(text.startsWith("\uFEFF") ? text.substring(1) : text)) {
            return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(r).getRecords();
        }
    }

    @Override
    public void close() {
        try {
            main.stop();
        } catch (Exception e) {
            throw new UncheckedIOException(new IOException("the bundle did not stop cleanly", e));
        }
    }
}

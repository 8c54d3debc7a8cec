import java.io.BufferedWriter;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The benchmark harness (not a test): {@code java bench/Benchmark.java [throughput-orders] [heap-lines]}.
 *
 * <ol>
 *   <li>Throughput: one-line orders through the whole pipeline — CSV, tax checks, ledger (H2 file), the yun2
 *       sandbox over loopback HTTP with zero latency, the PDF download, the result files — timed between the
 *       bundle's own log lines "File … reading orders" and "File …: N orders".</li>
 *   <li>Memory: a 1,000,000-line CSV (orders of 10 lines) through the same pipeline under {@code -Xmx256m}; peak
 *       heap is the largest occupancy the GC log shows when a collection starts, and what stays after the
 *       collections that clean the old generation (mixed or full) shows whether anything grows with the file.</li>
 * </ol>
 * Runs the packaged jar ({@code ./mvnw -q package -DskipTests} first) as a separate JVM, as a user would, in live
 * mode against the yun2 simulator in a third JVM ({@code io.fapiao.sandbox.SandboxServer}), so that the heap measured
 * is the bundle's alone and not the simulator's memory of every invoice it issued.
 */
public class Benchmark {

    /** The bundle's heap limit: 256m unless BENCH_XMX says otherwise (to find how little it needs). */
    private static final String XMX = System.getenv().getOrDefault("BENCH_XMX", "256m");
    private static final Pattern STAMP = Pattern.compile("^(\\d\\d:\\d\\d:\\d\\d\\.\\d{3})");
    private static final Pattern GC = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

    public static void main(String[] args) throws Exception {
        long orders = args.length > 0 ? Long.parseLong(args[0]) : 20_000;
        long heapLines = args.length > 1 ? Long.parseLong(args[1]) : 1_000_000;
        Path jar = Path.of("target/fapiao-camel.jar").toAbsolutePath();
        if (!Files.exists(jar)) {
            throw new IllegalStateException("build the jar first: ./mvnw -q package -DskipTests");
        }
        Path out = Path.of("bench/out").toAbsolutePath();
        deleteTree(out);
        if (orders > 0) {
            Result t = run(jar, out.resolve("throughput"), orders, 1);
            System.out.printf("throughput: %d orders (%d issued) in %.1f s = %.0f orders/s; peak heap %d MB (-Xmx%s)%n",
                    t.orders, t.issued, t.seconds, t.orders / t.seconds, t.peakHeapMb, XMX);
        }
        Result h = run(jar, out.resolve("heap"), heapLines / 10, 10);
        System.out.printf("memory: %d lines (%d orders, %d issued) in %.1f s = %.0f orders/s, %.0f lines/s; "
                        + "peak heap %d MB, at most %d MB left after old-generation collections, under -Xmx%s%n",
                heapLines, h.orders, h.issued, h.seconds, h.orders / h.seconds, heapLines / h.seconds, h.peakHeapMb,
                h.liveMb, XMX);
    }

    record Result(long orders, long issued, double seconds, long peakHeapMb, long liveMb) {
    }

    static Result run(Path jar, Path dir, long orders, int linesPerOrder) throws Exception {
        Files.createDirectories(dir.resolve("inbox"));
        Path staged = dir.resolve("orders.csv");
        write(staged, orders, linesPerOrder, dir.getFileName().toString().toUpperCase());
        int port = freePort();
        int vendorPort = freePort();
        Process vendor = new ProcessBuilder("java", "-Xmx2g", "-cp", jar.toString(), "io.fapiao.sandbox.SandboxServer",
                Integer.toString(vendorPort)).redirectErrorStream(true)
                .redirectOutput(dir.resolve("vendor.log").toFile()).start();
        try {
            awaitPort(vendorPort);
            Files.move(staged, dir.resolve("inbox/orders.csv"));
            Process p = new ProcessBuilder("java", "-Xmx" + XMX, "-Xlog:gc:file=gc.log", "-Dfapiao.log.level=WARN",
                    "-Dfapiao.mode=live", "-Dfapiao.seller.tax-id=91310115MA1K4B2X34",
                    "-Dvendor.yun2.base-url=http://127.0.0.1:" + vendorPort + "/yun2", "-Dvendor.yun2.username=sandbox",
                    "-Dvendor.yun2.password=sandbox-password", "-Dvendor.yun2.spid=5a1d0c3e9b7f4a2c8e6d0b1f3a5c7e9d",
                    "-Dfapiao.http.port=" + port, "-Dcamel.main.duration-max-idle-seconds=5",
                    "-Dfapiao.inbox=inbox", "-Dfapiao.outbox=outbox", "-Dfapiao.ledger.url=jdbc:h2:file:./ledger/fapiao",
                    "-jar", jar.toString())
                    .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("app.log").toFile())
                    .start();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("the bundle exited with " + p.exitValue() + ": see " + dir.resolve("app.log"));
            }
        } finally {
            vendor.destroy();
        }
        List<String> log = Files.readAllLines(dir.resolve("app.log"));
        LocalTime start = stamp(log, "File orders.csv (local): reading orders");
        LocalTime end = stamp(log, "File orders.csv: ");
        List<String> rows = Files.readAllLines(dir.resolve("outbox/results/orders.csv.result.csv"));
        long issued = rows.stream().filter(r -> r.contains(",ISSUED,")).count();
        long peak = 0;
        long live = 0;
        for (String line : Files.readAllLines(dir.resolve("gc.log"))) {
            Matcher m = GC.matcher(line);
            if (m.find()) {
                peak = Math.max(peak, Long.parseLong(m.group(1)));
                if (line.contains("Mixed") || line.contains("Pause Full")) {
                    live = Math.max(live, Long.parseLong(m.group(2)));
                }
            }
        }
        return new Result(rows.size() - 1, issued, Duration.between(start, end).toMillis() / 1000.0, peak, live);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static void awaitPort(int port) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("the simulator did not start on port " + port);
    }

    static LocalTime stamp(List<String> log, String text) {
        for (String line : log) {
            if (line.contains(text)) {
                Matcher m = STAMP.matcher(line);
                if (m.find()) {
                    return LocalTime.parse(m.group(1));
                }
            }
        }
        throw new IllegalStateException("no log line with: " + text);
    }

    static void write(Path file, long orders, int lines, String prefix) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("单据号,发票种类,购方名称,购方税号,商品名称,规格型号,单位,数量,单价,金额,税率,税收分类编码,备注\n");
            for (long o = 1; o <= orders; o++) {
                for (int l = 1; l <= lines; l++) {
                    w.write(prefix.charAt(0) + "-" + o + ",普票,杭州西湖茶叶有限公司,91330100MA27WQ8K3B,龙井茶" + l
                            + ",250g,盒,10,88.00,880.00,13%,1030307000000000000,\"基准测试, 第" + o + "单\"\n");
                }
            }
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        List<Path> all = new ArrayList<>();
        try (var s = Files.walk(p)) {
            s.forEach(all::add);
        }
        for (int i = all.size() - 1; i >= 0; i--) {
            Files.delete(all.get(i));
        }
    }
}

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Start-up time of a packaged jar (not a test): {@code java bench/StartupTime.java [runs] [jar] [url-path] [-Dk=v…]}.
 * Each run starts {@code java -jar <jar>} in an empty folder on a free port ({@code fapiao.http.port}, and
 * {@code camel.server.port} for a plain Camel Main app) and measures the wall time from launching the JVM to the
 * first HTTP answer on {@code url-path} (default {@code /api/health}), and the CPU time the JVM had used by then (user +
 * system, from /proc: steadier than wall time on a shared machine); the process is then killed. Prints every run and
 * the medians. The first run is a warm-up of the OS file cache and is not counted.
 */
public class StartupTime {

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        Path jar = Path.of(args.length > 1 ? args[1] : "target/fapiao-camel.jar").toAbsolutePath();
        String path = args.length > 2 ? args[2] : "/api/health";
        List<String> extra = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            extra.add(args[i]);
        }
        if (!Files.exists(jar)) {
            throw new IllegalStateException("no jar at " + jar + ": ./mvnw -q package -DskipTests first");
        }
        System.out.printf("%s: %,d bytes%n", jar.getFileName(), Files.size(jar));
        List<Long> times = new ArrayList<>();
        List<Long> cpus = new ArrayList<>();
        for (int i = 0; i <= runs; i++) {
            long[] t = once(jar, path, extra);
            if (i > 0) {
                times.add(t[0]);
                cpus.add(t[1]);
            }
            System.out.printf("run %d: %d ms, CPU %d ms%s%n", i, t[0], t[1], i == 0 ? " (warm-up, not counted)" : "");
        }
        Collections.sort(times);
        Collections.sort(cpus);
        System.out.printf("median of %d: %d ms (min %d, max %d); CPU median %d ms (min %d, max %d)%n", runs,
                times.get(times.size() / 2), times.get(0), times.get(times.size() - 1), cpus.get(cpus.size() / 2),
                cpus.get(0), cpus.get(cpus.size() - 1));
    }

    /** User + system CPU time of a process so far, in ms (Linux; -1 elsewhere). */
    static long cpuMs(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields 14 and 15 of the file (utime, stime) in clock ticks of 10 ms
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static long[] once(Path jar, String path, List<String> extra) throws Exception {
        Path dir = Files.createTempDirectory("startup");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dfapiao.http.port=" + port, "-Dcamel.server.port=" + port));
        command.addAll(extra);
        command.addAll(List.of("-jar", jar.toString()));
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofMillis(200)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(2)).build();
        long start = System.nanoTime();
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("out.log").toFile()).start();
        try {
            while (true) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("the jar stopped: see " + dir.resolve("out.log"));
                }
                try {
                    client.send(request, HttpResponse.BodyHandlers.discarding());
                    return new long[] {TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), cpuMs(p.pid())};
                } catch (IOException e) {
                    Thread.sleep(10);
                }
                if (System.nanoTime() - start > TimeUnit.SECONDS.toNanos(120)) {
                    throw new IllegalStateException("no answer within 120 s: see " + dir.resolve("out.log"));
                }
            }
        } finally {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
            }
        }
    }
}

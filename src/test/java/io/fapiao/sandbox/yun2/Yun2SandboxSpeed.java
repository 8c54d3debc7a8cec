package io.fapiao.sandbox.yun2;

import io.fapiao.sandbox.SandboxAccount;
import io.fapiao.sandbox.SandboxRequest;
import io.fapiao.sandbox.SandboxResponse;
import io.fapiao.sandbox.SandboxServer;
import io.fapiao.vendor.yun2.Yun2Form;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How fast the yun2 simulator answers, against a stand-in on the same server that answers canned bytes.
 * Not a test: {@code java -cp target/test-classes:target/classes:<dependencies> io.fapiao.sandbox.yun2.Yun2SandboxSpeed
 * [orders per run] [rounds]}.
 *
 * <p>A raw JDK HttpClient (HTTP/1.1, keep-alive) with 4 and then 8 threads does GetToken once, then per order FPKJ
 * (one line, a fresh XTLSH) and the POST of the PDF link the answer gives, as the bundle does. The stand-in answers
 * GetToken, FPKJ and the PDF with bytes the simulator produced once, so the two differ only in the simulator's own
 * work. After a warm-up of both, each round runs the stand-in and then the simulator; printed are the best run of
 * each, the median of the rounds' ratios, and the process's CPU time per order (client and server together), which
 * other load on a shared machine disturbs less than the wall clock.
 */
public final class Yun2SandboxSpeed {

    private static final AtomicLong RETRIES = new AtomicLong();
    private static final Pattern URL = Pattern.compile("\"url\":\"([^\"]+)\"");

    public static void main(String[] args) throws Exception {
        int orders = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Yun2Sandbox sandbox = SandboxAccount.yun2(SandboxAccount.SELLER);
        StandIn standIn = StandIn.recordedFrom(sandbox);
        try (SandboxServer server = SandboxServer.serving(0, Map.of(
                "yun2", new SandboxServer.Vendor(sandbox::handle, sandbox::mayWait),
                "canned", new SandboxServer.Vendor(standIn, request -> false)))) {
            String base = "http://127.0.0.1:" + server.port();
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            AtomicLong run = new AtomicLong();
            for (int threads : new int[] {4, 8}) {
                measure(http, base + "/canned", threads, orders / 4, run);
                measure(http, base + "/yun2", threads, orders / 4, run);
                Run standInBest = null;
                Run sandboxBest = null;
                List<Double> ratios = new ArrayList<>();
                List<Double> cpuRatios = new ArrayList<>();
                for (int r = 0; r < rounds; r++) {
                    Run canned = measure(http, base + "/canned", threads, orders, run);
                    Run simulator = measure(http, base + "/yun2", threads, orders, run);
                    ratios.add(simulator.perSecond() / canned.perSecond());
                    cpuRatios.add(canned.cpuMicros() / simulator.cpuMicros());
                    standInBest = Run.best(standInBest, canned);
                    sandboxBest = Run.best(sandboxBest, simulator);
                }
                System.out.printf("concurrency %d: best stand-in %.0f orders/s, best simulator %.0f orders/s, ratio %.2f;"
                                + " median of %d paired rounds %.2f; CPU per order (client and server) stand-in %.0f µs,"
                                + " simulator %.0f µs, median CPU ratio %.2f (client retries so far: %d)%n", threads,
                        standInBest.perSecond(), sandboxBest.perSecond(),
                        sandboxBest.perSecond() / standInBest.perSecond(), rounds, median(ratios),
                        standInBest.cpuMicros(), sandboxBest.cpuMicros(), median(cpuRatios), RETRIES.get());
            }
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /**
     * One run: orders per second (wall clock), and the process's CPU time per order — the second barely moves when
     * other work on the machine steals time, so it shows the simulator's own cost more steadily.
     */
    private record Run(double perSecond, double cpuMicros) {
        static Run best(Run a, Run b) {
            return a == null ? b : new Run(Math.max(a.perSecond, b.perSecond), Math.min(a.cpuMicros, b.cpuMicros));
        }
    }

    /** GetToken once, then FPKJ + PDF per order on {@code threads} threads. */
    private static Run measure(HttpClient http, String base, int threads, int orders, AtomicLong run)
            throws Exception {
        String login = Yun2Form.with("UserName", SandboxAccount.USER).and("Password", SandboxAccount.PASSWORD).encode();
        String tokenAnswer = post(http, base + "/API/LOGIN/GetToken", "", login).body();
        String token = tokenAnswer.replaceAll(".*\"ID\":\"(\\[[^\"]+])\".*", "$1");
        long prefix = run.incrementAndGet();
        AtomicLong next = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long cpuStart = os.getProcessCpuTime();
        long start = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            done.add(pool.submit(() -> {
                for (long n = next.getAndIncrement(); n < orders; n = next.getAndIncrement()) {
                    String answer = send(http, request(base + "/API/KPGL/FPKJ", token,
                            fpkjForm("SPEED-" + prefix + "-" + n)), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).body();
                    Matcher url = URL.matcher(answer);
                    if (!url.find()) {
                        throw new IllegalStateException("no PDF link in " + answer);
                    }
                    HttpResponse<byte[]> pdf = send(http, request(base + url.group(1), token, ""),
                            HttpResponse.BodyHandlers.ofByteArray());
                    if (pdf.statusCode() != 200 || pdf.body().length < 500) {
                        throw new IllegalStateException("PDF answer " + pdf.statusCode());
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuMicros = (os.getProcessCpuTime() - cpuStart) / 1e3 / orders;
        pool.shutdown();
        return new Run(orders / seconds, cpuMicros);
    }

    private static String fpkjForm(String xtlsh) {
        String order = "[{\"XTLSH\":\"" + xtlsh + "\",\"KHMC\":\"成都锦江文化传媒有限公司\",\"KHSH\":\"91350100M000100Y43\","
                + "\"FPZL\":\"021\",\"BZ\":\"\",\"ITEM\":[{\"CPMC\":\"*信息技术服务*软件开发服务\",\"CPSL\":\"1\",\"SL\":\"0.06\","
                + "\"BHSJE\":\"1000.00\",\"SE\":\"60.00\",\"FLBM\":\"3040201000000000000\"}]}]";
        return Yun2Form.with("spid", SandboxAccount.SPID).andBracketedBase64("data", order.getBytes(StandardCharsets.UTF_8))
                .encode();
    }

    /**
     * Sends once more when JDK 17's client fails a request on a pooled connection it has just closed itself
     * ("connection closed locally", seen a few times in 100,000 requests); the retries are counted and printed.
     * FPKJ may be repeated safely: a repeat answers the same invoice.
     */
    private static <T> HttpResponse<T> send(HttpClient http, HttpRequest request, HttpResponse.BodyHandler<T> body)
            throws Exception {
        try {
            return http.send(request, body);
        } catch (java.io.IOException e) {
            RETRIES.incrementAndGet();
            return http.send(request, body);
        }
    }

    private static HttpResponse<String> post(HttpClient http, String url, String token, String body) throws Exception {
        return http.send(request(url, token, body), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static HttpRequest request(String url, String token, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", Yun2Form.CONTENT_TYPE).POST(HttpRequest.BodyPublishers.ofString(body));
        return token.isEmpty() ? b.build() : b.header("token", token).build();
    }

    /** Answers GetToken, FPKJ and the PDF link with bytes the simulator gave once; nothing is parsed or stored. */
    private record StandIn(SandboxResponse token, SandboxResponse fpkj, SandboxResponse pdf)
            implements Function<SandboxRequest, SandboxResponse> {

        static StandIn recordedFrom(Yun2Sandbox sandbox) {
            String login = Yun2Form.with("UserName", SandboxAccount.USER).and("Password", SandboxAccount.PASSWORD).encode();
            Map<String, String> form = Map.of("content-type", Yun2Form.CONTENT_TYPE);
            SandboxResponse token = sandbox.handle(new SandboxRequest("POST", "/API/LOGIN/GetToken", "", form, login));
            String id = new String(token.body(), StandardCharsets.UTF_8).replaceAll(".*\"ID\":\"(\\[[^\"]+])\".*", "$1");
            SandboxResponse fpkj = sandbox.handle(new SandboxRequest("POST", "/API/KPGL/FPKJ", "",
                    Map.of("content-type", Yun2Form.CONTENT_TYPE, "token", id), fpkjForm("SPEED-STAND-IN")));
            Matcher url = URL.matcher(new String(fpkj.body(), StandardCharsets.UTF_8));
            if (!url.find()) {
                throw new IllegalStateException("the simulator gave no PDF link");
            }
            String link = url.group(1);
            SandboxResponse pdf = sandbox.handle(new SandboxRequest("POST", link.substring(0, link.indexOf('?')),
                    link.substring(link.indexOf('?') + 1), Map.of("token", id), ""));
            sandbox.reset();
            return new StandIn(token, fpkj, pdf);
        }

        @Override
        public SandboxResponse apply(SandboxRequest req) {
            String path = req.path();
            return path.endsWith("GetToken") ? token : path.endsWith("FPKJ") ? fpkj : pdf;
        }
    }
}

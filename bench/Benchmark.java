import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The benchmark harness of fapiao-camel (not a test). From the repository root, after
 * {@code ./mvnw -q package -DskipTests}:
 *
 * <pre>
 *   java bench/Benchmark.java [--quick] [options] [vendor-bound] [cpu-bound] [memory] [sandbox] [startup]
 * </pre>
 *
 * Every figure is two measurements taken side by side in one run, A and B alternating, and their ratio taken pair
 * by pair; the median of the pairs is the figure, min and max show the noise. The machine's load is printed with
 * every run. What each figure times:
 * <ul>
 *   <li><b>vendor-bound</b>: 400 one-line orders, the yun2 stand-in answering after 100 ms, concurrency 8. The bundle
 *       (the packaged jar, its own JVM, live mode, started and idle) is timed from the moment the order file, written
 *       under a hidden name, is renamed into its inbox — at a random moment 0.25–1.25 s after Camel says it started, as
 *       an ERP would, not in step with the inbox's poll — to the moment its result file shows every order ISSUED; its
 *       own log lines are a cross-check. The raw client (JDK HttpClient, FPKJ + PDF per order, 8 in flight, the same
 *       orders and the same invoice JSON) is timed from its first request to its last answer. Ratio raw time / bundle
 *       time, goal at least 0.95. CPU seconds of client and vendor are printed as well: they move less than wall
 *       time when others load the machine.</li>
 *   <li><b>cpu-bound</b>: 10,000 one-line orders, the stand-in answering at once, concurrency 4. Goal 0.8.</li>
 *   <li><b>memory</b>: 1,000,000 lines (100,000 orders of 10 lines) through the bundle under -Xmx64m and under -Xmx1g.
 *       Ratio time under 1g / time under 64m, goal 0.9; peak heap and collections from the GC log.</li>
 *   <li><b>sandbox</b>: the raw client against the bundle's built-in yun2 simulator ({@code SandboxServer}) and
 *       against the stand-in. Ratio stand-in time / simulator time, goal 0.8.</li>
 *   <li><b>floor</b> (on request, not a goal): the cpu-bound setting with the raw client bare and with the least the
 *       contract asks per order besides the calls ({@link Duties}). Ratio bare / with duties: the most the cpu-bound
 *       figure can be for any client that does that work.</li>
 *   <li><b>startup</b>: {@code java -jar target/fapiao-camel.jar} with no configuration (only a free port) until its
 *       HTTP port answers, against the smallest Camel Main app of its kind ({@code bench/startup-baseline}). Ratio
 *       bundle time / baseline time, goal at most 1.1.</li>
 * </ul>
 * The same file is the stand-in and the raw client, run as their own JVMs: {@code java bench/Benchmark.java stand-in
 * --port 9090 [--latency-ms 100]} and {@code java bench/Benchmark.java raw-client --url … --orders …}. Orders are
 * generated from a seed (any count); the bundle and the raw client get the same orders.
 */
public class Benchmark {

    static final String USAGE = """
            java bench/Benchmark.java [options] [figure ...]        (from the repository root, after ./mvnw -q package -DskipTests)
              figures: vendor-bound cpu-bound memory sandbox startup (default: all five)
                       floor: the raw client bare and doing the contract's per-order duties (not a goal; on request)
              --quick                 a smoke run of every figure with small counts, one run each, no warm-up
              --runs N                measured pairs per figure (default 3; startup 10)
              --warmup N              pairs run first and not counted (default 1; memory 0)
              --seed N                seed of the generated orders (default 1)
              --orders N              orders of vendor-bound, cpu-bound and sandbox (default 400, 10000, 5000)
              --memory-lines N        lines of the memory figure (default 1000000, 10 per order)
              --lines-per-order N     lines per order outside the memory figure (default 1)
              --concurrency N         in flight at once (default: vendor-bound 8, others 4)
              --latency-ms N          stand-in latency of vendor-bound (default 100)
              --heaps SMALL,LARGE     heaps of the memory figure (default 64m,1g)
              --vendor-url URL        use this yun2 (or stand-in) instead of starting bench's own stand-in;
                                      with --vendor-user, --vendor-password, --vendor-spid
              --bundle-opt ARG        one more JVM argument for the bundle, repeatable (e.g. -Dvendor.yun2.timeout-ms=5000)
              --duties-opt ARG        one more JVM argument for the floor figure's client with duties, repeatable
                                      (e.g. the bundle's second JVM's -XX:TieredStopAtLevel=1 -XX:+UseSerialGC)
              --jfr                   record each bundle run with JDK Flight Recorder (settings=profile) into its folder
                                      (on two cores with -XX:TieredStopAtLevel=1 -XX:+UseSerialGC, as the bundle's
                                      second JVM has them: a recording keeps the bundle in one JVM)
              --trace                 the stand-in writes every call's arrival and answer time; per-run analysis printed
              --out DIR               where runs leave their files (default bench/out)
              --jar FILE              the bundle to measure (default target/fapiao-camel.jar; another build to compare)
              --orders-file FILE      your own orders (CSV or JSON, as the contract says) instead of generated ones, in every
                                      figure but floor: the bundle gets the file as is, the raw client the FPKJ payloads
                                      the bundle's own classes make of it (bench/OrderForms.java), for the orders the
                                      checks pass and whose seller is empty or 91310115MA1K4B2X34
            sub-commands: stand-in [--port N] [--latency-ms N] [--threads N (0: the server's own thread)] [--warm-up-calls N]
                                   [--trace FILE]
                          raw-client --url URL --orders N [--concurrency N] [--lines-per-order N] [--seed N] [--tag T]
                                     [--duties DIR (with the bundle jar on the class path)]
            """;

    static final String SANDBOX_USER = "sandbox";
    static final String SANDBOX_PASSWORD = "sandbox-password";
    static final String SANDBOX_SPID = "5a1d0c3e9b7f4a2c8e6d0b1f3a5c7e9d";
    static final String SELLER = "91310115MA1K4B2X34";
    static final String FORM = "application/x-www-form-urlencoded;charset=UTF-8";

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("stand-in")) {
            StandIn.main(Arrays.copyOfRange(args, 1, args.length));
        } else if (args.length > 0 && args[0].equals("raw-client")) {
            RawClient.main(Arrays.copyOfRange(args, 1, args.length));
        } else if (args.length > 0 && (args[0].equals("-h") || args[0].equals("--help"))) {
            System.out.print(USAGE);
        } else {
            Options options;
            try {
                options = Options.parse(args);
            } catch (IllegalArgumentException e) {
                System.err.println("benchmark: " + e.getMessage());
                System.err.print(USAGE);
                System.exit(2);
                return;
            }
            try {
                new Harness(options).run();
            } catch (IllegalStateException e) {
                // what the harness itself found wrong (a run that failed, an order file it cannot read): one line
                System.err.println("benchmark: " + e.getMessage());
                System.exit(1);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ options

    static final class Options {
        boolean quick;
        Integer runs;
        Integer warmup;
        long seed = 1;
        Integer orders;
        Integer memoryLines;
        int linesPerOrder = 1;
        Integer concurrency;
        Integer latencyMs;
        String heaps = "64m,1g";
        String vendorUrl;
        String vendorUser = SANDBOX_USER;
        String vendorPassword = SANDBOX_PASSWORD;
        String vendorSpid = SANDBOX_SPID;
        final List<String> bundleOpts = new ArrayList<>();
        final List<String> dutiesOpts = new ArrayList<>();
        boolean jfr;
        boolean trace;
        Path out = Path.of("bench/out");
        Path jar = Path.of("target/fapiao-camel.jar");
        Path ordersFile;
        final List<String> figures = new ArrayList<>();

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--quick" -> o.quick = true;
                    case "--runs" -> o.runs = count(args, ++i, a, 1);
                    case "--warmup" -> o.warmup = count(args, ++i, a, 0);
                    case "--seed" -> o.seed = Long.parseLong(value(args, ++i, a, "a whole number", "-?\\d{1,18}"));
                    case "--orders" -> o.orders = count(args, ++i, a, 1);
                    case "--memory-lines" -> o.memoryLines = count(args, ++i, a, 1);
                    case "--lines-per-order" -> o.linesPerOrder = count(args, ++i, a, 1);
                    case "--concurrency" -> o.concurrency = count(args, ++i, a, 1);
                    case "--latency-ms" -> o.latencyMs = count(args, ++i, a, 0);
                    case "--heaps" -> o.heaps = value(args, ++i, a, "two heap sizes, the small one first (e.g. 64m,1g)",
                            "\\d+[kKmMgG]?,\\d+[kKmMgG]?");
                    case "--vendor-url" -> o.vendorUrl = value(args, ++i, a, "a URL", "https?://.+");
                    case "--vendor-user" -> o.vendorUser = value(args, ++i, a, "a user name", ".+");
                    case "--vendor-password" -> o.vendorPassword = value(args, ++i, a, "a password", ".+");
                    case "--vendor-spid" -> o.vendorSpid = value(args, ++i, a, "an spid", ".+");
                    case "--bundle-opt" -> o.bundleOpts.add(value(args, ++i, a, "a JVM argument", ".+"));
                    case "--duties-opt" -> o.dutiesOpts.add(value(args, ++i, a, "a JVM argument", ".+"));
                    case "--jfr" -> o.jfr = true;
                    case "--trace" -> o.trace = true;
                    case "--out" -> o.out = Path.of(value(args, ++i, a, "a folder", ".+"));
                    case "--jar" -> o.jar = Path.of(value(args, ++i, a, "a jar file", ".+"));
                    case "--orders-file" -> o.ordersFile = Path.of(value(args, ++i, a, "an order file (.csv or .json)", ".+"));
                    case "vendor-bound", "cpu-bound", "memory", "sandbox", "startup", "floor" -> o.figures.add(a);
                    default -> throw new IllegalArgumentException("unknown argument " + a);
                }
            }
            if (o.figures.isEmpty()) {
                o.figures.addAll(List.of("vendor-bound", "cpu-bound", "memory", "sandbox", "startup"));
            }
            if (o.ordersFile != null && !Files.isRegularFile(o.ordersFile)) {
                throw new IllegalArgumentException("--orders-file " + o.ordersFile + ": no such file");
            }
            if (o.ordersFile != null && o.figures.contains("floor")) {
                throw new IllegalArgumentException("floor runs on generated orders: leave out --orders-file or floor");
            }
            return o;
        }

        /** The value after option {@code name}, which must match {@code pattern}; {@code what} says what it should be. */
        private static String value(String[] args, int i, String name, String what, String pattern) {
            if (i >= args.length) {
                throw new IllegalArgumentException(name + " needs " + what);
            }
            if (!args[i].matches(pattern)) {
                throw new IllegalArgumentException(name + " " + args[i] + ": expected " + what);
            }
            return args[i];
        }

        private static int count(String[] args, int i, String name, int least) {
            String what = "a whole number of at least " + least;
            String v = value(args, i, name, what, "\\d{1,9}");
            int n = Integer.parseInt(v);
            if (n < least) {
                throw new IllegalArgumentException(name + " " + v + ": expected " + what);
            }
            return n;
        }

        int runs(int full) {
            return runs != null ? runs : quick ? 1 : full;
        }

        int warmup(int full) {
            return warmup != null ? warmup : quick ? 0 : full;
        }

        int orders(int full, int quickCount) {
            return orders != null ? orders : quick ? quickCount : full;
        }

        int concurrency(int full) {
            return concurrency != null ? concurrency : full;
        }
    }

    // ------------------------------------------------------------------------------------------------ harness

    /** One figure's outcome: the measured pairs, their ratios, the goal. */
    record Figure(String name, String what, String aName, List<Double> a, String bName, List<Double> b,
                  String ratioName, List<Double> ratios, String goalText, boolean pass, String note) {
    }

    static final class Harness {
        final Options opt;
        final Path root = Path.of("").toAbsolutePath();
        final Path jar;
        final Path out;
        final Path classes;
        final String java = ProcessHandle.current().info().command().orElse("java");
        final String stamp = Long.toString(System.currentTimeMillis() / 1000 % 1_000_000, 36);
        final List<Figure> figures = new ArrayList<>();

        Harness(Options opt) {
            this.opt = opt;
            this.out = opt.out.toAbsolutePath();
            this.jar = opt.jar.toAbsolutePath();
            this.classes = out.resolve("classes");
        }

        /** The user's order file ({@code --orders-file}), made ready once; null when orders are generated. */
        Given given;

        /**
         * A user's order file: {@code orders} orders in it, {@code sendable} of them sent by the bundle (the others it
         * rejects); {@code forms} holds the FPKJ {@code data} parameter of each of those, for the raw client.
         */
        record Given(Path file, String extension, int orders, int sendable, Path forms) {

            String describe() {
                return String.format("%s (%,d orders, %,d of them sent)", file.getFileName(), orders, sendable);
            }
        }

        /** The bundle runs' work folders, deleted once every figure is measured (see bundleRun). */
        final List<Path> spent = new ArrayList<>();

        void run() throws Exception {
            // stopped or interrupted: take the stand-ins, bundles and clients started so far along
            Runtime.getRuntime().addShutdownHook(new Thread(() -> ProcessHandle.current().descendants()
                    .forEach(ProcessHandle::destroy)));
            if (!Files.exists(jar)) {
                throw new IllegalStateException("no " + jar + ": build it first with ./mvnw -q package -DskipTests");
            }
            Files.createDirectories(out);
            compileSelf();
            if (opt.ordersFile != null) {
                given = prepareGiven(opt.ordersFile.toAbsolutePath());
            }
            System.out.printf("fapiao-camel benchmark %s: %d cores, %s, java %s; jar %s (%s)%n",
                    LocalDateTime.now().withNano(0), Runtime.getRuntime().availableProcessors(), load(),
                    System.getProperty("java.version"), root.relativize(jar), FileTime.from(Files.getLastModifiedTime(jar).toInstant()));
            for (String f : opt.figures) {
                switch (f) {
                    case "vendor-bound" -> figures.add(vendorBound());
                    case "cpu-bound" -> figures.add(cpuBound());
                    case "memory" -> figures.add(memory());
                    case "sandbox" -> figures.add(sandbox());
                    case "startup" -> figures.add(startup());
                    case "floor" -> figures.add(floor());
                    default -> throw new IllegalStateException(f);
                }
            }
            System.out.println();
            System.out.println("| figure | measured (median, min–max) | ratio (median, min–max) | goal | result |");
            System.out.println("|---|---|---|---|---|");
            for (Figure f : figures) {
                System.out.printf("| %s: %s | %s %s; %s %s | %s %s | %s | %s |%n", f.name, f.what, f.aName,
                        secs(f.a), f.bName, secs(f.b), f.ratioName, ratio(f.ratios), f.goalText, (f.goalText.equals("—") ? "—"
                                : f.pass ? "pass" : "FAIL")
                                + (f.note.isEmpty() ? "" : " (" + f.note + ")"));
            }
            // the logs, GC logs and recordings stay
            for (Path work : spent) {
                try {
                    deleteTree(work);
                } catch (IOException e) {
                    System.out.println("(could not delete " + work + ": " + e.getMessage() + ")");
                }
            }
        }

        /** The stand-in and the raw client run as their own JVMs from this very file, compiled once. */
        void compileSelf() throws IOException {
            Path source = root.resolve("bench/Benchmark.java");
            if (!Files.exists(source)) {
                throw new IllegalStateException("run from the repository root: java bench/Benchmark.java");
            }
            Path marker = classes.resolve("Benchmark.class");
            if (Files.exists(marker) && Files.getLastModifiedTime(marker).compareTo(Files.getLastModifiedTime(source)) > 0) {
                return;
            }
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            if (javac == null) {
                throw new IllegalStateException("needs a JDK (javax.tools), not a JRE");
            }
            Files.createDirectories(classes);
            int rc = javac.run(null, null, null, "-encoding", "UTF-8", "-nowarn", "-d", classes.toString(), source.toString());
            if (rc != 0) {
                throw new IllegalStateException("cannot compile " + source);
            }
        }

        /** The FPKJ payloads of the user's file, by the bundle's own classes (bench/OrderForms.java). */
        Given prepareGiven(Path file) throws Exception {
            String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
            String extension = name.endsWith(".json") ? "json" : "csv";
            Path forms = out.resolve("orders-file.forms");
            Path log = out.resolve("orders-file.log");
            // the bundle's delimiter, when --bundle-opt gives it one
            String delimiter = opt.bundleOpts.stream().filter(o -> o.startsWith("-Dfapiao.csv.delimiter="))
                    .map(o -> o.substring("-Dfapiao.csv.delimiter=".length())).reduce((a, b) -> b).orElse(",");
            Process p = new ProcessBuilder(java, "-cp", jar.toString(), root.resolve("bench/OrderForms.java").toString(),
                    file.toString(), SELLER, forms.toString(), delimiter).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                p.destroyForcibly();
                List<String> said = Files.readAllLines(log);
                String why = said.stream().filter(l -> l.startsWith("UNREADABLE ")).map(l -> l.substring(11)).findFirst()
                        .orElse("see " + log);
                throw new IllegalStateException("cannot read the orders of " + file + ": " + why);
            }
            Map<String, String> r = keyValues(Files.readAllLines(log), "FORMS");
            Given g = new Given(file, extension, Integer.parseInt(r.get("orders")), Integer.parseInt(r.get("sendable")),
                    forms);
            if (g.sendable == 0) {
                throw new IllegalStateException("no order of " + file + " would be sent: the checks refuse them all, or "
                        + "their seller is not " + SELLER);
            }
            System.out.printf("orders from %s%n", g.describe());
            return g;
        }

        /** What the runs issue, for a figure's heading. */
        String ordersWhat(int orders, int lines) {
            return given != null ? "orders of " + given.describe()
                    : String.format("%,d orders of %d line%s", orders, lines, lines == 1 ? "" : "s");
        }

        // ------------------------------------------------------------------ vendor-bound and cpu-bound

        Figure vendorBound() throws Exception {
            int orders = opt.orders(400, 40);
            int concurrency = opt.concurrency(8);
            int latency = opt.latencyMs != null ? opt.latencyMs : 100;
            return rawVersusBundle("vendor-bound", "VB", orders, concurrency, latency, 0.95, opt.runs(3), opt.warmup(1));
        }

        Figure cpuBound() throws Exception {
            int orders = opt.orders(10_000, 300);
            int concurrency = opt.concurrency(4);
            return rawVersusBundle("cpu-bound", "CB", orders, concurrency, 0, 0.8, opt.runs(3), opt.warmup(1));
        }

        Figure rawVersusBundle(String name, String tag, int orders, int concurrency, int latency, double goal, int runs,
                               int warmup) throws Exception {
            Path dir = fresh(name);
            String what = String.format("%s, vendor latency %d ms, concurrency %d", ordersWhat(orders, opt.linesPerOrder),
                    latency, concurrency);
            System.out.printf("%n== %s: %s; %d runs after %d warm-up%n", name, what, runs, warmup);
            List<Double> raw = new ArrayList<>();
            List<Double> bundle = new ArrayList<>();
            List<Double> ratios = new ArrayList<>();
            List<Double> cpuRatios = new ArrayList<>();
            int overLimit = 0;
            for (int i = 1 - warmup; i <= runs; i++) {
                String label = i <= 0 ? "warm-up" : "run " + i;
                Path runDir = dir.resolve(i <= 0 ? "warmup" + (1 - i) : "run" + i);
                RawResult r = rawRun(runDir.resolve("raw"), tag + i + "R" + stamp, orders, opt.linesPerOrder,
                        concurrency, latency, StandInKind.STAND_IN);
                BundleResult b = bundleRun(runDir.resolve("bundle"), tag + i + "B" + stamp, orders, opt.linesPerOrder,
                        concurrency, latency, List.of());
                System.out.printf("  %-8s raw     %s%n           bundle  %s%n           ratio %.3f | %s%n", label, r, b,
                        r.seconds / b.seconds, load());
                // the vendor's concurrency is the limit both sides must keep: a bundle over it is not comparable
                if (b.maxInFlight > concurrency) {
                    overLimit = Math.max(overLimit, b.maxInFlight);
                    System.out.printf("  WARNING: the bundle had %d calls in flight at once, over vendor.yun2.concurrency=%d%n",
                            b.maxInFlight, concurrency);
                }
                if (i > 0) {
                    raw.add(r.seconds);
                    bundle.add(b.seconds);
                    ratios.add(r.seconds / b.seconds);
                    if (r.cpu >= 0 && b.cpu >= 0 && r.vendorCpu >= 0 && b.vendorCpu >= 0) {
                        cpuRatios.add((r.cpu + r.vendorCpu) / (b.cpu + b.vendorCpu));
                    }
                }
            }
            if (!cpuRatios.isEmpty()) {
                // CPU seconds move less than wall time when others load the machine: a cross-check, not the figure
                System.out.printf("  cpu seconds (client + vendor) raw/bundle %s%n", ratio(cpuRatios));
            }
            double m = median(ratios);
            boolean pass = m >= goal && overLimit == 0;
            System.out.printf("  => raw %s, bundle %s; raw/bundle %s; goal >= %.2f: %s%n", secs(raw), secs(bundle),
                    ratio(ratios), goal, pass ? "pass" : "FAIL");
            String note = overLimit > 0 ? "over the vendor's concurrency: " + overLimit + " calls in flight" : noise(ratios);
            return new Figure(name, what, "raw", raw, "bundle", bundle, "raw/bundle", ratios, "≥ " + goal, pass, note);
        }

        /**
         * The cpu-bound setting with the raw client twice: bare, and doing the least the contract asks per order
         * besides its calls ({@link Duties}: two ledger writes, two files renamed into place, a result line). Ratio
         * bare / with duties: the most the cpu-bound figure can reach for a client that does that work. Not a goal.
         */
        Figure floor() throws Exception {
            int orders = opt.orders(10_000, 300);
            int concurrency = opt.concurrency(4);
            String what = String.format("%s, vendor latency 0 ms, concurrency %d", ordersWhat(orders, opt.linesPerOrder),
                    concurrency);
            String duties = opt.dutiesOpts.isEmpty() ? "" : " (" + String.join(" ", opt.dutiesOpts) + ")";
            return rawPairs("floor", what + "; the raw client bare and with the contract's duties" + duties,
                    new RawSide("bare", (dir, i) -> rawRun(dir, "FB" + i + "R" + stamp, orders, opt.linesPerOrder,
                            concurrency, 0, StandInKind.STAND_IN)),
                    new RawSide("with duties", (dir, i) -> {
                        spent.add(dir.resolve("duties"));
                        return rawRun(dir, "FB" + i + "D" + stamp, orders, opt.linesPerOrder, concurrency, 0,
                                StandInKind.STAND_IN, true);
                    }),
                    true, Double.NaN, "the most cpu-bound can be for a client doing them");
        }

        // ------------------------------------------------------------------ memory

        Figure memory() throws Exception {
            int lines = opt.memoryLines != null ? opt.memoryLines : opt.quick ? 10_000 : 1_000_000;
            int perOrder = MEMORY_LINES_PER_ORDER;
            int orders = lines / perOrder;
            String[] heaps = opt.heaps.split(",");
            // three pairs: one moved by ±0.1 from one invocation to the next on these machines
            int runs = opt.runs(3);
            int warmup = opt.warmup(0);
            int concurrency = opt.concurrency(4);
            Path dir = fresh("memory");
            String what = given != null
                    ? String.format("orders of %s, concurrency %d, -Xmx%s against -Xmx%s", given.describe(), concurrency,
                    heaps[0], heaps[1])
                    : String.format("%,d lines (%,d orders of %d lines), concurrency %d, -Xmx%s against -Xmx%s", lines,
                    orders, perOrder, concurrency, heaps[0], heaps[1]);
            System.out.printf("%n== memory: %s; %d runs after %d warm-up%n", what, runs, warmup);
            List<Double> small = new ArrayList<>();
            List<Double> large = new ArrayList<>();
            List<Double> ratios = new ArrayList<>();
            List<Double> userCpuRatios = new ArrayList<>();
            for (int i = 1 - warmup; i <= runs; i++) {
                String label = i <= 0 ? "warm-up" : "run " + i;
                Path runDir = dir.resolve(i <= 0 ? "warmup" + (1 - i) : "run" + i);
                // the small heap first in odd pairs, the large one first in even pairs: neither always runs after
                // the other (whose files, page cache and load it would meet)
                BundleResult s;
                BundleResult l;
                if (i % 2 != 0) {
                    s = memoryRun(runDir, heaps[0], "MS" + i, orders, concurrency, label);
                    l = memoryRun(runDir, heaps[1], "ML" + i, orders, concurrency, "");
                } else {
                    l = memoryRun(runDir, heaps[1], "ML" + i, orders, concurrency, label);
                    s = memoryRun(runDir, heaps[0], "MS" + i, orders, concurrency, "");
                }
                System.out.printf("           ratio %.3f | %s%n", l.seconds / s.seconds, load());
                if (i > 0) {
                    small.add(s.seconds);
                    large.add(l.seconds);
                    ratios.add(l.seconds / s.seconds);
                    // the bundle's own CPU, without the kernel's (new files cost it more or less from run to run)
                    userCpuRatios.add((l.cpu - l.kernelCpu) / (s.cpu - s.kernelCpu));
                }
            }
            double m = median(ratios);
            if (!userCpuRatios.isEmpty()) {
                System.out.printf("  user cpu seconds under %s / under %s %s%n", heaps[1], heaps[0], ratio(userCpuRatios));
            }
            System.out.printf("  => -Xmx%s %s, -Xmx%s %s; time under %s / time under %s %s; goal >= 0.90: %s%n", heaps[0],
                    secs(small), heaps[1], secs(large), heaps[1], heaps[0], ratio(ratios), m >= 0.9 ? "pass" : "FAIL");
            return new Figure("memory", what, "-Xmx" + heaps[0], small, "-Xmx" + heaps[1], large,
                    heaps[1] + "/" + heaps[0], ratios, "≥ 0.9", m >= 0.9, noise(ratios));
        }

        /** Lines per order of the memory figure. */
        static final int MEMORY_LINES_PER_ORDER = 10;

        /** One bundle run of the memory figure under {@code -Xmx<heap>}, printed as it ends. */
        BundleResult memoryRun(Path runDir, String heap, String tag, int orders, int concurrency, String label)
                throws Exception {
            BundleResult r = bundleRun(runDir.resolve("xmx" + heap), tag + stamp, orders, MEMORY_LINES_PER_ORDER, concurrency, 0,
                    List.of("-Xmx" + heap));
            System.out.printf("  %-8s -Xmx%-5s %s%n", label, heap, r);
            return r;
        }

        // ------------------------------------------------------------------ sandbox

        Figure sandbox() throws Exception {
            int orders = opt.orders(5_000, 300);
            int concurrency = opt.concurrency(4);
            String what = String.format("raw client, %s, concurrency %d, simulator against stand-in",
                    ordersWhat(orders, opt.linesPerOrder), concurrency);
            return rawPairs("sandbox", what,
                    new RawSide("simulator", (dir, i) -> rawRun(dir, "SS" + i + stamp, orders, opt.linesPerOrder,
                            concurrency, 0, StandInKind.SIMULATOR)),
                    new RawSide("stand-in", (dir, i) -> rawRun(dir, "ST" + i + stamp, orders, opt.linesPerOrder,
                            concurrency, 0, StandInKind.STAND_IN)),
                    false, 0.8, "");
        }

        /** One side of a figure made of raw-client runs: its name, and one run of it in a folder, for pair i. */
        record RawSide(String name, RawRun run) {
        }

        interface RawRun {
            RawResult run(Path dir, int pair) throws Exception;
        }

        /**
         * A figure of raw-client runs only, A then B in each pair. The ratio of a pair is A's time over B's
         * ({@code aOverB}) or B's over A's; {@code goal} is its least median, NaN for a figure without one.
         */
        Figure rawPairs(String name, String what, RawSide a, RawSide b, boolean aOverB, double goal, String meaning)
                throws Exception {
            int runs = opt.runs(3);
            int warmup = opt.warmup(1);
            Path dir = fresh(name);
            System.out.printf("%n== %s: %s; %d runs after %d warm-up%n", name, what, runs, warmup);
            List<Double> as = new ArrayList<>();
            List<Double> bs = new ArrayList<>();
            List<Double> ratios = new ArrayList<>();
            String folderA = a.name().replace(' ', '-');
            String folderB = b.name().replace(' ', '-');
            for (int i = 1 - warmup; i <= runs; i++) {
                String label = i <= 0 ? "warm-up" : "run " + i;
                Path runDir = dir.resolve(i <= 0 ? "warmup" + (1 - i) : "run" + i);
                RawResult ra = a.run().run(runDir.resolve(folderA), i);
                RawResult rb = b.run().run(runDir.resolve(folderB), i);
                double ratio = aOverB ? ra.seconds / rb.seconds : rb.seconds / ra.seconds;
                int width = Math.max(a.name().length(), b.name().length());
                System.out.printf("  %-8s %-" + width + "s %s%n           %-" + width + "s %s%n           ratio %.3f | %s%n",
                        label, a.name(), ra, b.name(), rb, ratio, load());
                if (i > 0) {
                    as.add(ra.seconds);
                    bs.add(rb.seconds);
                    ratios.add(ratio);
                }
            }
            String ratioName = aOverB ? a.name() + "/" + b.name() : b.name() + "/" + a.name();
            boolean pass = Double.isNaN(goal) || median(ratios) >= goal;
            System.out.printf("  => %s %s, %s %s; %s %s%s%n", a.name(), secs(as), b.name(), secs(bs), ratioName,
                    ratio(ratios), Double.isNaN(goal) ? ": " + meaning
                            : String.format("; goal >= %.2f: %s", goal, pass ? "pass" : "FAIL"));
            return new Figure(name, what, a.name(), as, b.name(), bs, ratioName, ratios,
                    Double.isNaN(goal) ? "—" : "≥ " + goal, pass, noise(ratios));
        }

        // ------------------------------------------------------------------ startup

        Figure startup() throws Exception {
            Path baseline = baselineJar();
            int runs = opt.runs(10);
            int warmup = opt.warmup(1);
            Path dir = fresh("startup");
            String what = "java -jar until the HTTP port answers, bundle (no configuration but the port) against the "
                    + "smallest Camel Main app of its kind";
            System.out.printf("%n== startup: %s; %d pairs after %d warm-up%n", what, runs, warmup);
            List<Double> bundle = new ArrayList<>();
            List<Double> base = new ArrayList<>();
            List<Double> ratios = new ArrayList<>();
            List<Double> cpuRatios = new ArrayList<>();
            for (int i = 1 - warmup; i <= runs; i++) {
                String label = i <= 0 ? "warm-up" : "run " + i;
                Path runDir = dir.resolve(i <= 0 ? "warmup" + (1 - i) : "run" + i);
                int p1 = freePort();
                List<String> bundleCmd = new ArrayList<>(List.of(java));
                bundleCmd.addAll(opt.bundleOpts);
                bundleCmd.addAll(List.of("-Dfapiao.http.port=" + p1, "-jar", jar.toString()));
                Start b = timeToPort(bundleCmd, runDir.resolve("bundle"), p1);
                int p2 = freePort();
                Start m = timeToPort(List.of(java, "-Dcamel.server.port=" + p2, "-jar", baseline.toString()),
                        runDir.resolve("baseline"), p2);
                System.out.printf("  %-8s bundle %s | baseline %s | ratio %.3f | %s%n", label, b, m,
                        b.seconds / m.seconds, load());
                if (i > 0) {
                    bundle.add(b.seconds);
                    base.add(m.seconds);
                    ratios.add(b.seconds / m.seconds);
                    if (b.cpu > 0 && m.cpu > 0) {
                        cpuRatios.add(b.cpu / m.cpu);
                    }
                }
            }
            if (!cpuRatios.isEmpty()) {
                // CPU seconds until the port answers move less than wall time when others load the machine
                System.out.printf("  cpu seconds until the port answers, bundle/baseline %s%n", ratio(cpuRatios));
            }
            double med = median(ratios);
            System.out.printf("  => bundle %s, baseline %s; bundle/baseline %s; goal <= 1.10: %s%n", secs(bundle),
                    secs(base), ratio(ratios), med <= 1.1 ? "pass" : "FAIL");
            return new Figure("startup", what, "bundle", bundle, "baseline", base, "bundle/baseline", ratios, "≤ 1.1",
                    med <= 1.1, noise(ratios));
        }

        /** The baseline app's jar, built with the Maven Wrapper when missing or older than its sources. */
        Path baselineJar() throws Exception {
            Path project = root.resolve("bench/startup-baseline");
            Path built = project.resolve("target/startup-baseline.jar");
            long newest;
            try (var files = Files.walk(project.resolve("src"))) {
                newest = files.mapToLong(p -> p.toFile().lastModified()).max().orElse(0);
            }
            newest = Math.max(newest, project.resolve("pom.xml").toFile().lastModified());
            if (!Files.exists(built) || built.toFile().lastModified() < newest) {
                System.out.println("building the start-up baseline: ./mvnw -q -f bench/startup-baseline/pom.xml package");
                Process p = new ProcessBuilder(root.resolve("mvnw").toString(), "-q", "-f", project.resolve("pom.xml").toString(),
                        "package").inheritIO().start();
                if (p.waitFor() != 0 || !Files.exists(built)) {
                    throw new IllegalStateException("could not build " + built);
                }
            }
            return built;
        }

        record Start(double seconds, double cpu, String camelSays) {
            @Override
            public String toString() {
                return String.format("%.2f s (cpu %.2f s; Camel: started in %s)", seconds, cpu, camelSays);
            }
        }

        /** Starts the command in a fresh folder and times it until its port answers HTTP; then kills it. */
        Start timeToPort(List<String> cmd, Path dir, int port) throws Exception {
            Files.createDirectories(dir);
            Path log = dir.resolve("app.log");
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            try {
                while (!answersHttp(port)) {
                    if (!p.isAlive()) {
                        throw new IllegalStateException("exited with " + p.exitValue() + " before its port answered: " + log);
                    }
                    if (System.nanoTime() - t0 > TimeUnit.SECONDS.toNanos(180)) {
                        throw new IllegalStateException("port " + port + " did not answer in 180 s: " + log);
                    }
                    Thread.sleep(5);
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                double cpu = cpuSeconds(p.pid());
                awaitLog(p, log, Pattern.compile("started in (\\S+)"), 60);
                Matcher m = Pattern.compile("started in (\\S+)").matcher(Files.readString(log, StandardCharsets.ISO_8859_1));
                return new Start(seconds, cpu, m.find() ? m.group(1) : "?");
            } finally {
                List<ProcessHandle> second = p.descendants().toList();
                p.destroyForcibly();
                p.waitFor(30, TimeUnit.SECONDS);
                Harness.awaitEnd(second);
            }
        }

        // ------------------------------------------------------------------ one raw-client run

        enum StandInKind { STAND_IN, SIMULATOR }

        record RawResult(double seconds, int issued, int orders, double cpu, double vendorCpu, int maxInFlight,
                         int retries, String trace) {
            @Override
            public String toString() {
                return String.format("%.2f s (%d/%d issued, cpu %.1f s, vendor cpu %s%s%s)%s", seconds, issued, orders, cpu,
                        vendorCpu < 0 ? "n/a" : String.format("%.1f s", vendorCpu), inFlight(maxInFlight),
                        retries == 0 ? "" : ", " + retries + " calls repeated after a dropped connection",
                        trace.isEmpty() ? "" : "\n             " + trace);
            }
        }

        static String inFlight(int max) {
            return max < 0 ? "" : ", at most " + max + " calls in flight";
        }

        RawResult rawRun(Path dir, String tag, int orders, int lines, int concurrency, int latency, StandInKind kind)
                throws Exception {
            return rawRun(dir, tag, orders, lines, concurrency, latency, kind, false);
        }

        /** With {@code duties}, the client also does the least the contract asks per order ({@link Duties}). */
        RawResult rawRun(Path dir, String tag, int orders, int lines, int concurrency, int latency, StandInKind kind,
                         boolean duties) throws Exception {
            Files.createDirectories(dir);
            Vendor vendor = kind == StandInKind.SIMULATOR ? startSimulator(dir) : startStandIn(dir, latency, concurrency);
            try {
                double vendorCpu0 = vendor.cpu();
                if (given != null) {
                    orders = given.sendable;
                }
                List<String> command = new ArrayList<>(List.of(java));
                if (duties) {
                    command.addAll(opt.dutiesOpts);
                }
                command.addAll(List.of("-cp",
                        duties ? classes + System.getProperty("path.separator") + jar : classes.toString(), "Benchmark", "raw-client",
                        "--url", vendor.url, "--user", vendor.user, "--password", vendor.password, "--spid", vendor.spid,
                        "--orders", Integer.toString(orders), "--lines-per-order", Integer.toString(lines),
                        "--concurrency", Integer.toString(concurrency), "--seed", Long.toString(opt.seed), "--tag", tag));
                if (given != null) {
                    command.addAll(List.of("--forms", given.forms.toString()));
                }
                if (duties) {
                    command.addAll(List.of("--duties", dir.resolve("duties").toString()));
                }
                Process p = new ProcessBuilder(command)
                        .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("raw.log").toFile())
                        .start();
                if (!p.waitFor(60, TimeUnit.MINUTES) || p.exitValue() != 0) {
                    p.destroyForcibly();
                    throw new IllegalStateException("the raw client failed: " + dir.resolve("raw.log"));
                }
                double vendorCpu = vendor.cpu() < 0 ? -1 : vendor.cpu() - vendorCpu0;
                Map<String, String> r = keyValues(Files.readAllLines(dir.resolve("raw.log")), "RAW");
                if (Integer.parseInt(r.get("issued")) != orders) {
                    throw new IllegalStateException("the raw client issued " + r.get("issued") + " of " + orders + ": "
                            + dir.resolve("raw.log"));
                }
                vendor.stop();
                String trace = vendor.trace == null ? "" : Trace.read(vendor.trace).describe(
                        Long.parseLong(r.get("startMicros")), Long.parseLong(r.get("endMicros")), concurrency, orders);
                return new RawResult(Double.parseDouble(r.get("seconds")), Integer.parseInt(r.get("issued")), orders,
                        Double.parseDouble(r.get("cpu")), vendorCpu, vendor.maxInFlight(),
                        Integer.parseInt(r.getOrDefault("retries", "0")), trace);
            } finally {
                vendor.stop();
            }
        }

        // ------------------------------------------------------------------ one bundle run

        record BundleResult(double seconds, int issued, int orders, double pickup, double logSeconds, double cpu,
                            double kernelCpu, double vendorCpu, int maxInFlight, Gc gc, long hwmMb, double newFileMicros,
                            String trace) {
            @Override
            public String toString() {
                return String.format("%.2f s (%d/%d issued; log: picked up after %.2f s, read→results %.2f s; cpu %.1f s (kernel %.1f s), "
                                + "vendor cpu %s%s; heap peak %d MB, %s; RSS peak %d MB; a new file cost %.0f µs before the run)%s", seconds,
                        issued, orders, pickup,
                        logSeconds, cpu, kernelCpu, vendorCpu < 0 ? "n/a" : String.format("%.1f s", vendorCpu), inFlight(maxInFlight),
                        gc.peakMb, gc, hwmMb, newFileMicros, trace.isEmpty() ? "" : "\n             " + trace);
            }
        }

        /**
         * What creating a file costs on this file system right now, in µs: 1,000 small files made where the run's
         * outbox will be (and kept with it). On these machines (ext4 without a journal) it is about 25 µs on a quiet
         * file system and 10–30 times that for a while after tens of thousands of files were deleted — a cost the
         * bundle pays twice per order (its JSON and its PDF) and the raw client never.
         */
        static double newFileMicros(Path dir) throws IOException {
            Path probe = Files.createDirectories(dir.resolve("work/new-file-probe"));
            byte[] content = new byte[100];
            long t0 = System.nanoTime();
            for (int i = 0; i < 1000; i++) {
                Files.write(probe.resolve("f" + i), content);
            }
            return (System.nanoTime() - t0) / 1e3 / 1000;
        }

        BundleResult bundleRun(Path dir, String tag, int orders, int lines, int concurrency, int latency,
                               List<String> jvm) throws Exception {
            Files.createDirectories(dir.resolve("work/inbox"));
            // the ERP's way: written under a hidden name (the bundle skips those), renamed once whole
            String name = "orders." + (given != null ? given.extension : "csv");
            Path hidden = dir.resolve("work/inbox/." + name);
            int issuedWanted = orders;
            int rowsWanted = orders;
            if (given != null) {
                Files.copy(given.file, hidden);
                issuedWanted = given.sendable;
                rowsWanted = given.orders;
            } else {
                new Orders(opt.seed, tag, lines).writeCsv(hidden, orders);
            }
            double newFile = newFileMicros(dir);
            Vendor vendor = startStandIn(dir, latency, concurrency);
            List<String> cmd = new ArrayList<>(List.of(java));
            cmd.addAll(jvm);
            cmd.add("-Xlog:gc:file=" + dir.resolve("gc.log"));
            if (opt.jfr) {
                // a recording keeps the bundle in the JVM java -jar starts (SecondJvm): it is given here the flags the
                // second JVM would have had, so that what is recorded is what runs without a recording
                if (Runtime.getRuntime().availableProcessors() <= 2) {
                    cmd.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
                }
                cmd.add("-XX:StartFlightRecording=filename=" + dir.resolve("bundle.jfr") + ",settings=profile,dumponexit=true");
            }
            cmd.addAll(List.of("-Dfapiao.mode=live", "-Dfapiao.seller.tax-id=" + SELLER,
                    "-Dvendor.yun2.base-url=" + vendor.url, "-Dvendor.yun2.username=" + vendor.user,
                    "-Dvendor.yun2.password=" + vendor.password, "-Dvendor.yun2.spid=" + vendor.spid,
                    "-Dvendor.yun2.concurrency=" + concurrency, "-Dfapiao.http.port=" + freePort()));
            cmd.addAll(opt.bundleOpts);
            cmd.addAll(List.of("-jar", jar.toString()));
            Path log = dir.resolve("app.log");
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            try {
                awaitLog(p, log, Pattern.compile("Apache Camel \\S+ \\(fapiao-camel\\) started in"), 180);
                // an ERP drops its file at any moment: not in step with the inbox's polls (fapiao.inbox.poll-ms, 1 s, the
                // first one a period after the start), which would make every run's pick-up take the same time
                Thread.sleep(250 + new Random(opt.seed * 31 + tag.hashCode()).nextInt(1000));
                Path results = dir.resolve("work/outbox/results/" + name + ".result.csv");
                double cpu0 = cpuSeconds(p.pid());
                double kernel0 = kernelSeconds(p.pid());
                double vendorCpu0 = vendor.cpu();
                Instant landedAt = Instant.now();
                long t0 = System.nanoTime();
                Files.move(hidden, hidden.resolveSibling(name), StandardCopyOption.ATOMIC_MOVE);
                int[] seen = awaitIssued(p, results, issuedWanted, rowsWanted, t0, Duration.ofMinutes(60), log);
                double seconds = (System.nanoTime() - t0) / 1e9;
                double cpu = cpuSeconds(p.pid()) - cpu0;
                double kernel = kernelSeconds(p.pid()) - kernel0;
                double vendorCpu = vendor.cpu() < 0 ? -1 : vendor.cpu() - vendorCpu0;
                long hwm = peakRssMb(p.pid());
                Thread.sleep(200);
                stop(p);
                vendor.stop();
                LogTimes times = LogTimes.read(log, name, LocalTime.ofInstant(landedAt, ZoneId.systemDefault()));
                // the cross-check: the bundle's own log must tell the same story as the result file
                if (Math.abs(times.landedToResults - seconds) > 0.5 + seconds * 0.02) {
                    System.out.printf("  WARNING: the bundle's log says the results were written %.2f s after the drop, "
                            + "the result file was seen after %.2f s (%s)%n", times.landedToResults, seconds, log);
                }
                String trace = "";
                if (vendor.trace != null) {
                    Trace t = Trace.read(vendor.trace);
                    trace = t.describe(micros(landedAt), micros(landedAt) + (long) (seconds * 1e6), concurrency, issuedWanted)
                            + "\n             " + orderPhases(log, t, landedAt);
                }
                return new BundleResult(seconds, seen[0], issuedWanted, times.pickup, times.readToResults, cpu, kernel, vendorCpu,
                        vendor.maxInFlight(), Gc.read(dir.resolve("gc.log")), hwm, newFile, trace);
            } finally {
                stop(p);
                vendor.stop();
                // the run's inbox, outbox and ledger (a memory run leaves 100,000 PDFs, gigabytes) go once every
                // figure is measured, not now: on these machines (ext4 without a journal) new files cost 10 to 20 times
                // the kernel time for a while after tens of thousands were deleted, which would weigh on the next run
                spent.add(dir.resolve("work"));
            }
        }

        /**
         * Polls the result file until it has a line for each of {@code rows} orders, {@code issued} of them ISSUED and
         * none pending (generated orders: every order ISSUED); answers {issued, rows}.
         */
        int[] awaitIssued(Process p, Path results, int issued, int rows, long t0, Duration limit, Path log) throws Exception {
            FileTime lastSeen = null;
            while (true) {
                if (Files.exists(results)) {
                    FileTime t = Files.getLastModifiedTime(results);
                    if (!t.equals(lastSeen)) {
                        lastSeen = t;
                        int[] counts = countResults(results);
                        if (counts[0] == issued && counts[1] >= rows && counts[2] == 0) {
                            return counts;
                        }
                        if (counts[1] >= rows && counts[2] == 0) {
                            throw new IllegalStateException(String.format("%d of %d orders ISSUED, none pending: see %s",
                                    counts[0], issued, results));
                        }
                    }
                }
                if (!p.isAlive()) {
                    throw new IllegalStateException("the bundle exited with " + p.exitValue() + ": see " + log);
                }
                if (System.nanoTime() - t0 > limit.toNanos()) {
                    throw new IllegalStateException("not every order ISSUED after " + limit + ": see " + log);
                }
                Thread.sleep(20);
            }
        }

        // ------------------------------------------------------------------ vendors

        final class Vendor {
            final String url;
            final String user;
            final String password;
            final String spid;
            final Process process;
            final Path trace;
            final Path log;

            Vendor(String url, String user, String password, String spid, Process process, Path trace, Path log) {
                this.url = url;
                this.user = user;
                this.password = password;
                this.spid = spid;
                this.process = process;
                this.trace = trace;
                this.log = log;
            }

            /**
             * The most calls the stand-in was answering at once (from its last line, once stopped); -1 when not known
             * (another vendor, the simulator, or the stand-in answering on one thread, where it is always 1).
             */
            int maxInFlight() {
                try {
                    if (log == null || !Files.exists(log)) {
                        return -1;
                    }
                    Matcher m = Pattern.compile("maxInFlight=(\\d+)").matcher(Files.readString(log));
                    return m.find() ? Integer.parseInt(m.group(1)) : -1;
                } catch (IOException e) {
                    return -1;
                }
            }

            double cpu() {
                return process == null ? -1 : cpuSeconds(process.pid());
            }

            void stop() throws InterruptedException {
                if (process != null) {
                    Harness.stop(process);
                }
            }
        }

        Vendor startStandIn(Path dir, int latency, int concurrency) throws Exception {
            if (opt.vendorUrl != null) {
                return new Vendor(opt.vendorUrl, opt.vendorUser, opt.vendorPassword, opt.vendorSpid, null, null, null);
            }
            int port = freePort();
            Path trace = opt.trace ? dir.resolve("stand-in-trace.txt") : null;
            List<String> cmd = new ArrayList<>(List.of(java, "-cp", classes.toString(), "Benchmark", "stand-in",
                    "--port", Integer.toString(port), "--latency-ms", Integer.toString(latency), "--threads",
                    Integer.toString(latency == 0 ? 0 : Math.max(8, 2 * concurrency + 4)), "--warm-up-calls",
                    Integer.toString(warmUpOrders())));
            if (trace != null) {
                cmd.addAll(List.of("--trace", trace.toString()));
            }
            Path log = dir.resolve("stand-in.log");
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            awaitLog(p, log, Pattern.compile("^READY", Pattern.MULTILINE), 60);
            return new Vendor("http://127.0.0.1:" + port + "/yun2", SANDBOX_USER, SANDBOX_PASSWORD, SANDBOX_SPID, p, trace,
                    latency == 0 ? null : log);
        }

        /**
         * Orders (FPKJ and its PDF each) a vendor answers before it is measured, the stand-in and the simulator alike.
         * 4,000 left the simulator compiling through the measured run: its CPU per 5,000 orders at four in flight was
         * 3.8 s cold, 2.5 s after 5,000 and 0.6 s from 10,000 on.
         */
        int warmUpOrders() {
            return opt.quick ? 300 : 12_000;
        }

        /**
         * The bundle's built-in yun2 simulator on its own port, as the README says to run it, warmed up as the
         * stand-in warms itself ({@link #warmUpOrders()}), so neither figure counts the other's JIT compilation.
         */
        Vendor startSimulator(Path dir) throws Exception {
            int port = freePort();
            Path log = dir.resolve("simulator.log");
            Process p = new ProcessBuilder(java, "-cp", jar.toString(), "io.fapiao.sandbox.SandboxServer",
                    Integer.toString(port)).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            awaitLog(p, log, Pattern.compile("yun2 sandbox at"), 60);
            // the same warm-up as the stand-in gives itself before it says READY: both are measured warm
            StandIn.exercise(port, SANDBOX_USER, SANDBOX_PASSWORD, SANDBOX_SPID, warmUpOrders());
            return new Vendor("http://127.0.0.1:" + port + "/yun2", SANDBOX_USER, SANDBOX_PASSWORD, SANDBOX_SPID, p, null,
                    null);
        }

        // ------------------------------------------------------------------ helpers

        Path fresh(String name) throws IOException {
            Path dir = out.resolve(name);
            deleteTree(dir);
            Files.createDirectories(dir);
            spreadRuns(dir);
            return dir;
        }

        /**
         * Marks a figure's folder as a top of directory trees for ext4 ({@code chattr +T}): each run's folder made in
         * it is then placed in a block group of its own choosing, as ext4 places top-level folders, instead of beside
         * its parent — where the runs before it created and deleted their files. On these machines (ext4 without a
         * journal) a new file among many recently freed inodes costs 10–60 times the kernel time (550–1,500 µs
         * against 25–100 µs), which the bundle pays twice per order and the raw client never. It helps often, not
         * always (ext4 prefers groups with many free inodes, which the freed ones can be): each run prints what a new
         * file cost just before it and the bundle's kernel CPU, to tell such a run. Elsewhere (another file system, no
         * chattr) nothing changes.
         */
        static void spreadRuns(Path dir) {
            try {
                Process p = new ProcessBuilder("chattr", "+T", dir.toString()).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (IOException e) {
                // no chattr: the runs' folders stay beside each other
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        static void stop(Process p) throws InterruptedException {
            // the bundle's second JVM (on two cores java -jar runs the bundle in one) stops with the first
            List<ProcessHandle> second = p.descendants().toList();
            if (p.isAlive()) {
                p.destroy();
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    p.waitFor(30, TimeUnit.SECONDS);
                }
            }
            awaitEnd(second);
        }

        /** Waits (up to 30 s) until processes that end with the one that started them have ended. */
        static void awaitEnd(List<ProcessHandle> processes) {
            for (ProcessHandle h : processes) {
                try {
                    h.onExit().get(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    h.destroyForcibly();
                }
            }
        }

        static void awaitLog(Process p, Path log, Pattern line, int seconds) throws Exception {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (System.nanoTime() < end) {
                if (Files.exists(log) && line.matcher(Files.readString(log, StandardCharsets.ISO_8859_1)).find()) {
                    return;
                }
                if (!p.isAlive()) {
                    throw new IllegalStateException("exited with " + p.exitValue() + " before it was ready: see " + log);
                }
                Thread.sleep(20);
            }
            throw new IllegalStateException("not ready after " + seconds + " s: see " + log);
        }
    }

    // ------------------------------------------------------------------------------------------------ measurements

    /** The bundle's own log lines for the drop: when it was picked up, and when its result file was written. */
    record LogTimes(double pickup, double readToResults, double landedToResults) {

        private static final Pattern STAMP = Pattern.compile("^(\\d\\d:\\d\\d:\\d\\d\\.\\d{3}) ");

        static LogTimes read(Path log, String file, LocalTime landed) throws IOException {
            // "File orders.csv (local): reading orders" ... "File orders.csv done: …" (before the progress lines:
            // "File orders.csv: 400 orders — {ISSUED=400}"); the old harness took "File orders.csv: header read as
            // UTF-8" for the end and printed 0.1 s for a run of 490 s
            Pattern start = Pattern.compile("File " + Pattern.quote(file) + " \\(\\w+\\): reading orders");
            Pattern end = Pattern.compile("File " + Pattern.quote(file) + "(: \\d+ orders \\S+ \\{| done: )");
            LocalTime read = null;
            LocalTime done = null;
            for (String line : Files.readAllLines(log, StandardCharsets.ISO_8859_1)) {
                Matcher s = STAMP.matcher(line);
                if (!s.find()) {
                    continue;
                }
                if (read == null && start.matcher(line).find()) {
                    read = LocalTime.parse(s.group(1));
                } else if (read != null && end.matcher(line).find()) {
                    done = LocalTime.parse(s.group(1));
                }
            }
            if (read == null || done == null) {
                throw new IllegalStateException("the bundle's log has no complete drop of " + file + ": " + log);
            }
            return new LogTimes(between(landed, read), between(read, done), between(landed, done));
        }

        /** Seconds from a to b on a clock of the day, across midnight when b is earlier. */
        static double between(LocalTime a, LocalTime b) {
            long nanos = Duration.between(a, b).toNanos();
            if (nanos < -TimeUnit.HOURS.toNanos(1)) {
                nanos += TimeUnit.DAYS.toNanos(1);
            }
            return nanos / 1e9;
        }
    }

    /** Collections of one JVM from its {@code -Xlog:gc} file: pauses by kind, pause time, heap before and after. */
    record Gc(int young, int mixed, int full, int remark, double pauseMs, long peakMb, long maxAfterMb) {

        private static final Pattern PAUSE = Pattern.compile(
                "GC\\(\\d+\\) Pause (Young|Full|Remark|Cleanup)(.*?) (\\d+)M->(\\d+)M\\((\\d+)M\\) ([\\d.]+)ms");

        static Gc read(Path file) throws IOException {
            int young = 0;
            int mixed = 0;
            int full = 0;
            int remark = 0;
            double pause = 0;
            long peak = 0;
            long after = 0;
            for (String line : Files.readAllLines(file)) {
                Matcher m = PAUSE.matcher(line);
                if (!m.find()) {
                    continue;
                }
                switch (m.group(1)) {
                    case "Young" -> {
                        if (m.group(2).contains("Mixed")) {
                            mixed++;
                        } else {
                            young++;
                        }
                    }
                    case "Full" -> full++;
                    default -> remark++;
                }
                pause += Double.parseDouble(m.group(6));
                peak = Math.max(peak, Long.parseLong(m.group(3)));
                after = Math.max(after, Long.parseLong(m.group(4)));
            }
            return new Gc(young, mixed, full, remark, pause, peak, after);
        }

        int collections() {
            return young + mixed + full + remark;
        }

        @Override
        public String toString() {
            return String.format("%,d collections (%d young, %d mixed, %d full, %d remark/cleanup; %.1f s paused)",
                    collections(), young, mixed, full, remark, pauseMs / 1000);
        }
    }

    /**
     * The stand-in's record of every call (arrival and answer in epoch microseconds): where the wall-clock time of
     * a run goes between the drop and the vendor.
     */
    record Trace(List<String[]> calls) {

        /** Lines of {@code start end kind key1 key2 port}: kind T GetToken, F FPKJ (key1 XTLSH, key2 XYM), P PDF (key1 XYM). */
        static Trace read(Path file) throws IOException {
            List<String[]> calls = new ArrayList<>();
            for (String line : Files.readAllLines(file)) {
                String[] f = line.split(" ");
                if (f.length == 6) {
                    calls.add(f);
                }
            }
            return new Trace(calls);
        }

        String describe(long fromMicros, long toMicros, int concurrency, int orders) {
            long firstFpkj = Long.MAX_VALUE;
            long lastEnd = 0;
            long busy = 0;
            Map<String, Long> fpkjAnswered = new HashMap<>();
            Map<String, Long> pdfAsked = new HashMap<>();
            for (String[] c : calls) {
                long start = Long.parseLong(c[0]);
                long end = Long.parseLong(c[1]);
                if (c[2].equals("F")) {
                    firstFpkj = Math.min(firstFpkj, start);
                    fpkjAnswered.put(c[4], end);
                } else if (c[2].equals("P")) {
                    pdfAsked.putIfAbsent(c[3], start);
                }
                if (c[2].equals("F") || c[2].equals("P")) {
                    busy += end - start;
                    lastEnd = Math.max(lastEnd, end);
                }
            }
            List<Double> gaps = new ArrayList<>();
            fpkjAnswered.forEach((xym, end) -> {
                Long asked = pdfAsked.get(xym);
                if (asked != null) {
                    gaps.add((asked - end) / 1000.0);
                }
            });
            double window = (lastEnd - firstFpkj) / 1e6;
            double slotSeconds = concurrency * window;
            double outside = (slotSeconds - busy / 1e6) / orders * 1000;
            return String.format("trace: first FPKJ %.2f s after the start; vendor calls fill %.0f%% of %d slots from the "
                            + "first FPKJ to the last answer (%.2f s); per order %.1f ms of a slot outside vendor calls "
                            + "(FPKJ answer → PDF request: median %.1f ms); last answer → done %.2f s",
                    (firstFpkj - fromMicros) / 1e6, 100.0 * busy / 1e6 / slotSeconds, concurrency, window, outside,
                    median(gaps), (toMicros - lastEnd) / 1e6);
        }
    }

    /**
     * Each order's way through an issuing thread, from the bundle's log ("Order X (file line n): ISSUED", with the
     * thread's name, written when the order is finished) and the stand-in's trace: before FPKJ (from the thread's
     * previous order, or from the pick-up, to the FPKJ's arrival: reading, checks, ledger claim and SUBMITTING,
     * routing), FPKJ at the vendor, FPKJ answer to PDF request (outcome in the ledger), PDF at the vendor, PDF answer
     * to the order's log line (PDF file, ledger, result row, order JSON). Milliseconds per order: median (mean).
     */
    static String orderPhases(Path log, Trace trace, Instant landed) throws IOException {
        ZoneId zone = ZoneId.systemDefault();
        LocalDate day = LocalDate.ofInstant(landed, zone);
        Pattern orderLine = Pattern.compile("^(\\d\\d:\\d\\d:\\d\\d\\.\\d{3}) \\S+ +\\[([^\\]]+)\\] \\S+ - Order (\\S+) \\(");
        Pattern pickUp = Pattern.compile("^(\\d\\d:\\d\\d:\\d\\d\\.\\d{3}) .*: reading orders");
        long pickedUp = 0;
        Map<String, List<long[]>> byThread = new HashMap<>();
        Map<String, String> orderOfSlot = new HashMap<>();
        List<String> orders = new ArrayList<>();
        for (String line : Files.readAllLines(log, StandardCharsets.ISO_8859_1)) {
            Matcher p = pickUp.matcher(line);
            if (pickedUp == 0 && p.find()) {
                pickedUp = micros(LocalDateTime.of(day, LocalTime.parse(p.group(1))).atZone(zone).toInstant());
            }
            Matcher m = orderLine.matcher(line);
            if (m.find()) {
                long at = micros(LocalDateTime.of(day, LocalTime.parse(m.group(1))).atZone(zone).toInstant());
                orders.add(m.group(3));
                byThread.computeIfAbsent(m.group(2), k -> new ArrayList<>()).add(new long[] {at, orders.size() - 1});
            }
        }
        Map<String, long[]> fpkj = new HashMap<>();
        Map<String, long[]> pdf = new HashMap<>();
        for (String[] c : trace.calls()) {
            long[] span = {Long.parseLong(c[0]), Long.parseLong(c[1])};
            if (c[2].equals("F")) {
                fpkj.put(c[3], new long[] {span[0], span[1], 0});
                orderOfSlot.put(c[4], c[3]);
            } else if (c[2].equals("P")) {
                pdf.putIfAbsent(orderOfSlot.getOrDefault(c[3], c[3]), span);
            }
        }
        List<List<Double>> phases = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
                new ArrayList<>());
        for (List<long[]> done : byThread.values()) {
            long previous = pickedUp;
            for (long[] d : done) {
                String order = orders.get((int) d[1]);
                long[] f = fpkj.get(order);
                long[] p = pdf.get(order);
                if (f != null && p != null && previous > 0) {
                    long[] marks = {previous, f[0], f[1], p[0], p[1], d[0]};
                    for (int i = 0; i < 5; i++) {
                        phases.get(i).add((marks[i + 1] - marks[i]) / 1000.0);
                    }
                }
                previous = d[0];
            }
        }
        String[] names = {"before FPKJ", "FPKJ at the vendor", "FPKJ answer → PDF request", "PDF at the vendor",
            "PDF answer → order done"};
        StringBuilder out = new StringBuilder("per order in its thread, ms median (mean):");
        for (int i = 0; i < 5; i++) {
            double mean = phases.get(i).stream().mapToDouble(x -> x).average().orElse(Double.NaN);
            out.append(String.format(" %s %.1f (%.1f);", names[i], median(phases.get(i)), mean));
        }
        return out.append(String.format(" %d orders", phases.get(0).size())).toString();
    }

    static int[] countResults(Path results) throws IOException {
        int issued = 0;
        int rows = 0;
        int open = 0;
        List<String> lines = Files.readAllLines(results, StandardCharsets.UTF_8);
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",", 3);
            if (f.length < 2) {
                continue; // a continuation of a quoted message
            }
            switch (f[1]) {
                case "ISSUED" -> {
                    issued++;
                    rows++;
                }
                case "PENDING" -> {
                    open++;
                    rows++;
                }
                case "REJECTED", "FAILED" -> rows++;
                default -> {
                }
            }
        }
        return new int[] {issued, rows, open};
    }

    /**
     * CPU seconds (user + system) a live process and the processes it started have used, from /proc (on two cores
     * the bundle's {@code java -jar} runs it in a second JVM); -1 where there is none.
     */
    static double cpuSeconds(long pid) {
        return withDescendants(pid, p -> cpuSeconds(p, true));
    }

    /** The system (kernel) part of {@link #cpuSeconds(long)}: file creation, sockets, page faults. */
    static double kernelSeconds(long pid) {
        return withDescendants(pid, p -> cpuSeconds(p, false));
    }

    /** The sum of a measure over a process and its live descendants; -1 where the process has none. */
    private static double withDescendants(long pid, java.util.function.LongToDoubleFunction measure) {
        double own = measure.applyAsDouble(pid);
        if (own < 0) {
            return own;
        }
        return own + ProcessHandle.of(pid).stream().flatMap(ProcessHandle::descendants)
                .mapToDouble(h -> Math.max(0, measure.applyAsDouble(h.pid()))).sum();
    }

    private static double cpuSeconds(long pid, boolean withUser) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // USER_HZ is 100 on Linux
            return ((withUser ? Long.parseLong(f[11]) : 0) + Long.parseLong(f[12])) / 100.0;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * The largest resident set a live process has had (VmHWM), in MB, added up over it and the processes it started;
     * -1 where there is none.
     */
    static long peakRssMb(long pid) {
        return (long) withDescendants(pid, p -> ownPeakRssMb(p));
    }

    private static long ownPeakRssMb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }

    static String load() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return "load " + f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "load n/a";
        }
    }

    static double median(List<Double> v) {
        if (v.isEmpty()) {
            return Double.NaN;
        }
        List<Double> s = new ArrayList<>(v);
        s.sort(null);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    static String secs(List<Double> v) {
        if (v.size() == 1) {
            return String.format("%.2f s", v.get(0));
        }
        return String.format("%.2f s (%.2f–%.2f)", median(v), v.stream().mapToDouble(d -> d).min().orElse(0),
                v.stream().mapToDouble(d -> d).max().orElse(0));
    }

    static String ratio(List<Double> v) {
        if (v.size() == 1) {
            return String.format("%.3f", v.get(0));
        }
        return String.format("%.3f (%.3f–%.3f)", median(v), v.stream().mapToDouble(d -> d).min().orElse(0),
                v.stream().mapToDouble(d -> d).max().orElse(0));
    }

    /** A spread of the pair ratios over 10% of their median says the machine was busy: repeat. */
    static String noise(List<Double> ratios) {
        if (ratios.size() < 2) {
            return "";
        }
        double min = ratios.stream().mapToDouble(d -> d).min().orElse(0);
        double max = ratios.stream().mapToDouble(d -> d).max().orElse(0);
        return (max - min) / median(ratios) > 0.10 ? "noisy: ratios spread over 10%, repeat" : "";
    }

    static Map<String, String> keyValues(List<String> lines, String prefix) {
        for (String line : lines) {
            if (line.startsWith(prefix + " ")) {
                Map<String, String> m = new LinkedHashMap<>();
                for (String kv : line.substring(prefix.length() + 1).split(" ")) {
                    int eq = kv.indexOf('=');
                    if (eq > 0) {
                        m.put(kv.substring(0, eq), kv.substring(eq + 1));
                    }
                }
                return m;
            }
        }
        throw new IllegalStateException("no line starting with " + prefix);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Whether something answers HTTP on the port: any status line counts (a 404 is an answer). */
    static boolean answersHttp(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            s.setSoTimeout(2000);
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] head = s.getInputStream().readNBytes(5);
            return new String(head, StandardCharsets.US_ASCII).equals("HTTP/");
        } catch (IOException e) {
            return false;
        }
    }

    static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000 + t.getNano() / 1000;
    }

    static void deleteTree(Path p) throws IOException {
        // a tree not there, or files going meanwhile (a bundle still stopping, an earlier invocation's clean-up):
        // gone is what is wanted
        Files.walkFileTree(p, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null && !(e instanceof NoSuchFileException)) {
                    throw e;
                }
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    static Map<String, String> args(String[] args) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value, got " + args[i]);
            }
            m.put(args[i].substring(2), args[i + 1]);
        }
        return m;
    }

    // ------------------------------------------------------------------------------------------------ orders

    /** One generated order: what an ERP would export, in the canonical model's terms. */
    record Order(String orderNo, boolean special, String buyer, String buyerTaxId, String remark, List<Line> lines) {
    }

    record Line(String item, String spec, String unit, int quantity, BigDecimal price, BigDecimal rate, String taxCode) {

        BigDecimal amount() {
            return price.multiply(BigDecimal.valueOf(quantity)).setScale(2, RoundingMode.HALF_UP);
        }

        BigDecimal tax() {
            return amount().multiply(rate).setScale(2, RoundingMode.HALF_UP);
        }
    }

    /**
     * Orders from a seed: order n is the same for every run with that seed, whatever its number, so the bundle and
     * the raw client get the same orders. Buyers have valid unified social credit codes; one order in five is a
     * 专票; amounts are quantity × price; the remark has a comma, so the CSV quotes it.
     */
    static final class Orders {

        static final String[][] ITEMS = {
            {"龙井茶", "250g", "盒", "0.13", "1030307000000000000"},
            {"广告设计服务", "", "项", "0.06", "3040203000000000000"},
            {"办公椅", "A-2", "把", "0.13", "1050201990000000000"},
            {"技术咨询服务", "", "次", "0.06", "3040201000000000000"},
            {"东北大米", "5kg", "袋", "0.09", "1010101020000000000"},
            {"货物运输服务", "", "次", "0.09", "3010101000000000000"},
            {"打印纸", "A4", "箱", "0.13", "1060201990000000000"},
        };
        static final String[] BUYERS = {"杭州西湖茶叶有限公司", "成都锦江文化传媒有限公司", "北京海淀软件技术有限公司",
            "广州天河贸易有限公司", "上海浦东物流有限公司", "深圳南山电子科技有限公司", "武汉光谷生物医药有限公司"};
        static final String[] REGIONS = {"330100", "510100", "110108", "440106", "310115", "440305", "420100"};
        static final String CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        static final int[] CODE_WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

        final long seed;
        final String tag;
        final int lines;

        Orders(long seed, String tag, int lines) {
            this.seed = seed;
            this.tag = tag;
            this.lines = lines;
        }

        Order order(int n) {
            Random r = new Random(seed * 0x9E3779B97F4A7C15L + n);
            int buyer = r.nextInt(BUYERS.length);
            StringBuilder code = new StringBuilder("91").append(REGIONS[buyer]);
            for (int i = 0; i < 9; i++) {
                code.append(CODE_CHARS.charAt(r.nextInt(CODE_CHARS.length())));
            }
            int sum = 0;
            for (int i = 0; i < 17; i++) {
                sum += CODE_CHARS.indexOf(code.charAt(i)) * CODE_WEIGHTS[i];
            }
            code.append(CODE_CHARS.charAt((31 - sum % 31) % 31));
            List<Line> ls = new ArrayList<>(lines);
            for (int l = 0; l < lines; l++) {
                String[] item = ITEMS[r.nextInt(ITEMS.length)];
                ls.add(new Line(item[0] + (l + 1), item[1], item[2], 1 + r.nextInt(20),
                        BigDecimal.valueOf(100 + r.nextInt(99_900), 2), new BigDecimal(item[3]), item[4]));
            }
            return new Order(String.format("%s-%07d", tag, n + 1), r.nextInt(5) == 0, BUYERS[buyer], code.toString(),
                    "基准测试, 第" + (n + 1) + "单", ls);
        }

        /** The orders as the ERP exports them: Chinese headers, UTF-8, one row per line. */
        void writeCsv(Path file, int count) throws IOException {
            try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                w.write("单据号,发票种类,购方名称,购方税号,商品名称,规格型号,单位,数量,单价,金额,税率,税收分类编码,备注\n");
                for (int n = 0; n < count; n++) {
                    Order o = order(n);
                    for (Line l : o.lines) {
                        w.write(o.orderNo + "," + (o.special ? "专票" : "普票") + "," + o.buyer + "," + o.buyerTaxId + ","
                                + l.item + "," + l.spec + "," + l.unit + "," + l.quantity + "," + l.price.toPlainString()
                                + "," + l.amount().toPlainString() + "," + l.rate.movePointRight(2).stripTrailingZeros()
                                .toPlainString() + "%," + l.taxCode + ",\"" + o.remark + "\"\n");
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ stand-in

    /**
     * A yun2 stand-in that costs (almost) nothing per call: answers are canned bytes with the order's number, an
     * invoice number from a counter and a fixed small PDF spliced in. It keeps the protocol: form posts, the token
     * from GetToken in the {@code token} header (Code 2002 otherwise), the spid, {@code data=[base64(JSON)]}, a
     * repeated XTLSH answered with the invoice already issued, batches. Optional fixed latency on every call.
     */
    static final class StandIn {

        volatile int latencyMs;
        final String user;
        final String password;
        final String spid;
        final AtomicLong numbers = new AtomicLong();
        final AtomicLong logins = new AtomicLong();
        final Map<String, Long> issued = new ConcurrentHashMap<>();
        final Map<Character, LongAdder> counts = new ConcurrentHashMap<>();
        /** Calls being answered right now, and the most there were at once: the client's concurrency as the vendor saw it. */
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();
        final ConcurrentLinkedQueue<String> trace;
        final byte[] pdf = tinyPdf();
        final String today = LocalDateTime.now().withNano(0).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"));
        final String year = String.format("%02d", LocalDate.now().getYear() % 100);
        volatile String token = "";

        StandIn(int latencyMs, String user, String password, String spid, boolean trace) {
            this.latencyMs = latencyMs;
            this.user = user;
            this.password = password;
            this.spid = spid;
            this.trace = trace ? new ConcurrentLinkedQueue<>() : null;
        }

        static void main(String[] argv) throws Exception {
            Map<String, String> a = args(argv);
            int port = Integer.parseInt(a.getOrDefault("port", "9090"));
            int threads = Integer.parseInt(a.getOrDefault("threads", "16"));
            Path traceFile = a.containsKey("trace") ? Path.of(a.get("trace")) : null;
            StandIn standIn = new StandIn(Integer.parseInt(a.getOrDefault("latency-ms", "0")),
                    a.getOrDefault("user", SANDBOX_USER), a.getOrDefault("password", SANDBOX_PASSWORD),
                    a.getOrDefault("spid", SANDBOX_SPID), traceFile != null);
            // answer at once: without it Nagle's algorithm and delayed ACKs cost a small reply 40 ms
            System.setProperty("sun.net.httpserver.nodelay", "true");
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
            // without latency every call is answered on the server's own dispatcher thread: no hand-off between threads
            server.setExecutor(threads == 0 ? null : Executors.newFixedThreadPool(threads));
            server.createContext("/", standIn::serve);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.stop(0);
                if (traceFile != null) {
                    try {
                        Files.write(traceFile, standIn.trace);
                    } catch (IOException e) {
                        System.out.println("cannot write " + traceFile + ": " + e);
                    }
                }
                System.out.printf("STANDIN calls=%s cpu=%.3f maxInFlight=%d%n", standIn.counts.toString().replace(" ", ""),
                        ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                                .getProcessCpuTime() / 1e9, standIn.maxInFlight.get());
                System.out.flush();
            }));
            server.start();
            standIn.warmUp(server.getAddress().getPort(), Integer.parseInt(a.getOrDefault("warm-up-calls", "12000")));
            System.out.printf("READY yun2 stand-in at http://127.0.0.1:%d/yun2 (any prefix), latency %d ms, %d threads%n",
                    port, standIn.latencyMs, threads);
            System.out.flush();
            Thread.currentThread().join();
        }

        /**
         * Calls itself over loopback until its request path is compiled, then forgets those calls: the first measured
         * call then costs what the last one does.
         */
        void warmUp(int port, int calls) throws IOException {
            int latency = latencyMs;
            latencyMs = 0;
            exercise(port, user, password, spid, calls);
            issued.clear();
            counts.clear();
            maxInFlight.set(0);
            numbers.set(0);
            token = "";
            if (trace != null) {
                trace.clear();
            }
            latencyMs = latency;
        }

        /**
         * {@code calls} orders, each an FPKJ and its PDF, one after the other on one keep-alive connection to a yun2 at
         * {@code http://127.0.0.1:<port>/yun2}: how the stand-in warms itself up, and the harness the simulator.
         */
        static void exercise(int port, String user, String password, String spid, int calls) throws IOException {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                s.setTcpNoDelay(true);
                OutputStream out = s.getOutputStream();
                InputStream in = s.getInputStream();
                String login = "UserName=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&Password="
                        + URLEncoder.encode(password, StandardCharsets.UTF_8);
                String tokenReply = call(out, in, "/yun2/API/LOGIN/GetToken", login, "");
                String held = RawClient.field(tokenReply, "ID");
                Orders orders = new Orders(0, "WARMUP", 1);
                for (int i = 0; i < calls; i++) {
                    String data = "[" + Base64.getEncoder().encodeToString(RawClient.invoiceJson(orders.order(i))
                            .getBytes(StandardCharsets.UTF_8)) + "]";
                    String reply = call(out, in, "/yun2/API/KPGL/FPKJ", "spid=" + URLEncoder.encode(spid,
                            StandardCharsets.UTF_8) + "&data=" + URLEncoder.encode(data, StandardCharsets.UTF_8), held);
                    call(out, in, "/yun2" + RawClient.field(reply, "url"), "", held);
                }
            }
        }

        /** One keep-alive HTTP/1.1 POST on a raw socket; the answer's body as text. */
        private static String call(OutputStream out, InputStream in, String path, String form, String token)
                throws IOException {
            byte[] body = form.getBytes(StandardCharsets.UTF_8);
            out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + FORM + "\r\ntoken: " + token
                    + "\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.write(body);
            out.flush();
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int c = in.read();
                if (c < 0) {
                    throw new IOException("the stand-in closed the connection while warming up");
                }
                head.append((char) c);
            }
            Matcher m = Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
            int length = m.find() ? Integer.parseInt(m.group(1)) : 0;
            return new String(in.readNBytes(length), StandardCharsets.UTF_8);
        }

        void serve(HttpExchange ex) throws IOException {
            long start = trace == null ? 0 : micros(Instant.now());
            String[] traced = {"O", "-", "-"};
            int now = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(now, Math::max);
            boolean counted = true;
            try (ex) {
                byte[] request = ex.getRequestBody().readAllBytes();
                if (latencyMs > 0) {
                    try {
                        Thread.sleep(latencyMs);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                String path = ex.getRequestURI().getRawPath();
                byte[] body;
                String type = "application/json;charset=UTF-8";
                int status = 200;
                if (path.endsWith("/KPGL/PDFXZ")) {
                    body = pdf;
                    type = "application/pdf";
                    String q = ex.getRequestURI().getRawQuery();
                    traced[0] = "P";
                    traced[1] = q == null ? "-" : q.replaceAll(".*XYM=([^&]*).*", "$1");
                } else if (!ex.getRequestMethod().equals("POST")) {
                    body = json(fail("所有的调用都采用POST方式，不要用GET方式"));
                } else {
                    Map<String, String> form = form(new String(request, StandardCharsets.UTF_8));
                    String answer;
                    if (path.endsWith("/API/LOGIN/GetToken")) {
                        traced[0] = "T";
                        answer = getToken(form);
                    } else if (!token.equals(ex.getRequestHeaders().getFirst("token"))) {
                        answer = "{\"Result\":\"0\",\"Message\":\"token已失效，请重新获取\",\"Code\":\"2002\"}";
                    } else if (path.endsWith("/API/KPGL/FPKJ")) {
                        traced[0] = "F";
                        answer = spid.equals(form.get("spid")) ? fpkj(form.get("data"), traced) : fail("spid不存在");
                    } else if (path.endsWith("/API/KPGL/KPJG")) {
                        traced[0] = "K";
                        answer = kpjg(form.getOrDefault("xtlsh", ""), form.getOrDefault("fpzl", "021"));
                    } else if (path.endsWith("/API/KPGL/SHKP")) {
                        answer = "{\"Result\":\"1\",\"Message\":\"成功\",\"ErrList\":[],\"SucessList\":[]}";
                    } else if (path.endsWith("/API/KPGL/FPLIST")) {
                        answer = "{\"Result\":\"1\",\"Message\":\"成功\",\"total\":0,\"rows\":[]}";
                    } else if (path.endsWith("/API/TERM/LIST")) {
                        answer = "{\"total\":\"1\",\"rows\":[{\"nsrmc\":\"基准测试科技有限公司\",\"nsrsbh\":\"" + SELLER
                                + "\",\"zdlx\":\"8\",\"spid\":\"" + spid + "\",\"dqdm\":\"3100\",\"online\":\"在线\"}],"
                                + "\"Result\":\"1\",\"Message\":\"SUCESS\"}";
                    } else {
                        status = 404;
                        answer = "Not Found";
                        type = "text/plain;charset=UTF-8";
                    }
                    body = answer.getBytes(StandardCharsets.UTF_8);
                }
                counts.computeIfAbsent(traced[0].charAt(0), k -> new LongAdder()).increment();
                // the call ends as its answer leaves: the client may send its next call the moment it has it
                inFlight.decrementAndGet();
                counted = false;
                ex.getResponseHeaders().set("Content-Type", type);
                ex.sendResponseHeaders(status, body.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            } finally {
                if (counted) {
                    inFlight.decrementAndGet();
                }
                if (trace != null) {
                    trace.add(start + " " + micros(Instant.now()) + " " + traced[0] + " " + traced[1] + " " + traced[2]
                            + " " + ex.getRemoteAddress().getPort());
                }
            }
        }

        String getToken(Map<String, String> form) {
            if (!user.equals(form.get("UserName")) || !password.equals(form.get("Password"))) {
                return fail("用户名或密码错误");
            }
            token = "[standin" + logins.incrementAndGet() + "x" + Long.toString(System.nanoTime(), 36) + "]";
            return "{\"Result\":\"1\",\"Message\":\"系统登陆成功。\",\"ID\":\"" + token + "\"}";
        }

        /** Every order of the data array issued at once, or the invoice it already has when its XTLSH is known. */
        String fpkj(String data, String[] traced) {
            if (data == null || data.length() < 2 || data.charAt(0) != '[' || data.charAt(data.length() - 1) != ']') {
                return fail("data格式错误：须为[base64(JSON数组)]，base64前后需用[]括起来");
            }
            String json;
            try {
                json = new String(Base64.getDecoder().decode(data.substring(1, data.length() - 1)), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return fail("data格式错误：base64无效");
            }
            List<String> orders = values(json, "XTLSH");
            List<String> types = values(json, "FPZL");
            if (orders.isEmpty()) {
                return fail("单据号XTLSH不能为空");
            }
            StringBuilder ok = new StringBuilder();
            StringBuilder err = new StringBuilder();
            for (int i = 0; i < orders.size(); i++) {
                String xtlsh = orders.get(i);
                String fpzl = i < types.size() ? types.get(i) : "021";
                long n = numbers.incrementAndGet();
                Long earlier = issued.putIfAbsent(xtlsh, n);
                if (earlier != null) {
                    String number = invoiceNo(earlier);
                    String msg = "此单据已经开过发票, FPHM = " + number + ":KPRQ =" + today + ".000。";
                    err.append(err.length() == 0 ? "" : ",").append("{\"XTLSH\":\"").append(xtlsh)
                            .append("\",\"FPHM\":\"").append(number).append("\",\"KPRQ\":\"").append(today)
                            .append(".000\",\"XYM\":\"").append(checkCode(earlier)).append("\",\"FPZL\":\"").append(fpzl)
                            .append("\",\"ErrMsg\":\"").append(msg).append("\",\"url\":\"").append(url(earlier, fpzl))
                            .append("\"}");
                } else {
                    ok.append(ok.length() == 0 ? "" : ",").append("{\"xtlsh\":\"").append(xtlsh).append("\",\"fpzl\":\"")
                            .append(fpzl).append("\",\"fpdm\":\"\",\"fphm\":\"").append(invoiceNo(n))
                            .append("\",\"kprq\":\"").append(today).append("\",\"skm\":\"\",\"jym\":\"")
                            .append(checkCode(n)).append("\",\"jqbh\":\"\",\"ewm\":\"\",\"url\":\"").append(url(n, fpzl))
                            .append("\",\"kpjg\":\"1\",\"pdfxx\":\"PDF生成成功\",\"kpfk\":\"开具成功\"}");
                    traced[1] = xtlsh;
                    traced[2] = checkCode(n);
                }
            }
            boolean allOk = err.length() == 0;
            return "{\"Result\":\"" + (allOk ? "1" : "0") + "\",\"Message\":\"" + (allOk ? "成功" : "此单据已经开过发票")
                    + "\",\"ErrList\":[" + err + "],\"SucessList\":[" + ok + "]}";
        }

        String kpjg(String xtlsh, String fpzl) {
            Long n = issued.get(xtlsh);
            if (n == null) {
                return fail("单据不存在：" + xtlsh);
            }
            return "{\"Result\":\"1\",\"Message\":\"\",\"FPZT\":\"1\",\"XTLSH\":\"" + xtlsh + "\",\"FPHM\":\"" + invoiceNo(n)
                    + "\",\"KPRQ\":\"" + today + "\",\"MW\":\"\",\"XYM\":\"" + checkCode(n) + "\",\"JQBH\":\"\",\"URL\":\""
                    + url(n, fpzl) + "\",\"SWQM\":\"\"}";
        }

        /** 20 digits: year, region 31, channel 2, a 15-digit sequence. */
        String invoiceNo(long n) {
            return year + "312" + pad(n, 15);
        }

        static String checkCode(long n) {
            return pad(n * 7919 % 100_000_000_000L, 20);
        }

        static String url(long n, String fpzl) {
            return "/KPGL/PDFXZ?XYM=" + checkCode(n) + "&FPZL=" + fpzl;
        }

        static String pad(long n, int width) {
            String s = Long.toString(n);
            return "0".repeat(Math.max(0, width - s.length())) + s;
        }

        static String fail(String message) {
            return "{\"Result\":\"0\",\"Message\":\"" + message + "\"}";
        }

        static byte[] json(String s) {
            return s.getBytes(StandardCharsets.UTF_8);
        }

        /** The string values of a key, in order, from JSON whose keys are as yun2 spells them. */
        static List<String> values(String json, String key) {
            List<String> out = new ArrayList<>(1);
            String marker = "\"" + key + "\":\"";
            for (int i = json.indexOf(marker); i >= 0; i = json.indexOf(marker, i)) {
                int start = i + marker.length();
                int end = json.indexOf('"', start);
                out.add(json.substring(start, end));
                i = end;
            }
            return out;
        }

        static Map<String, String> form(String body) {
            Map<String, String> m = new HashMap<>();
            for (String pair : body.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    m.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
            return m;
        }

        /** A valid one-page PDF 1.4 of about 600 bytes, its cross-reference offsets computed. */
        static byte[] tinyPdf() {
            String content = "BT /F1 14 Tf 40 380 Td (fapiao-camel benchmark stand-in - not an invoice) Tj ET";
            String[] objects = {
                "<< /Type /Catalog /Pages 2 0 R >>",
                "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 420] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
                "<< /Length " + content.length() + " >>\nstream\n" + content + "\nendstream",
                "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            };
            StringBuilder pdf = new StringBuilder("%PDF-1.4\n");
            int[] offsets = new int[objects.length];
            for (int i = 0; i < objects.length; i++) {
                offsets[i] = pdf.length();
                pdf.append(i + 1).append(" 0 obj\n").append(objects[i]).append("\nendobj\n");
            }
            int xref = pdf.length();
            pdf.append("xref\n0 ").append(objects.length + 1).append("\n0000000000 65535 f \n");
            for (int o : offsets) {
                pdf.append(pad(o, 10)).append(" 00000 n \n");
            }
            pdf.append("trailer\n<< /Size ").append(objects.length + 1).append(" /Root 1 0 R >>\nstartxref\n").append(xref)
                    .append("\n%%EOF\n");
            return pdf.toString().getBytes(StandardCharsets.US_ASCII);
        }
    }

    // ------------------------------------------------------------------------------------------------ raw client

    /**
     * The least a client must do per order besides its two calls to do what the contract asks (the {@code floor}
     * figure): a ledger row written before FPKJ and updated after it (an H2 file, one primary key, no claim log and no
     * CHECKPOINT: less durable than the bundle), the PDF and the order's JSON file each written under a temporary name
     * and renamed, and one result line per order, in input order, written at the end. No checks, no retries, no
     * result for a failure: a lower bound, not a product.
     */
    static final class Duties {

        final Path dir;
        final String url;
        final String[] lines;

        Duties(Path dir, int orders) throws Exception {
            this.dir = dir.toAbsolutePath();
            Files.createDirectories(this.dir.resolve("pdf"));
            Files.createDirectories(this.dir.resolve("results"));
            this.url = "jdbc:h2:file:" + this.dir.resolve("ledger");
            this.lines = new String[orders];
            try (java.sql.Connection c = java.sql.DriverManager.getConnection(url);
                 java.sql.Statement st = c.createStatement()) {
                st.execute("""
                        create table if not exists fapiao_order (order_no varchar(40) primary key, status varchar(16),
                          invoice_no varchar(40), total_amount decimal(18, 2), order_json clob, updated_at timestamp)""");
            }
        }

        Worker worker(AtomicReference<String> failure) {
            try {
                return new Worker(java.sql.DriverManager.getConnection(url));
            } catch (java.sql.SQLException e) {
                failure.compareAndSet(null, "ledger: " + e);
                throw new IllegalStateException(e);
            }
        }

        /** The drop's result lines, in input order, in one file. */
        void finish() throws IOException {
            Path tmp = dir.resolve("results.csv.tmp");
            try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                w.write("order_no,status,invoice_no\n");
                for (String line : lines) {
                    w.write(line == null ? "" : line);
                    w.write('\n');
                }
            }
            Files.move(tmp, dir.resolve("results.csv"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }

        final class Worker {
            final java.sql.Connection c;
            final java.sql.PreparedStatement insert;
            final java.sql.PreparedStatement update;

            Worker(java.sql.Connection c) throws java.sql.SQLException {
                this.c = c;
                this.insert = c.prepareStatement("insert into fapiao_order (order_no, status, total_amount, order_json, "
                        + "updated_at) values (?, 'SUBMITTING', ?, ?, current_timestamp)");
                this.update = c.prepareStatement("update fapiao_order set status = 'ISSUED', invoice_no = ?, "
                        + "updated_at = current_timestamp where order_no = ?");
            }

            void before(Order o, String json) throws java.sql.SQLException {
                BigDecimal total = BigDecimal.ZERO;
                for (Line l : o.lines()) {
                    total = total.add(l.amount());
                }
                insert.setString(1, o.orderNo());
                insert.setBigDecimal(2, total);
                insert.setString(3, json);
                insert.executeUpdate();
            }

            void after(Order o, int n, String invoiceNo, byte[] pdf) throws Exception {
                update.setString(1, invoiceNo);
                update.setString(2, o.orderNo());
                update.executeUpdate();
                String pdfName = o.orderNo() + "_" + invoiceNo + ".pdf";
                atomically(dir.resolve("pdf").resolve(pdfName), pdf);
                atomically(dir.resolve("results").resolve(o.orderNo() + ".json"), ("{\"order_no\":\"" + o.orderNo()
                        + "\",\"status\":\"ISSUED\",\"invoice_no\":\"" + invoiceNo + "\",\"pdf\":\"pdf/" + pdfName
                        + "\"}").getBytes(StandardCharsets.UTF_8));
                lines[n] = o.orderNo() + ",ISSUED," + invoiceNo;
            }

            void close() {
                try {
                    c.close();
                } catch (java.sql.SQLException e) {
                    // the run is over
                }
            }

            private void atomically(Path target, byte[] content) throws IOException {
                Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
                Files.write(tmp, content);
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /**
     * What the bundle does per order and nothing else: the FPKJ form post (spid and {@code data=[base64(JSON)]} with
     * the invoice JSON as the bundle maps it, the token in the header), then the PDF download (a POST to the url in
     * the answer), N orders in flight on one JDK HttpClient. No CSV, checks, ledger or files, except the
     * {@link Duties} with {@code --duties}; {@code --forms} sends a user's orders as {@code bench/OrderForms.java} mapped
     * them. Prints one line:
     * {@code RAW orders=… issued=… seconds=… cpu=… startMicros=… endMicros=…}.
     */
    static final class RawClient {

        final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(30)).build();
        final String url;
        final String user;
        final String password;
        final String spid;
        final AtomicReference<String> token = new AtomicReference<>();
        /** Calls sent again because the connection dropped before any answer (the JDK server's keep-alive race). */
        static final AtomicInteger RETRIES = new AtomicInteger();

        RawClient(String url, String user, String password, String spid) {
            this.url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
            this.user = user;
            this.password = password;
            this.spid = spid;
        }

        static void main(String[] argv) throws Exception {
            Map<String, String> a = args(argv);
            int orders = Integer.parseInt(a.get("orders"));
            int concurrency = Integer.parseInt(a.getOrDefault("concurrency", "4"));
            Orders source = new Orders(Long.parseLong(a.getOrDefault("seed", "1")), a.getOrDefault("tag", "RAW"),
                    Integer.parseInt(a.getOrDefault("lines-per-order", "1")));
            RawClient client = new RawClient(a.get("url"), a.getOrDefault("user", SANDBOX_USER),
                    a.getOrDefault("password", SANDBOX_PASSWORD), a.getOrDefault("spid", SANDBOX_SPID));
            Duties duties = a.containsKey("duties") ? new Duties(Path.of(a.get("duties")), orders) : null;
            // a user's order file: the FPKJ data parameter of each order the bundle sends (bench/OrderForms.java)
            List<String> forms = a.containsKey("forms") ? Files.readAllLines(Path.of(a.get("forms")), StandardCharsets.US_ASCII)
                    : null;
            if (forms != null && (orders > forms.size() || duties != null)) {
                throw new IllegalArgumentException(duties != null ? "--duties takes generated orders, not --forms"
                        : "--orders " + orders + ": the forms file has " + forms.size());
            }
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            AtomicInteger next = new AtomicInteger();
            AtomicInteger issued = new AtomicInteger();
            AtomicReference<String> firstFailure = new AtomicReference<>();
            long cpu0 = os.getProcessCpuTime();
            Instant startedAt = Instant.now();
            long t0 = System.nanoTime();
            client.token.set(client.login());
            List<Thread> workers = new ArrayList<>();
            for (int w = 0; w < concurrency; w++) {
                Thread t = new Thread(() -> {
                    Duties.Worker worker = duties == null ? null : duties.worker(firstFailure);
                    for (int n = next.getAndIncrement(); n < orders; n = next.getAndIncrement()) {
                        try {
                            if (forms != null) {
                                client.issue(forms.get(n));
                            } else {
                                client.issue(source.order(n), n, worker);
                            }
                            issued.incrementAndGet();
                        } catch (Exception e) {
                            firstFailure.compareAndSet(null, "order " + n + ": " + e);
                        }
                    }
                    if (worker != null) {
                        worker.close();
                    }
                }, "raw-" + w);
                t.start();
                workers.add(t);
            }
            for (Thread t : workers) {
                t.join();
            }
            if (duties != null) {
                duties.finish();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            long endMicros = micros(startedAt) + (long) (seconds * 1e6);
            if (firstFailure.get() != null) {
                System.out.println("first failure: " + firstFailure.get());
            }
            System.out.printf(Locale.ROOT, "RAW orders=%d issued=%d seconds=%.3f cpu=%.3f startMicros=%d endMicros=%d "
                    + "retries=%d%n", orders, issued.get(), seconds, (os.getProcessCpuTime() - cpu0) / 1e9, micros(startedAt),
                    endMicros, RETRIES.get());
        }

        String login() throws IOException, InterruptedException {
            String reply = post(url + "/API/LOGIN/GetToken", "UserName=" + enc(user) + "&Password=" + enc(password), null);
            String id = field(reply, "ID");
            if (id.isEmpty()) {
                throw new IOException("GetToken refused: " + reply);
            }
            return id;
        }

        /** FPKJ and the PDF of one order; with the order's duties around the calls when {@code duties} is given. */
        void issue(Order o, int n, Duties.Worker duties) throws Exception {
            String json = invoiceJson(o);
            if (duties != null) {
                duties.before(o, json);
            }
            Issued issued = issue("data=" + enc("[" + Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8))
                    + "]"));
            if (duties != null) {
                duties.after(o, n, issued.invoiceNo(), issued.pdf());
            }
        }

        record Issued(String invoiceNo, byte[] pdf) {
        }

        /** FPKJ with this {@code data} parameter (URL-encoded), then the PDF of the invoice it answers. */
        Issued issue(String dataParameter) throws IOException, InterruptedException {
            String form = "spid=" + enc(spid) + "&" + dataParameter;
            String held = token.get();
            String reply = post(url + "/API/KPGL/FPKJ", form, held);
            if (reply.contains("\"Code\":\"20")) {
                synchronized (this) {
                    if (token.get().equals(held)) {
                        token.set(login());
                    }
                }
                reply = post(url + "/API/KPGL/FPKJ", form, token.get());
            }
            String pdfUrl = field(reply, "url");
            String invoiceNo = field(reply, "fphm");
            if (invoiceNo.isEmpty()) {
                // a repeated FPKJ (sent again after a dropped connection) answers the invoice it has under FPHM
                invoiceNo = field(reply, "FPHM");
            }
            if (invoiceNo.isEmpty() || pdfUrl.isEmpty()) {
                throw new IOException("not issued: " + reply);
            }
            HttpRequest pdf = HttpRequest.newBuilder(URI.create(pdfUrl.startsWith("http") ? pdfUrl : url + pdfUrl))
                    .header("token", token.get()).header("Content-Type", FORM)
                    .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30)).build();
            HttpResponse<byte[]> r = send(pdf, HttpResponse.BodyHandlers.ofByteArray());
            byte[] body = r.body();
            if (r.statusCode() != 200 || body.length < 5 || !new String(body, 0, 5, StandardCharsets.ISO_8859_1).equals("%PDF-")) {
                throw new IOException("no PDF at " + pdfUrl + ": HTTP " + r.statusCode());
            }
            return new Issued(invoiceNo, body);
        }

        String post(String to, String form, String tokenHeader) throws IOException, InterruptedException {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(to)).header("Content-Type", FORM)
                    .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(form));
            if (tokenHeader != null) {
                b.header("token", tokenHeader);
            }
            HttpResponse<String> r = send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (r.statusCode() != 200) {
                throw new IOException(to + ": HTTP " + r.statusCode());
            }
            return r.body();
        }

        /** One call; sent once more when the connection dropped before any answer (counted, and printed). */
        <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body) throws IOException,
                InterruptedException {
            try {
                return http.send(request, body);
            } catch (java.net.http.HttpTimeoutException e) {
                throw e;
            } catch (IOException e) {
                RETRIES.incrementAndGet();
                return http.send(request, body);
            }
        }

        /** The FPKJ invoice JSON the bundle sends for this order (its keys, in its order). */
        static String invoiceJson(Order o) {
            StringBuilder j = new StringBuilder(256 + 160 * o.lines.size()).append("[{");
            str(j, "XTLSH", o.orderNo).append(',');
            str(j, "KHMC", o.buyer).append(',');
            str(j, "KHSH", o.buyerTaxId).append(',');
            str(j, "FPZL", o.special ? "020" : "021").append(',');
            str(j, "BZ", o.remark).append(',');
            str(j, "QDBZ", "0").append(",\"ITEM\":[");
            for (int i = 0; i < o.lines.size(); i++) {
                Line l = o.lines.get(i);
                j.append(i == 0 ? "{" : ",{");
                str(j, "CPMC", l.item).append(',');
                if (!l.spec.isEmpty()) {
                    str(j, "CPXH", l.spec).append(',');
                }
                str(j, "CPDW", l.unit).append(',');
                str(j, "SL", l.rate.stripTrailingZeros().toPlainString()).append(',');
                str(j, "CPSL", Integer.toString(l.quantity)).append(',');
                str(j, "BHSJE", l.amount().toPlainString()).append(',');
                str(j, "SE", l.tax().toPlainString()).append(',');
                str(j, "FLBM", l.taxCode).append(',');
                str(j, "XSYH", "0").append('}');
            }
            return j.append("]}]").toString();
        }

        static StringBuilder str(StringBuilder j, String key, String value) {
            j.append('"').append(key).append("\":\"");
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == '"' || c == '\\') {
                    j.append('\\').append(c);
                } else if (c < 0x20) {
                    j.append(String.format("\\u%04x", (int) c));
                } else {
                    j.append(c);
                }
            }
            return j.append('"');
        }

        /** A string field of a JSON answer, "" when absent. */
        static String field(String json, String key) {
            List<String> v = StandIn.values(json, key);
            return v.isEmpty() ? "" : v.get(0);
        }

        static String enc(String s) {
            return URLEncoder.encode(s, StandardCharsets.UTF_8);
        }
    }
}

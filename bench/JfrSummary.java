import jdk.jfr.consumer.RecordedClass;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What a flight recording of the bundle says, in one page: {@code java bench/JfrSummary.java FILE.jfr [--top N]
 * [--threads PREFIX] [--focus PACKAGE.] [--from S] [--to S]}. Hot methods (own, and with callees: those of the focus
 * package, io.fapiao. by default, then all),
 * the same by library, where threads of one name spend their samples (running Java, in native code, parked),
 * monitor and lock contention, allocation by class and by the code that allocates, collections and heap, file
 * writes. JDK 17 has no {@code jfr view}; this is the part of it the profile needs. {@code --from}/{@code --to}
 * keep the events of a window, in seconds from the recording's start.
 */
public class JfrSummary {

    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            System.out.println("java bench/JfrSummary.java FILE.jfr [--top N] [--threads PREFIX] [--focus PACKAGE.] [--from S] [--to S]");
            return;
        }
        Path file = Path.of(args[0]);
        int top = 25;
        String threads = null;
        String focus = "io.fapiao.";
        double from = 0;
        double to = Double.MAX_VALUE;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--top" -> top = Integer.parseInt(args[++i]);
                case "--threads" -> threads = args[++i];
                case "--focus" -> focus = args[++i];
                case "--from" -> from = Double.parseDouble(args[++i]);
                case "--to" -> to = Double.parseDouble(args[++i]);
                default -> throw new IllegalArgumentException(args[i]);
            }
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        Instant start = events.stream().map(RecordedEvent::getStartTime).min(Instant::compareTo).orElseThrow();
        double f = from;
        double t = to;
        Predicate<RecordedEvent> inWindow = e -> {
            double s = Duration.between(start, e.getStartTime()).toNanos() / 1e9;
            return s >= f && s <= t;
        };
        String prefix = threads;
        Predicate<RecordedEvent> ofThreads = e -> prefix == null || threadName(e).startsWith(prefix);

        Map<String, Long> self = new HashMap<>();
        Map<String, Long> total = new HashMap<>();
        Map<String, Long> focused = new HashMap<>();
        Map<String, Long> owners = new HashMap<>();
        Map<String, Long> libraries = new HashMap<>();
        Map<String, Long> threadStates = new HashMap<>();
        Map<String, Long> nativeTop = new HashMap<>();
        long samples = 0;
        Map<String, double[]> monitors = new HashMap<>();
        Map<String, double[]> parks = new HashMap<>();
        Map<String, Long> allocByClass = new HashMap<>();
        Map<String, Long> allocBySite = new HashMap<>();
        long allocTotal = 0;
        Map<String, double[]> gcs = new LinkedHashMap<>();
        long heapPeak = 0;
        Map<String, double[]> fileWrites = new HashMap<>();
        Map<String, double[]> threadCpu = new HashMap<>();
        int classesLoaded = 0;

        for (RecordedEvent e : events) {
            if (!inWindow.test(e)) {
                continue;
            }
            String type = e.getEventType().getName();
            switch (type) {
                case "jdk.ExecutionSample" -> {
                    if (!ofThreads.test(e)) {
                        continue;
                    }
                    samples++;
                    List<RecordedFrame> frames = frames(e);
                    if (frames.isEmpty()) {
                        continue;
                    }
                    self.merge(method(frames.get(0)), 1L, Long::sum);
                    Set<String> seen = new HashSet<>();
                    Set<String> libs = new HashSet<>();
                    for (RecordedFrame fr : frames) {
                        String m = method(fr);
                        if (seen.add(m)) {
                            total.merge(m, 1L, Long::sum);
                            if (m.startsWith(focus)) {
                                focused.merge(m, 1L, Long::sum);
                            }
                        }
                    }
                    libraries.merge(library(frames.get(0)), 1L, Long::sum);
                    owners.merge(owner(frames), 1L, Long::sum);
                    threadStates.merge(threadGroup(e) + " running Java", 1L, Long::sum);
                }
                case "jdk.NativeMethodSample" -> {
                    if (!ofThreads.test(e)) {
                        continue;
                    }
                    List<RecordedFrame> frames = frames(e);
                    threadStates.merge(threadGroup(e) + " in native code", 1L, Long::sum);
                    nativeTop.merge(threadGroup(e) + " " + firstOwnFrame(frames), 1L, Long::sum);
                }
                case "jdk.JavaMonitorEnter", "jdk.JavaMonitorWait" -> {
                    if (!ofThreads.test(e)) {
                        continue;
                    }
                    RecordedClass c = e.getValue("monitorClass");
                    String key = type.substring(4) + " " + (c == null ? "?" : c.getName()) + " at " + firstOwnFrame(frames(e));
                    add(monitors, key, e.getDuration().toNanos() / 1e6);
                }
                case "jdk.ThreadPark" -> {
                    if (!ofThreads.test(e)) {
                        continue;
                    }
                    add(parks, threadGroup(e) + " at " + firstOwnFrame(frames(e)), e.getDuration().toNanos() / 1e6);
                }
                case "jdk.ObjectAllocationSample" -> {
                    if (!ofThreads.test(e)) {
                        continue;
                    }
                    long w = e.getLong("weight");
                    allocTotal += w;
                    RecordedClass c = e.getValue("objectClass");
                    allocByClass.merge(c == null ? "?" : c.getName(), w, Long::sum);
                    allocBySite.merge(firstOwnFrame(frames(e)), w, Long::sum);
                }
                case "jdk.GarbageCollection" -> add(gcs, e.getString("name") + " (" + e.getString("cause") + ")",
                        e.getDuration("sumOfPauses").toNanos() / 1e6);
                case "jdk.GCHeapSummary" -> heapPeak = Math.max(heapPeak, e.getLong("heapUsed"));
                case "jdk.FileWrite", "jdk.FileForce" -> add(fileWrites, type.substring(4) + " at " + firstOwnFrame(frames(e)),
                        e.getDuration().toNanos() / 1e6);
                case "jdk.ThreadCPULoad" -> {
                    double[] v = threadCpu.computeIfAbsent(threadGroup(e), k -> new double[2]);
                    v[0] += e.getFloat("user") + e.getFloat("system");
                    v[1]++;
                }
                case "jdk.ClassLoad" -> classesLoaded++;
                default -> {
                }
            }
        }
        System.out.printf("%s: %d events%s%s%n", file, events.size(), prefix == null ? "" : ", threads " + prefix + "*",
                from > 0 || to < Double.MAX_VALUE ? String.format(", window %.1f-%.1f s", from, to) : "");
        System.out.printf("%n-- execution samples: %d; by the library of the top frame%n", samples);
        print(libraries, samples, top);
        System.out.printf("%n-- samples by owner: the innermost frame of ours (ledger and result-file calls by method), of"
                + " the HTTP producer or of logging; else the library of the top frame (org.apache.camel: routing)%n");
        print(owners, samples, top);
        System.out.printf("%n-- hot methods, own time (top frame)%n");
        print(self, samples, top);
        System.out.printf("%n-- hot methods of %s*, with callees (in the sampled stack, which JFR cuts at 64 frames)%n", focus);
        print(focused, samples, top);
        System.out.printf("%n-- hot methods, with callees%n");
        print(total, samples, top);
        System.out.printf("%n-- where threads spend their samples (Java and native samples are taken at different rates)%n");
        print(threadStates, threadStates.values().stream().mapToLong(Long::longValue).sum(), top);
        System.out.printf("%n-- native samples by thread and first frame of our code%n");
        print(nativeTop, nativeTop.values().stream().mapToLong(Long::longValue).sum(), top);
        System.out.printf("%n-- thread CPU load, mean over the recording's periodic samples (1.0 = every core of the machine)%n");
        threadCpu.entrySet().stream().sorted((a, b) -> Double.compare(b.getValue()[0], a.getValue()[0])).limit(top)
                .forEach(en -> System.out.printf("  %6.3f  %s (%d samples)%n", en.getValue()[0] / en.getValue()[1],
                        en.getKey(), (long) en.getValue()[1]));
        System.out.printf("%n-- monitor contention (count, total ms)%n");
        printTimes(monitors, top);
        System.out.printf("%n-- thread parks over the threshold (count, total ms)%n");
        printTimes(parks, top);
        System.out.printf("%n-- allocation by class (sampled weight, MB of %d MB)%n", allocTotal >> 20);
        printBytes(allocByClass, top);
        System.out.printf("%n-- allocation by site (first frame of our code or a library's entry)%n");
        printBytes(allocBySite, top);
        System.out.printf("%n-- collections (count, total pause ms); heap used at most %d MB%n", heapPeak >> 20);
        printTimes(gcs, top);
        System.out.printf("%n-- file writes over the threshold (count, total ms)%n");
        printTimes(fileWrites, top);
        System.out.printf("%n-- classes loaded: %d%n", classesLoaded);
    }

    static List<RecordedFrame> frames(RecordedEvent e) {
        RecordedStackTrace st = e.getStackTrace();
        return st == null ? List.of() : st.getFrames();
    }

    static String method(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }

    /** The first frame outside the JDK and the common plumbing: where our code (or a library's entry) called from. */
    static String firstOwnFrame(List<RecordedFrame> frames) {
        for (RecordedFrame f : frames) {
            String type = f.getMethod().getType().getName();
            if (type.startsWith("io.fapiao.")) {
                return method(f) + ":" + f.getLineNumber();
            }
        }
        for (RecordedFrame f : frames) {
            String type = f.getMethod().getType().getName();
            if (!type.startsWith("java.") && !type.startsWith("jdk.") && !type.startsWith("sun.")) {
                return method(f);
            }
        }
        return frames.isEmpty() ? "?" : method(frames.get(0));
    }

    /** Who a sample's time belongs to: the innermost frame that is ours, the HTTP producer's or logging's. */
    static String owner(List<RecordedFrame> frames) {
        Set<String> helpers = Set.of("update", "query", "stream", "select", "bind", "order", "now", "nz", "clip");
        for (int i = 0; i < frames.size(); i++) {
            RecordedFrame f = frames.get(i);
            String type = f.getMethod().getType().getName();
            String name = f.getMethod().getName();
            if (type.startsWith("org.apache.logging.") || type.startsWith("org.slf4j.")) {
                return "logging";
            }
            if (type.equals("org.apache.camel.component.http.HttpProducer")) {
                return "vendor HTTP call (camel-http, Apache HttpClient, socket)";
            }
            if (type.startsWith("io.fapiao.") && !type.contains("$$Lambda")) {
                String simple = type.substring(type.lastIndexOf('.') + 1).replaceAll("\\$\\d+$", "");
                String method = name.replaceAll("^lambda\\$(\\w+)\\$\\d+$", "$1");
                if (simple.equals("Ledger") && helpers.contains(method)) {
                    // the ledger's plumbing: name the ledger call it serves
                    for (int j = i + 1; j < frames.size(); j++) {
                        RecordedFrame outer = frames.get(j);
                        String n = outer.getMethod().getName().replaceAll("^lambda\\$(\\w+)\\$\\d+$", "$1");
                        if (outer.getMethod().getType().getName().equals(type) && !helpers.contains(n)) {
                            return "Ledger." + n;
                        }
                    }
                }
                return simple + "." + method;
            }
        }
        return frames.isEmpty() ? "?" : "other: " + library(frames.get(0));
    }

    static String library(RecordedFrame f) {
        String type = f.getMethod().getType().getName();
        String[] known = {"io.fapiao", "org.h2", "org.apache.camel", "com.fasterxml.jackson", "org.apache.hc",
            "org.apache.commons.csv", "io.vertx", "io.netty", "org.apache.logging", "com.zaxxer.hikari", "org.snakeyaml",
            "java.util.regex", "java.util.concurrent", "java.lang.invoke", "java.math", "java.io", "java.nio", "sun.nio",
            "java.util", "java.lang", "jdk.internal", "sun."};
        for (String k : known) {
            if (type.startsWith(k)) {
                return k;
            }
        }
        int dot = type.lastIndexOf('.');
        return dot < 0 ? type : type.substring(0, dot);
    }

    static String threadName(RecordedEvent e) {
        RecordedThread t = e.hasField("sampledThread") ? e.getValue("sampledThread") : e.getThread();
        if (t == null && e.hasField("eventThread")) {
            t = e.getValue("eventThread");
        }
        return t == null || t.getJavaName() == null ? "?" : t.getJavaName();
    }

    /** A thread's name without its number: "Camel (fapiao-camel) thread #12 - issue" becomes one group. */
    static String threadGroup(RecordedEvent e) {
        return threadName(e).replaceAll("#\\d+", "#").replaceAll("-\\d+$", "-N").replaceAll("\\d+$", "N");
    }

    static void add(Map<String, double[]> m, String key, double ms) {
        double[] v = m.computeIfAbsent(key, k -> new double[2]);
        v[0]++;
        v[1] += ms;
    }

    static void print(Map<String, Long> m, long of, int top) {
        m.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(top)
                .forEach(en -> System.out.printf("  %6d %5.1f%%  %s%n", en.getValue(), 100.0 * en.getValue() / Math.max(1, of),
                        en.getKey()));
    }

    static void printTimes(Map<String, double[]> m, int top) {
        m.entrySet().stream().sorted((a, b) -> Double.compare(b.getValue()[1], a.getValue()[1])).limit(top)
                .forEach(en -> System.out.printf("  %6d %10.1f ms  %s%n", (long) en.getValue()[0], en.getValue()[1], en.getKey()));
    }

    static void printBytes(Map<String, Long> m, int top) {
        List<Map.Entry<String, Long>> l = new ArrayList<>(m.entrySet());
        l.sort((a, b) -> Long.compare(b.getValue(), a.getValue()));
        l.stream().limit(top).forEach(en -> System.out.printf("  %8.1f MB  %s%n", en.getValue() / 1048576.0, en.getKey()));
    }
}

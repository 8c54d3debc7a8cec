package io.fapiao;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;

import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Predicate;

/**
 * On a machine of one or two cores, {@code java -jar target/fapiao-camel.jar} runs the bundle in a second JVM started
 * with the two flags that suit such a machine and that no running JVM can give itself: {@code
 * -XX:TieredStopAtLevel=1} (HotSpot's quick compiler only: issuing took a quarter less CPU) and {@code
 * -XX:+UseSerialGC} (G1, which the JVM picks on two cores, marked its old generation all the time under a 64 MB heap:
 * a million lines took a fifth longer than under 1 GB; with both flags, as long). The first JVM only waits: the
 * second gets its command line, its environment and its output, the first's exit code is the second's, a stop
 * ({@code SIGTERM}, Ctrl-C) reaches the second and waits for it, and if the first is killed outright the second
 * halts at once (it reads a pipe whose other end only the first holds).
 * <p>
 * A collector or a compiler the command line chose is kept (the other flag is still added; {@code
 * -Dfapiao.jvm.c2=true} counts as choosing the compiler). Nothing happens on more cores, in a JVM started this way,
 * with {@code -Dfapiao.jvm.relaunch=false} (or {@code FAPIAO_JVM_RELAUNCH=false}), or when an option would take
 * effect in both JVMs ({@link #runsTwice}).
 */
final class SecondJvm {

    /** In the second JVM: the flags the first added, which also marks it as the second. */
    static final String STARTED_WITH = "fapiao.jvm.relaunched-with";

    /** HotSpot's flags that choose a collector. */
    private static final List<String> COLLECTORS = List.of("UseSerialGC", "UseParallelGC", "UseG1GC", "UseZGC",
            "UseShenandoahGC", "UseEpsilonGC");

    /** Options whose effect outside the JVM (a port, a file) would happen twice, or the second time fail. */
    private static final List<String> RUN_ONCE = List.of("-agentlib:", "-agentpath:", "-javaagent:", "-Xrunjdwp",
            "-Xdebug", "-Dcom.sun.management.jmxremote", "-Dcom.sun.management.config.file",
            "-XX:StartFlightRecording", "-XX:ArchiveClassesAtExit", "-Xshare:dump");

    /** HotSpot's flags that choose how it compiles. */
    private static final List<String> COMPILERS = List.of("TieredStopAtLevel", "TieredCompilation", "CompilationMode");

    private SecondJvm() {
    }

    /**
     * In the JVM {@code java -jar} started: runs the bundle in a second JVM when that is worth it and answers its
     * exit code once it has ended; empty when the bundle is to run in this JVM.
     */
    static OptionalInt runIfWorthIt() throws InterruptedException {
        if (System.getProperty(STARTED_WITH) != null || !setting("fapiao.jvm.relaunch", true)
                || !System.getProperty("java.vm.info", "").contains("mixed mode")) {
            return OptionalInt.empty();
        }
        // the cores first: on more, nothing else is read at start-up
        List<String> flags = flagsFor(Runtime.getRuntime().availableProcessors(), SecondJvm::chosen,
                setting("fapiao.jvm.c2", false));
        if (flags.isEmpty()) {
            return OptionalInt.empty();
        }
        Optional<List<String>> arguments = arguments();
        if (arguments.isEmpty()) {
            return OptionalInt.empty();
        }
        Optional<String> twice = runsTwice(ManagementFactory.getRuntimeMXBean().getInputArguments());
        if (twice.isPresent()) {
            LoggerFactory.getLogger(SecondJvm.class).info("No second JVM: {} is on the command line and would run in"
                    + " both (its port, its file); on {} cores give {} yourself", twice.get(),
                    Runtime.getRuntime().availableProcessors(), String.join(" ", flags));
            return OptionalInt.empty();
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(flags);
        command.add("-D" + STARTED_WITH + "=" + String.join(" ", flags));
        command.addAll(arguments.get());
        Process second;
        try {
            // the output is this JVM's; the input is a pipe that stays open while this JVM lives
            second = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.INHERIT)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            System.err.println("fapiao-camel: no second JVM (" + e.getMessage() + "), running in this one");
            return OptionalInt.empty();
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // SIGTERM, and the pipe left open: the second stops as this one was asked to (Process.destroy would close
            // the pipe as well, and the second would halt at once)
            second.toHandle().destroy();
            try {
                second.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "second-jvm-stop"));
        return OptionalInt.of(second.waitFor());
    }

    /**
     * In the second JVM: halts it as soon as the first is gone, so a first JVM killed outright (SIGKILL, a crash)
     * leaves no bundle running on behind it. Empty in any other JVM; else what to log about this one.
     */
    static Optional<String> watchFirst() {
        String flags = System.getProperty(STARTED_WITH);
        if (flags == null) {
            return Optional.empty();
        }
        Thread watch = new Thread(() -> {
            byte[] buffer = new byte[64];
            InputStream in = System.in;
            try {
                while (in.read(buffer) >= 0) {
                    // the first JVM never writes: only the end of the pipe matters
                }
            } catch (IOException e) {
                // the pipe is broken: the first JVM is gone just the same
            }
            Runtime.getRuntime().halt(137);
        }, "first-jvm-watch");
        watch.setDaemon(true);
        watch.start();
        String first = ProcessHandle.current().parent().map(p -> Long.toString(p.pid())).orElse("?");
        return Optional.of("Running in a second JVM (pid " + ProcessHandle.current().pid() + ", started by pid " + first
                + ") with " + flags + ", which suit " + Runtime.getRuntime().availableProcessors()
                + " cores; -Dfapiao.jvm.relaunch=false keeps the bundle in the JVM java -jar starts");
    }

    /**
     * The first of the JVM's options that must not run in two JVMs at once, if any: an agent (a debugger's or a
     * metrics exporter's port, a profiler's output), JMX's remote port, a flight recording or a class-data archive
     * written at exit (the first JVM, ending last, would write over the second's).
     */
    static Optional<String> runsTwice(List<String> jvmArguments) {
        // the option's kind only: its value may hold a path or a password
        return jvmArguments.stream()
                .flatMap(a -> RUN_ONCE.stream().filter(a::startsWith))
                .map(kind -> kind.endsWith(":") ? kind.substring(0, kind.length() - 1) : kind)
                .findFirst();
    }

    /**
     * The flags to start a second JVM with, given the cores and whether the command line chose each HotSpot flag
     * itself; empty when none is worth a second JVM.
     */
    static List<String> flagsFor(int processors, Predicate<String> chosen, boolean c2Wanted) {
        if (processors > 2) {
            return List.of();
        }
        List<String> flags = new ArrayList<>();
        if (!c2Wanted && COMPILERS.stream().noneMatch(chosen)) {
            flags.add("-XX:TieredStopAtLevel=1");
        }
        if (COLLECTORS.stream().noneMatch(chosen)) {
            flags.add("-XX:+UseSerialGC");
        }
        return flags;
    }

    /**
     * This JVM's command line after the program's name. Linux's {@code /proc/self/cmdline} has it whole; {@link
     * ProcessHandle.Info#arguments()} gives nothing for one longer than 4 KB (a long class path), and is what other
     * systems have.
     */
    private static Optional<List<String>> arguments() {
        try {
            // each word ends with a NUL, in the encoding of the system's names (an argument may be empty)
            String cmdline = new String(Files.readAllBytes(Path.of("/proc/self/cmdline")),
                    Charset.forName(System.getProperty("sun.jnu.encoding", Charset.defaultCharset().name())));
            List<String> words = List.of(cmdline.split("\0", -1));
            if (words.size() > 2) {
                return Optional.of(words.subList(1, words.size() - 1));
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return ProcessHandle.current().info().arguments().map(List::of);
    }

    /**
     * Whether the command line (or the environment, an @argfile, a flags file) chose how this JVM compiles; also
     * true in a JVM that is not HotSpot, whose compiling is left as it is.
     */
    static boolean compilerChosen() {
        return COMPILERS.stream().anyMatch(SecondJvm::chosen);
    }

    /**
     * Whether the command line (or the environment, an @argfile, a flags file) set a HotSpot flag, rather than its
     * default or ergonomics; true in a JVM that is not HotSpot (nothing of it is to be changed).
     */
    private static boolean chosen(String flag) {
        HotSpotDiagnosticMXBean hotSpot;
        try {
            hotSpot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        } catch (RuntimeException | LinkageError e) {
            return true;
        }
        if (hotSpot == null) {
            return true;
        }
        VMOption.Origin origin;
        try {
            origin = hotSpot.getVMOption(flag).getOrigin();
        } catch (IllegalArgumentException e) {
            return false; // a collector this JVM was built without
        }
        return origin != VMOption.Origin.DEFAULT && origin != VMOption.Origin.ERGONOMIC;
    }

    /** A {@code fapiao.jvm.*} setting: a system property, else its environment variable (read before any file). */
    static boolean setting(String key, boolean otherwise) {
        String env = key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
        String value = System.getProperty(key, System.getenv(env));
        return value == null || value.isBlank() ? otherwise : value.strip().equalsIgnoreCase("true");
    }
}

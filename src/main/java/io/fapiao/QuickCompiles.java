package io.fapiao;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Asks the running JVM to compile the bundle's code with its quick compiler (C1) only, as
 * {@code -XX:TieredStopAtLevel=1} would, through the compiler directives of the JDK's own diagnostic commands (what
 * {@code jcmd <pid> Compiler.directives_add} does). On the two cores this bundle is sized for, the optimising
 * compiler (C2) spent more CPU compiling the wide path of an order (Camel, H2, HttpClient, Jackson) than its faster
 * code saved: 10,000 orders took half the CPU without it, and 20,000 still a third less (docs/notes/readme-bench.md).
 * {@code -Dfapiao.jvm.c2=true} (or {@code FAPIAO_JVM_C2=true}) keeps C2; a JVM without the diagnostic commands, or
 * whose command line chose how it compiles ({@link SecondJvm#compilerChosen()}: the bundle's second JVM, say), is
 * left as it is.
 * <p>
 * This is less than {@code -XX:TieredStopAtLevel=1} on the command line, which no running JVM can be given: HotSpot
 * still compiles each method first in C1's profiling form and gives it C1's full-speed form only once it would have
 * gone to C2 (and was refused), so the wide, lukewarm part of the path runs profiled code for good. On two cores the
 * flag made issuing a quarter cheaper again (README, "Running it"); a hint says so at start-up.
 */
final class QuickCompiles {

    private static final Logger LOG = LoggerFactory.getLogger(QuickCompiles.class);

    /** Every method, at C2: excluded; HotSpot then compiles it at C1's full speed, without profiling. */
    private static final String NO_C2 = "[{match: \"*.*\", c2: {Exclude: true}}]";

    private QuickCompiles() {
    }

    /** Applies the directive on a thread of its own, beside the start-up, unless C2 is asked for. */
    static void unlessC2Wanted() {
        if (SecondJvm.setting("fapiao.jvm.c2", false)) {
            return;
        }
        Thread t = new Thread(() -> {
            // a JVM whose command line chose how it compiles (the bundle's second JVM, a -XX:-TieredCompilation that
            // the directive would leave with no compiler at all) compiles as it was told
            boolean chosen = SecondJvm.compilerChosen();
            if (!chosen) {
                apply();
            }
            hint(chosen, Runtime.getRuntime().availableProcessors()).ifPresent(LOG::info);
        }, "quick-compiles");
        t.setDaemon(true);
        t.start();
    }

    /**
     * What to tell the operator of a JVM on few cores whose command line did not choose how it compiles; empty
     * otherwise.
     */
    static Optional<String> hint(boolean compilerChosen, int processors) {
        if (processors > 2 || compilerChosen) {
            return Optional.empty();
        }
        return Optional.of("Running on " + processors + (processors == 1 ? " core" : " cores")
                + ": start the JVM with -XX:TieredStopAtLevel=1 (before -jar) to issue with about a quarter less CPU"
                + " (README, \"Running it\")");
    }

    private static void apply() {
        Path directives = null;
        try {
            directives = Files.createTempFile("fapiao-compiler", ".json");
            Files.writeString(directives, NO_C2);
            ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerDirectivesAdd",
                    new Object[] {new String[] {directives.toString()}}, new String[] {String[].class.getName()});
        } catch (Exception | LinkageError e) {
            // not HotSpot, or no diagnostic commands: the JVM compiles as it would anyway
        } finally {
            if (directives != null) {
                try {
                    Files.deleteIfExists(directives);
                } catch (Exception e) {
                    // a temp file of 40 bytes
                }
            }
        }
    }
}

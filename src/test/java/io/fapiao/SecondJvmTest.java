package io.fapiao;

import io.fapiao.testing.BundleProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code java -jar} on two cores: the bundle runs in a second JVM with the quick compiler and the serial collector,
 * unless the command line chose either itself; the second stops, fails and dies with the first. The processes are
 * real JVMs, told they have two or four cores with {@code -XX:ActiveProcessorCount}.
 */
class SecondJvmTest {

    @TempDir
    Path dir;

    @Test
    void twoCoresAndNoChoiceGetBothFlags() {
        assertEquals(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"), SecondJvm.flagsFor(2, flag -> false, false));
        assertEquals(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"), SecondJvm.flagsFor(1, flag -> false, false));
    }

    @Test
    void moreCoresGetNone() {
        assertEquals(List.of(), SecondJvm.flagsFor(3, flag -> false, false));
    }

    @Test
    void aChoiceOfTheCommandLineIsKept() {
        assertEquals(List.of("-XX:TieredStopAtLevel=1"), SecondJvm.flagsFor(2, Set.of("UseG1GC")::contains, false));
        assertEquals(List.of("-XX:TieredStopAtLevel=1"), SecondJvm.flagsFor(2, Set.of("UseZGC")::contains, false));
        assertEquals(List.of("-XX:+UseSerialGC"), SecondJvm.flagsFor(2, Set.of("TieredStopAtLevel")::contains, false));
        assertEquals(List.of("-XX:+UseSerialGC"), SecondJvm.flagsFor(2, Set.of("TieredCompilation")::contains, false));
        assertEquals(List.of("-XX:+UseSerialGC"), SecondJvm.flagsFor(2, flag -> false, true));
        assertEquals(List.of(), SecondJvm.flagsFor(2, Set.of("UseParallelGC", "CompilationMode")::contains, false));
    }

    @Test
    void optionsThatWouldRunTwiceKeepTheBundleInTheFirstJvm() {
        assertEquals("-agentlib", SecondJvm.runsTwice(
                List.of("-Xmx64m", "-agentlib:jdwp=transport=dt_socket,server=y,address=5005")).orElseThrow());
        assertEquals("-javaagent", SecondJvm.runsTwice(List.of("-javaagent:/opt/jmx_exporter.jar=9404:c.yaml"))
                .orElseThrow());
        assertEquals("-Dcom.sun.management.jmxremote", SecondJvm.runsTwice(
                List.of("-Dcom.sun.management.jmxremote.port=9010")).orElseThrow());
        assertEquals("-XX:StartFlightRecording", SecondJvm.runsTwice(
                List.of("-XX:StartFlightRecording=filename=x.jfr,dumponexit=true")).orElseThrow());
        assertFalse(SecondJvm.runsTwice(List.of("-Xmx64m", "-Dfapiao.mode=live", "-Xlog:gc:file=gc.log")).isPresent());
    }

    @Test
    void anAgentKeepsTheBundleInTheFirstJvmAndSaysWhy() throws Exception {
        Process first = started(List.of("-XX:ActiveProcessorCount=2",
                "-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=127.0.0.1:0"), Map.of(), "agent.log");
        try {
            assertEquals(0, first.descendants().count());
            String log = Files.readString(dir.resolve("agent.log"));
            assertTrue(log.contains("No second JVM: -agentlib is on the command line"), BundleProcess.tail(log));
        } finally {
            BundleProcess.killOutright(first, 10);
        }
    }

    @Test
    void onTwoCoresTheBundleRunsInASecondJvmThatStopsWithTheFirst() throws Exception {
        Process first = started(List.of("-XX:ActiveProcessorCount=2", "-Xmx128m"), Map.of(), "stop.log");
        try {
            ProcessHandle second = onlyJava(first);
            List<String> args = arguments(second);
            assertTrue(args.containsAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx128m")),
                    args.toString());
            String log = Files.readString(dir.resolve("stop.log"));
            assertTrue(log.contains("Running in a second JVM (pid " + second.pid() + ", started by pid " + first.pid()
                    + ") with -XX:TieredStopAtLevel=1 -XX:+UseSerialGC"), BundleProcess.tail(log));

            first.toHandle().destroy(); // SIGTERM, as systemd or docker stop would send it
            assertTrue(first.waitFor(30, TimeUnit.SECONDS), "the first JVM ended");
            assertFalse(second.isAlive(), "the second JVM ended before the first");
            assertEquals(143, first.exitValue());
            String stopped = Files.readString(dir.resolve("stop.log"));
            assertTrue(stopped.contains("shutdown in "), "the second JVM stopped in good order:\n"
                    + BundleProcess.tail(stopped));
            // the second JVM compiled as its flag says: no hint to give the flag, in the whole of what it said
            assertFalse(stopped.contains("start the JVM with -XX:TieredStopAtLevel=1"), BundleProcess.tail(stopped));
        } finally {
            BundleProcess.killOutright(first, 10);
        }
    }

    @Test
    void theSecondJvmHaltsWhenTheFirstIsKilledOutright() throws Exception {
        Process first = started(List.of("-XX:ActiveProcessorCount=2", "-Xmx128m"), Map.of(), "kill.log");
        try {
            ProcessHandle second = onlyJava(first);
            first.destroyForcibly(); // SIGKILL: the first runs nothing more
            assertTrue(first.waitFor(10, TimeUnit.SECONDS));
            assertDoesNotThrow(() -> second.onExit().get(5, TimeUnit.SECONDS),
                    "the second JVM is gone within 5 s of the first");
        } finally {
            BundleProcess.killOutright(first, 10);
        }
    }

    @Test
    void theSecondJvmsExitCodeIsTheFirstsAndItsWordsReachTheSameOutput() throws Exception {
        Process first = start(List.of("-XX:ActiveProcessorCount=2"), Map.of("fapiao.mode", "bogus"), "bad.log");
        assertTrue(first.waitFor(60, TimeUnit.SECONDS));
        String log = Files.readString(dir.resolve("bad.log"));
        assertEquals(2, first.exitValue(), log);
        assertTrue(log.contains("Running in a second JVM") && log.contains("fapiao-camel cannot start: fapiao.mode"),
                log);
    }

    @Test
    void aCollectorOrACompilerChosenOnTheCommandLineIsKept() throws Exception {
        Process collector = start(List.of("-XX:ActiveProcessorCount=2", "-XX:+UseParallelGC"), Map.of(), "parallel.log");
        Process compiler = start(List.of("-XX:ActiveProcessorCount=2", "-XX:TieredStopAtLevel=4"), Map.of(), "c2.log");
        try {
            BundleProcess.awaitLog(dir.resolve("parallel.log"), "started in", collector);
            BundleProcess.awaitLog(dir.resolve("c2.log"), "started in", compiler);
            List<String> parallel = arguments(onlyJava(collector));
            assertTrue(parallel.contains("-XX:TieredStopAtLevel=1"), parallel.toString());
            assertFalse(parallel.contains("-XX:+UseSerialGC"), parallel.toString());
            List<String> c2 = arguments(onlyJava(compiler));
            assertTrue(c2.contains("-XX:+UseSerialGC"), c2.toString());
            assertFalse(c2.contains("-XX:TieredStopAtLevel=1"), c2.toString());
        } finally {
            BundleProcess.killOutright(collector, 10);
            BundleProcess.killOutright(compiler, 10);
        }
    }

    @Test
    void moreCoresOrTheSettingKeepTheBundleInTheFirstJvm() throws Exception {
        Process four = start(List.of("-XX:ActiveProcessorCount=4"), Map.of(), "four.log");
        Process off = start(List.of("-XX:ActiveProcessorCount=2"), Map.of("fapiao.jvm.relaunch", "false"), "off.log");
        try {
            BundleProcess.awaitLog(dir.resolve("four.log"), "started in", four);
            BundleProcess.awaitLog(dir.resolve("off.log"), "started in", off);
            assertEquals(0, four.descendants().count());
            assertEquals(0, off.descendants().count());
            assertFalse(Files.readString(dir.resolve("four.log")).contains("second JVM"));
            String offLog = Files.readString(dir.resolve("off.log"));
            assertFalse(offLog.contains("second JVM"), BundleProcess.tail(offLog));
            // two cores in one JVM that chose no compiler: the operator is told of the flag
            BundleProcess.awaitLog(dir.resolve("off.log"), "start the JVM with -XX:TieredStopAtLevel=1", off);
        } finally {
            BundleProcess.killOutright(four, 10);
            BundleProcess.killOutright(off, 10);
        }
    }

    private Process start(List<String> jvm, Map<String, String> properties, String log) throws Exception {
        Path home = Files.createDirectories(dir.resolve(log.replace(".log", "")));
        return BundleProcess.start(home, jvm, "sandbox", properties, "../" + log);
    }

    /** {@link #start}, once the bundle has said it started. */
    private Process started(List<String> jvm, Map<String, String> properties, String log) throws Exception {
        Process first = start(jvm, properties, log);
        BundleProcess.awaitLog(dir.resolve(log), "started in", first);
        return first;
    }

    /** The one JVM the first started. */
    private static ProcessHandle onlyJava(Process first) {
        List<ProcessHandle> children = first.children().toList();
        assertEquals(1, children.size(), children.toString());
        assertTrue(children.get(0).info().command().orElse("").endsWith("java"), children.get(0).info().toString());
        return children.get(0);
    }

    /** A process's command line, read whole (the JDK's {@code ProcessHandle.Info} gives none past 4 KB). */
    private static List<String> arguments(ProcessHandle process) throws Exception {
        return List.of(Files.readString(Path.of("/proc/" + process.pid() + "/cmdline")).split("\0"));
    }
}

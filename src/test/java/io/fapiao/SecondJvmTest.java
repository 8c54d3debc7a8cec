package io.fapiao;

import io.fapiao.testing.BundleProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

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
        Process first = start(List.of("-XX:ActiveProcessorCount=2",
                "-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=127.0.0.1:0"), Map.of(), "agent.log");
        try {
            BundleProcess.awaitLog(dir.resolve("agent.log"), "started in", first);
            assertEquals(0, first.descendants().count());
            String log = Files.readString(dir.resolve("agent.log"));
            assertTrue(log.contains("No second JVM: -agentlib is on the command line"), BundleProcess.tail(log));
        } finally {
            BundleProcess.killOutright(first, 10);
        }
    }

    @Test
    void onTwoCoresTheBundleRunsInASecondJvmThatStopsWithTheFirst() throws Exception {
        Process first = start(List.of("-XX:ActiveProcessorCount=2", "-Xmx128m"), Map.of(), "stop.log");
        try {
            BundleProcess.awaitLog(dir.resolve("stop.log"), "started in", first);
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
            assertTrue(Files.readString(dir.resolve("stop.log")).contains("shutdown in "),
                    "the second JVM stopped in good order:\n" + BundleProcess.tail(dir.resolve("stop.log")));
            assertEquals(143, first.exitValue());
        } finally {
            BundleProcess.killOutright(first, 10);
        }
    }

    @Test
    void theSecondJvmHaltsWhenTheFirstIsKilledOutright() throws Exception {
        Process first = start(List.of("-XX:ActiveProcessorCount=2", "-Xmx128m"), Map.of(), "kill.log");
        try {
            BundleProcess.awaitLog(dir.resolve("kill.log"), "started in", first);
            ProcessHandle second = onlyJava(first);
            first.destroyForcibly(); // SIGKILL: the first runs nothing more
            assertTrue(first.waitFor(10, TimeUnit.SECONDS));
            Instant until = Instant.now().plusSeconds(5);
            while (second.isAlive() && Instant.now().isBefore(until)) {
                Thread.sleep(10);
            }
            assertFalse(second.isAlive(), "the second JVM is gone within 5 s of the first");
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
    void aCollectorChosenOnTheCommandLineIsKept() throws Exception {
        Process first = start(List.of("-XX:ActiveProcessorCount=2", "-XX:+UseParallelGC"), Map.of(), "parallel.log");
        try {
            BundleProcess.awaitLog(dir.resolve("parallel.log"), "started in", first);
            List<String> args = arguments(onlyJava(first));
            assertTrue(args.contains("-XX:TieredStopAtLevel=1"), args.toString());
            assertFalse(args.contains("-XX:+UseSerialGC"), args.toString());
        } finally {
            BundleProcess.killOutright(first, 10);
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
            assertFalse(Files.readString(dir.resolve("off.log")).contains("second JVM"));
        } finally {
            BundleProcess.killOutright(four, 10);
            BundleProcess.killOutright(off, 10);
        }
    }

    private Process start(List<String> jvm, Map<String, String> properties, String log) throws Exception {
        Path home = Files.createDirectories(dir.resolve(log.replace(".log", "")));
        return BundleProcess.start(home, new ArrayList<>(jvm), "sandbox", properties, "../" + log);
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

package io.fapiao.flow;

import io.fapiao.sandbox.SandboxServer;
import io.fapiao.sandbox.yun2.Yun2Sandbox;
import io.fapiao.testing.BundleProcess;
import io.fapiao.testing.Yun2Account;
import io.fapiao.testing.Yun2Recorder;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The bundle as its own JVM, killed with SIGKILL in the middle of a file while orders are on their way to yun2, then
 * started again on the same ledger: every order reaches yun2 at most once, every order yun2 issued is reported
 * ISSUED, and an order that never reached yun2 is FAILED (nothing was issued) — whatever the kill caught in the
 * ledger's H2 file and its claim log.
 */
class KilledMidFileTest {

    private static final Yun2Account ACCOUNT = new Yun2Account("erp", "pw", "0a3beb40037d4bb29fe30295451d2171",
            "91310115MA1K4B2X34");
    private static final int ORDERS = 1500;

    @TempDir
    Path dir;

    @Test
    void aKillMidFileIssuesEveryOrderAtMostOnceAndReportsEachAsItIs() throws Exception {
        Yun2Sandbox vendor = ACCOUNT.sandbox("测试销方");
        Yun2Recorder recorder = new Yun2Recorder(vendor::handle);
        try (SandboxServer server = recorder.serve()) {
            StringBuilder csv = new StringBuilder(LiveYun2TestSupport.CSV_HEADER);
            for (int i = 1; i <= ORDERS; i++) {
                csv.append(LiveYun2TestSupport.row("KM" + i));
            }
            Files.createDirectories(dir.resolve("inbox"));
            Path hidden = dir.resolve("inbox/.kill.csv");
            Files.writeString(hidden, csv, StandardCharsets.UTF_8);

            Process first = start(server, "first.log");
            BundleProcess.awaitLog(dir.resolve("first.log"), "started in", first);
            Files.move(hidden, dir.resolve("inbox/kill.csv"));
            Instant until = Instant.now().plus(Duration.ofSeconds(60));
            while (recorder.calls("/API/KPGL/FPKJ") < ORDERS / 5 && first.isAlive() && Instant.now().isBefore(until)) {
                Thread.sleep(5);
            }
            // SIGKILL: no shutdown hook, no last CHECKPOINT (a second JVM, on two cores, halts with the first)
            assertTrue(BundleProcess.killOutright(first, 10), "the bundle ended");
            int before = recorder.calls("/API/KPGL/FPKJ");
            assertTrue(before >= ORDERS / 5 && before < ORDERS, "killed mid-file, after " + before + " FPKJ calls");

            Process second = start(server, "second.log");
            try {
                List<CSVRecord> rows = awaitSettled(second);
                Map<String, Integer> sent = recorder.sent();
                assertEquals(ORDERS, rows.size());
                for (CSVRecord row : rows) {
                    String orderNo = row.get("order_no");
                    int times = sent.getOrDefault(orderNo, 0);
                    assertTrue(times <= 1, orderNo + " reached yun2 " + times + " times");
                    assertEquals(times == 1 ? "ISSUED" : "FAILED", row.get("status"),
                            () -> orderNo + " reached yun2 " + times + " times: " + row);
                }
                String log = Files.readString(dir.resolve("second.log"));
                assertFalse(log.contains("Exception"), "no stack trace after the restart");
            } finally {
                second.destroy();
                if (!second.waitFor(20, TimeUnit.SECONDS)) {
                    second.destroyForcibly();
                }
            }
        }
    }

    /** The result file once every row is settled (an order asked about is ISSUED or FAILED after its polls). */
    private List<CSVRecord> awaitSettled(Process bundle) throws Exception {
        Path result = dir.resolve("outbox/results/kill.csv.result.csv");
        Instant until = Instant.now().plus(Duration.ofSeconds(90));
        List<CSVRecord> rows = List.of();
        while (Instant.now().isBefore(until) && bundle.isAlive()) {
            if (Files.exists(result)) {
                rows = RouteTestSupport.csv(result);
                if (rows.size() == ORDERS && rows.stream().noneMatch(x -> x.get("status").equals("PENDING"))) {
                    return rows;
                }
            }
            Thread.sleep(200);
        }
        fail("not settled: " + rows.stream().filter(x -> !x.get("status").equals("ISSUED")).limit(5).toList()
                + "\n" + BundleProcess.tail(dir.resolve("second.log")));
        return rows;
    }

    private Process start(SandboxServer server, String log) throws IOException {
        Map<String, String> p = new LinkedHashMap<>(ACCOUNT.liveProperties(server));
        p.put("vendor.yun2.timeout-ms", "1500");
        p.put("fapiao.poll.interval-ms", "100");
        p.put("fapiao.poll.min-delay-ms", "100");
        p.put("fapiao.poll.max-delay-ms", "300");
        return BundleProcess.start(dir, "-Xmx256m", "live", p, log);
    }
}

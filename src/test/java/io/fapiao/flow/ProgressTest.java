package io.fapiao.flow;

import io.fapiao.testing.LogCapture;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.fapiao.testing.TestOrders.orders;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a person sees while the bundle runs: a slow file says how far it is every interval and sums up when done; a
 * busy vendor gives one line per retry, never Camel's "Failed delivery for" warnings.
 */
class ProgressTest extends RouteTestSupport {

    private static final long INTERVAL_MS = 300;
    private static final Pattern PROGRESS = Pattern.compile("File slow\\.csv: (\\d+) lines read, (\\d+) orders done — "
            + "(\\d+) issued, (\\d+) pending, (\\d+) rejected, (\\d+) failed; ([\\d.]+) orders/s, (.+)");

    @Override
    protected void more(Properties p) {
        p.put("fapiao.progress.interval-ms", Long.toString(INTERVAL_MS));
        p.put("vendor.yun2.retry-delay-ms", "100");
    }

    @Test
    void aSlowFileSaysHowFarItIsEveryIntervalAndSumsUpWhenDone() throws Exception {
        try (LogCapture log = new LogCapture()) {
            yun2().trouble().rejectItem = "坏";
            yun2().trouble().latencyMs = 150;
            // 20 good orders and one yun2 refuses; every order is two calls (FPKJ, the PDF) of 150 ms, four at a time
            drop("slow.csv", orders("SW", 20) + "SW21,普票,杭州西湖茶叶有限公司,坏龙井茶,2,50,100.00,13%,1030307000000000000\n");
            awaitDone("slow.csv");
            List<CSVRecord> rows = awaitResults("slow.csv", RouteTestSupport::allSettled);
            assertEquals(21, rows.size());

            List<LogCapture.Event> events = log.events();
            Instant reading = at(events, "File slow.csv (local): reading orders");
            LogCapture.Event summary = events.stream().filter(e -> e.line().contains("File slow.csv done: "))
                    .findFirst().orElseThrow(() -> new AssertionError("no summary line"));
            List<LogCapture.Event> progress = events.stream()
                    .filter(e -> e.line().startsWith(ProgressBoard.class.getName() + " File slow.csv: ")).toList();
            assertTrue(progress.size() >= 2, "progress lines: " + progress);
            assertTrue(Duration.between(reading, progress.get(0).at()).toMillis() >= INTERVAL_MS - 20,
                    "the first progress line comes an interval after the file was taken");
            long before = -1;
            for (LogCapture.Event e : progress) {
                Matcher m = PROGRESS.matcher(e.line());
                assertTrue(m.find(), e.line());
                long lines = Long.parseLong(m.group(1));
                long done = Long.parseLong(m.group(2));
                long outcomes = Long.parseLong(m.group(3)) + Long.parseLong(m.group(4)) + Long.parseLong(m.group(5))
                        + Long.parseLong(m.group(6));
                assertEquals(done, outcomes, e.line());
                assertTrue(done <= 21 && done >= before, e.line());
                // the header and every order done were read
                assertTrue(lines >= done + 1 && lines <= 22, e.line());
                assertTrue(m.group(8).startsWith("about ") && m.group(8).endsWith(" left")
                        || m.group(8).equals("time left unknown"), e.line());
                assertFalse(e.at().isAfter(summary.at().plusMillis(50)), "no progress line once the file is done");
                before = done;
            }
            assertTrue(progress.stream().anyMatch(e -> e.line().contains(" left") && e.line().contains("about ")
                    && !e.line().contains(" 0.0 orders/s")), "a rate and a time left are given: " + progress);

            String line = summary.line();
            assertTrue(line.contains("22 lines, 21 orders — 20 issued, 0 pending, 1 rejected, 0 failed; "), line);
            assertTrue(line.matches(".*; [\\d.]+ (ms|s), [\\d.]+ orders/s; .*"), line);
            assertTrue(line.contains("results/slow.csv.result.csv"), line);
            assertTrue(line.endsWith("the input to .done/slow.csv"), line);
            assertEquals(0, context.getRegistry().lookupByNameAndType("progressBoard", ProgressBoard.class).inFlight());
        }
    }

    @Test
    void aBusyVendorGivesOneLinePerRetryAndNoCamelWarnings() throws Exception {
        drop("warm.csv", orders("WM", 1));
        awaitResults("warm.csv", RouteTestSupport::allSettled);
        try (LogCapture log = new LogCapture()) {
            yun2().trouble().errorRate = 1.0;
            drop("busy.csv", orders("BY", 1));
            awaitDone("busy.csv");
            CSVRecord row = awaitResults("busy.csv", RouteTestSupport::allSettled).get(0);
            assertEquals("FAILED", row.get("status"));

            List<String> lines = log.lines();
            List<String> retries = lines.stream().filter(l -> l.contains("Order BY1: yun2 busy")).toList();
            assertEquals(List.of(
                    RetryNotice.class.getName() + " Order BY1: yun2 busy (503), retry 1 of 3 in 0.1 s",
                    RetryNotice.class.getName() + " Order BY1: yun2 busy (503), retry 2 of 3 in 0.2 s",
                    RetryNotice.class.getName() + " Order BY1: yun2 busy (503), retry 3 of 3 in 0.4 s",
                    RetryNotice.class.getName() + " Order BY1: yun2 busy (503), still after 3 retries; not retried again"),
                    retries);
            assertTrue(lines.stream().noneMatch(l -> l.contains("Failed delivery for")), String.join("\n", lines));
            assertTrue(lines.stream().noneMatch(l -> l.contains("HttpOperationFailedException")),
                    String.join("\n", lines));
            assertTrue(lines.stream().anyMatch(l -> l.contains("File busy.csv done: ")
                    && l.contains("1 order — 0 issued, 0 pending, 0 rejected, 1 failed")), String.join("\n", lines));
        }
    }

    private static Instant at(List<LogCapture.Event> events, String text) {
        return events.stream().filter(e -> e.line().contains(text)).map(LogCapture.Event::at).findFirst()
                .orElseThrow(() -> new AssertionError("no line with " + text));
    }
}

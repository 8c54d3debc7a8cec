package io.fapiao.flow;

import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import static io.fapiao.testing.TestOrders.orders;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The vendor misbehaves (the sandbox's trouble switches); no order is lost and none is issued twice. */
class TroubleTest extends RouteTestSupport {

    @Override
    protected void more(Properties p) {
        p.put("vendor.yun2.timeout-ms", "1500");
        // a vendor's "no such order" is believed after 5 polls; give a slow vendor's late answer time to land
        p.put("fapiao.poll.max-delay-ms", "1000");
    }

    private static List<String> statuses(List<CSVRecord> rows) {
        return rows.stream().map(r -> r.get("status")).distinct().toList();
    }

    @Test
    void theSameFileDroppedTwiceIsReportedAgainNotIssuedAgain() throws Exception {
        drop("twice.csv", orders("TW", 3));
        awaitDone("twice.csv");
        List<CSVRecord> first = awaitResults("twice.csv", RouteTestSupport::allSettled);
        assertEquals(List.of("ISSUED"), statuses(first));
        drop("twice.csv", orders("TW", 3));
        awaitDone("twice.2.csv");
        List<CSVRecord> second = awaitResults("twice.2.csv", rows -> rows.get(0).get("message").contains("already issued"));
        assertEquals(first.stream().map(CSVRecord::toList).toList(),
                results("twice.csv").stream().map(CSVRecord::toList).toList(), "the first drop's results are kept");
        assertTrue(Files.exists(inbox().resolve(".done/twice.csv")), "the first input is kept");
        for (int i = 0; i < 3; i++) {
            assertEquals("ISSUED", second.get(i).get("status"));
            assertEquals(first.get(i).get("invoice_no"), second.get(i).get("invoice_no"));
            assertEquals(first.get(i).get("pdf"), second.get(i).get("pdf"));
        }
        assertEquals(3, yun2().invoiceCount());
    }

    @Test
    void aTokenThatExpiresMidBatchIsRenewedAndTheCallRepeatedOnce() throws Exception {
        yun2().trouble().tokenExpiryEvery = 5;
        drop("token.csv", orders("TK", 12));
        awaitDone("token.csv");
        List<CSVRecord> rows = awaitResults("token.csv", RouteTestSupport::allSettled);
        assertEquals(12, rows.size());
        assertEquals(List.of("ISSUED"), statuses(rows));
        assertEquals(12, yun2().invoiceCount());
    }

    @Test
    void asynchronousIssuingIsFinishedByPollingAndTheResultFileRewritten() throws Exception {
        yun2().trouble().asyncPolls = 3;
        drop("async.csv", orders("AS", 4));
        awaitDone("async.csv");
        // the input is done once every order has an outcome, PENDING included (a fast poll may already have settled one)
        assertTrue(results("async.csv").stream().allMatch(r -> r.get("status").equals("PENDING")
                || r.get("status").equals("ISSUED")), "the input is done once every order has an outcome");
        assertTrue(results("async.csv").stream().anyMatch(r -> r.get("status").equals("PENDING"))
                || yun2().invoiceCount() == 4, "pending orders at the end of the drop are settled later");
        List<CSVRecord> rows = awaitResults("async.csv", RouteTestSupport::allSettled);
        assertEquals(List.of("ISSUED"), statuses(rows));
        assertTrue(rows.stream().allMatch(r -> r.get("invoice_no").matches("\\d{20}")));
        String json = Files.readString(outbox().resolve("results/AS1.json"));
        assertTrue(json.contains("\"ISSUED\""));
        assertTrue(json.contains("\"line\" : 2"), "the source line survives the rewrite by the poller");
        assertEquals(4, yun2().invoiceCount());
    }

    /**
     * When a pending order of a drop settles, its line is told again (its JSON rewritten, its reply sent) — and only
     * its line: the drop's other lines were told when they were written, and telling them again would re-send every
     * reply and re-upload every file of a large drop for one late order.
     */
    @Test
    void aLateOrderIsToldAgainButNotTheLinesAlreadyTold() throws Exception {
        yun2().trouble().rejectItem = "坏茶";
        yun2().trouble().asyncPolls = 3;
        drop("late.csv", "order_no,invoice_type,buyer_name,item_name,quantity,unit_price,amount,tax_rate,tax_code\n"
                + "LT1,普票,杭州西湖茶叶有限公司,坏茶,2,50,100.00,13%,1030307000000000000\n"
                + "LT2,普票,杭州西湖茶叶有限公司,龙井茶,2,50,100.00,13%,1030307000000000000\n");
        awaitDone("late.csv");
        Path told = outbox().resolve("results/LT1.json");
        assertTrue(Files.readString(told).contains("\"REJECTED\""));
        Files.delete(told);
        List<CSVRecord> rows = awaitResults("late.csv", RouteTestSupport::allSettled);
        assertEquals(List.of("REJECTED", "ISSUED"), rows.stream().map(r -> r.get("status")).toList());
        await(() -> Files.readString(outbox().resolve("results/LT2.json")).contains("\"ISSUED\"") ? true : null,
                "the late order told again");
        Thread.sleep(1500); // a poll interval: time for a stale drop's lines to be told
        assertFalse(Files.exists(told), "the rejected line was told again when the late order settled");
    }

    @Test
    void haveSaveOneIsPolledUntilIssuedNeverResubmitted() throws Exception {
        yun2().trouble().haveSaveFailures = 2;
        drop("saved.csv", orders("HS", 2));
        awaitDone("saved.csv");
        assertEquals(List.of("PENDING"), statuses(results("saved.csv")));
        List<CSVRecord> rows = awaitResults("saved.csv", RouteTestSupport::allSettled);
        assertEquals(List.of("ISSUED"), statuses(rows));
        assertEquals(2, yun2().invoiceCount());
    }

    @Test
    void anOrderWaitingForReviewIsSentBackToIssuingWhenDroppedAgain() throws Exception {
        yun2().trouble().haveSaveFailures = 1;
        yun2().trouble().haveSaveReview = true;
        drop("review.csv", orders("RV", 1));
        awaitDone("review.csv");
        awaitResults("review.csv", rows -> rows.get(0).get("message").startsWith("待审核"));
        yun2().trouble().reset();
        Files.delete(inbox().resolve(".done/review.csv"));
        drop("review.csv", orders("RV", 1));
        List<CSVRecord> rows = awaitResults("review.csv", rows2 -> rows2.get(0).get("status").equals("ISSUED")
                && !rows2.get(0).get("pdf").isEmpty());
        assertTrue(rows.get(0).get("invoice_no").matches("\\d{20}"));
        assertEquals(1, yun2().invoiceCount());
    }

    @Test
    void haveSaveZeroRejectsThatOrderWithTheVendorsReason() throws Exception {
        yun2().trouble().rejectItem = "茶具";
        drop("mixed.csv", orders("HZ", 2) + "HZ3,普票,杭州西湖茶叶有限公司,茶具套装,1,300,300.00,13%,1060512990000000000\n");
        awaitDone("mixed.csv");
        List<CSVRecord> rows = awaitResults("mixed.csv", RouteTestSupport::allSettled);
        assertEquals("ISSUED", rows.get(0).get("status"));
        assertEquals("REJECTED", rows.get(2).get("status"));
        assertTrue(rows.get(2).get("message").contains("茶具套装"), rows.get(2)::toString);
        assertEquals(2, yun2().invoiceCount());
    }

    @Test
    void aVendorThatIsAlwaysBusyFailsTheOrdersAfterRetriesAndIssuesNothing() throws Exception {
        yun2().trouble().errorRate = 1.0;
        drop("busy.csv", orders("BZ", 2));
        awaitDone("busy.csv");
        List<CSVRecord> rows = awaitResults("busy.csv", RouteTestSupport::allSettled);
        assertEquals(List.of("FAILED"), statuses(rows));
        assertTrue(rows.get(0).get("message").contains("safe to drop again"));
        yun2().trouble().reset();
        drop("busy.csv", orders("BZ", 2));
        List<CSVRecord> again = awaitResults("busy.2.csv", r -> r.get(0).get("status").equals("ISSUED") && allSettled(r));
        assertEquals(List.of("ISSUED"), statuses(again));
        assertEquals(2, yun2().invoiceCount());
    }

    @Test
    void aTimedOutCallIsAskedAboutNotSentAgain() throws Exception {
        drop("warm.csv", orders("WM", 1));
        awaitResults("warm.csv", RouteTestSupport::allSettled);
        yun2().trouble().latencyMs = 2500;
        drop("slow.csv", orders("SL", 1));
        awaitDone("slow.csv");
        List<CSVRecord> pending = results("slow.csv");
        assertEquals("PENDING", pending.get(0).get("status"));
        yun2().trouble().latencyMs = 0;
        List<CSVRecord> rows = awaitResults("slow.csv", RouteTestSupport::allSettled);
        assertEquals("ISSUED", rows.get(0).get("status"));
        assertEquals(2, yun2().invoiceCount());
    }

    @Test
    void aFileThatCannotBeReadIsSetAsideWithTheReason() throws Exception {
        drop("broken.csv", "order_no,buyer_name\nX1,someone\n");
        assertEquals(".failed", awaitDone("broken.csv").getParent().getFileName().toString());
        List<CSVRecord> errors = errors("broken.csv");
        assertEquals(1, errors.size());
        assertTrue(errors.get(0).get("reason_en").contains("invoice_type"));
        assertTrue(errors.get(0).get("reason_zh").contains("表头缺少必需列"));
        assertFalse(Files.exists(inbox().resolve("broken.csv")));
    }

    @Test
    void theSameOrderTwiceInOneFileIsIssuedOnce() throws Exception {
        drop("dup.csv", orders("DP", 2) + "DP1,普票,杭州西湖茶叶有限公司,龙井茶,2,50,100.00,13%,1030307000000000000\n");
        awaitDone("dup.csv");
        List<CSVRecord> rows = awaitResults("dup.csv", RouteTestSupport::allSettled);
        assertEquals("ISSUED", rows.get(1).get("status"));
        List<String> dp1 = List.of(rows.get(0).get("status"), rows.get(2).get("status"));
        assertTrue(dp1.contains("ISSUED") && dp1.contains("REJECTED"), dp1::toString);
        CSVRecord error = errors("dup.csv").get(0);
        assertEquals("order_no", error.get("field"));
        assertTrue(error.get("reason_en").contains("repeated") || error.get("reason_en").contains("appeared"));
        assertEquals(2, yun2().invoiceCount());
    }

    @Test
    void aPdfLinkThatOnlyTakesGetIsStillDownloaded() throws Exception {
        yun2().trouble().pdfGetOnly = true;
        drop("get-only.csv", orders("GO", 2));
        awaitDone("get-only.csv");
        List<CSVRecord> rows = awaitResults("get-only.csv", RouteTestSupport::allSettled);
        assertTrue(rows.stream().allMatch(r -> Files.exists(outbox().resolve(r.get("pdf")))));
    }

    @Test
    void anIssuingCallAnsweredBusyEveryTimeFailsAfterRetriesNotPending() throws Exception {
        drop("warm2.csv", orders("WB", 1));
        awaitResults("warm2.csv", RouteTestSupport::allSettled);
        yun2().trouble().errorRate = 1.0;
        drop("busy2.csv", orders("BY", 1));
        awaitDone("busy2.csv");
        CSVRecord row = awaitResults("busy2.csv", RouteTestSupport::allSettled).get(0);
        assertEquals("FAILED", row.get("status"));
        assertTrue(row.get("message").contains("could not reach yun2"), row::toString);
        assertEquals(1, yun2().invoiceCount());
    }
}

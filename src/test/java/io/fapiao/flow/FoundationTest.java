package io.fapiao.flow;

import org.apache.camel.component.bean.BeanComponent;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ERP's habits and the bad inputs that used to lose results or loop: the whole bundle, over loopback HTTP. */
class FoundationTest extends RouteTestSupport {

    private static final String HEADER = "order_no,invoice_type,seller_tax_id,buyer_name,item_name,quantity,unit_price,"
            + "amount,tax_rate,tax_code\n";

    private static String row(String orderNo, String seller) {
        return orderNo + ",普票," + seller + ",杭州西湖茶叶有限公司,龙井茶,2,50,100.00,13%,1030307000000000000\n";
    }

    @Override
    protected void more(Properties p) {
        p.put("vendor.yun2.timeout-ms", "1500");
    }

    @Test
    void anHourlyExportOfTheSameNameKeepsEveryDropsResultsAndInput() throws Exception {
        drop("orders.csv", HEADER + row("H1", ""));
        awaitDone("orders.csv");
        awaitResults("orders.csv", RouteTestSupport::allSettled);
        drop("orders.csv", HEADER + row("H2", ""));
        awaitDone("orders.2.csv");
        awaitResults("orders.2.csv", RouteTestSupport::allSettled);
        drop("orders.csv", HEADER + row("H3", ""));
        awaitDone("orders.3.csv");
        awaitResults("orders.3.csv", RouteTestSupport::allSettled);
        assertEquals("H1", results("orders.csv").get(0).get("order_no"));
        assertEquals("H2", results("orders.2.csv").get(0).get("order_no"));
        assertEquals("H3", results("orders.3.csv").get(0).get("order_no"));
        for (String archived : List.of("orders.csv", "orders.2.csv", "orders.3.csv")) {
            assertTrue(Files.exists(inbox().resolve(".done").resolve(archived)), archived);
        }
        assertTrue(Files.readString(inbox().resolve(".done/orders.csv")).contains("H1"), "nothing earlier is overwritten");
    }

    @Test
    void valuesThatDoNotFitRejectThatOrderOnlyAndTheFileGoesThrough() throws Exception {
        String csv = HEADER + row("GOOD1", "") + row("LONGSELLER", "9".repeat(26)) + row("N".repeat(260), "")
                + row("GOOD2", "");
        drop("poison.csv", csv);
        assertEquals(".done", awaitDone("poison.csv").getParent().getFileName().toString());
        List<CSVRecord> rows = awaitResults("poison.csv", RouteTestSupport::allSettled);
        assertEquals(List.of("ISSUED", "REJECTED", "REJECTED", "ISSUED"), rows.stream().map(r -> r.get("status")).toList());
        List<CSVRecord> errors = errors("poison.csv");
        assertTrue(errors.stream().anyMatch(e -> e.get("field").equals("seller_tax_id") && e.get("line").equals("3")),
                errors::toString);
        assertTrue(errors.stream().anyMatch(e -> e.get("field").equals("order_no") && e.get("line").equals("4")),
                errors::toString);
        assertEquals(2, yun2().invoiceCount());
    }

    @Test
    void aFileThatFailsTwiceIsSetAsideAndItsOrdersAreIssuedOnce() throws Exception {
        Files.createDirectories(outbox());
        Files.writeString(outbox().resolve("results"), "not a folder: the result files cannot be written");
        drop("stuck.csv", HEADER + row("ST1", "") + row("ST2", ""));
        Path where = awaitDone("stuck.csv");
        assertEquals(".failed", where.getParent().getFileName().toString());
        assertEquals(2, yun2().invoiceCount(), "read twice, issued once");
        Thread.sleep(1500);
        assertFalse(Files.exists(inbox().resolve("stuck.csv")), "it never comes back");
    }

    @Test
    void anEmptyFileIsSetAsideWithItsReasonAndNoLockLeftBehind() throws Exception {
        drop("empty.csv", new byte[0]);
        assertEquals(".failed", awaitDone("empty.csv").getParent().getFileName().toString());
        List<CSVRecord> errors = errors("empty.csv");
        assertTrue(errors.get(0).get("reason_en").contains("empty"), errors::toString);
        try (Stream<Path> left = Files.list(inbox())) {
            assertTrue(left.noneMatch(p -> p.getFileName().toString().endsWith(".camelLock")), "no lock file remains");
        }
    }

    @Test
    void aBrokenCsvSaysWhyInPlainWordsWithoutJava() throws Exception {
        drop("quote.csv", HEADER + row("Q1", "") + "Q2,普票,,\"杭州西湖茶叶有限公司,龙井茶,2,50,100.00,13%,1030307000000000000\n");
        assertEquals(".failed", awaitDone("quote.csv").getParent().getFileName().toString());
        List<CSVRecord> errors = errors("quote.csv");
        String all = String.join("\n", errors.stream().map(r -> String.join(",", r.toList())).toList());
        for (String leak : List.of("Exception", "org.apache", "java.", "startline")) {
            assertFalse(all.contains(leak), all);
        }
        assertTrue(all.contains("line 3") && all.contains("第3行"), all);
        CSVRecord q1 = awaitResults("quote.csv", RouteTestSupport::allSettled).get(0);
        assertEquals("REJECTED", q1.get("status"), "the broken line might have been part of Q1: it is not issued short");
        assertTrue(q1.get("message").contains("may belong to it"), q1::toString);
    }

    @Test
    void aParseErrorMidFileWaitsForEveryOrderInFlight() throws Exception {
        yun2().trouble().latencyMs = 150;
        StringBuilder csv = new StringBuilder(HEADER);
        for (int i = 1; i <= 20; i++) {
            csv.append(row("MID" + i, ""));
        }
        csv.append("MID21,普票,,\"unclosed\n");
        drop("mid.csv", csv.toString());
        assertEquals(".failed", awaitDone("mid.csv").getParent().getFileName().toString());
        List<CSVRecord> rows = results("mid.csv");
        assertEquals(20, rows.size(), "every order read before the broken line has its row");
        assertTrue(rows.subList(0, 19).stream().allMatch(r -> r.get("status").equals("ISSUED")
                || r.get("status").equals("PENDING")), rows::toString);
        assertEquals("REJECTED", rows.get(19).get("status"), "the order right before the break is not issued short");
        assertTrue(errors("mid.csv").stream().anyMatch(e -> e.get("line").equals("22")));
    }

    @Test
    void noCellOfAResultFileCanBecomeAFormula() throws Exception {
        drop("formula.csv", HEADER + row("=HYPERLINK(\"\"http://x\"\")", "") + row("@SUM(A1)", "") + row("F1", ""));
        awaitDone("formula.csv");
        List<CSVRecord> rows = awaitResults("formula.csv", RouteTestSupport::allSettled);
        assertEquals("'=HYPERLINK(\"\"http://x\"\")", rows.get(0).get("order_no"));
        assertEquals("'@SUM(A1)", rows.get(1).get("order_no"));
        assertEquals("F1", rows.get(2).get("order_no"));
        for (CSVRecord e : errors("formula.csv")) {
            for (String cell : e.toList()) {
                assertFalse(cell.startsWith("=") || cell.startsWith("@") || cell.startsWith("+"), cell);
            }
        }
    }

    @Test
    void healthSaysWhatIsUpAsJson() throws Exception {
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/api/health")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("\"status\":\"UP\"") && r.body().contains("\"ledger\""), r.body());
    }

    @Test
    void theRoutesBeanStepsLearnEachBeanClassOnce() {
        // 124 bean steps and method expressions over about 15 classes: without the bean component started before the
        // routes are built, its cache was empty and each step introspected its class again (3,000 methods kept)
        int learnt = context.getComponent("bean", BeanComponent.class).getCurrentBeanCacheSize();
        assertTrue(learnt > 5 && learnt <= 30, "bean classes learnt: " + learnt);
    }
}

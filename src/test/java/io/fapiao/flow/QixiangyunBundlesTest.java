package io.fapiao.flow;

import io.fapiao.sandbox.SandboxAccount;
import io.fapiao.sandbox.SandboxServer;
import io.fapiao.sandbox.qixiangyun.QixiangyunSandbox;
import io.fapiao.testing.BundleInstance;
import io.fapiao.testing.TestDatabases;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Whole bundles on qixiangyun: the same input as on yun2, a red-letter form across a restart, shared tokens. */
class QixiangyunBundlesTest {

    private static final String SELLER = SandboxAccount.SELLER;

    @TempDir
    Path dir;

    private static boolean settled(List<CSVRecord> rows) {
        return !rows.isEmpty() && RouteTestSupport.allSettled(rows);
    }

    @Test
    void theSameInputGivesTheSameResultRowsThroughEitherVendor() throws Exception {
        List<String> samples = List.of("orders-utf8-bom.csv", "orders-gbk.csv", "discount.csv", "order.json",
                "with-errors.csv");
        Map<String, List<CSVRecord>> byVendor = new HashMap<>();
        for (String vendor : List.of("yun2", "qixiangyun")) {
            Map<String, String> p = new HashMap<>();
            p.put("fapiao.seller.vendor", vendor);
            p.put("fapiao.ledger.url", "jdbc:h2:file:" + dir.resolve(vendor + "/ledger/fapiao").toAbsolutePath());
            try (BundleInstance b = new BundleInstance(dir.resolve(vendor), p).start()) {
                for (String name : samples) {
                    Files.createDirectories(b.inbox());
                    Files.copy(Path.of("samples", name), b.inbox().resolve("." + name));
                    Files.move(b.inbox().resolve("." + name), b.inbox().resolve(name));
                }
                for (String name : samples) {
                    List<CSVRecord> rows = b.awaitResults(name, QixiangyunBundlesTest::settled, Duration.ofSeconds(60));
                    byVendor.computeIfAbsent(vendor, k -> new java.util.ArrayList<>()).addAll(rows);
                }
            }
        }
        List<CSVRecord> yun2 = byVendor.get("yun2");
        List<CSVRecord> qxy = byVendor.get("qixiangyun");
        assertEquals(yun2.size(), qxy.size());
        for (int i = 0; i < yun2.size(); i++) {
            CSVRecord a = yun2.get(i);
            CSVRecord b = qxy.get(i);
            for (String column : List.of("order_no", "status", "total_amount", "total_tax")) {
                assertEquals(a.get(column), b.get(column), column + " of " + a.get("order_no"));
            }
            assertEquals(a.get("invoice_no").length(), b.get("invoice_no").length());
            assertEquals(a.get("pdf").isEmpty(), b.get("pdf").isEmpty());
            if (a.get("status").equals("ISSUED")) {
                assertEquals("pdf/" + b.get("order_no") + "_" + b.get("invoice_no") + ".pdf", b.get("pdf"));
            } else {
                assertEquals(a.get("message"), b.get("message"), "rejected by the same checks, in the same words");
            }
        }
        assertTrue(yun2.stream().filter(r -> r.get("status").equals("ISSUED")).count() >= 8);
    }

    @Test
    void aRedFormWaitingForTheBuyerOutlivesARestartAndTheTokenIsKeptInTheLedger() throws Exception {
        QixiangyunSandbox vendor = SandboxAccount.qixiangyun("/qixiangyun");
        try (SandboxServer server = new SandboxServer(0, Map.of("qixiangyun", vendor::handle))) {
            String ledger = "jdbc:h2:file:" + dir.resolve("ledger/fapiao").toAbsolutePath();
            Map<String, String> p = new HashMap<>();
            p.put("fapiao.mode", "live");
            p.put("fapiao.ledger.url", ledger);
            p.put("fapiao.seller.tax-id", SELLER);
            p.put("fapiao.seller.vendor", "qixiangyun");
            p.put("vendor.qixiangyun.base-url", "http://127.0.0.1:" + server.port() + "/qixiangyun");
            p.put("vendor.qixiangyun.app-key", SandboxAccount.QXY_APP_KEY);
            p.put("vendor.qixiangyun.app-secret", SandboxAccount.QXY_APP_SECRET);
            p.put("vendor.qixiangyun.red-form-check-ms", "300");
            String blueNo;
            try (BundleInstance a = new BundleInstance(dir.resolve("bundle"), p).start()) {
                a.drop("blue.csv", QixiangyunFlowTest.HEADER + "B-1,专票," + QixiangyunFlowTest.BUYER
                        + ",龙井茶,盒,2,88.00,176.00,13%,1030307000000000000,,\n");
                blueNo = a.awaitResults("blue.csv", QixiangyunBundlesTest::settled, Duration.ofSeconds(30)).get(0)
                        .get("invoice_no");
                a.drop("red.csv", QixiangyunFlowTest.HEADER + "R-1,专票," + QixiangyunFlowTest.BUYER
                        + ",龙井茶,盒,-2,88.00,-176.00,13%,1030307000000000000," + blueNo + ",\n");
                CSVRecord pending = a.awaitResults("red.csv", rows -> !rows.isEmpty()
                        && rows.get(0).get("status").equals("PENDING"), Duration.ofSeconds(30)).get(0);
                assertTrue(pending.get("message").contains("等待购方确认"), pending::toString);
                Thread.sleep(700);
            }
            String form = vendorRef(ledger, "R-1");
            assertTrue(!form.isEmpty(), "the form's id is kept in the ledger");
            assertTrue(vendor.answerRedForm(form, "accept"), "the buyer confirms while the bundle is down");
            try (BundleInstance b = new BundleInstance(dir.resolve("bundle"), p).start()) {
                CSVRecord red = b.awaitResults("red.csv", rows -> !rows.isEmpty()
                        && rows.get(0).get("status").equals("ISSUED") && !rows.get(0).get("pdf").isEmpty(),
                        Duration.ofSeconds(30)).get(0);
                assertEquals("-176.00", red.get("total_amount"));
            }
            assertEquals(1, vendor.tokenLogins(), "one login: the second run took the token the first kept");
        }
    }

    @Test
    void twoInstancesShareOneTokenAndIssueEachOrderOnce() throws Exception {
        QixiangyunSandbox vendor = SandboxAccount.qixiangyun("/qixiangyun");
        vendor.trouble().latencyMs = 10;
        vendor.trouble().tokenExpiryEvery = 25;
        String ledger = TestDatabases.freshPostgres();
        int orders = 40;
        String csv = QixiangyunTroubleTest.orders("QI", orders, 0, "");
        try (SandboxServer server = new SandboxServer(0, Map.of("qixiangyun", vendor::handle))) {
            Map<String, String> common = new HashMap<>();
            common.put("fapiao.mode", "live");
            common.put("fapiao.ledger.url", ledger);
            common.put("fapiao.ledger.username", "postgres");
            common.put("fapiao.seller.tax-id", SELLER);
            common.put("fapiao.seller.vendor", "qixiangyun");
            common.put("vendor.qixiangyun.base-url", "http://127.0.0.1:" + server.port() + "/qixiangyun");
            common.put("vendor.qixiangyun.app-key", SandboxAccount.QXY_APP_KEY);
            common.put("vendor.qixiangyun.app-secret", SandboxAccount.QXY_APP_SECRET);
            common.put("vendor.qixiangyun.retry-delay-ms", "50");
            Map<String, String> pa = new HashMap<>(common);
            pa.put("fapiao.instance.name", "a");
            Map<String, String> pb = new HashMap<>(common);
            pb.put("fapiao.instance.name", "b");
            try (BundleInstance a = new BundleInstance(dir.resolve("a"), pa).start();
                 BundleInstance b = new BundleInstance(dir.resolve("b"), pb).start()) {
                a.drop("orders.csv", csv);
                b.drop("orders.csv", csv);
                List<CSVRecord> ra = a.awaitResults("orders.csv", QixiangyunBundlesTest::settled, Duration.ofSeconds(90));
                List<CSVRecord> rb = b.awaitResults("orders.csv", QixiangyunBundlesTest::settled, Duration.ofSeconds(90));
                for (int i = 0; i < orders; i++) {
                    assertEquals("ISSUED", ra.get(i).get("status"), ra.get(i)::toString);
                    assertEquals(ra.get(i).get("invoice_no"), rb.get(i).get("invoice_no"), "one invoice per order");
                }
            }
        }
        assertEquals(orders, vendor.invoiceCount(), "each order issued once");
        long logins = vendor.tokenLogins();
        assertTrue(logins >= 2 && logins <= 5, "one login per ended token, shared by both instances: " + logins);
    }

    private static String vendorRef(String url, String orderNo) throws Exception {
        try (Connection c = DriverManager.getConnection(url);
             PreparedStatement s = c.prepareStatement("select vendor_ref from fapiao_order where order_no = ?")) {
            s.setString(1, orderNo);
            try (ResultSet r = s.executeQuery()) {
                return r.next() && r.getString(1) != null ? r.getString(1) : "";
            }
        }
    }
}

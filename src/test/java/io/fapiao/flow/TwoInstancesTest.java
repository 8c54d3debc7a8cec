package io.fapiao.flow;

import io.fapiao.sandbox.SandboxServer;
import io.fapiao.sandbox.yun2.Yun2Sandbox;
import io.fapiao.testing.BundleInstance;
import io.fapiao.testing.TestDatabases;
import io.fapiao.testing.TestOrders;
import io.fapiao.testing.Yun2Account;
import io.fapiao.testing.Yun2Recorder;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two bundle instances, one inbox each, sharing one real PostgreSQL ledger, with the same orders dropped in both:
 * every order is sent to yun2 once, and both inputs' results carry the same invoices. The yun2 simulator ends the
 * previous token on every GetToken, so instances that did not share their token would keep logging each other out.
 */
class TwoInstancesTest {

    private static final String SELLER = "91310115MA1K4B2X34";
    private static final String SPID = "0a3beb40037d4bb29fe30295451d2171";

    @TempDir
    Path dir;

    @Test
    void sameOrdersInTwoInstancesAreIssuedExactlyOnce() throws Exception {
        Yun2Account account = new Yun2Account("erp", "pw", SPID, SELLER);
        Yun2Sandbox vendor = account.sandbox("测试销方");
        vendor.trouble().latencyMs = 20;
        vendor.trouble().tokenExpiryEvery = 40;
        Yun2Recorder recorder = new Yun2Recorder(vendor::handle);
        String ledger = TestDatabases.freshPostgres();
        int orders = 120;
        String csv = TestOrders.orders("TI", orders);
        try (SandboxServer server = recorder.serve()) {
            Map<String, String> common = account.liveProperties(server);
            common.put("fapiao.ledger.url", ledger);
            common.put("fapiao.ledger.username", TestDatabases.POSTGRES_USER);
            common.put("vendor.yun2.concurrency", "4");
            common.put("fapiao.ledger.in-flight-timeout-ms", "60000");
            try (BundleInstance a = new BundleInstance(dir.resolve("a"), withName(common, "a")).start();
                 BundleInstance b = new BundleInstance(dir.resolve("b"), withName(common, "b")).start()) {
                a.drop("orders.csv", csv);
                b.drop("orders.csv", csv);
                List<CSVRecord> ra = a.awaitResults("orders.csv", TestOrders::allIssued, Duration.ofSeconds(90));
                List<CSVRecord> rb = b.awaitResults("orders.csv", TestOrders::allIssued, Duration.ofSeconds(90));
                assertEquals(orders, ra.size());
                assertEquals(orders, rb.size());
                for (int i = 0; i < orders; i++) {
                    assertEquals(ra.get(i).get("order_no"), rb.get(i).get("order_no"));
                    assertEquals(ra.get(i).get("invoice_no"), rb.get(i).get("invoice_no"), "one invoice per order");
                }
            }
        }
        Map<String, Integer> sent = recorder.sent();
        assertEquals(orders, sent.size(), "every order reached yun2");
        assertTrue(sent.values().stream().allMatch(n -> n == 1), () -> "an order was sent twice: " + sent);
        assertEquals(orders, vendor.invoiceCount());
    }

    private static Map<String, String> withName(Map<String, String> common, String name) {
        Map<String, String> m = new HashMap<>(common);
        m.put("fapiao.instance.name", name);
        return m;
    }

}

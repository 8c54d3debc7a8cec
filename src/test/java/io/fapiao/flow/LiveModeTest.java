package io.fapiao.flow;

import io.fapiao.sandbox.SandboxServer;
import io.fapiao.sandbox.yun2.Yun2Sandbox;
import io.fapiao.testing.TestOrders;
import io.fapiao.testing.Yun2Account;
import io.fapiao.testing.Yun2Recorder;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ThreadPoolExecutor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Live mode against a yun2 server that is not part of the bundle (the simulator on its own port). */
class LiveModeTest extends RouteTestSupport {

    private static final String PASSWORD = "live-secret-Pa55";
    private static final String SELLER_B = "91350100M000100Y43";
    private static final String SELLER_C = "91110000802100433B";
    private static final Yun2Account ACCOUNT =
            new Yun2Account("erp-user", PASSWORD, "0a3beb40037d4bb29fe30295451d2171", "91310115MA1K4B2X34");
    private Yun2Sandbox vendor;
    private Yun2Recorder recorder;
    private String spidB;
    private SandboxServer server;

    @Override
    protected void more(Properties p) {
        vendor = ACCOUNT.sandbox("测试销方");
        spidB = vendor.enrol(SELLER_B, "福建第二销方有限公司");
        recorder = new Yun2Recorder(vendor::handle);
        server = recorder.serve();
        p.putAll(ACCOUNT.liveProperties(server));
        p.put("vendor.yun2.base-url", "http://127.0.0.1:" + server.port() + "/yun2/"); // a trailing slash is fine
        // seller B has no spid configured: it is looked up with TERM/LIST; C is configured but yun2 does not know it
        p.put("fapiao.sellers." + SELLER_B + ".vendor", "yun2");
        p.put("fapiao.sellers." + SELLER_C + ".vendor", "yun2");
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void issuesAgainstAServerThatImplementsTheDocument() throws Exception {
        assertNull(context.getRegistry().lookupByName("yun2Sandbox"), "no embedded simulator in live mode");
        drop("live.csv", TestOrders.orders("LV", 3));
        awaitDone("live.csv");
        List<CSVRecord> rows = awaitResults("live.csv", RouteTestSupport::allSettled);
        assertEquals(List.of("ISSUED"), rows.stream().map(r -> r.get("status")).distinct().toList());
        assertTrue(Files.size(outbox().resolve(rows.get(0).get("pdf"))) > 500);
        assertEquals(3, vendor.invoiceCount());
        for (Object line : Files.readAllLines(Files.list(outbox().resolve("results")).filter(f ->
                f.toString().endsWith(".json")).findFirst().orElseThrow())) {
            assertFalse(line.toString().contains(PASSWORD), "no secret in a result file");
        }
    }

    /**
     * Every seller here is yun2's: the issuing threads are its four calls in flight and half as many again (two),
     * none for the slots of a vendor no seller uses (qixiangyun's four made twelve).
     */
    @Test
    void theIssuingThreadsAreThoseOfTheVendorsThatServeASeller() {
        ThreadPoolExecutor pool = context.getRegistry().lookupByNameAndType("issuePool", ThreadPoolExecutor.class);
        assertNotNull(pool, "the issue pool is a thread pool");
        assertEquals(6, pool.getMaximumPoolSize());
    }

    @Test
    void aVendorThatCannotBeReachedFailsTheOrdersAfterRetries() throws Exception {
        server.close();
        drop("down.csv", TestOrders.orders("DN", 2));
        awaitDone("down.csv");
        List<CSVRecord> rows = awaitResults("down.csv", RouteTestSupport::allSettled);
        assertEquals(List.of("FAILED"), rows.stream().map(r -> r.get("status")).distinct().toList());
        assertTrue(rows.get(0).get("message").contains("safe to drop again"), rows.get(0)::toString);
        assertFalse(rows.get(0).get("message").contains(PASSWORD));
    }

    @Test
    void inLiveModeASellerNobodyConfiguredIsRejectedNamingTheKey() throws Exception {
        drop("unknown-seller.csv", "order_no,invoice_type,seller_tax_id,buyer_name,item_name,amount,tax_rate,tax_code\n"
                + "US1,普票,91440300MA5G0Q8B4C,杭州西湖茶叶有限公司,龙井茶,100,13%,1030307000000000000\n");
        awaitDone("unknown-seller.csv");
        CSVRecord row = awaitResults("unknown-seller.csv", RouteTestSupport::allSettled).get(0);
        assertEquals("REJECTED", row.get("status"));
        assertTrue(row.get("message").contains("fapiao.sellers.91440300MA5G0Q8B4C.vendor"), row::toString);
        assertEquals(0, vendor.invoiceCount());
    }

    @Test
    void eachSellerIssuesAsItsOwnEnterpriseAndAnUnknownOneIsRejectedBeforeFpkj() throws Exception {
        String header = "order_no,invoice_type,seller_tax_id,buyer_name,item_name,amount,tax_rate,tax_code\n";
        String line = ",普票,%s,杭州西湖茶叶有限公司,龙井茶,100,13%%,1030307000000000000\n";
        drop("sellers.csv", header + "SAME1" + line.formatted("91310115MA1K4B2X34") + "SAME1" + line.formatted(SELLER_B)
                + "C1" + line.formatted(SELLER_C));
        awaitDone("sellers.csv");
        List<CSVRecord> rows = awaitResults("sellers.csv", RouteTestSupport::allSettled);
        assertEquals("ISSUED", rows.get(0).get("status"), rows.get(0)::toString);
        assertEquals("ISSUED", rows.get(1).get("status"), "the same order number of another seller is another order");
        assertTrue(!rows.get(0).get("invoice_no").equals(rows.get(1).get("invoice_no")));
        assertEquals("REJECTED", rows.get(2).get("status"));
        assertTrue(rows.get(2).get("message").contains("yun2 does not know seller " + SELLER_C), rows.get(2)::toString);
        assertEquals(2, vendor.invoiceCount());
        assertEquals(0, recorder.sent("C1"), "nothing was sent for the unknown seller");
        assertEquals(1, recorder.calls("/API/TERM/LIST"), "the spid is looked up once and kept");
        String pdfB = new String(Files.readAllBytes(outbox().resolve(rows.get(1).get("pdf"))), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertTrue(pdfB.contains(SELLER_B), "seller B's invoice names seller B");
        assertTrue(spidB.length() == 32);
    }
}

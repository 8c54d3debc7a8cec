package io.fapiao.flow;

import io.fapiao.sandbox.SandboxServer;
import io.fapiao.sandbox.yun2.Yun2Sandbox;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Live mode against a yun2 server that is not part of the bundle (the simulator on its own port). */
class LiveModeTest extends RouteTestSupport {

    private static final String PASSWORD = "live-secret-Pa55";
    private Yun2Sandbox vendor;
    private SandboxServer server;

    @Override
    protected void more(Properties p) {
        vendor = new Yun2Sandbox("erp-user", PASSWORD, "0a3beb40037d4bb29fe30295451d2171", "91310115MA1K4B2X34", "测试销方");
        try {
            server = new SandboxServer(0, Map.of("yun2", vendor::handle));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        p.put("fapiao.mode", "live");
        p.put("fapiao.seller.tax-id", "91310115MA1K4B2X34");
        p.put("vendor.yun2.base-url", "http://127.0.0.1:" + server.port() + "/yun2/"); // a trailing slash is fine
        p.put("vendor.yun2.username", "erp-user");
        p.put("vendor.yun2.password", PASSWORD);
        p.put("vendor.yun2.spid", "0a3beb40037d4bb29fe30295451d2171");
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void issuesAgainstAServerThatImplementsTheDocument() throws Exception {
        assertNull(context.getRegistry().lookupByName("yun2Sandbox"), "no embedded simulator in live mode");
        drop("live.csv", TroubleTest.orders("LV", 3));
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

    @Test
    void aVendorThatCannotBeReachedFailsTheOrdersAfterRetries() throws Exception {
        server.close();
        drop("down.csv", TroubleTest.orders("DN", 2));
        awaitDone("down.csv");
        List<CSVRecord> rows = awaitResults("down.csv", RouteTestSupport::allSettled);
        assertEquals(List.of("FAILED"), rows.stream().map(r -> r.get("status")).distinct().toList());
        assertTrue(rows.get(0).get("message").contains("safe to drop again"), rows.get(0)::toString);
        assertFalse(rows.get(0).get("message").contains(PASSWORD));
    }

    @Test
    void inLiveModeASellerNobodyConfiguredIsRejectedNamingTheKey() throws Exception {
        drop("unknown-seller.csv", "order_no,invoice_type,seller_tax_id,buyer_name,item_name,amount,tax_rate,tax_code\n"
                + "US1,普票,91350100M000100Y43,杭州西湖茶叶有限公司,龙井茶,100,13%,1030307000000000000\n");
        awaitDone("unknown-seller.csv");
        CSVRecord row = awaitResults("unknown-seller.csv", RouteTestSupport::allSettled).get(0);
        assertEquals("REJECTED", row.get("status"));
        assertTrue(row.get("message").contains("fapiao.sellers.91350100M000100Y43.vendor"), row::toString);
        assertEquals(0, vendor.invoiceCount());
    }
}

package io.fapiao.flow;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.fapiao.ledger.Drop;
import io.fapiao.ledger.DropLedger;
import io.fapiao.ledger.Ledger;
import io.fapiao.ledger.LedgerDatabase;
import io.fapiao.sandbox.SandboxRequest;
import io.fapiao.sandbox.SandboxResponse;
import io.fapiao.sandbox.SandboxServer;
import io.fapiao.sandbox.yun2.Yun2Sandbox;
import io.fapiao.testing.Yun2Account;
import io.fapiao.testing.Yun2Recorder;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * "An order whose outcome is unknown is asked about, never sent again blindly; FAILED means nothing was issued":
 * live mode against a yun2 server of its own, with the answers a real one gives when things go wrong.
 */
class ExactlyOnceTest extends RouteTestSupport {


    protected static final String SELLER = "91310115MA1K4B2X34";
    protected static final String SPID = "0a3beb40037d4bb29fe30295451d2171";
    private static final Yun2Account ACCOUNT = new Yun2Account("erp", "pw", SPID, SELLER);
    protected Yun2Sandbox vendor;
    protected Yun2Recorder recorder;
    private SandboxServer server;

    @Override
    protected void more(Properties p) {
        vendor = ACCOUNT.sandbox("测试销方");
        recorder = new Yun2Recorder(vendor::handle);
        server = recorder.serve();
        p.putAll(ACCOUNT.liveProperties(server));
        p.put("vendor.yun2.timeout-ms", "1500");
        p.put("fapiao.poll.max-delay-ms", "300");
        seed(p);
    }

    /** What a test finds at the vendor and in the ledger before the bundle starts; nothing here. */
    protected void seed(Properties p) {
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    protected static String row(String orderNo) {
        return orderNo + ",普票,杭州西湖茶叶有限公司,龙井茶,2,50,100.00,13%,1030307000000000000\n";
    }

    protected static final String CSV_HEADER = "order_no,invoice_type,buyer_name,item_name,quantity,unit_price,amount,tax_rate,"
            + "tax_code\n";

    /** Watches a result file until every row settled, remembering every status any row ever showed. */
    protected List<CSVRecord> settledNeverFailed(String name) {
        List<CSVRecord> rows = awaitResults(name, r -> {
            assertFalse(r.stream().anyMatch(x -> x.get("status").equals("FAILED")), () -> "an order was FAILED: " + r);
            return allSettled(r);
        });
        assertTrue(rows.stream().allMatch(r -> r.get("status").equals("ISSUED")), rows::toString);
        return rows;
    }

    @Test
    void anOrderTheVendorStoredIsAskedAboutThroughOddAnswersAndNeverFailed() throws Exception {
        vendor.trouble().haveSaveFailures = 3;
        AtomicInteger kpjg = new AtomicInteger();
        recorder.fault(r -> {
            if (!r.path().equals("/API/KPGL/KPJG")) {
                return null;
            }
            int n = kpjg.incrementAndGet();
            if (n <= 3) {
                return new SandboxResponse(200, "text/html", "<html><body>网关错误</body></html>".getBytes(StandardCharsets.UTF_8));
            }
            return n <= 5 ? SandboxResponse.json("{\"Result\":\"0\",\"Message\":\"系统繁忙，请稍后再试\"}") : null;
        });
        drop("odd.csv", CSV_HEADER + row("OD1"));
        awaitDone("odd.csv");
        List<CSVRecord> rows = settledNeverFailed("odd.csv");
        assertEquals(1, recorder.sent("OD1"), "asked about, never sent again");
        assertTrue(recorder.calls("/API/KPGL/FPLIST") > 0, "an answer that said nothing certain was checked with FPLIST");
        assertTrue(rows.get(0).get("invoice_no").matches("\\d{20}"));
    }

    @Test
    void aTokenEndedAgainDuringTheRepeatedCallHoldsTheOrderAndSendsItLater() throws Exception {
        AtomicInteger refused = new AtomicInteger();
        recorder.fault(r -> r.path().equals("/API/KPGL/FPKJ") && refused.incrementAndGet() <= 6
                ? SandboxResponse.json("{\"Result\":\"0\",\"Code\":\"2002\",\"Message\":\"token已失效，请重新获取\"}") : null);
        drop("token.csv", CSV_HEADER + row("TK1"));
        awaitDone("token.csv");
        CSVRecord first = results("token.csv").get(0);
        assertEquals("PENDING", first.get("status"), "not FAILED: nothing reached yun2, it is sent again later");
        assertTrue(first.get("message").contains("sent again later"), first::toString);
        settledNeverFailed("token.csv");
        assertEquals(1, recorder.sent("TK1"));
        assertTrue(recorder.calls("/API/LOGIN/GetToken") >= 5, "renewed with back-off, not once");
    }

    @Test
    void anOrderYun2NeverGotIsFailedOnlyOnceYun2ConfirmsItIsNotThere() throws Exception {
        // the request is lost on the way: the bundle waits past its timeout and gets no answer
        recorder.fault(r -> {
            if (r.path().equals("/API/KPGL/FPKJ")) {
                sleep(2000);
                return SandboxResponse.text(502, "Bad Gateway");
            }
            return null;
        });
        drop("lost.csv", CSV_HEADER + row("LS1"));
        awaitDone("lost.csv");
        assertEquals("PENDING", results("lost.csv").get(0).get("status"), "unknown at first: asked, not failed");
        CSVRecord row = awaitResults("lost.csv", RouteTestSupport::allSettled).get(0);
        assertEquals("FAILED", row.get("status"));
        assertTrue(row.get("message").contains("confirms it has no such order"), row::toString);
        assertEquals(0, vendor.invoiceCount());
        assertTrue(recorder.calls("/API/KPGL/FPLIST") >= 3, "asked in every state before believing it");
    }

    protected static SandboxRequest form(String path, Map<String, String> values, String token) {
        StringBuilder body = new StringBuilder();
        values.forEach((k, v) -> body.append(body.length() == 0 ? "" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        Map<String, String> headers = new HashMap<>();
        headers.put("content-type", "application/x-www-form-urlencoded;charset=UTF-8");
        headers.put("token", token);
        return new SandboxRequest("POST", path, "", headers, body.toString());
    }

    protected static String json(SandboxResponse r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

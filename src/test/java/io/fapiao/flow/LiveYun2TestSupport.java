package io.fapiao.flow;

import io.fapiao.sandbox.SandboxRequest;
import io.fapiao.sandbox.SandboxResponse;
import io.fapiao.sandbox.SandboxServer;
import io.fapiao.sandbox.yun2.Yun2Sandbox;
import io.fapiao.testing.Yun2Account;
import io.fapiao.testing.Yun2Recorder;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterEach;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A bundle in live mode against a yun2 server of its own (a recorder in front of the simulator, to count and to
 * bend its answers), for the tests of what happens when a call's outcome is unknown or a run stopped mid-file.
 */
abstract class LiveYun2TestSupport extends RouteTestSupport {

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

    protected static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

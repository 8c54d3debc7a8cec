package io.fapiao.flow;

import io.fapiao.sandbox.SandboxResponse;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * "An order whose outcome is unknown is asked about, never sent again blindly; FAILED means nothing was issued":
 * live mode against a yun2 server of its own, with the answers a real one gives when things go wrong.
 */
class ExactlyOnceTest extends LiveYun2TestSupport {

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
}

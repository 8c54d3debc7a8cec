package io.fapiao.flow;

import io.fapiao.order.OrderStatus;
import io.fapiao.order.Outcome;
import io.fapiao.sandbox.SandboxAccount;
import io.fapiao.sandbox.qixiangyun.QixiangyunSandbox;
import io.fapiao.vendor.qixiangyun.QixiangyunCalls;
import org.apache.camel.Exchange;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** qixiangyun misbehaving as its documents say it may: every order is still issued once, or honestly not. */
class QixiangyunTroubleTest extends RouteTestSupport {

    @Override
    protected void more(Properties p) {
        p.put("fapiao.seller.vendor", "qixiangyun");
        p.put("vendor.qixiangyun.retry-delay-ms", "50");
    }

    private QixiangyunSandbox qixiangyun() {
        return context.getRegistry().lookupByNameAndType("qixiangyunSandbox", QixiangyunSandbox.class);
    }

    /** {@code count} one-line orders named {@code prefix-1…}; the item of order {@code odd} is called {@code oddItem}. */
    static String orders(String prefix, int count, int odd, String oddItem) {
        StringBuilder csv = new StringBuilder(QixiangyunFlowTest.HEADER);
        for (int i = 1; i <= count; i++) {
            csv.append(prefix).append('-').append(i).append(",普票,").append(QixiangyunFlowTest.BUYER).append(',')
                    .append(i == odd ? oddItem : "龙井茶").append(",盒,2,88.00,176.00,13%,1030307000000000000,,\n");
        }
        return csv.toString();
    }

    private List<CSVRecord> issue(String name, String csv) throws Exception {
        drop(name, csv);
        return awaitResults(name, RouteTestSupport::allSettled);
    }

    @Test
    void anIssueThatTurnsAsynchronousIsFinishedThroughAsynResult() throws Exception {
        qixiangyun().trouble().set("async-issuing", "3");
        List<CSVRecord> rows = issue("async.csv", orders("ASYNC", 2, 0, ""));
        rows.forEach(r -> assertEquals("ISSUED", r.get("status"), r::toString));
        assertEquals(2, qixiangyun().invoiceCount());
    }

    @Test
    void anEndedTokenIsRenewedAndTheCallRepeatedOnce() throws Exception {
        qixiangyun().trouble().set("token-expiry-every", "2");
        List<CSVRecord> rows = issue("tokens.csv", orders("TOKEN", 6, 0, ""));
        rows.forEach(r -> assertEquals("ISSUED", r.get("status"), r::toString));
        assertEquals(6, qixiangyun().invoiceCount(), "each order issued once");
        long logins = qixiangyun().tokenLogins();
        assertTrue(logins >= 2 && logins <= 6, "a login when the token ended, not one per call: " + logins);
    }

    @Test
    void aBusyGatewayIsWaitedForAndNothingIsIssuedTwice() throws Exception {
        qixiangyun().trouble().set("rate-limit", "2");
        List<CSVRecord> rows = issue("busy.csv", orders("BUSY", 6, 0, ""));
        rows.forEach(r -> assertEquals("ISSUED", r.get("status"), r::toString));
        assertEquals(6, qixiangyun().invoiceCount());
    }

    @Test
    void aGatewayTimeoutAfterTheCallIsAskedAboutNeverSentAgain() throws Exception {
        qixiangyun().trouble().set("error-rate", "0.4");
        List<CSVRecord> rows = issue("timeouts.csv", orders("TIMEOUT", 8, 0, ""));
        rows.forEach(r -> assertEquals("ISSUED", r.get("status"), r::toString));
        assertEquals(8, qixiangyun().invoiceCount(), "a 504001 was done by the vendor: never issued again");
    }

    @Test
    void anItemTheBureauRefusesIsRejectedWithItsWords() throws Exception {
        qixiangyun().trouble().set("reject-item", "停用");
        List<CSVRecord> rows = issue("refused.csv", orders("REFUSED", 2, 2, "停用茶"));
        assertEquals("ISSUED", rows.get(0).get("status"));
        CSVRecord refused = rows.get(1);
        assertEquals("REJECTED", refused.get("status"));
        assertTrue(refused.get("message").contains("710002"), refused::toString);
        assertTrue(refused.get("message").contains("税收分类编码不存在或已停用"), refused::toString);
        assertEquals(1, qixiangyun().invoiceCount());
    }

    @Test
    void anExpiredPdfLinkIsReplacedByTheOneBswjxzBatchGives() throws Exception {
        qixiangyun().trouble().set("pdf-url-expired", "true");
        List<CSVRecord> rows = issue("links.csv", orders("LINK", 2, 0, ""));
        for (CSVRecord r : rows) {
            assertEquals("ISSUED", r.get("status"), r::toString);
            byte[] pdf = Files.readAllBytes(outbox().resolve(r.get("pdf")));
            assertEquals("%PDF-", new String(pdf, 0, 5, java.nio.charset.StandardCharsets.ISO_8859_1));
        }
    }

    @Test
    void aFieldOfTheWrongJsonTypeIsRefusedByNameAndTheOrderRejected() {
        String body = "{\"action\":\"fpkj_zzs\",\"nsrsbh\":\"" + SandboxAccount.SELLER + "\",\"async\":false,\"data\":{"
                + "\"ly_ddbh\":\"WRONG-1\",\"fplxdm\":\"030\",\"xsf_nsrsbh\":\"" + SandboxAccount.SELLER + "\","
                + "\"gmf_lx\":\"1\",\"gmf_nsrmc\":\"个人\",\"hjje\":176.00,\"hsslbs\":\"1\",\"xmmx\":[{\"fphxz\":\"0\","
                + "\"spbm\":\"1030307000000000000\",\"xmmc\":\"龙井茶\",\"je\":\"176.00\",\"sl\":\"0.13\",\"se\":\"22.88\"}]}}";
        Exchange answer = template.send("direct:qixiangyun-call", e -> {
            e.getIn().setBody(body);
            e.setProperty("qxyPath", "/v2/invoice/qdfp/fpkjZzs");
        });
        String reply = answer.getMessage().getBody(String.class);
        assertTrue(reply.contains("\"code\":\"400000\""), reply);
        assertTrue(reply.contains("data.hjje"), reply);
        QixiangyunCalls calls = context.getRegistry().lookupByNameAndType("qixiangyun", QixiangyunCalls.class);
        Outcome o = calls.issueOutcome(reply, answer);
        assertEquals(OrderStatus.REJECTED, o.status());
        assertTrue(o.message().contains("data.hjje"), o::message);
        assertEquals(0, qixiangyun().invoiceCount());
    }

    @Test
    void anEndedTaxBureauSessionHoldsTheOrderUntilTheSellerLogsIn() throws Exception {
        qixiangyun().trouble().set("session-expired", "true");
        drop("session.csv", orders("SESSION", 1, 0, ""));
        CSVRecord r = awaitResults("session.csv", rows -> rows.get(0).get("status").equals("PENDING")).get(0);
        assertTrue(r.get("message").contains("must log in to the tax bureau again"), r::toString);
        assertEquals(0, qixiangyun().invoiceCount());
    }
}

package io.fapiao.flow;

import io.fapiao.ledger.Ledger;
import io.fapiao.ledger.LedgerOrder;
import io.fapiao.sandbox.SandboxAccount;
import io.fapiao.sandbox.qixiangyun.QixiangyunSandbox;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The default seller moved to qixiangyun with one property; the sandbox serves it out of the box. */
class QixiangyunFlowTest extends RouteTestSupport {

    @Override
    protected void more(Properties p) {
        p.put("fapiao.seller.vendor", "qixiangyun");
        p.put("vendor.qixiangyun.retry-delay-ms", "50");
        p.put("vendor.qixiangyun.red-form-check-ms", "300");
    }

    private QixiangyunSandbox qixiangyun() {
        return context.getRegistry().lookupByNameAndType("qixiangyunSandbox", QixiangyunSandbox.class);
    }

    static final String HEADER = "order_no,invoice_type,buyer_name,buyer_tax_id,item_name,item_unit,quantity,unit_price,"
            + "amount,tax_rate,tax_code,original_invoice_no,remark\n";
    static final String BUYER = "杭州西湖茶叶有限公司,91330100MA27WQ8K3B";

    /** A blue order with one line per {name, quantity, price, amount}, issued; answers its invoice number. */
    private String issueBlue(String orderNo, String type, String[]... lines) throws Exception {
        StringBuilder csv = new StringBuilder(HEADER);
        for (String[] l : lines) {
            csv.append(orderNo).append(',').append(type).append(',').append(BUYER).append(',').append(l[0])
                    .append(",盒,").append(l[1]).append(',').append(l[2]).append(',').append(l[3])
                    .append(",13%,1030307000000000000,,\n");
        }
        drop(orderNo + ".csv", csv.toString());
        CSVRecord r = awaitResults(orderNo + ".csv", RouteTestSupport::allSettled).get(0);
        assertEquals("ISSUED", r.get("status"), r::toString);
        return r.get("invoice_no");
    }

    private void dropRed(String orderNo, String type, String blueNo, String[]... lines) throws Exception {
        StringBuilder csv = new StringBuilder(HEADER);
        for (String[] l : lines) {
            csv.append(orderNo).append(',').append(type).append(',').append(BUYER).append(',').append(l[0])
                    .append(",盒,").append(l[1]).append(',').append(l[2]).append(',').append(l[3])
                    .append(",13%,1030307000000000000,").append(blueNo).append(",退货\n");
        }
        drop(orderNo + ".csv", csv.toString());
    }

    private CSVRecord awaitStatus(String orderNo, String status) {
        return awaitResults(orderNo + ".csv", rows -> rows.get(0).get("status").equals(status)
                && (!status.equals("ISSUED") || !rows.get(0).get("pdf").isEmpty())).get(0);
    }

    private LedgerOrder ledgerRow(String orderNo) {
        return context.getRegistry().lookupByNameAndType("ledger", Ledger.class)
                .find(SandboxAccount.SELLER, orderNo).orElseThrow();
    }

    @Test
    void aRedInvoiceThatNeedsNoConfirmationIsIssuedAtOnce() throws Exception {
        String blue = issueBlue("BLUE-01", "普票", new String[]{"龙井茶", "2", "88.00", "176.00"});
        dropRed("RED-01", "普票", blue, new String[]{"龙井茶", "-2", "88.00", "-176.00"});
        CSVRecord red = awaitStatus("RED-01", "ISSUED");
        assertTrue(red.get("invoice_no").matches("\\d{20}"));
        assertEquals("-176.00", red.get("total_amount"));
        assertEquals("-22.88", red.get("total_tax"));
        assertTrue(Files.size(outbox().resolve(red.get("pdf"))) > 0);
    }

    @Test
    void aRedInvoiceWaitsForTheBuyerThenIsIssued() throws Exception {
        String blue = issueBlue("BLUE-02", "专票", new String[]{"龙井茶", "2", "88.00", "176.00"});
        dropRed("RED-02", "专票", blue, new String[]{"龙井茶", "-2", "88.00", "-176.00"});
        CSVRecord pending = awaitStatus("RED-02", "PENDING");
        assertTrue(pending.get("message").contains("等待购方确认"), pending::toString);
        String form = await(() -> {
            String ref = ledgerRow("RED-02").vendorRef();
            return ref.isEmpty() ? null : ref;
        }, "the red order's form id");
        Thread.sleep(1000); // asked about a few times while the buyer has not answered
        assertEquals("PENDING", ledgerRow("RED-02").status().name());
        assertTrue(qixiangyun().answerRedForm(form, "accept"));
        CSVRecord red = awaitStatus("RED-02", "ISSUED");
        assertEquals("-176.00", red.get("total_amount"));
    }

    @Test
    void aFormTheBuyerRefusesEndsTheRedOrderRejected() throws Exception {
        String blue = issueBlue("BLUE-03", "专票", new String[]{"龙井茶", "2", "88.00", "176.00"});
        dropRed("RED-03", "专票", blue, new String[]{"龙井茶", "-2", "88.00", "-176.00"});
        awaitStatus("RED-03", "PENDING");
        String form = await(() -> {
            String ref = ledgerRow("RED-03").vendorRef();
            return ref.isEmpty() ? null : ref;
        }, "the red order's form id");
        assertTrue(qixiangyun().answerRedForm(form, "reject"));
        CSVRecord red = awaitStatus("RED-03", "REJECTED");
        assertTrue(red.get("message").contains("购方否认"), red::toString);
        assertTrue(red.get("message").contains("refused by the buyer"), red::toString);
    }

    @Test
    void aPartialRedReducesOneLineOfTheBlueInvoice() throws Exception {
        String blue = issueBlue("BLUE-04", "普票", new String[]{"龙井茶", "2", "88.00", "176.00"},
                new String[]{"碧螺春", "1", "100.00", "100.00"});
        dropRed("RED-04", "普票", blue, new String[]{"碧螺春", "-1", "100.00", "-100.00"});
        CSVRecord red = awaitStatus("RED-04", "ISSUED");
        assertEquals("-100.00", red.get("total_amount"));
        assertEquals("-13.00", red.get("total_tax"));
    }

    private HttpResponse<String> api(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        b = body == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
                : b.method(method, HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theSellerAnswersAFormItsBuyerFiledThroughTheApi() throws Exception {
        String blue = issueBlue("BLUE-05", "普票", new String[]{"龙井茶", "2", "88.00", "176.00"});
        String form = qixiangyun().fileRedFormAsBuyer(blue);
        assertTrue(!form.isEmpty());

        HttpResponse<String> listed = api("GET", "/api/red-forms", null);
        assertEquals(200, listed.statusCode(), listed::body);
        assertTrue(listed.body().contains("\"form_id\":\"" + form + "\""), listed::body);
        assertTrue(listed.body().contains("\"filed_by\":\"buyer\""), listed::body);
        assertTrue(listed.body().contains("\"state\":\"WAITING_FOR_SELLER\""), listed::body);
        assertTrue(listed.body().contains("\"blue_invoice_no\":\"" + blue + "\""), listed::body);

        assertEquals(400, api("POST", "/api/red-forms/qixiangyun/" + form + "/confirm", "{\"accept\":\"yes\"}").statusCode());
        assertEquals(404, api("POST", "/api/red-forms/nosuch/" + form + "/confirm", "{\"accept\":true}").statusCode());
        assertEquals(404, api("POST", "/api/red-forms/qixiangyun/unknown-form/confirm", "{\"accept\":true}").statusCode());

        HttpResponse<String> confirmed = api("POST", "/api/red-forms/qixiangyun/" + form + "/confirm", "{\"accept\":true}");
        assertEquals(200, confirmed.statusCode(), confirmed::body);
        assertTrue(confirmed.body().contains("\"state\":\"ISSUED\""), confirmed::body);
        assertTrue(confirmed.body().matches(".*\"red_invoice_no\":\"\\d{20}\".*"), confirmed::body);
        assertTrue(!api("GET", "/api/red-forms", null).body().contains(form), "no longer waiting");

        HttpResponse<String> again = api("POST", "/api/red-forms/qixiangyun/" + form + "/confirm", "{\"accept\":false}");
        assertEquals(409, again.statusCode(), again::body);
        assertTrue(again.body().contains("710002"), again::body);
    }

    @Test
    void theSamplesIssueThroughQixiangyun() throws Exception {
        for (String name : List.of("orders-utf8-bom.csv", "discount.csv", "order.json")) {
            drop(name, Files.readAllBytes(Path.of("samples", name)));
        }
        for (String name : List.of("orders-utf8-bom.csv", "discount.csv", "order.json")) {
            List<CSVRecord> rows = awaitResults(name, RouteTestSupport::allSettled);
            for (CSVRecord r : rows) {
                assertEquals("ISSUED", r.get("status"), () -> name + ": " + r);
                assertTrue(r.get("invoice_no").matches("\\d{20}"), r::toString);
                assertTrue(Files.size(outbox().resolve(r.get("pdf"))) > 0);
            }
        }
        assertEquals(0, yun2().invoiceCount(), "nothing went to yun2");
        assertTrue(qixiangyun().invoiceCount() >= 5);
    }
}

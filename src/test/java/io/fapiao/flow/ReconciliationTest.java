package io.fapiao.flow;

import io.fapiao.sandbox.qixiangyun.QixiangyunSandbox;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ledger against both vendors' lists of a day: planted differences, voided and red-flushed invoices are found. */
class ReconciliationTest extends RouteTestSupport {

    static final String SELLER_B = "91350100M000100Y43";

    @Override
    protected void more(Properties p) {
        p.put("fapiao.sellers." + SELLER_B + ".vendor", "qixiangyun");
        p.put("vendor.qixiangyun.retry-delay-ms", "50");
    }

    private QixiangyunSandbox qixiangyun() {
        return context.getRegistry().lookupByNameAndType("qixiangyunSandbox", QixiangyunSandbox.class);
    }

    private static String orders(String prefix, String seller, int count) {
        StringBuilder csv = new StringBuilder("order_no,seller_tax_id,invoice_type,buyer_name,buyer_tax_id,item_name,"
                + "item_unit,quantity,unit_price,amount,tax_rate,tax_code\n");
        for (int i = 1; i <= count; i++) {
            csv.append(prefix).append(i).append(',').append(seller).append(",普票,").append(QixiangyunFlowTest.BUYER)
                    .append(",龙井茶,盒,2,88.00,176.00,13%,1030307000000000000\n");
        }
        return csv.toString();
    }

    @Test
    void aFormBodySentByCurlIsNoInternalError() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/reconcile?date=2026-11-01"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("garbage{")).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(r.statusCode() < 500, () -> r.statusCode() + " " + r.body());
        assertTrue(r.body().startsWith("{"), r::body);
    }

    private List<CSVRecord> reconcile(String day) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/reconcile?date=" + day))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r::body);
        assertTrue(r.body().contains("\"file\":\"results/reconcile-" + day + ".csv\""), r::body);
        return csv(outbox().resolve("results").resolve("reconcile-" + day + ".csv"));
    }

    @Test
    void plantedDifferencesVoidedAndRedFlushedInvoicesAreFoundAtBothVendors() throws Exception {
        drop("yun2.csv", orders("Y-", "", 3));
        drop("qxy.csv", orders("Q-", SELLER_B, 4));
        List<CSVRecord> yun2 = awaitResults("yun2.csv", RouteTestSupport::allSettled);
        List<CSVRecord> qxy = awaitResults("qxy.csv", RouteTestSupport::allSettled);
        yun2.forEach(r -> assertEquals("ISSUED", r.get("status"), r::toString));
        qxy.forEach(r -> assertEquals("ISSUED", r.get("status"), r::toString));

        yun2().set("plant-difference", yun2.get(0).get("invoice_no") + "=0.01");
        yun2().set("void-invoice", yun2.get(1).get("invoice_no"));
        assertTrue(qixiangyun().plantDifference(qxy.get(0).get("invoice_no"), new BigDecimal("-1.00")));
        assertTrue(qixiangyun().voidInvoice(qxy.get(1).get("invoice_no")));
        String blue = qxy.get(2).get("invoice_no");
        drop("red.csv", "order_no,seller_tax_id,invoice_type,buyer_name,buyer_tax_id,item_name,item_unit,quantity,"
                + "unit_price,amount,tax_rate,tax_code,original_invoice_no\nQ-RED," + SELLER_B + ",普票,"
                + QixiangyunFlowTest.BUYER + ",龙井茶,盒,-2,88.00,-176.00,13%,1030307000000000000," + blue + "\n");
        assertEquals("ISSUED", awaitResults("red.csv", RouteTestSupport::allSettled).get(0).get("status"));
        // a red invoice the buyer started and the seller confirmed: at the vendor, not in the ledger
        String bought = qxy.get(3).get("invoice_no");
        String form = qixiangyun().fileRedFormAsBuyer(bought);
        HttpResponse<String> confirmed = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + port + "/api/red-forms/qixiangyun/" + form + "/confirm?seller=" + SELLER_B))
                .POST(HttpRequest.BodyPublishers.ofString("{\"accept\":true}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, confirmed.statusCode(), confirmed::body);

        Set<String> days = new LinkedHashSet<>();
        yun2.forEach(r -> days.add(r.get("issued_at").substring(0, 10)));
        qxy.forEach(r -> days.add(r.get("issued_at").substring(0, 10)));
        Map<String, String> findings = new java.util.HashMap<>();
        for (String day : days) {
            for (CSVRecord r : reconcile(day)) {
                findings.merge(r.get("vendor") + " " + r.get("invoice_no"), r.get("finding"), (a, b) -> a + "," + b);
                if (r.get("finding").equals("AMOUNT_DIFFERS") && r.get("vendor").equals("qixiangyun")) {
                    assertEquals("176.00", r.get("ledger_amount"));
                    assertEquals("175.00", r.get("vendor_amount"));
                }
            }
        }
        assertEquals("AMOUNT_DIFFERS", findings.get("yun2 " + yun2.get(0).get("invoice_no")), findings::toString);
        assertEquals("VOIDED", findings.get("yun2 " + yun2.get(1).get("invoice_no")), findings::toString);
        assertEquals("AMOUNT_DIFFERS", findings.get("qixiangyun " + qxy.get(0).get("invoice_no")), findings::toString);
        assertEquals("VOIDED", findings.get("qixiangyun " + qxy.get(1).get("invoice_no")), findings::toString);
        assertEquals("RED_FLUSHED", findings.get("qixiangyun " + blue), findings::toString);
        assertEquals("RED_FLUSHED", findings.get("qixiangyun " + bought), findings::toString);
        assertTrue(findings.keySet().stream().noneMatch(k -> k.endsWith(yun2.get(2).get("invoice_no"))), () -> "a match is no finding: " + findings);
        assertEquals(List.of("MISSING_IN_LEDGER"), findings.values().stream().filter(f -> f.contains("MISSING")).toList(),
                findings::toString);
        assertEquals(7, findings.size(), findings::toString);
        assertTrue(findings.values().stream().noneMatch(f -> f.contains("NOT_CHECKED")), findings::toString);
    }
}

package io.fapiao.flow;

import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each order goes to its seller's vendor; a vendor without issuing rejects it with that reason. In sandbox mode a
 * seller nobody configured is served by the yun2 simulator, so an ERP's own files work before any setup.
 */
class SellerRoutingTest extends RouteTestSupport {

    @Override
    protected void more(Properties p) {
        p.put("fapiao.sellers.91110000802100433B.vendor", "jumdata");
        p.put("fapiao.sellers.91330100MA27WQ8K3B.vendor", "sdqz");
    }

    @Test
    void ordersAreRoutedBySeller() throws Exception {
        String head = "order_no,invoice_type,seller_tax_id,buyer_name,item_name,amount,tax_rate,tax_code\n";
        drop("sellers.csv", head
                + "SR1,普票,,杭州西湖茶叶有限公司,龙井茶,100,13%,1030307000000000000\n"
                + "SR2,普票,91110000802100433B,杭州西湖茶叶有限公司,龙井茶,100,13%,1030307000000000000\n"
                + "SR3,普票,91330100MA27WQ8K3B,杭州西湖茶叶有限公司,龙井茶,100,13%,1030307000000000000\n"
                + "SR4,普票,91350100M000100Y43,杭州西湖茶叶有限公司,龙井茶,100,13%,1030307000000000000\n");
        awaitDone("sellers.csv");
        List<CSVRecord> rows = awaitResults("sellers.csv", RouteTestSupport::allSettled);
        assertEquals(List.of("ISSUED", "REJECTED", "REJECTED", "ISSUED"), rows.stream().map(r -> r.get("status")).toList());
        assertTrue(rows.get(1).get("message").contains("jumdata does not issue invoices"), rows.get(1)::toString);
        assertTrue(rows.get(2).get("message").contains("sdqz does not issue invoices"), rows.get(2)::toString);
        assertEquals(2, yun2().invoiceCount());
    }
}

package io.fapiao.testing;

import org.apache.commons.csv.CSVRecord;

import java.util.List;

/** Orders a test drops, and what their result rows say once they are done. */
public final class TestOrders {

    private TestOrders() {
    }

    /** A CSV of {@code n} good orders numbered {@code <prefix>1…<prefix>n}: two boxes of 龙井茶 at 50, 13%. */
    public static String orders(String prefix, int n) {
        StringBuilder csv = new StringBuilder(
                "order_no,invoice_type,buyer_name,item_name,quantity,unit_price,amount,tax_rate,tax_code\n");
        for (int i = 1; i <= n; i++) {
            csv.append(prefix).append(i).append(",普票,杭州西湖茶叶有限公司,龙井茶,2,50,100.00,13%,1030307000000000000\n");
        }
        return csv.toString();
    }

    /** Every row issued with its PDF, and at least one row. */
    public static boolean allIssued(List<CSVRecord> rows) {
        return !rows.isEmpty() && rows.stream().allMatch(r -> r.get("status").equals("ISSUED") && !r.get("pdf").isEmpty());
    }
}

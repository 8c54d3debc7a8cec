package io.fapiao.files;

import io.fapiao.flow.RouteTestSupport;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The local drop refuses names that cannot safely become the names of result files. */
class LocalSafeNamesTest extends RouteTestSupport {

    @Test
    void namesThatCannotBecomeResultFilesAreLeftInTheInbox() throws Exception {
        List<String> odd = List.of("a\u0001b.csv", "x".repeat(210) + ".csv", "C:x.csv", "invoice\u202Evsc.json");
        String csv = "order_no,invoice_type,buyer_name,item_name,quantity,unit_price,amount,tax_rate,tax_code\n"
                + "LS1,普票,杭州西湖茶叶有限公司,龙井茶,2,50,100.00,13%,1030307000000000000\n";
        for (String name : odd) {
            drop(name, csv);
        }
        drop("fine.csv", csv.replace("LS1", "LS2"));
        awaitDone("fine.csv");
        Thread.sleep(500);
        for (String name : odd) {
            assertTrue(Files.exists(inbox().resolve(name)), "left where it is");
        }
        try (var results = Files.list(outbox().resolve("results"))) {
            assertEquals(List.of("LS2.json", "fine.csv.result.csv"),
                    results.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }
}

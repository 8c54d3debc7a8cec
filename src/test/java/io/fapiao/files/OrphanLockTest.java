package io.fapiao.files;

import io.fapiao.flow.RouteTestSupport;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * A run killed while reading a file (kill -9, power loss) leaves {@code orders.csv.camelLock} beside it. The next
 * start must remove that orphan lock and read the file; otherwise the file sits in the inbox for ever.
 */
class OrphanLockTest extends RouteTestSupport {

    @Override
    protected void more(Properties p) {
        try {
            Files.createDirectories(inbox());
            Files.writeString(inbox().resolve("killed.csv"),
                    "order_no,invoice_type,buyer_name,item_name,quantity,unit_price,amount,tax_rate,tax_code\n"
                            + "OL1,普票,杭州西湖茶叶有限公司,龙井茶,2,50,100.00,13%,1030307000000000000\n",
                    StandardCharsets.UTF_8);
            Files.createFile(inbox().resolve("killed.csv.camelLock"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aFileLeftLockedByAKilledRunIsReadAtTheNextStart() throws Exception {
        awaitDone("killed.csv");
        assertFalse(Files.exists(inbox().resolve("killed.csv.camelLock")), "the orphan lock is gone");
        assertEquals("ISSUED", results("killed.csv").get(0).get("status"));
    }
}

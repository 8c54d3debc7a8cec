package io.fapiao.flow;

import io.fapiao.testing.TestOrders;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How files enter: one still being written is not taken half-written. */
class IntakeTest extends RouteTestSupport {

    @Override
    protected void more(Properties p) {
        p.put("fapiao.inbox.read-lock-check-ms", "300");
        p.put("fapiao.inbox.read-lock-min-age-ms", "300");
    }

    @Test
    void aFileTheErpIsStillWritingIsTakenOnlyWhenComplete() throws Exception {
        byte[] all = TestOrders.orders("WR", 40).getBytes(StandardCharsets.UTF_8);
        Files.createDirectories(inbox());
        try (OutputStream out = Files.newOutputStream(inbox().resolve("slow-writer.csv"))) {
            for (int i = 0; i < all.length; i += 256) {
                out.write(all, i, Math.min(256, all.length - i));
                out.flush();
                Thread.sleep(20);
            }
        }
        awaitDone("slow-writer.csv");
        List<CSVRecord> rows = awaitResults("slow-writer.csv", RouteTestSupport::allSettled);
        assertEquals(40, rows.size());
        assertTrue(rows.stream().allMatch(r -> r.get("status").equals("ISSUED")));
        assertTrue(Files.notExists(outbox().resolve("errors/slow-writer.csv.errors.csv")));
    }
}

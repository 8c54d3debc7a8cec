package io.fapiao.flow;

import io.fapiao.testing.TestOrders;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An ERP that writes a marker after each file (fapiao.inbox.done-file-name): a file is taken only with its marker. */
class IntakeDoneMarkerTest extends RouteTestSupport {

    @Override
    protected void more(Properties p) {
        p.put("fapiao.inbox.done-file-name", "${file:name}.done");
        p.put("fapiao.inbox.read-lock-min-age-ms", "0");
    }

    @Test
    void aFileIsTakenOnlyOnceItsMarkerIsThereAndTheMarkerGoesWithIt() throws Exception {
        Files.createDirectories(inbox());
        Files.writeString(inbox().resolve("marked.csv"), TestOrders.orders("DM", 3));
        Thread.sleep(1500);
        assertTrue(Files.exists(inbox().resolve("marked.csv")), "no marker: not taken");
        assertFalse(Files.exists(outbox().resolve("results/marked.csv.result.csv")));
        Files.writeString(inbox().resolve("marked.csv.done"), "");
        awaitDone("marked.csv");
        assertEquals(3, awaitResults("marked.csv", RouteTestSupport::allSettled).size());
        assertFalse(Files.exists(inbox().resolve("marked.csv.done")), "the marker is removed with its file");
    }
}

package io.fapiao.sftp;

import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Orders an ERP uploads to the SFTP inbox come out issued, here and on the server. */
class SftpIntakeTest extends SftpTestSupport {

    @Test
    void ordersUploadedToTheInboxAreIssuedAndTheResultsUploadedBack() throws Exception {
        server.upload("inbox/orders.csv", orders("SF", 3));

        assertEquals(server.path("inbox/.done/orders.csv"), awaitArchived("orders.csv"));
        List<CSVRecord> local = awaitResults("orders.csv", SftpTestSupport::allIssued);
        assertEquals(3, local.size());
        List<CSVRecord> remote = awaitServerResults("orders.csv", SftpTestSupport::allIssued);
        assertEquals(local.toString(), remote.toString());
        for (CSVRecord r : remote) {
            Path pdf = await(() -> Files.exists(server.path("outbox").resolve(r.get("pdf")))
                    ? server.path("outbox").resolve(r.get("pdf")) : null, "the PDF on the server");
            assertArrayEquals(Files.readAllBytes(outbox().resolve(r.get("pdf"))), Files.readAllBytes(pdf));
            await(() -> Files.exists(server.path("outbox/results").resolve(r.get("order_no") + ".json")) ? true : null,
                    "the order's JSON on the server");
        }
        try (Stream<Path> all = Files.walk(server.path("outbox"))) {
            assertTrue(all.noneMatch(p -> p.getFileName().toString().endsWith(".part")), "no temporary file left");
        }
        assertEquals("sftp:default", yun2Channel("SF1"));
    }

    private String yun2Channel(String orderNo) throws Exception {
        String json = Files.readString(outbox().resolve("results/" + orderNo + ".json"));
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(json).path("source").path("channel").asText();
    }
}

package io.fapiao.sftp;

import io.fapiao.testing.TestOrders;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static io.fapiao.testing.TestOrders.orders;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Orders an ERP uploads to the SFTP inbox come out issued, here and on the server. */
class SftpIntakeTest extends SftpTestSupport {

    @Test
    void ordersUploadedToTheInboxAreIssuedAndTheResultsUploadedBack() throws Exception {
        server.upload("inbox/orders.csv", orders("SF", 3));

        assertEquals(server.path("inbox/.done/orders.csv"), awaitArchived("orders.csv"));
        List<CSVRecord> local = awaitResults("orders.csv", TestOrders::allIssued);
        assertEquals(3, local.size());
        List<CSVRecord> remote = awaitServerResults("orders.csv", TestOrders::allIssued);
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

    @Test
    void aFileStillBeingUploadedIsTakenOnlyOnceItStoppedGrowing() throws Exception {
        byte[] all = orders("SL", 40).getBytes(StandardCharsets.UTF_8);
        // pauses shorter than fapiao.sftp.stable-age-ms (300 ms), 1.6 s in all
        server.uploadSlowly("inbox/slow.csv", all, 256, Duration.ofMillis(100));

        awaitArchived("slow.csv");
        List<CSVRecord> rows = awaitServerResults("slow.csv", TestOrders::allIssued);
        assertEquals(40, rows.size());
        assertFalse(Files.exists(outbox().resolve("errors/slow.csv.errors.csv")));
        assertArrayEquals(all, Files.readAllBytes(server.path("inbox/.done/slow.csv")));
    }

    @Test
    void temporaryNamesAreLeftAloneUntilTheErpRenamesTheFile() throws Exception {
        for (String temporary : List.of("late.csv.part", "late2.csv.tmp", "late3.csv.filepart", ".late4.csv")) {
            server.upload("inbox/" + temporary, orders("TMP", 1));
        }
        Thread.sleep(1_500);
        for (String temporary : List.of("late.csv.part", "late2.csv.tmp", "late3.csv.filepart", ".late4.csv")) {
            assertTrue(Files.exists(server.path("inbox/" + temporary)), temporary + " must stay");
        }
        assertFalse(Files.exists(outbox().resolve("results")), "nothing was read");

        server.rename("inbox/late.csv.part", "inbox/late.csv");
        awaitArchived("late.csv");
        assertEquals(1, awaitServerResults("late.csv", TestOrders::allIssued).size());
        assertTrue(Files.exists(server.path("inbox/late2.csv.tmp")));
    }

    @Test
    void aFileOfTheSameNameIsArchivedBesideTheEarlierOneNeverOverIt() throws Exception {
        String first = orders("HR", 2);
        server.upload("inbox/hourly.csv", first);
        awaitArchived("hourly.csv");
        awaitResults("hourly.csv", TestOrders::allIssued);

        server.upload("inbox/hourly.csv", orders("HS", 1));
        await(() -> Files.exists(server.path("inbox/.done/hourly.2.csv")) ? true : null, "the second hourly.csv archived");
        assertEquals(first, Files.readString(server.path("inbox/.done/hourly.csv")));
        assertTrue(Files.readString(server.path("inbox/.done/hourly.2.csv")).contains("HS1"));
    }

    @Test
    void hostileNamesAreRefusedBeforeTheyBecomeAPath() throws Exception {
        // what a hostile server lists: names no file system has
        server.upload("outside.csv", orders("OUT", 1));
        server.upload("inbox/evil.csv", orders("EV", 1));
        server.reportNameAs("evil.csv", "../outside.csv");
        server.upload("inbox/evil2.csv", orders("EW", 1));
        server.reportNameAs("evil2.csv", "/etc/passwd.csv");
        // names an honest Linux server can hold
        List<String> odd = List.of("a\u0001b.csv", "..\\x.csv", "C:x.csv", "CON.csv", "x".repeat(200) + ".csv",
                "invoice\u202Evsc.json");
        for (String name : odd) {
            server.upload("inbox/" + name, orders("OD", 1));
        }
        server.upload("inbox/good.csv", orders("GD", 1));

        awaitArchived("good.csv");
        Thread.sleep(500);
        assertTrue(Files.exists(server.path("outside.csv")), "a file outside the inbox is never taken");
        assertTrue(Files.exists(server.path("inbox/evil.csv")));
        assertTrue(Files.exists(server.path("inbox/evil2.csv")));
        for (String name : odd) {
            assertTrue(Files.exists(server.path("inbox").resolve(name)), "left where it is");
        }
        try (Stream<Path> done = Files.list(server.path("inbox/.done"))) {
            assertEquals(List.of("good.csv"), done.map(p -> p.getFileName().toString()).toList());
        }
        try (Stream<Path> results = Files.list(outbox().resolve("results"))) {
            assertEquals(List.of("GD1.json", "good.csv.result.csv"),
                    results.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertFalse(Files.exists(dir.resolve("outside.csv")));
        assertFalse(Files.exists(dir.resolve("sftp-work/outside.csv")));
    }

    private String yun2Channel(String orderNo) throws Exception {
        String json = Files.readString(outbox().resolve("results/" + orderNo + ".json"));
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(json).path("source").path("channel").asText();
    }
}

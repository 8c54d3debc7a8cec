package io.fapiao.sftp;

import io.fapiao.testing.TestOrders;
import org.apache.camel.health.HealthCheck;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;

import static io.fapiao.testing.TestOrders.orders;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The server goes away and comes back: nothing is lost, nothing is issued twice, uploads catch up. */
class SftpRestartTest extends SftpTestSupport {

    @Override
    protected void sftp(Properties p) throws IOException {
        p.put("sandbox.yun2.latency-ms", "30");
    }

    @Test
    void aServerRestartInTheMiddleOfABatchLosesAndRepeatsNothing() throws Exception {
        int files = 5;
        int perFile = 8;
        for (int f = 1; f <= files; f++) {
            server.upload("inbox/batch" + f + ".csv", orders("B" + f + "-", perFile));
        }
        await(() -> {
            try (Stream<Path> done = Files.list(server.path("inbox/.done"))) {
                return done.findAny().isPresent() ? true : null;
            }
        }, "the first file of the batch archived");
        server.restart();

        Set<String> invoices = new HashSet<>();
        for (int f = 1; f <= files; f++) {
            String name = "batch" + f + ".csv";
            awaitArchived(name);
            List<CSVRecord> rows = awaitServerResults(name, TestOrders::allIssued);
            assertEquals(perFile, rows.size(), name);
            rows.forEach(r -> invoices.add(r.get("invoice_no")));
        }
        assertEquals(files * perFile, invoices.size(), "one invoice per order");
        try (Stream<Path> done = Files.list(server.path("inbox/.done"))) {
            assertEquals(files, done.count(), "each file archived once");
        }
        assertEquals(files * perFile, yun2().invoiceCount(), "the vendor issued each order once");
    }

    @Test
    void anUploadThatKeepsFailingShowsInHealthAndIsDeliveredWhenTheServerIsBack() throws Exception {
        Path local = outbox().resolve("results/by-hand.csv.result.csv");
        Files.createDirectories(local.getParent());
        Files.writeString(local, "\uFEFForder_no,status\n");
        server.stop();
        SftpUploader uploader = context.getRegistry().lookupByNameAndType("sftpUploads", SftpUploader.class);
        uploader.request("default", "results/by-hand.csv.result.csv");

        HealthCheck.Result down = await(() -> {
            HealthCheck.Result r = sftpHealth();
            return r.getState() == HealthCheck.State.DOWN && r.getMessage().orElse("").contains("by-hand") ? r : null;
        }, "health to report the failing upload");
        assertTrue(down.getMessage().orElseThrow().contains("cannot be uploaded"), down.getMessage().orElseThrow());

        server.restart();
        Path remote = server.path("outbox/results/by-hand.csv.result.csv");
        await(() -> Files.exists(remote) ? true : null, "the upload once the server is back");
        assertEquals(Files.readString(local), Files.readString(remote));
        String[] last = {""};
        await(() -> {
            HealthCheck.Result r = sftpHealth();
            last[0] = r.getState() + " " + r.getMessage().orElse("") + " " + r.getDetails();
            return r.getState() == HealthCheck.State.UP ? true : null;
        }, "health UP again " + java.util.Arrays.toString(last));
    }

    private HealthCheck.Result sftpHealth() {
        return context.getRegistry().lookupByNameAndType("sftpHealth", SftpHealth.class).call();
    }
}

package io.fapiao.sftp;

import io.fapiao.testing.BundleProcess;
import io.fapiao.testing.SftpTestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A 200,000-line file over SFTP through the bundle running as its own JVM, as {@code java -jar} would, under a heap
 * far smaller than the file's content as Java objects: it is streamed to a local work file and read as a stream.
 */
class SftpLargeFileTest {

    private static final int ORDERS = 10_000;
    private static final int LINES_PER_ORDER = 20;
    /** The README's tight benchmark heap: the file alone is 20 MB of UTF-8, far more as Java strings. */
    private static final String HEAP = "-Xmx96m";

    @Test
    void a200000LineFileIsIssuedUnderASmallHeap(@TempDir Path dir) throws Exception {
        try (SftpTestServer server = SftpTestServer.start(dir.resolve("sftp-server"))) {
            Path big = dir.resolve("big.csv");
            try (BufferedWriter w = Files.newBufferedWriter(big, StandardCharsets.UTF_8)) {
                w.write("order_no,invoice_type,buyer_name,item_name,quantity,unit_price,amount,tax_rate,tax_code\n");
                for (int o = 1; o <= ORDERS; o++) {
                    // every 50th order goes to the vendor; the others are rejected by the tax-code check, so the
                    // test reads all 200,000 lines without waiting for 10,000 vendor calls
                    String taxCode = issued(o) ? "1030307000000000000" : "103030700000000000";
                    for (int l = 1; l <= LINES_PER_ORDER; l++) {
                        w.write("BIG" + o + ",普票,杭州西湖茶叶有限公司,龙井茶" + l + ",1,10,10.00,13%," + taxCode + "\n");
                    }
                }
            }
            server.upload("inbox/big.csv", Files.readAllBytes(big));

            Process bundle = start(dir, server);
            try {
                Path remoteResult = server.path("outbox/results/big.csv.result.csv");
                Instant end = Instant.now().plus(Duration.ofMinutes(3));
                while (!Files.exists(remoteResult) && bundle.isAlive() && Instant.now().isBefore(end)) {
                    Thread.sleep(200);
                }
                String log = Files.readString(dir.resolve("bundle.log"));
                assertFalse(log.contains("OutOfMemoryError") || log.contains("Out of memory"), "out of memory under "
                        + HEAP + ":\n" + BundleProcess.tail(log));
                if (!Files.exists(remoteResult)) {
                    fail("no result on the server; the bundle said:\n" + BundleProcess.tail(log));
                }
                List<String> rows = Files.readAllLines(remoteResult, StandardCharsets.UTF_8);
                assertEquals(ORDERS + 1, rows.size());
                for (int o = 1; o <= ORDERS; o++) {
                    String row = rows.get(o);
                    assertTrue(row.startsWith("BIG" + o + "," + (issued(o) ? "ISSUED," : "REJECTED,")), row);
                }
                // the input is archived once the drop's exchange completes, just after its results went out
                Instant archived = Instant.now().plus(Duration.ofSeconds(30));
                while (!Files.exists(server.path("inbox/.done/big.csv")) && Instant.now().isBefore(archived)) {
                    Thread.sleep(100);
                }
                assertTrue(Files.exists(server.path("inbox/.done/big.csv")));
                assertEquals(Files.size(big), Files.size(server.path("inbox/.done/big.csv")));
            } finally {
                bundle.destroy();
                if (!bundle.waitFor(20, TimeUnit.SECONDS)) {
                    bundle.destroyForcibly();
                }
            }
        }
    }

    private static boolean issued(int order) {
        return order % 50 == 1;
    }

    private static Process start(Path dir, SftpTestServer server) throws IOException {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("fapiao.log.level", "WARN");
        p.put("fapiao.sftp.host", server.host());
        p.put("fapiao.sftp.port", Integer.toString(server.port()));
        p.put("fapiao.sftp.username", SftpTestServer.USER);
        p.put("fapiao.sftp.private-key-file", server.writeUserPrivateKey(dir.resolve("id_ecdsa")).toString());
        p.put("fapiao.sftp.known-hosts-file", server.writeKnownHosts(dir.resolve("known_hosts")).toString());
        p.put("fapiao.sftp.poll-ms", "200");
        p.put("fapiao.sftp.stable-age-ms", "300");
        p.put("fapiao.sftp.work-dir", dir.resolve("sftp-work").toString());
        p.put("fapiao.sftp.upload-check-ms", "100");
        return BundleProcess.start(dir, HEAP, "fapiao", p, "bundle.log");
    }
}

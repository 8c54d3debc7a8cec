package io.fapiao.sftp;

import io.fapiao.testing.TestOrders;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Properties;

import static io.fapiao.testing.TestOrders.orders;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An ERP that writes a done marker after each file, logging in with a private key instead of a password. */
class SftpDoneMarkerTest extends SftpTestSupport {

    @Override
    protected void sftp(Properties p) throws IOException {
        p.remove("fapiao.sftp.password");
        p.put("fapiao.sftp.private-key-file", server.writeUserPrivateKey(dir.resolve("id_ecdsa")).toString());
        p.put("fapiao.sftp.done-file-name", "${file:name}.done");
        // the marker is the signal: no need to watch the size as well
        p.put("fapiao.sftp.stable-age-ms", "0");
    }

    @Test
    void aFileIsTakenOnlyOnceItsDoneMarkerIsThere() throws Exception {
        server.upload("inbox/marked.csv", orders("DM", 2));
        Thread.sleep(1_000);
        assertTrue(Files.exists(server.path("inbox/marked.csv")), "no marker yet: left alone");
        assertFalse(Files.exists(outbox().resolve("results")));

        server.upload("inbox/marked.csv.done", "");
        awaitArchived("marked.csv");
        assertEquals(2, awaitServerResults("marked.csv", TestOrders::allIssued).size());
        await(() -> Files.notExists(server.path("inbox/marked.csv.done")) ? true : null, "the marker removed");
    }
}

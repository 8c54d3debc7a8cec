package io.fapiao.sftp;

import io.fapiao.flow.RouteTestSupport;
import io.fapiao.testing.SftpTestServer;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;

/**
 * The whole bundle (sandbox mode, yun2 simulator) with its SFTP intake pointed at a real embedded SFTP server,
 * logging in with a password and checking the server's key against a known_hosts file.
 */
abstract class SftpTestSupport extends RouteTestSupport {

    protected SftpTestServer server;

    @Override
    protected final void more(Properties p) {
        try {
            server = SftpTestServer.start(dir.resolve("sftp-server"));
            p.put("fapiao.sftp.host", server.host());
            p.put("fapiao.sftp.port", Integer.toString(server.port()));
            p.put("fapiao.sftp.username", SftpTestServer.USER);
            p.put("fapiao.sftp.password", SftpTestServer.PASSWORD);
            p.put("fapiao.sftp.known-hosts-file", server.writeKnownHosts(dir.resolve("known_hosts")).toString());
            p.put("fapiao.sftp.inbox-dir", "inbox");
            p.put("fapiao.sftp.outbox-dir", "outbox");
            p.put("fapiao.sftp.poll-ms", "100");
            p.put("fapiao.sftp.stable-age-ms", "300");
            p.put("fapiao.sftp.work-dir", dir.resolve("sftp-work").toString());
            p.put("fapiao.sftp.upload-retry-ms", "100");
            p.put("fapiao.sftp.upload-max-retry-ms", "400");
            p.put("fapiao.sftp.upload-check-ms", "50");
            Files.createDirectories(server.path("inbox"));
            sftp(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SFTP properties a test class adds or changes. */
    protected void sftp(Properties p) throws IOException {
    }

    /** The server outlives the bundle, so the bundle stops as it would in production. */
    @Override
    protected void afterBundleStopped() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    /** Waits until the input has left the server's inbox; answers where it went. */
    protected Path awaitArchived(String name) {
        return await(() -> {
            for (String d : List.of(".done", ".failed")) {
                Path p = server.path("inbox").resolve(d).resolve(name);
                if (Files.exists(p) && !Files.exists(server.path("inbox").resolve(name))) {
                    return p;
                }
            }
            return null;
        }, "input " + name + " to leave the SFTP inbox");
    }

    /** Waits until the server's copy of an input's result file satisfies a condition. */
    protected List<CSVRecord> awaitServerResults(String name, Predicate<List<CSVRecord>> done) {
        return await(() -> {
            Path f = server.path("outbox/results").resolve(name + ".result.csv");
            if (!Files.exists(f)) {
                return null;
            }
            List<CSVRecord> rows = csv(f);
            return done.test(rows) ? rows : null;
        }, "results of " + name + " on the SFTP server");
    }
}

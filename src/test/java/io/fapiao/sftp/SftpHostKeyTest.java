package io.fapiao.sftp;

import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Properties;

import static io.fapiao.testing.TestOrders.orders;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A server whose key is not the one in the known-hosts file is not talked to: no login, no file read. */
class SftpHostKeyTest extends SftpTestSupport {

    @Override
    protected void sftp(Properties p) throws IOException {
        server.writeWrongKnownHosts(dir.resolve("known_hosts"));
    }

    @Test
    void aServerWithAnotherKeyIsRefused() throws Exception {
        server.upload("inbox/orders.csv", orders("HK", 1));
        Thread.sleep(2_000);
        assertTrue(Files.exists(server.path("inbox/orders.csv")), "nothing taken from a server that is not the one");
        assertFalse(Files.exists(server.path("inbox/.done")));
        assertFalse(Files.exists(outbox().resolve("results")));
        HealthCheck.Result sftp = HealthCheckHelper.invoke(context).stream()
                .filter(r -> r.getCheck().getId().equals("sftp")).findFirst().orElseThrow();
        assertEquals(HealthCheck.State.DOWN, sftp.getState());
        assertTrue(sftp.getMessage().orElseThrow().contains("host key is not the one in the known-hosts file"),
                sftp.getMessage().orElseThrow());
        java.net.http.HttpResponse<String> api = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/api/health")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(503, api.statusCode(), api.body());
        assertTrue(api.body().contains("host key is not the one in the known-hosts file"), api.body());
    }
}

package io.fapiao.flow;

import io.fapiao.FapiaoApplication;
import io.fapiao.FapiaoConfiguration;
import io.fapiao.testing.LogCapture;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** No credential the contract names ever reaches the log, Camel's own configuration summary included. */
class SecretsTest {

    private static final Map<String, String> SECRETS = Map.ofEntries(
            Map.entry("vendor.yun2.password", "S3CRET-yun2-password"),
            Map.entry("vendor.jumdata.app-secret", "S3CRET-jumdata-app-secret"),
            Map.entry("vendor.qixiangyun.app-secret", "S3CRET-qixiangyun-app-secret"),
            Map.entry("vendor.qixiangyun.app-key", "S3CRET-qixiangyun-app-key"),
            Map.entry("vendor.sdqz.interface-code", "S3CRET-sdqz-interface-code"),
            Map.entry("fapiao.seller.password", "S3CRET-default-seller-password"),
            Map.entry("fapiao.sellers.91350100M000100Y43.password", "S3CRET-seller-password"),
            Map.entry("fapiao.ledger.password", "S3CRET-ledger-password"),
            Map.entry("fapiao.api.token", "S3CRET-api-token"),
            Map.entry("fapiao.login.webhook-url", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=S3CRET-robot-key"),
            Map.entry("fapiao.login.webhook-secret", "S3CRET-robot-signing-secret"),
            Map.entry("fapiao.sftp.password", "S3CRET-sftp-password"),
            Map.entry("fapiao.sftp.private-key-passphrase", "S3CRET-sftp-key-passphrase"),
            // a consumer URI carries the broker's login in it
            Map.entry("fapiao.messages.uri", "ftp://erp@127.0.0.1:9/orders?password=S3CRET-messages-uri-password"),
            Map.entry("fapiao.messages.dead-letter-uri", "ftp://erp@127.0.0.1:9/dead?password=S3CRET-dead-letter-password"));

    @TempDir
    Path dir;

    @Test
    void startingInLiveModeLogsNoCredential() throws Exception {
        Main main = new Main();
        main.configure().addConfiguration(FapiaoConfiguration.class);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Map<String, String> plain = Map.ofEntries(
                Map.entry("fapiao.mode", "live"),
                Map.entry("camel.main.shutdown-timeout", "2"),
                Map.entry("fapiao.http.port", Integer.toString(port)),
                Map.entry("fapiao.inbox", dir.resolve("in").toString()),
                Map.entry("fapiao.outbox", dir.resolve("out").toString()),
                Map.entry("fapiao.ledger.url", "jdbc:h2:file:" + dir.resolve("ledger").toAbsolutePath()),
                Map.entry("fapiao.ledger.username", "sa"),
                Map.entry("fapiao.seller.tax-id", "91310115MA1K4B2X34"),
                Map.entry("fapiao.seller.account", "13800000000"),
                Map.entry("fapiao.sellers.91350100M000100Y43.vendor", "jumdata"),
                Map.entry("fapiao.sellers.91110000802100433B.vendor", "qixiangyun"),
                Map.entry("fapiao.sellers.91440300MA5G0Q8B4E.vendor", "sdqz"),
                Map.entry("vendor.yun2.base-url", "http://127.0.0.1:9/yun2"),
                Map.entry("vendor.yun2.username", "acct"),
                Map.entry("vendor.yun2.spid", "0a3beb40037d4bb29fe30295451d2171"),
                Map.entry("vendor.jumdata.base-url", "http://127.0.0.1:9/jumdata"),
                Map.entry("vendor.jumdata.app-id", "app-1"),
                Map.entry("vendor.qixiangyun.base-url", "http://127.0.0.1:9/qxy"),
                Map.entry("vendor.sdqz.base-url", "http://127.0.0.1:9/sdqz"),
                Map.entry("vendor.sdqz.taxnum", "91440300MA5G0Q8B4E"),
                Map.entry("fapiao.sftp.host", "127.0.0.1"),
                Map.entry("fapiao.sftp.port", "9"),
                Map.entry("fapiao.sftp.username", "erp"),
                Map.entry("fapiao.sftp.accept-any-host-key", "true"),
                Map.entry("fapiao.sftp.work-dir", dir.resolve("sftp").toString()));
        // as an integration team writes them: an application.properties beside the bundle
        StringBuilder file = new StringBuilder();
        plain.forEach((k, v) -> file.append(k).append('=').append(v.replace("\\", "/")).append('\n'));
        SECRETS.forEach((k, v) -> file.append(k).append('=').append(v).append('\n'));
        Path properties = dir.resolve("application.properties");
        Files.writeString(properties, file);
        main.setPropertyPlaceholderLocations("file:" + properties.toAbsolutePath() + ",classpath:application.properties");
        List<String> lines;
        try (LogCapture log = new LogCapture()) {
            main.start();
            main.stop();
            lines = log.lines();
        }

        assertTrue(lines.stream().anyMatch(l -> l.contains("Property-placeholders summary")),
                "Camel showed its configuration, so the test saw what an operator sees");
        for (String line : lines) {
            assertFalse(line.contains("S3CRET"), () -> "a credential reached the log: " + line);
        }
        assertTrue(FapiaoApplication.class != null);
    }
}

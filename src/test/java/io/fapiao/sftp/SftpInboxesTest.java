package io.fapiao.sftp;

import io.fapiao.config.ConfigurationException;
import io.fapiao.config.Settings;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How {@code fapiao.sftp.*} becomes inboxes, and the one-line refusals when it cannot. */
class SftpInboxesTest {

    @TempDir
    Path dir;
    private Path knownHosts;
    private final Properties p = new Properties();
    private DefaultCamelContext context;

    @BeforeEach
    void base() throws IOException {
        knownHosts = Files.writeString(dir.resolve("known_hosts"), "[sftp.example.com]:2222 ssh-ed25519 AAAA\n");
        p.put("fapiao.sftp.host", "sftp.example.com");
        p.put("fapiao.sftp.username", "erp");
        p.put("fapiao.sftp.password", "very-secret");
        p.put("fapiao.sftp.known-hosts-file", knownHosts.toString());
    }

    @AfterEach
    void stop() {
        if (context != null) {
            context.stop();
        }
    }

    private List<SftpInbox> read() {
        context = new DefaultCamelContext();
        context.getPropertiesComponent().setOverrideProperties(p);
        return new SftpInboxes(new Settings(context)).read();
    }

    private ConfigurationException refused() {
        ConfigurationException e = assertThrows(ConfigurationException.class, this::read);
        assertFalse(e.getMessage().contains("very-secret"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
        return e;
    }

    @Test
    void offWithoutAHost() {
        p.remove("fapiao.sftp.host");
        assertEquals(List.of(), read());
    }

    @Test
    void theDefaultInboxWithItsDefaults() {
        SftpInbox i = read().get(0);
        assertEquals("default", i.name());
        assertEquals("sftp:default", i.channel());
        assertEquals(22, i.port());
        assertEquals("inbox", i.inboxDir());
        assertEquals("outbox", i.outboxDir());
        assertEquals(Optional.of(knownHosts), i.knownHostsFile());
        assertEquals(5_000, i.stableAgeMs());
        assertEquals("yes", i.intakeParameters().get("strictHostKeyChecking"));
        assertEquals("changed", i.intakeParameters().get("readLock"));
        assertFalse(i.toString().contains("very-secret"));
    }

    @Test
    void anotherErpIsOnePropertyAndInheritsTheRest() {
        p.put("fapiao.sftp.inbox-dir", "erp-a/in");
        p.put("fapiao.sftp.erp-b.inbox-dir", "erp-b/in");
        p.put("fapiao.sftp.erp-b.outbox-dir", "erp-b/out");
        p.put("fapiao.sftp.company-c.inbox-dir", "in");
        p.put("fapiao.sftp.company-c.host", "c.example.com");
        p.put("fapiao.sftp.company-c.port", "2222");
        List<SftpInbox> inboxes = read();
        assertEquals(List.of("default", "company-c", "erp-b"), inboxes.stream().map(SftpInbox::name).toList());
        SftpInbox b = inboxes.get(2);
        assertEquals("sftp.example.com", b.host());
        assertEquals("erp", b.username());
        assertEquals("erp-b/in", b.inboxDir());
        assertEquals("erp-b/out", b.outboxDir());
        assertEquals(Optional.of("very-secret"), b.password());
        SftpInbox c = inboxes.get(1);
        assertEquals("c.example.com", c.host());
        assertEquals(2222, c.port());
        assertEquals("outbox", c.outboxDir());
        assertEquals(Set.of("intake-sftp-default", "intake-sftp-erp-b", "intake-sftp-company-c"),
                Set.copyOf(inboxes.stream().map(SftpInbox::intakeRouteId).toList()));
    }

    @Test
    void onlyNamedInboxesLeaveTheDefaultOut() {
        p.put("fapiao.sftp.erp-b.inbox-dir", "erp-b/in");
        assertEquals(List.of("erp-b"), read().stream().map(SftpInbox::name).toList());
    }

    @Test
    void theKnownHostsFileIsRequired() {
        p.remove("fapiao.sftp.known-hosts-file");
        assertTrue(refused().getMessage().startsWith("missing property fapiao.sftp.known-hosts-file"));
    }

    @Test
    void theKnownHostsFileMustExist() {
        p.put("fapiao.sftp.known-hosts-file", dir.resolve("nowhere").toString());
        String m = refused().getMessage();
        assertTrue(m.startsWith("fapiao.sftp.known-hosts-file: ") && m.contains("nowhere"), m);
    }

    @Test
    void hostKeysAreNotCheckedOnlyWhenExplicitlyAsked() {
        p.remove("fapiao.sftp.known-hosts-file");
        p.put("fapiao.sftp.accept-any-host-key", "true");
        SftpInbox i = read().get(0);
        assertEquals(Optional.empty(), i.knownHostsFile());
        assertEquals("no", i.intakeParameters().get("strictHostKeyChecking"));
        p.put("fapiao.sftp.accept-any-host-key", "yes please");
        assertTrue(refused().getMessage().contains("fapiao.sftp.accept-any-host-key must be true or false"));
    }

    @Test
    void aPasswordOrAKeyIsRequired() {
        p.remove("fapiao.sftp.password");
        String m = refused().getMessage();
        assertTrue(m.contains("fapiao.sftp.password") && m.contains("fapiao.sftp.private-key-file"), m);
        p.put("fapiao.sftp.private-key-file", dir.resolve("id_missing").toString());
        assertTrue(refused().getMessage().startsWith("fapiao.sftp.private-key-file: "));
    }

    @Test
    void aNamedInboxNamesItsOwnKeyAndTheSharedOne() {
        p.remove("fapiao.sftp.username");
        p.put("fapiao.sftp.erp-b.inbox-dir", "erp-b/in");
        String m = refused().getMessage();
        assertTrue(m.contains("fapiao.sftp.erp-b.username or fapiao.sftp.username"), m);
    }

    @Test
    void badNamesAndFoldersAreRefused() {
        p.put("fapiao.sftp.ERP_B.inbox-dir", "x");
        assertTrue(refused().getMessage().contains("ERP_B"));
        p.remove("fapiao.sftp.ERP_B.inbox-dir");
        p.put("fapiao.sftp.inbox-dir", "in/../../etc");
        assertTrue(refused().getMessage().startsWith("fapiao.sftp.inbox-dir must be a folder"));
        p.put("fapiao.sftp.inbox-dir", "/data/erp/in/");
        assertEquals("/data/erp/in", read().get(0).inboxDir());
    }

    @Test
    void twoInboxesCannotShareAFolder() {
        p.put("fapiao.sftp.inbox-dir", "in");
        p.put("fapiao.sftp.erp-b.inbox-dir", "in");
        assertTrue(refused().getMessage().contains("same folder as the inbox 'default'"));
    }

    @Test
    void archivedNamesGetTheFirstFreeSuffix() {
        assertEquals("orders.csv", SftpArchiving.freeName("orders.csv", Set.of("other.csv")));
        assertEquals("orders.2.csv", SftpArchiving.freeName("orders.csv", Set.of("orders.csv")));
        assertEquals("orders.4.csv", SftpArchiving.freeName("orders.csv", Set.of("orders.csv", "orders.2.csv",
                "orders.3.csv")));
        assertEquals("README.2", SftpArchiving.freeName("README", Set.of("README")));
    }
}

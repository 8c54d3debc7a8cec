package io.fapiao.sftp;

import io.fapiao.config.ConfigurationException;
import io.fapiao.config.Settings;
import io.fapiao.Bundle;
import io.fapiao.ledger.UploadLedger;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SFTP inboxes the properties ask for. {@code fapiao.sftp.*} describes the default inbox (name {@code default});
 * every {@code fapiao.sftp.<name>.inbox-dir} adds one more, which takes each other key from
 * {@code fapiao.sftp.<name>.<key>} when set and from {@code fapiao.sftp.<key>} otherwise — so a second ERP on the same
 * server is one property, and one on another server a few. The default inbox runs when {@code fapiao.sftp.inbox-dir}
 * is set or no named inbox is; SFTP is off when no inbox has a host.
 * <p>
 * Everything an inbox cannot work without is checked here, so start-up fails with one line naming the key: host,
 * username, a password or a private key, and the known-hosts file (which must exist) unless
 * {@code accept-any-host-key=true} says otherwise.
 */
public final class SftpInboxes {

    static final String PREFIX = "fapiao.sftp.";
    static final String DEFAULT = "default";
    /** Keys an inbox reads; a named inbox may set each one for itself. */
    static final List<String> KEYS = List.of("host", "port", "username", "password", "private-key-file",
            "private-key-passphrase", "known-hosts-file", "accept-any-host-key", "inbox-dir", "outbox-dir", "poll-ms",
            "stable-age-ms", "done-file-name", "work-dir", "filename-encoding", "connect-timeout-ms");
    private static final Pattern NAMED_INBOX = Pattern.compile(Pattern.quote(PREFIX) + "([^.]+)\\.inbox-dir");
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");

    private static final Logger LOG = LoggerFactory.getLogger(SftpInboxes.class);

    private final Settings settings;

    public SftpInboxes(Settings settings) {
        this.settings = settings;
    }

    /**
     * Turns SFTP on when an inbox is configured: the intake and upload routes of each inbox, the upload record and its
     * timer, and the {@code sftp} health check. The upload record is the {@link Uploads} bound as
     * {@code sftpUploadRecord} when there is one (the ledger's), else one in memory.
     */
    public static void configure(Bundle bundle) throws Exception {
        CamelContext context = bundle.context();
        Settings settings = bundle.settings();
        List<SftpInbox> inboxes = new SftpInboxes(settings).read();
        if (inboxes.isEmpty()) {
            return;
        }
        Map<String, SftpInbox> byName = new LinkedHashMap<>();
        for (SftpInbox i : inboxes) {
            byName.put(i.name(), i);
            Files.createDirectories(i.workDir());
            if (i.knownHostsFile().isEmpty()) {
                LOG.warn("SFTP inbox {}: the server's host key is NOT checked ({}=true): whoever can reach the line "
                        + "to {}:{} can pose as the server, read the orders and take the login. Set {} instead.",
                        i.name(), key(i.name(), "accept-any-host-key"), i.host(), i.port(), key(i.name(), "known-hosts-file"));
            }
            LOG.info("SFTP inbox {}: {} every {} ms, results to {}", i.name(), i.where(), i.pollMs(), i.outboxDir());
        }
        Registry registry = context.getRegistry();
        Uploads record = new UploadLedger(bundle.database(), bundle.instance() + ":" + bundle.outbox());
        SftpUploader uploader = new SftpUploader(record, bundle.outbox(), byName, context.createProducerTemplate(),
                new SftpUploader.Retry(Duration.ofMillis(settings.getInt(PREFIX + "upload-retry-ms", 1_000)),
                        Duration.ofMillis(settings.getInt(PREFIX + "upload-max-retry-ms", 300_000)),
                        settings.getInt(PREFIX + "upload-unhealthy-after", 3)));
        registry.bind("sftpUploads", uploader);
        bundle.sinks().register("sftp", uploader);
        SftpHealth health = new SftpHealth();
        health.watch(uploader);
        registry.bind("sftpHealth", health);
        registry.bind("sftpRoutes", new SftpRoutes(inboxes));
        long period = settings.getInt(PREFIX + "upload-check-ms", 500);
        context.addStartupListener((ctx, alreadyStarted) -> {
            HealthCheckRegistry checks = HealthCheckRegistry.get(ctx);
            if (checks != null) {
                checks.register(health);
            }
            uploader.start(period);
        });
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                uploader.close();
            }
        }, true, true);
    }

    /** Every configured inbox, checked; empty when SFTP is off. */
    public List<SftpInbox> read() {
        Set<String> names = namedInboxes();
        List<SftpInbox> inboxes = new ArrayList<>();
        boolean defaultWanted = settings.find(PREFIX + "inbox-dir").isPresent() || names.isEmpty();
        if (defaultWanted && settings.find(PREFIX + "host").isPresent()) {
            inboxes.add(inbox(DEFAULT));
        }
        for (String name : names) {
            inboxes.add(inbox(name));
        }
        Map<String, String> seen = new HashMap<>();
        for (SftpInbox i : inboxes) {
            String folder = i.host().toLowerCase(Locale.ROOT) + ":" + i.port() + "/" + i.inboxDir();
            String other = seen.putIfAbsent(folder, i.name());
            if (other != null) {
                throw new ConfigurationException(key(i.name(), "inbox-dir") + " is the same folder as the inbox '" + other
                        + "' (" + folder + "): each inbox needs its own folder");
            }
        }
        return inboxes;
    }

    /** Names of {@code fapiao.sftp.<name>.inbox-dir} keys, from properties, {@code -D} and the environment. */
    private Set<String> namedInboxes() {
        Set<String> names = new TreeSet<>();
        for (String k : settings.keysStartingWith(PREFIX)) {
            Matcher m = NAMED_INBOX.matcher(k);
            if (m.matches()) {
                names.add(checkedName(m.group(1), k));
            }
        }
        String envPrefix = "FAPIAO_SFTP_";
        String envSuffix = "_INBOX_DIR";
        for (String k : System.getenv().keySet()) {
            if (k.startsWith(envPrefix) && k.endsWith(envSuffix) && k.length() > envPrefix.length() + envSuffix.length()) {
                String name = k.substring(envPrefix.length(), k.length() - envSuffix.length())
                        .toLowerCase(Locale.ROOT).replace('_', '-');
                names.add(checkedName(name, k));
            }
        }
        names.remove(DEFAULT);
        return names;
    }

    private static String checkedName(String name, String key) {
        if (!NAME.matcher(name).matches()) {
            throw new ConfigurationException(key + ": an SFTP inbox name is 1-32 lower-case letters, digits and '-', not '"
                    + name + "'");
        }
        return name;
    }

    private SftpInbox inbox(String name) {
        String host = required(name, "host", "the SFTP server");
        int port = number(name, "port", 22);
        String username = required(name, "username", "the SFTP login");
        Optional<String> password = find(name, "password");
        Optional<Path> privateKey = find(name, "private-key-file").map(Path::of);
        if (password.isEmpty() && privateKey.isEmpty()) {
            throw new ConfigurationException("missing property " + key(name, "password") + " or "
                    + key(name, "private-key-file") + " (how the SFTP inbox '" + name + "' logs in)");
        }
        privateKey.ifPresent(p -> mustBeReadable(p, name, "private-key-file"));
        boolean acceptAnyHostKey = flag(name, "accept-any-host-key");
        Optional<Path> knownHosts = find(name, "known-hosts-file").map(Path::of);
        if (!acceptAnyHostKey) {
            if (knownHosts.isEmpty()) {
                throw new ConfigurationException("missing property " + key(name, "known-hosts-file")
                        + " (the SFTP server's host key, checked at every login; write it with ssh-keyscan -p " + port
                        + " " + host + " and compare the fingerprint with the server's administrator)");
            }
            mustBeReadable(knownHosts.get(), name, "known-hosts-file");
        } else {
            knownHosts = Optional.empty();
        }
        String inboxDir = folder(name, "inbox-dir", "inbox");
        String outboxDir = folder(name, "outbox-dir", "outbox");
        long pollMs = number(name, "poll-ms", 5_000);
        long stableAgeMs = number(name, "stable-age-ms", 5_000);
        Optional<String> doneFile = find(name, "done-file-name");
        Path workDir = Path.of(get(name, "work-dir", "work/sftp")).resolve(name);
        String encoding = get(name, "filename-encoding", "UTF-8");
        if (!java.nio.charset.Charset.isSupported(encoding)) {
            throw new ConfigurationException(key(name, "filename-encoding") + ": unknown encoding '" + encoding + "'");
        }
        int connectTimeout = number(name, "connect-timeout-ms", 10_000);
        return new SftpInbox(name, host, port, username, password, privateKey, find(name, "private-key-passphrase"),
                knownHosts, inboxDir, outboxDir, pollMs, stableAgeMs, doneFile, workDir, encoding, connectTimeout);
    }

    /** The most specific key for an inbox: {@code fapiao.sftp.erp-a.port}, or {@code fapiao.sftp.port}. */
    static String key(String inbox, String key) {
        return DEFAULT.equals(inbox) ? PREFIX + key : PREFIX + inbox + "." + key;
    }

    private Optional<String> find(String inbox, String key) {
        Optional<String> own = DEFAULT.equals(inbox) ? Optional.empty() : settings.find(key(inbox, key));
        return own.isPresent() ? own : settings.find(PREFIX + key);
    }

    private String get(String inbox, String key, String fallback) {
        return find(inbox, key).orElse(fallback);
    }

    private String required(String inbox, String key, String what) {
        return find(inbox, key).orElseThrow(() -> new ConfigurationException("missing property " + key(inbox, key)
                + (DEFAULT.equals(inbox) ? "" : " or " + PREFIX + key) + " (" + what + " of the SFTP inbox '" + inbox
                + "')"));
    }

    private int number(String inbox, String key, int fallback) {
        String v = get(inbox, key, Integer.toString(fallback));
        try {
            int n = Integer.parseInt(v);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new ConfigurationException(key(inbox, key) + " must be a whole number, not '" + v + "'");
        }
    }

    private boolean flag(String inbox, String key) {
        String v = get(inbox, key, "false").toLowerCase(Locale.ROOT);
        return switch (v) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ConfigurationException(key(inbox, key) + " must be true or false, not '" + v + "'");
        };
    }

    /** A folder on the server: relative to the login folder, or absolute with a leading {@code /}; no {@code ..}. */
    private String folder(String inbox, String key, String fallback) {
        String v = get(inbox, key, fallback).replace('\\', '/');
        while (v.endsWith("/") && v.length() > 1) {
            v = v.substring(0, v.length() - 1);
        }
        for (String part : (v.startsWith("/") ? v.substring(1) : v).split("/")) {
            if (part.equals("..") || part.isEmpty() || part.equals(".")) {
                throw new ConfigurationException(key(inbox, key) + " must be a folder on the SFTP server (like "
                        + "erp-a/inbox below the login folder, or /data/erp-a/inbox), not '" + v + "'");
            }
        }
        return v;
    }

    private static void mustBeReadable(Path file, String inbox, String key) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new ConfigurationException(key(inbox, key) + ": " + file.toAbsolutePath() + " does not exist or "
                    + "cannot be read");
        }
    }
}

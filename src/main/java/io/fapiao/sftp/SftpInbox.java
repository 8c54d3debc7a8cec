package io.fapiao.sftp;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One ERP's drop on an SFTP server: where it is, how the bundle logs in and checks the server, and how it recognises a
 * finished upload. Built by {@link SftpInboxes} from {@code fapiao.sftp.*}; never printed with its secrets.
 *
 * @param name             {@code default} for {@code fapiao.sftp.*} itself, else the {@code <name>} of
 *                         {@code fapiao.sftp.<name>.inbox-dir}; orders from it are of channel {@code sftp:<name>}
 * @param knownHostsFile   empty only when {@code accept-any-host-key} was set
 * @param stableAgeMs      a file is taken once its size and time stayed the same this long; 0 takes it at once
 * @param doneFileName     when present, a file is taken only once this marker exists (Camel file language)
 */
public record SftpInbox(String name, String host, int port, String username, Optional<String> password,
                        Optional<Path> privateKeyFile, Optional<String> privateKeyPassphrase,
                        Optional<Path> knownHostsFile, String inboxDir, String outboxDir, long pollMs, long stableAgeMs,
                        Optional<String> doneFileName, Path workDir, String filenameEncoding, int connectTimeoutMs) {

    public String channel() {
        return "sftp:" + name;
    }

    /** The route of the intake from this inbox. */
    public String intakeRouteId() {
        return "intake-sftp-" + name;
    }

    /** The route that uploads one outbox file to this inbox's outbox dir. */
    public String uploadRouteId() {
        return "results-sftp-" + name;
    }

    public String uploadEndpoint() {
        return "direct:" + uploadRouteId();
    }

    /** {@code erp@host:port/inbox}, for log lines. */
    public String where() {
        return username + "@" + host + ":" + port + "/" + inboxDir;
    }

    /** The parameters of the {@code intake-sftp} route template. */
    Map<String, Object> intakeParameters() {
        Map<String, Object> p = login();
        p.put("inboxDir", inboxDir);
        p.put("pollMs", pollMs);
        p.put("readLock", stableAgeMs > 0 ? "changed" : "none");
        p.put("stableAgeMs", Math.max(stableAgeMs, 1));
        // long enough for a few looks; a file still changing then is looked at again at the next poll
        p.put("readLockTimeoutMs", Math.max(stableAgeMs * 4, 2_000));
        doneFileName.ifPresent(v -> p.put("doneFileName", v));
        p.put("workDir", workDir.toString());
        p.put("filenameEncoding", filenameEncoding);
        return p;
    }

    /** The parameters of the {@code results-sftp} route template. */
    Map<String, Object> uploadParameters() {
        Map<String, Object> p = login();
        p.put("outboxDir", outboxDir);
        p.put("filenameEncoding", filenameEncoding);
        return p;
    }

    private Map<String, Object> login() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("name", name);
        p.put("host", host);
        p.put("port", port);
        p.put("username", username);
        password.ifPresent(v -> p.put("password", v));
        privateKeyFile.ifPresent(v -> p.put("privateKeyFile", v.toString()));
        privateKeyPassphrase.ifPresent(v -> p.put("privateKeyPassphrase", v));
        knownHostsFile.ifPresent(v -> p.put("knownHostsFile", v.toString()));
        p.put("strictHostKeyChecking", knownHostsFile.isPresent() ? "yes" : "no");
        p.put("connectTimeoutMs", connectTimeoutMs);
        return p;
    }

    @Override
    public String toString() {
        return "SftpInbox[" + name + " " + where() + "]";
    }
}

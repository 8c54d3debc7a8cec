package io.fapiao.sftp;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Health of the SFTP drop: DOWN while an inbox's server cannot be reached or logged in to (its last poll failed), or
 * while some result file could not be uploaded several times in a row. A readiness check only: restarting the bundle
 * does not bring a server back.
 */
public final class SftpHealth extends AbstractHealthCheck {

    private final Map<String, String> inboxTrouble = new ConcurrentHashMap<>();
    private volatile SftpUploader uploader;

    public SftpHealth() {
        super("fapiao", "sftp");
    }

    void watch(SftpUploader uploader) {
        this.uploader = uploader;
    }

    void inboxReached(String inbox) {
        inboxTrouble.remove(inbox);
    }

    void inboxUnreachable(String inbox, String why) {
        inboxTrouble.put(inbox, why);
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        List<Upload> failing = uploader == null ? List.of() : uploader.failing();
        builder.detail("failing.uploads", failing.size());
        builder.detail("unreachable.inboxes", inboxTrouble.size());
        StringBuilder message = new StringBuilder();
        inboxTrouble.forEach((inbox, why) -> message.append("SFTP inbox ").append(inbox).append(": ").append(why)
                .append(". "));
        if (!failing.isEmpty()) {
            Upload first = failing.get(0);
            message.append(failing.size()).append(" result files cannot be uploaded to SFTP; ").append(first.inbox())
                    .append(' ').append(first.path()).append(" failed ").append(first.attempts())
                    .append(" times since ").append(first.requestedAt()).append(": ").append(first.lastError());
        }
        if (message.isEmpty()) {
            builder.up();
        } else {
            builder.message(message.toString().strip());
            builder.down();
        }
    }
}

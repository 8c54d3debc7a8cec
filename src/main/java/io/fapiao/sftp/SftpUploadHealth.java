package io.fapiao.sftp;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import java.util.List;
import java.util.Map;

/**
 * Health: DOWN while some result file could not be uploaded to its SFTP server several times in a row. It is a
 * readiness check only: restarting the bundle does not bring a server back.
 */
public final class SftpUploadHealth extends AbstractHealthCheck {

    private final SftpUploader uploader;

    public SftpUploadHealth(SftpUploader uploader) {
        super("fapiao", "sftp-uploads");
        this.uploader = uploader;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        List<Upload> failing = uploader.failing();
        builder.detail("failing", failing.size());
        if (failing.isEmpty()) {
            builder.up();
            return;
        }
        Upload first = failing.get(0);
        builder.message(failing.size() + " result files cannot be uploaded to SFTP; " + first.inbox() + " "
                + first.path() + " failed " + first.attempts() + " times since " + first.requestedAt() + ": "
                + first.lastError());
        builder.down();
    }
}

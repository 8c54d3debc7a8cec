package io.fapiao.sftp;

import io.fapiao.files.SafeNames;
import io.fapiao.ledger.Drop;
import io.fapiao.flow.ReplySink;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.util.concurrent.CamelThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Brings result files back to the SFTP server an input came from. What must be uploaded is recorded in
 * {@link Uploads} first; a timer sends each due one to its inbox's {@code results-sftp-<inbox>} route, and a failed
 * upload is tried again with doubling pauses, for as long as it takes. Like {@code PollTrigger}, it makes no exchange
 * while there is nothing to upload, so an idle bundle can still stop by itself.
 */
public final class SftpUploader implements ReplySink, AutoCloseable {

    /** The header of the upload route: the file's path relative to the local outbox. */
    public static final String PATH = "fapiaoOutboxPath";
    private static final String FAILURE = "fapiaoUploadFailure";
    private static final Logger LOG = LoggerFactory.getLogger(SftpUploader.class);

    /**
     * @param firstRetry pause after the first failure; doubles up to {@code maxRetry}
     * @param unhealthyAfter failed attempts in a row after which health reports the upload
     */
    public record Retry(Duration firstRetry, Duration maxRetry, int unhealthyAfter) {
    }

    private final Uploads uploads;
    private final Path outbox;
    private final Map<String, SftpInbox> inboxes;
    private final ProducerTemplate template;
    private final Retry retry;
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(new CamelThreadFactory("#name#", "sftp-uploads", true));

    public SftpUploader(Uploads uploads, Path outbox, Map<String, SftpInbox> inboxes,
                        ProducerTemplate template, Retry retry) {
        this.uploads = uploads;
        this.outbox = outbox;
        this.inboxes = inboxes;
        this.template = template;
        this.retry = retry;
    }

    public void start(long periodMs) {
        timer.scheduleWithFixedDelay(this::uploadDue, periodMs, periodMs, TimeUnit.MILLISECONDS);
    }

    /** The SFTP channel's reply sink: every file a drop of an SFTP inbox writes to the outbox reaches its server. */
    @Override
    public void fileWritten(Drop drop, String relativePath) {
        if (drop.kind().equals("sftp")) {
            request(drop.channel().substring("sftp:".length()), relativePath);
        }
    }

    /** Asks for one outbox file to reach an inbox's outbox dir, if it exists locally. */
    public void request(String inbox, String path) {
        if (!inboxes.containsKey(inbox)) {
            throw new IllegalArgumentException("no SFTP inbox " + inbox);
        }
        SafeNames.relativePath(path);
        if (Files.isRegularFile(SafeNames.resolve(outbox, path))) {
            uploads.request(inbox, path);
        }
    }

    /**
     * The upload route's first step: the outbox file named by the {@link #PATH} header (or the body) becomes the body,
     * and its relative path the name on the server, once both are checked.
     */
    public void prepareUpload(Exchange exchange) throws NoSuchFileException {
        String path = exchange.getIn().getHeader(PATH, String.class);
        if (path == null) {
            path = exchange.getIn().getBody(String.class);
        }
        Path file = SafeNames.resolve(outbox, SafeNames.relativePath(path));
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "not in the outbox");
        }
        exchange.getIn().setBody(file.toFile());
        exchange.getIn().setHeader(Exchange.FILE_NAME, path);
    }

    /** The upload route could not upload: kept for the sender, which decides when to try again. */
    public void uploadFailed(Exchange exchange) {
        exchange.setProperty(FAILURE, exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class));
    }

    /** Sends every due upload, one at a time; answers how many succeeded. */
    int uploadDue() {
        int done = 0;
        try {
            List<Upload> due;
            while (!(due = uploads.due(Instant.now(), 100)).isEmpty()) {
                int before = done;
                for (Upload u : due) {
                    if (upload(u)) {
                        done++;
                    }
                }
                if (done == before) {
                    break;
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("SFTP uploads: {}", e.getMessage());
        }
        return done;
    }

    private boolean upload(Upload u) {
        SftpInbox inbox = inboxes.get(u.inbox());
        if (!Files.isRegularFile(SafeNames.resolve(outbox, u.path()))) {
            LOG.info("SFTP inbox {}: {} is no longer in the outbox; nothing to upload", u.inbox(), u.path());
            uploads.succeeded(u);
            return true;
        }
        Exchange result = template.send(inbox.uploadEndpoint(), e -> e.getIn().setHeader(PATH, u.path()));
        Exception failure = result.getException() != null ? result.getException()
                : result.getProperty(FAILURE, Exception.class);
        if (failure == null) {
            uploads.succeeded(u);
            if (u.attempts() > 0) {
                LOG.info("SFTP inbox {}: {} uploaded after {} failed attempts", u.inbox(), u.path(), u.attempts());
            } else {
                LOG.debug("SFTP inbox {}: {} uploaded", u.inbox(), u.path());
            }
            return true;
        }
        Duration pause = retry.firstRetry().multipliedBy(1L << Math.min(u.attempts(), 20));
        if (pause.compareTo(retry.maxRetry()) > 0) {
            pause = retry.maxRetry();
        }
        String reason = reason(failure);
        uploads.failed(u, reason, Instant.now().plus(pause));
        LOG.warn("SFTP inbox {}: upload of {} to {}@{}:{}/{} failed ({}); trying again in {} ms (attempt {})", u.inbox(),
                u.path(), inbox.username(), inbox.host(), inbox.port(), inbox.outboxDir(), reason, pause.toMillis(),
                u.attempts() + 1);
        return false;
    }

    /** Uploads that failed {@code unhealthyAfter} times in a row or more. */
    public List<Upload> failing() {
        List<Upload> out = new ArrayList<>();
        for (Upload u : uploads.pending()) {
            if (u.attempts() >= retry.unhealthyAfter()) {
                out.add(u);
            }
        }
        return out;
    }

    /** The innermost message, without anything that looks like a secret. */
    private static String reason(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getClass().getSimpleName() + ": " + t.getMessage();
        if (t != e && e.getMessage() != null) {
            m = e.getMessage() + " — " + m;
        }
        return m.replaceAll("(?i)(password|passphrase)=[^&\\s]*", "$1=xxxxxx");
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}

package io.fapiao.sftp;

import java.time.Instant;
import java.util.List;

/**
 * The record of outbox files still to be uploaded: nothing in it is forgotten until its upload succeeded, however
 * often it fails. The local outbox keeps the file itself, so a record is only (inbox, path) and how it went so far.
 * <p>
 * The ledger keeps it ({@code UploadLedger}, table {@code fapiao_upload}): one row per local outbox, inbox and path,
 * owned by the instance whose outbox holds the file.
 */
public interface Uploads {

    /**
     * Asks for the file's current content to reach the inbox's server. Asking again for a file not yet uploaded
     * keeps one record, and one being uploaded right now is uploaded once more afterwards (it may have changed).
     */
    void request(String inbox, String path);

    /** Up to {@code max} uploads whose next attempt is due at {@code now}, oldest request first. */
    List<Upload> due(Instant now, int max);

    /** The upload of this record succeeded: it is done unless the file was asked for again meanwhile. */
    void succeeded(Upload upload);

    /** The upload failed; it is tried again at {@code retryAt}. */
    void failed(Upload upload, String reason, Instant retryAt);

    /** Every upload not yet done. */
    List<Upload> pending();
}

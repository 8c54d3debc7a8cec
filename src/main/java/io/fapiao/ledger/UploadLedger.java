package io.fapiao.ledger;

import io.fapiao.sftp.Upload;
import io.fapiao.sftp.Uploads;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * The uploads still owed to SFTP servers, in the ledger: a file asked for is uploaded, retried however often it
 * fails, and forgotten only once an upload of its latest content succeeded — across restarts. Rows belong to the
 * instance whose local outbox holds the files.
 */
public final class UploadLedger implements Uploads {

    private final Jdbc jdbc;
    private final String outbox;

    public UploadLedger(LedgerDatabase database, String outbox) {
        this.jdbc = database.jdbc();
        this.outbox = outbox;
    }

    @Override
    public void request(String inbox, String path) {
        Instant now = Instant.now();
        String update = """
                update fapiao_upload set generation = generation + 1, requested_at = ?, next_attempt_at = ?
                where outbox = ? and inbox = ? and path = ?""";
        if (jdbc.update(update, now, now, outbox, inbox, path) == 1) {
            return;
        }
        try {
            jdbc.update("""
                    insert into fapiao_upload (outbox, inbox, path, generation, requested_at, next_attempt_at)
                    values (?, ?, ?, 1, ?, ?)""", outbox, inbox, path, now, now);
        } catch (LedgerException e) {
            // asked for at the same moment by another thread: one record, asked for again
            jdbc.update(update, now, now, outbox, inbox, path);
        }
    }

    @Override
    public List<Upload> due(Instant now, int max) {
        // a drop's result and error files first: they are what the ERP waits for; then orders' JSON and PDFs
        return jdbc.query("""
                select * from fapiao_upload where outbox = ? and next_attempt_at <= ?
                order by case when path like 'results/%.result.csv' or path like 'errors/%' then 0 else 1 end, requested_at
                fetch first""" + " " + max + " rows only", UploadLedger::upload, outbox, now);
    }

    @Override
    public void succeeded(Upload upload) {
        jdbc.update("delete from fapiao_upload where outbox = ? and inbox = ? and path = ? and generation = ?", outbox,
                upload.inbox(), upload.path(), upload.generation());
    }

    @Override
    public void failed(Upload upload, String reason, Instant retryAt) {
        jdbc.update("""
                update fapiao_upload set attempts = attempts + 1, last_error = ?, next_attempt_at = ?
                where outbox = ? and inbox = ? and path = ?""",
                Jdbc.clip(reason, 1000), retryAt, outbox, upload.inbox(), upload.path());
    }

    @Override
    public List<Upload> pending() {
        return jdbc.query("select * from fapiao_upload where outbox = ? order by requested_at", UploadLedger::upload,
                outbox);
    }

    private static Upload upload(ResultSet r) throws SQLException {
        return new Upload(r.getString("inbox"), r.getString("path"), r.getLong("generation"),
                Jdbc.instant(r, "requested_at"), r.getInt("attempts"), Jdbc.instant(r, "next_attempt_at"),
                Jdbc.text(r, "last_error"));
    }
}

package io.fapiao.ledger;

import java.time.Instant;
import java.time.LocalDate;

/**
 * Which invoice days have been reconciled ({@code fapiao_reconciliation}). The scheduled run of a day is claimed
 * by the first instance that inserts it, so instances sharing a ledger reconcile each day once; a run asked for on
 * demand always runs and is recorded over the earlier one.
 */
public final class Reconciliations {

    private final Jdbc jdbc;

    public Reconciliations(LedgerDatabase database) {
        this.jdbc = database.jdbc();
    }

    /** Claims the scheduled run of {@code day}; false when some instance already ran it or is running it. */
    public boolean claim(LocalDate day, String instance) {
        try {
            return jdbc.update("insert into fapiao_reconciliation (invoice_day, instance, started_at) values (?, ?, ?)",
                    day.toString(), Jdbc.clip(instance, 200), Instant.now()) == 1;
        } catch (LedgerException e) {
            return false;
        }
    }

    /** A run asked for on demand: recorded whether or not the day ran before. */
    public void started(LocalDate day, String instance) {
        if (!claim(day, instance)) {
            jdbc.update("""
                    update fapiao_reconciliation set instance = ?, started_at = ?, finished_at = null, findings = null
                    where invoice_day = ?""", Jdbc.clip(instance, 200), Instant.now(), day.toString());
        }
    }

    public void finished(LocalDate day, int findings, String resultFile) {
        jdbc.update("""
                update fapiao_reconciliation set finished_at = ?, findings = ?, result_file = ? where invoice_day = ?""",
                Instant.now(), findings, Jdbc.clip(resultFile, 300), day.toString());
    }

    /** A run that failed as a whole: the day may be claimed again by the next scheduled check. */
    public void failed(LocalDate day) {
        jdbc.update("delete from fapiao_reconciliation where invoice_day = ? and finished_at is null", day.toString());
    }
}

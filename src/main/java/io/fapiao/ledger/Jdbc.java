package io.fapiao.ledger;

import com.zaxxer.hikari.HikariDataSource;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.jdbcx.JdbcDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The ledger's plain-JDBC plumbing: statements with bound arguments, one row at a time, transactions. Instants are
 * bound as UTC {@link OffsetDateTime}, which H2 and PostgreSQL both store in {@code timestamp with time zone}.
 */
final class Jdbc {

    /** SQLSTATE of a unique key violation, in H2 and PostgreSQL alike. */
    static final String DUPLICATE_KEY = "23505";

    interface Row<T> {
        T read(ResultSet r) throws SQLException;
    }

    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(Jdbc.class);

    private final DataSource dataSource;
    /** Whether the database writes its commits later (H2 on a file): 0 not known yet, 1 yes, -1 no. */
    private volatile int writesLater;

    Jdbc(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Makes what was committed so far survive the process being killed. An H2 file database writes its commits in
     * the background, every {@code WRITE_DELAY} (500 ms) together with its housekeeping; {@code CHECKPOINT} writes
     * them now. Asked for when a drop is done, and before a vendor may be sent an order when the ledger has no
     * {@link ClaimLog} ({@link #durable(Supplier)}) — not after every commit: H2 with {@code WRITE_DELAY=0} writes a
     * chunk per commit and, without its background thread, never frees the old ones, so each commit costs more than
     * the last and their bookkeeping fills the heap. Callers at the same moment share one CHECKPOINT: each returns
     * once a CHECKPOINT that started after its commit is done. A database server has written the commit already.
     */
    void durable() {
        if (writesLater < 0) {
            return;
        }
        long covers;
        synchronized (checkpoints) {
            long mine = ++checkpoints.asked;
            while (true) {
                if (checkpoints.written >= mine) {
                    return;
                }
                if (!checkpoints.running) {
                    // this caller writes every commit asked for so far; whoever asks meanwhile shares the next one
                    checkpoints.running = true;
                    covers = checkpoints.asked;
                    break;
                }
                try {
                    checkpoints.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while the ledger wrote its commits", e);
                }
            }
        }
        boolean written = false;
        try {
            checkpoint();
            written = true;
        } finally {
            synchronized (checkpoints) {
                checkpoints.running = false;
                if (written) {
                    checkpoints.written = Math.max(checkpoints.written, covers);
                }
                checkpoints.notifyAll();
            }
        }
    }

    /** How many callers asked for their commits to be written, how many are, whether a CHECKPOINT runs now. */
    private static final class Checkpoints {
        long asked;
        long written;
        boolean running;
    }

    private final Checkpoints checkpoints = new Checkpoints();

    /**
     * Makes an order that is about to be sent survive the process being killed: its line in the ledger's
     * {@link ClaimLog} when the ledger is an embedded H2 file opened by {@link #openClaimLog} — far cheaper than a
     * CHECKPOINT per order — otherwise {@link #durable()}. Called after the write that claims the order is committed.
     */
    void durable(Supplier<ClaimLog.Entry> entry) {
        ClaimLog log = claimLog();
        if (log != null && log.append(entry.get())) {
            return;
        }
        if (log != null) {
            // closed meanwhile (the ledger was opened again): whoever opened it has the log now
            claimLog = log = ClaimLog.find(log.database());
            if (log != null && log.append(entry.get())) {
                return;
            }
        }
        durable();
    }

    /** The claim log of this ledger's file: the one {@link #openClaimLog} opened, or another opening of the file did. */
    private volatile ClaimLog claimLog;
    private volatile boolean claimLogSought;

    private ClaimLog claimLog() {
        ClaimLog log = claimLog;
        if (log == null && !claimLogSought) {
            claimLogSought = true;
            Path database = localH2File();
            log = claimLog = database == null ? null : ClaimLog.find(database);
        }
        return log;
    }

    /**
     * Opens the claim log when the ledger is an H2 file this process holds (not in memory, not another process's
     * server): the lines the last process left are handed to {@code recover} first. Otherwise claims are made durable
     * by CHECKPOINT, or by the database server itself.
     */
    void openClaimLog(Consumer<List<ClaimLog.Entry>> recover) {
        Path database = localH2File();
        if (database == null || sharedWithOtherProcesses()) {
            return;
        }
        try {
            checkpointNow();
        } catch (LedgerException e) {
            // the log is emptied by CHECKPOINTs: a user who may not run them (H2 wants an admin) gets no log
            if (refused(e)) {
                checkpointRefused();
            } else {
                LOG.warn("Ledger: no claim log ({}); each claim asks for a CHECKPOINT instead", e.getMessage());
            }
            return;
        }
        // what the last process left must be in the ledger before this one sends anything: a failure ends the start
        claimLog = ClaimLog.open(database, this, recover);
        claimLogSought = true;
    }

    /**
     * See {@link LedgerDatabase#finishClaimLog()}: the log this ledger opened or wrote to, if any. Nothing is looked
     * up here — a stop never waits for a ledger still opening, nor asks the database where its file is.
     */
    void finishClaimLog() {
        ClaimLog log = claimLog;
        if (log != null) {
            log.finish();
        }
    }

    /**
     * An H2 file opened with {@code AUTO_SERVER=TRUE}: another process may open it once this one is gone, and would
     * not read this process's claim log, so each claim takes a CHECKPOINT there. H2 does not say so through JDBC; the
     * pool's URL does ({@link LedgerDatabase#otherProcessesMayOpen}).
     */
    private boolean sharedWithOtherProcesses() {
        try {
            if (dataSource.isWrapperFor(HikariDataSource.class)) {
                return LedgerDatabase.otherProcessesMayOpen(dataSource.unwrap(HikariDataSource.class).getJdbcUrl());
            }
            if (dataSource.isWrapperFor(JdbcDataSource.class)) {
                return LedgerDatabase.otherProcessesMayOpen(dataSource.unwrap(JdbcDataSource.class).getURL());
            }
            return false;
        } catch (SQLException e) {
            return true;
        }
    }

    /** The ledger's H2 file (its path without H2's suffix) when this process holds it; null for any other database. */
    private Path localH2File() {
        try (Connection c = dataSource.getConnection()) {
            if (!"H2".equals(c.getMetaData().getDatabaseProductName())
                    || !(c.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal)) {
                return null;
            }
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("call database_path()")) {
                String path = r.next() ? r.getString(1) : null;
                return path == null ? null : Path.of(path);
            }
        } catch (SQLException e) {
            throw new LedgerException("the ledger could not be opened", e);
        }
    }

    /** H2's error code for a statement only an admin may run, such as CHECKPOINT. */
    private static final int ADMIN_RIGHTS_REQUIRED = 90040;

    /** Whether H2 refused a CHECKPOINT because the ledger's user is not an admin. */
    private static boolean refused(LedgerException e) {
        return e.getCause() instanceof SQLException s && s.getErrorCode() == ADMIN_RIGHTS_REQUIRED;
    }

    /** A ledger user that may not write H2's commits at once: said once, and not asked again. */
    private void checkpointRefused() {
        writesLater = -1;
        LOG.warn("The ledger's user may not run CHECKPOINT (H2 needs an admin user for it): commits reach its file "
                + "within H2's WRITE_DELAY only");
    }

    /** Writes what was committed so far to the ledger's H2 file now; throws when it cannot. */
    void checkpointNow() {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CHECKPOINT");
        } catch (SQLException e) {
            throw new LedgerException("the ledger could not write its commits", e);
        }
    }

    private void checkpoint() {
        if (writesLater == 0) {
            try (Connection c = dataSource.getConnection()) {
                DatabaseMetaData m = c.getMetaData();
                String url = String.valueOf(m.getURL());
                writesLater = "H2".equals(m.getDatabaseProductName()) && !url.startsWith("jdbc:h2:mem:") ? 1 : -1;
            } catch (SQLException e) {
                throw new LedgerException("the ledger could not write its commits", e);
            }
        }
        if (writesLater < 0) {
            return;
        }
        try {
            checkpointNow();
        } catch (LedgerException e) {
            if (!refused(e)) {
                throw e;
            }
            checkpointRefused();
        }
    }

    <T> List<T> query(String sql, Row<T> row, Object... args) {
        List<T> out = new ArrayList<>();
        stream(sql, row, out::add, args);
        return out;
    }

    <T> Optional<T> first(String sql, Row<T> row, Object... args) {
        List<T> rows = query(sql, row, args);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    <T> void stream(String sql, Row<T> row, Consumer<T> each, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement p = c.prepareStatement(sql)) {
            p.setFetchSize(500);
            bind(p, args);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    each.accept(row.read(r));
                }
            }
        } catch (SQLException e) {
            throw new LedgerException("the ledger could not be read", e);
        }
    }

    int update(String sql, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement p = c.prepareStatement(sql)) {
            bind(p, args);
            return p.executeUpdate();
        } catch (SQLException e) {
            throw new LedgerException("the ledger could not be written", e);
        }
    }

    /** A unique key said no: the row is there already. */
    static final class Duplicate extends Exception {
        Duplicate() {
            super(null, null, false, false);
        }
    }

    /** An insert (or update) on its own; {@link Duplicate} when a unique key refuses it. */
    int updateOrDuplicate(String sql, Object... args) throws Duplicate {
        try (Connection c = dataSource.getConnection(); PreparedStatement p = c.prepareStatement(sql)) {
            bind(p, args);
            return p.executeUpdate();
        } catch (SQLException e) {
            if (DUPLICATE_KEY.equals(e.getSQLState())) {
                throw new Duplicate();
            }
            throw new LedgerException("the ledger could not be written", e);
        }
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    <T> T inTransaction(String what, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new LedgerException(what, e);
        }
    }

    static <T> Optional<T> first(Connection c, String sql, Row<T> row, Object... args) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            bind(p, args);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? Optional.of(row.read(r)) : Optional.empty();
            }
        }
    }

    static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            bind(p, args);
            return p.executeUpdate();
        }
    }

    static void bind(PreparedStatement p, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            p.setObject(i + 1, a instanceof Instant t ? OffsetDateTime.ofInstant(t, ZoneOffset.UTC) : a);
        }
    }

    static Instant instant(ResultSet r, String column) throws SQLException {
        OffsetDateTime t = r.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    static String text(ResultSet r, String column) throws SQLException {
        String s = r.getString(column);
        return s == null ? "" : s;
    }

    /** Text cut to fit a column, marked as cut: a value that does not fit never breaks a write. */
    static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}

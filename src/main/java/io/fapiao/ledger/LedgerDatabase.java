package io.fapiao.ledger;

import org.flywaydb.core.Flyway;

import javax.sql.DataSource;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The ledger's database: its schema brought up to date by versioned migrations ({@code db/migration/V*.sql},
 * Flyway), and which mode it serves. A ledger made before migrations existed is taken over as it stands.
 */
public final class LedgerDatabase {

    private final DataSource dataSource;
    private final Jdbc jdbc;

    public LedgerDatabase(DataSource dataSource) {
        this.dataSource = dataSource;
        this.jdbc = new Jdbc(dataSource);
    }

    public DataSource dataSource() {
        return dataSource;
    }

    Jdbc jdbc() {
        return jdbc;
    }

    /**
     * Settings for an H2 ledger that its URL does not give itself, to pass to the driver with the URL: a page cache
     * that fits the heap (H2's own default is 16 MB however small the heap; its pages hold decoded rows, several times
     * their nominal size: in a 64 MB heap even 4 MB of cache kept the heap three quarters full, which then
     * collects thousands of times a minute), results read as they are needed instead of held whole (a drop's result
     * and error rows are streamed into its files), and room for the ledger's statements in each connection's cache
     * of parsed statements. Empty for any other database.
     */
    public static Map<String, String> h2Settings(String url, long maxHeapBytes) {
        if (!url.regionMatches(true, 0, "jdbc:h2:", 0, "jdbc:h2:".length())) {
            return Map.of();
        }
        String given = url.toUpperCase(Locale.ROOT);
        Map<String, String> settings = new LinkedHashMap<>();
        // a sixty-fourth of the heap, at least 1 MB and at most H2's own 16 MB: 1 MB in 64 MB, 16 MB from 1 GB
        long cacheKb = Math.max(1024, Math.min(16 * 1024, maxHeapBytes / 64 / 1024));
        settings.put("CACHE_SIZE", Long.toString(cacheKb));
        settings.put("LAZY_QUERY_EXECUTION", "TRUE");
        settings.put("QUERY_CACHE_SIZE", "64");
        settings.keySet().removeIf(key -> given.contains(";" + key + "="));
        return settings;
    }

    /**
     * Whether an H2 URL lets other processes open the same file ({@code AUTO_SERVER=TRUE}): then nothing half-way in
     * it is this process's alone to finish, and a claim cannot wait in this process's {@link ClaimLog}.
     */
    public static boolean otherProcessesMayOpen(String url) {
        return url != null && url.toUpperCase(Locale.ROOT).replace(" ", "").contains(";AUTO_SERVER=TRUE");
    }

    /**
     * The ledger is about to close: its claim log, if it has one, writes every claim to the file with one last
     * CHECKPOINT, deletes its segment and takes no more lines, so a clean stop leaves no segment behind. Nothing when
     * the ledger never opened.
     */
    public void finishClaimLog() {
        jdbc.finishClaimLog();
    }

    /** Whether the database answers right now. */
    public boolean reachable() {
        try (java.sql.Connection c = dataSource.getConnection()) {
            return c.isValid(2);
        } catch (java.sql.SQLException e) {
            return false;
        }
    }

    /**
     * Applies the migrations this ledger has not had yet; safe to run from several instances at once. On an H2 file it
     * then opens the file's {@link ClaimLog}, bringing forward what a stopped process left in it.
     */
    public void migrate() {
        try {
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/migration")
                    .baselineOnMigrate(true)
                    .baselineVersion("0")
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            throw new LedgerException("the ledger's tables could not be brought up to date", e);
        }
        // an H2 file: what the last process logged as about to be sent is in the ledger before anything reads it
        jdbc.openClaimLog(entries -> Ledger.recover(jdbc, entries));
    }

    /**
     * Marks the ledger as serving {@code mode} if it serves none yet; answers the mode it serves, which the caller
     * compares: a sandbox ledger must never report its invoices to a live run, nor the other way round.
     */
    public String claimMode(String mode) {
        Optional<String> stored = jdbc.first("select meta_value from fapiao_meta where meta_key = 'mode'", r -> r.getString(1));
        if (stored.isPresent()) {
            return stored.get();
        }
        try {
            jdbc.update("insert into fapiao_meta (meta_key, meta_value) values ('mode', ?)", mode);
            return mode;
        } catch (LedgerException e) {
            // another instance marked it at the same moment
            return jdbc.first("select meta_value from fapiao_meta where meta_key = 'mode'", r -> r.getString(1)).orElse(mode);
        }
    }
}

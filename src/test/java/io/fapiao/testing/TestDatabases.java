package io.fapiao.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Real databases for tests: an H2 file (the bundle's default ledger) and a real PostgreSQL server, started once per
 * test JVM from zonky's embedded binaries (nothing to install), each test taking a fresh database of its own.
 */
public final class TestDatabases {

    /** The user of every {@link #freshPostgres()} database; it has no password. */
    public static final String POSTGRES_USER = "postgres";

    private static final AtomicInteger NEXT = new AtomicInteger();
    private static EmbeddedPostgres postgres;

    private TestDatabases() {
    }

    /** A fresh, empty PostgreSQL database; answers its JDBC URL (user {@link #POSTGRES_USER}, no password). */
    public static synchronized String freshPostgres() {
        EmbeddedPostgres pg = postgres();
        String name = "ledger_" + ProcessHandle.current().pid() + "_" + NEXT.incrementAndGet();
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name, e);
        }
        return pg.getJdbcUrl(POSTGRES_USER, name);
    }

    private static EmbeddedPostgres postgres() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
            }
            EmbeddedPostgres started = postgres;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException e) {
                    // the JVM is ending anyway
                }
            }));
        }
        return postgres;
    }
}

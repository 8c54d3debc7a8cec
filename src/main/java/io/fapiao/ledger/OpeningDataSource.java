package io.fapiao.ledger;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.logging.Logger;

/**
 * A database being opened (connected, migrated, checked) on a thread of its own while the rest of the process
 * starts. Every connection asked of it waits until the opening is done; when the opening failed, each ask fails
 * with the same reason. Closing it closes the opened database, or the one still being opened once it is.
 */
public final class OpeningDataSource implements DataSource, AutoCloseable {

    private final Future<DataSource> opened;

    private OpeningDataSource(Future<DataSource> opened) {
        this.opened = opened;
    }

    /** Starts opening on a daemon thread of this name. */
    public static OpeningDataSource open(String threadName, Callable<DataSource> opener) {
        FutureTask<DataSource> task = new FutureTask<>(opener);
        OpeningDataSource source = new OpeningDataSource(task);
        Thread t = new Thread(task, threadName);
        t.setDaemon(true);
        t.start();
        return source;
    }

    /** Waits for the opening; rethrows its failure as it was thrown when it was unchecked. */
    public DataSource awaitOpen() {
        try {
            return opened.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the ledger was being opened", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new CompletionException(cause.getMessage(), cause);
        }
    }

    @Override
    public Connection getConnection() throws SQLException {
        return awaitOpen().getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return awaitOpen().getConnection(username, password);
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return awaitOpen().getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        awaitOpen().setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        awaitOpen().setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return awaitOpen().getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return Logger.getLogger("io.fapiao.ledger");
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        return awaitOpen().unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(this) || awaitOpen().isWrapperFor(type);
    }

    /** Closes the database once its opening is over (at once when it failed: nothing is left open then). */
    @Override
    public void close() throws Exception {
        DataSource source;
        try {
            source = opened.get();
        } catch (ExecutionException e) {
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (source instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }
}

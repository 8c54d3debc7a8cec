package io.fapiao.login;

import io.fapiao.ledger.LoginSession;
import io.fapiao.ledger.LoginSessions;
import org.apache.camel.util.concurrent.CamelThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The logins' clock. Every tick it brings this instance up to date with the ledger ({@link Logins#sync()}: health,
 * QR pictures, held orders of sellers logged in again, reminders), and takes the sessions whose QR scan or status is
 * due — under a lease, so instances sharing a ledger never ask about one session at once — and asks about them on a
 * small pool of its own (a vendor that waits for the scan, like yun2's EWMDD, holds only that thread). Like the poll
 * trigger it makes no exchange when there is nothing to ask.
 */
public final class LoginClock implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LoginClock.class);

    private final Logins logins;
    private final LoginSessions sessions;
    private final String owner;
    private final Duration lease;
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(new CamelThreadFactory("#name#", "login-clock", true));
    private final ExecutorService checks =
            Executors.newFixedThreadPool(2, new CamelThreadFactory("#name#", "login-check", true));

    public LoginClock(Logins logins, LoginSessions sessions, String owner, Duration lease) {
        this.logins = logins;
        this.sessions = sessions;
        this.owner = owner;
        this.lease = lease;
    }

    public void start(long periodMs) {
        timer.scheduleWithFixedDelay(this::tick, 0, periodMs, TimeUnit.MILLISECONDS);
    }

    void tick() {
        try {
            logins.sync();
            List<LoginSession> due = sessions.takeDue(owner, lease, 20);
            for (LoginSession s : due) {
                checks.execute(() -> logins.check(s));
            }
        } catch (RuntimeException e) {
            LOG.warn("Looking after sellers' tax-bureau sessions failed: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        checks.shutdownNow();
    }
}

package io.fapiao.vendor.qixiangyun;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.fapiao.ledger.LedgerDatabase;
import io.fapiao.ledger.VendorTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The access token two instances share through one ledger: fetched once, kept, refreshed when a week old, fetched
 * anew only when the vendor refused the very token in hand — once for both instances.
 */
class QixiangyunAccessTokenTest {

    private HikariDataSource pool;
    private VendorTokens tokens;
    private final AtomicInteger logins = new AtomicInteger();
    private final AtomicInteger refreshes = new AtomicInteger();
    private Instant now = Instant.parse("2026-11-22T08:00:00Z");

    private final QixiangyunTokens.Source vendor = new QixiangyunTokens.Source() {
        @Override
        public QixiangyunToken login() {
            return new QixiangyunToken("T" + logins.incrementAndGet(), now, now.plus(Duration.ofDays(15)), "R" + logins.get());
        }

        @Override
        public QixiangyunToken refresh(String refreshToken) {
            refreshes.incrementAndGet();
            return new QixiangyunToken("F" + refreshes.get(), now, now.plus(Duration.ofDays(15)), "RF" + refreshes.get());
        }
    };

    @BeforeEach
    void open() {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl("jdbc:h2:mem:qxy" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        pool = new HikariDataSource(c);
        LedgerDatabase database = new LedgerDatabase(pool);
        database.migrate();
        tokens = new VendorTokens(database);
    }

    @AfterEach
    void close() {
        pool.close();
    }

    private QixiangyunAccessToken instance() {
        return new QixiangyunAccessToken(tokens, "10009527", vendor, new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now;
            }
        });
    }

    @Test
    void oneTokenForEveryInstanceRenewedOnceWhenRefused() throws Exception {
        QixiangyunAccessToken a = instance();
        QixiangyunAccessToken b = instance();
        QixiangyunAccessToken.Held first = a.current();
        assertEquals("T1", first.accessToken());
        assertEquals("T1", b.current().accessToken(), "the other instance takes the stored token");
        assertEquals(1, logins.get());

        // both were refused T1 (40101) at the same moment: one login between them
        ExecutorService threads = Executors.newFixedThreadPool(2);
        Future<QixiangyunAccessToken.Held> ra = threads.submit(() -> a.renew(first.stored()));
        Future<QixiangyunAccessToken.Held> rb = threads.submit(() -> b.renew(first.stored()));
        assertEquals(ra.get().accessToken(), rb.get().accessToken());
        threads.shutdown();
        assertEquals(2, logins.get());
        assertEquals("T2", a.current().accessToken());
    }

    @Test
    void aWeekOldTokenIsRefreshedAndAnEndedOneReplaced() {
        QixiangyunAccessToken a = instance();
        assertEquals("T1", a.current().accessToken());
        now = now.plus(Duration.ofDays(6));
        assertEquals("T1", a.current().accessToken(), "still young");
        now = now.plus(Duration.ofDays(2));
        assertEquals("F1", a.current().accessToken(), "refreshed with the refresh token, not a new login");
        assertEquals(1, logins.get());
        now = now.plus(Duration.ofDays(16));
        assertEquals("F2", a.current().accessToken(), "ended: refreshed (or logged in when the refresh fails)");
        assertEquals(1, logins.get());
    }
}

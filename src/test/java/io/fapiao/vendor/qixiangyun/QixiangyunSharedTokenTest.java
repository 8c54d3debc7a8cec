package io.fapiao.vendor.qixiangyun;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.fapiao.ledger.LedgerDatabase;
import io.fapiao.ledger.VendorTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** One access token for every instance: kept in the ledger, refreshed by one, renewed once when refused. */
class QixiangyunSharedTokenTest {

    @TempDir
    java.nio.file.Path dir;
    private HikariDataSource pool;
    private VendorTokens store;
    private Instant now = Instant.parse("2026-03-01T00:00:00Z");
    private final List<String> calls = new ArrayList<>();
    private boolean refuseLogin;
    private boolean refreshFails;

    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    private final QixiangyunSharedToken.Source source = new QixiangyunSharedToken.Source() {
        @Override
        public QixiangyunToken login() {
            if (refuseLogin) {
                throw new QixiangyunTokenRefused("", "应用的密钥无效!");
            }
            calls.add("login");
            return new QixiangyunToken("L" + calls.size(), now, now.plus(Duration.ofDays(15)), "r" + calls.size());
        }

        @Override
        public QixiangyunToken refresh(String refreshToken) {
            calls.add("refresh " + refreshToken);
            if (refreshFails) {
                throw new QixiangyunException("400429", "网关限流");
            }
            return new QixiangyunToken("R" + calls.size(), now, now.plus(Duration.ofDays(15)), "r" + calls.size());
        }
    };

    @BeforeEach
    void open() {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl("jdbc:h2:file:" + dir.resolve("ledger").toAbsolutePath());
        pool = new HikariDataSource(c);
        LedgerDatabase db = new LedgerDatabase(pool);
        db.migrate();
        store = new VendorTokens(db);
    }

    @AfterEach
    void close() {
        pool.close();
    }

    private QixiangyunSharedToken instance() {
        return new QixiangyunSharedToken(store, "10009527", source, clock);
    }

    @Test
    void everyInstanceUsesTheTokenOneFetched() {
        QixiangyunSharedToken a = instance();
        assertEquals("L1", a.current());
        assertEquals("L1", a.current());
        assertEquals("L1", instance().current(), "a second instance (or a restart) takes the stored token");
        assertEquals(List.of("login"), calls);
    }

    @Test
    void aWeekOldTokenIsRefreshedByOneInstanceAndTakenByTheOthers() {
        QixiangyunSharedToken a = instance();
        QixiangyunSharedToken b = instance();
        assertEquals("L1", a.current());
        assertEquals("L1", b.current());
        now = now.plus(Duration.ofDays(7));
        assertEquals("R2", a.current());
        assertEquals("R2", b.current(), "b takes the refreshed token instead of refreshing again");
        assertEquals(List.of("login", "refresh r1"), calls);
    }

    @Test
    void aFailedRefreshKeepsTheLivingTokenAndAnEndedOneLogsIn() {
        QixiangyunSharedToken a = instance();
        assertEquals("L1", a.current());
        refreshFails = true;
        now = now.plus(Duration.ofDays(8));
        assertEquals("L1", a.current(), "the token in hand still lives");
        assertEquals("L1", a.current());
        assertEquals(List.of("login", "refresh r1"), calls, "the refresh is tried again only after a pause");
        now = now.plus(Duration.ofDays(8));
        assertEquals("L3", a.current());
        assertEquals(List.of("login", "refresh r1", "login"), calls);
    }

    @Test
    void aRefusedTokenIsRenewedOnceHoweverManyCallersWereRefused() {
        QixiangyunSharedToken a = instance();
        QixiangyunSharedToken b = instance();
        String first = a.current();
        b.current();
        assertEquals("L2", a.renew(first));
        assertEquals("L2", b.renew(first), "b was refused the same token: it takes the one a fetched");
        assertEquals("L2", a.renew(first));
        assertEquals(List.of("login", "login"), calls);
    }

    @Test
    void anEndedTokenIsReplacedAndARefusedLoginReachesTheCaller() {
        QixiangyunSharedToken a = instance();
        a.current();
        now = now.plus(Duration.ofDays(16));
        assertEquals("L2", a.current());
        now = now.plus(Duration.ofDays(16));
        refuseLogin = true;
        assertThrows(QixiangyunTokenRefused.class, a::current);
    }
}

package io.fapiao.vendor.qixiangyun;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class QixiangyunTokensTest {

    private Instant now = Instant.parse("2026-03-01T00:00:00Z");
    private final List<String> calls = new ArrayList<>();
    private final List<QixiangyunToken> stored = new ArrayList<>();
    private boolean refreshFails;

    private final QixiangyunTokens.Source source = new QixiangyunTokens.Source() {
        @Override
        public QixiangyunToken login() {
            calls.add("login");
            return token("L" + calls.size());
        }

        @Override
        public QixiangyunToken refresh(String refreshToken) {
            calls.add("refresh " + refreshToken);
            if (refreshFails) {
                throw new QixiangyunException("400429", "网关限流");
            }
            return token("R" + calls.size());
        }
    };

    private QixiangyunToken token(String name) {
        return new QixiangyunToken(name, now, now.plus(Duration.ofDays(15)), "refresh-of-" + name);
    }

    private QixiangyunTokens tokens(QixiangyunToken kept) {
        Clock clock = new Clock() {
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
        };
        return new QixiangyunTokens(source, clock, kept, stored::add);
    }

    @Test
    void logsInOnceAndKeepsTheTokenWhileItLives() {
        QixiangyunTokens t = tokens(null);
        assertEquals("L1", t.current());
        now = now.plus(Duration.ofDays(3));
        assertEquals("L1", t.current());
        assertEquals(List.of("login"), calls);
        assertEquals(1, stored.size());
    }

    @Test
    void aStoredTokenIsUsedAndRefreshedAfterAWeekNotLoggedInAgain() {
        QixiangyunTokens t = tokens(token("S"));
        assertEquals("S", t.current());
        now = now.plus(Duration.ofDays(8));
        assertEquals("R1", t.current());
        assertEquals(List.of("refresh refresh-of-S"), calls);
    }

    @Test
    void aFailedRefreshKeepsTheLivingTokenAnExpiredOneLogsIn() {
        QixiangyunTokens t = tokens(token("S"));
        refreshFails = true;
        now = now.plus(Duration.ofDays(8));
        assertEquals("S", t.current());
        now = now.plus(Duration.ofDays(8));
        assertEquals("L2", t.current());
    }

    @Test
    void parallelCallersRefusedTheSameTokenCauseOneLogin() {
        QixiangyunTokens t = tokens(token("S"));
        assertEquals("L1", t.renew("S"));
        assertEquals("L1", t.renew("S"), "the second caller refused S gets the new token, no second login");
        assertEquals(List.of("login"), calls);
        assertEquals("L2", t.renew("L1"));
    }
}

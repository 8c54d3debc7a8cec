package io.fapiao.vendor.qixiangyun;

import io.fapiao.ledger.VendorTokens;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The account's access token, kept in the ledger and shared by every instance ({@link VendorTokens}): the vendor
 * limits logins, so one token serves everyone. It is used while it lives; refreshed with its refresh token once
 * {@linkplain QixiangyunToken#renewalDue renewal is due} (by one instance; the others take the new one; a failed
 * refresh keeps the token in hand and is tried again after a pause); a new login happens only when there is none,
 * it has ended, or the vendor refused the very token in hand ({@code 40100}/{@code 40101}/{@code 40102}).
 *
 * <p>Stored as {@link QixiangyunToken#stored()} (it carries the issue time the renewal rule needs); a plain token
 * stored by another part of the bundle is read too.
 */
public final class QixiangyunSharedToken {

    /** The two token calls, done by the route (HTTP); both throw {@link QixiangyunException} when refused. */
    public interface Source {
        QixiangyunToken login();

        QixiangyunToken refresh(String refreshToken);
    }

    static final String VENDOR = "qixiangyun";
    private static final Logger LOG = LoggerFactory.getLogger(QixiangyunSharedToken.class);
    /** After a refused refresh the token in hand keeps serving; the refresh is tried again after this long. */
    static final Duration REFRESH_RETRY = Duration.ofMinutes(10);

    /** The token in hand and the text it is stored as (what another instance's renewal is compared with). */
    private record Held(String stored, QixiangyunToken token) {
    }

    private final VendorTokens store;
    private final String account;
    private final Source source;
    private final Clock clock;
    private volatile Held held;
    private volatile Instant refreshFailedAt = Instant.MIN;

    /** @param account the AppKey: one token per vendor account */
    public QixiangyunSharedToken(VendorTokens store, String account, Source source, Clock clock) {
        this.store = store;
        this.account = account;
        this.source = source;
        this.clock = clock;
    }

    /** The access token to sign the next call with; logs in or refreshes when it must. */
    public String current() {
        Held h = held;
        if (h == null) {
            h = store.current(VENDOR, account).map(t -> read(t, clock.instant())).orElse(null);
            held = h;
        }
        Instant now = clock.instant();
        if (h == null || h.token().expired(now)) {
            return renewFrom(h, false);
        }
        if (h.token().renewalDue(now) && !h.token().refreshToken().isEmpty()
                && now.isAfter(refreshFailedAt.plus(REFRESH_RETRY))) {
            try {
                return renewFrom(h, true);
            } catch (QixiangyunException e) {
                refreshFailedAt = now;
                LOG.warn("qixiangyun: refreshing the access token failed ({}); the current one serves until it ends",
                        e.code().isEmpty() ? "no code" : e.code());
            }
        }
        return h.token().accessToken();
    }

    /** The vendor refused {@code refusedAccessToken}: the token another caller fetched meanwhile, or a new login. */
    public String renew(String refusedAccessToken) {
        Held h = held;
        if (h != null && !h.token().accessToken().equals(refusedAccessToken)) {
            return h.token().accessToken();
        }
        return renewFrom(h, false);
    }

    private String renewFrom(Held refused, boolean refresh) {
        VendorTokens.Token t = store.renew(VENDOR, account, refused == null ? null : refused.stored(), () -> {
            QixiangyunToken fresh = refresh ? source.refresh(refused.token().refreshToken()) : source.login();
            return new VendorTokens.Token(fresh.stored(), fresh.refreshToken(), fresh.expiresAt());
        });
        Held h = read(t, clock.instant());
        held = h;
        return h.token().accessToken();
    }

    private static Held read(VendorTokens.Token t, Instant now) {
        String value = t.value();
        if (value.startsWith("{")) {
            try {
                return new Held(value, QixiangyunToken.fromStored(value));
            } catch (IllegalArgumentException e) {
                // not ours: read as a plain token below
            }
        }
        Instant expires = t.expiresAt() == null ? now.plus(Duration.ofDays(15)) : t.expiresAt();
        return new Held(value, new QixiangyunToken(value, expires.minus(Duration.ofDays(15)), expires, t.refresh()));
    }
}

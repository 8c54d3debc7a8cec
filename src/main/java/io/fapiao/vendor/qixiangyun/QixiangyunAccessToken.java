package io.fapiao.vendor.qixiangyun;

import io.fapiao.ledger.VendorTokens;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The account's access token, kept in the ledger and shared by every instance ({@link VendorTokens}), because the
 * vendor throttles logins: the stored token is used while it lives; once {@linkplain QixiangyunToken#renewalDue
 * renewal is due} it is refreshed with its refresh token (a failed refresh keeps it while it lives); a new login
 * happens only when there is none, it has (nearly) expired, or the vendor refused the very token in hand
 * ({@code 40100}/{@code 40101}/{@code 40102}) — and then by one caller across all instances: the others take the
 * token it fetched.
 *
 * <p>The ledger keeps {@link QixiangyunToken#stored()} (the token with its issue and end times) as the token's value;
 * it is a secret like the app secret and never leaves the ledger but in the {@code access_token} header.
 */
public final class QixiangyunAccessToken {

    static final String VENDOR = "qixiangyun";
    /** A token this close to its end is replaced before use: a call signed with it could arrive after it ended. */
    static final Duration MARGIN = Duration.ofMinutes(1);
    /** A refresh that failed is not tried again sooner than this (the token in hand still lives). */
    static final Duration REFRESH_AGAIN_AFTER = Duration.ofMinutes(10);

    /** A token in hand: its value for the header, and as stored, to say which one was refused. */
    public record Held(String accessToken, String stored) {
    }

    private final VendorTokens tokens;
    private final String appKey;
    private final QixiangyunTokens.Source source;
    private final Clock clock;
    private volatile Instant refreshFailedAt = Instant.EPOCH;

    /** @param source the token calls ({@code /v2/public/oauth2/login}), made by the route */
    public QixiangyunAccessToken(VendorTokens tokens, String appKey, QixiangyunTokens.Source source, Clock clock) {
        this.tokens = tokens;
        this.appKey = appKey;
        this.source = source;
        this.clock = clock;
    }

    /** The token to sign the next call with. */
    public Held current() {
        Optional<VendorTokens.Token> stored = tokens.current(VENDOR, appKey);
        if (stored.isEmpty()) {
            return renew(null);
        }
        String text = stored.get().value();
        QixiangyunToken token;
        try {
            token = QixiangyunToken.fromStored(text);
        } catch (IllegalArgumentException e) {
            return renew(text);
        }
        Instant now = clock.instant();
        if (token.expired(now.plus(MARGIN))) {
            return held(tokens.renew(VENDOR, appKey, text, () -> refreshOrLogin(token)));
        }
        if (token.renewalDue(now) && !token.refreshToken().isEmpty()
                && now.isAfter(refreshFailedAt.plus(REFRESH_AGAIN_AFTER))) {
            return held(tokens.renew(VENDOR, appKey, text, () -> refreshOrKeep(token)));
        }
        return new Held(token.accessToken(), text);
    }

    /** The vendor refused the token stored as {@code refused}: a new one, or the one another caller fetched since. */
    public Held renew(String refused) {
        return held(tokens.renew(VENDOR, appKey, refused, () -> stored(source.login())));
    }

    private VendorTokens.Token refreshOrLogin(QixiangyunToken old) {
        if (!old.refreshToken().isEmpty()) {
            try {
                return stored(source.refresh(old.refreshToken()));
            } catch (QixiangyunException e) {
                // the refresh token is spent or ended too: log in
            }
        }
        return stored(source.login());
    }

    private VendorTokens.Token refreshOrKeep(QixiangyunToken old) {
        try {
            return stored(source.refresh(old.refreshToken()));
        } catch (QixiangyunException e) {
            // the token in hand still lives; tried again later
            refreshFailedAt = clock.instant();
            return stored(old);
        }
    }

    private static VendorTokens.Token stored(QixiangyunToken t) {
        return new VendorTokens.Token(t.stored(), t.refreshToken(), t.expiresAt());
    }

    private static Held held(VendorTokens.Token t) {
        return new Held(QixiangyunToken.fromStored(t.value()).accessToken(), t.value());
    }
}

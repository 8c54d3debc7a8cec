package io.fapiao.vendor.qixiangyun;

import java.time.Clock;
import java.util.function.Consumer;

/**
 * The account's one current token. Logins are throttled by the vendor, so: the stored token is used while it lives;
 * it is refreshed with its refresh token once {@linkplain QixiangyunToken#renewalDue renewal is due} (a failed
 * refresh keeps the old token while it lives); a new login happens only when there is none, it has expired, or the
 * vendor refused the very token in hand ({@code 40100}/{@code 40101}/{@code 40102}) — parallel callers that were
 * refused the same token cause one login, not many.
 */
public final class QixiangyunTokens {

    /** The two token calls, done by the route (HTTP); both throw {@link QixiangyunException} when refused. */
    public interface Source {
        QixiangyunToken login();

        QixiangyunToken refresh(String refreshToken);
    }

    private final Source source;
    private final Clock clock;
    private final Consumer<QixiangyunToken> store;
    private QixiangyunToken token;

    /**
     * @param stored the token kept from before (durable storage), or null
     * @param store  called with every new token, to keep it durably
     */
    public QixiangyunTokens(Source source, Clock clock, QixiangyunToken stored, Consumer<QixiangyunToken> store) {
        this.source = source;
        this.clock = clock;
        this.token = stored;
        this.store = store == null ? t -> { } : store;
    }

    /** The access token to sign the next call with. */
    public synchronized String current() {
        if (token == null || token.expired(clock.instant())) {
            replace(source.login());
        } else if (token.renewalDue(clock.instant()) && !token.refreshToken().isEmpty()) {
            try {
                replace(source.refresh(token.refreshToken()));
            } catch (QixiangyunException e) {
                // the token in hand still lives; the next call tries again
            }
        }
        return token.accessToken();
    }

    /** The vendor refused {@code refused}: log in anew unless another caller already replaced it. */
    public synchronized String renew(String refused) {
        if (token == null || token.accessToken().equals(refused)) {
            token = null;
            replace(source.login());
        }
        return token.accessToken();
    }

    /** The token held now, for storage; null before the first call. */
    public synchronized QixiangyunToken token() {
        return token;
    }

    private void replace(QixiangyunToken fresh) {
        token = fresh;
        store.accept(fresh);
    }
}

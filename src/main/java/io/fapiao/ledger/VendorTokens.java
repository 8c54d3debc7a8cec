package io.fapiao.ledger;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Vendor access tokens kept in the ledger and shared by every instance. At yun2 every login ends the previous
 * token, and qixiangyun limits how often one may log in: so a token is fetched by one caller at a time across all
 * instances (a row lock in the database, a lock in this process), and only when the token in hand is the one the
 * vendor refused — if another instance already fetched a new one, that one is taken instead.
 */
public final class VendorTokens {

    /** A token as stored: {@code expiresAt} is null when the vendor gives no lifetime. */
    public record Token(String value, String refresh, Instant expiresAt) {
    }

    private final Jdbc jdbc;
    private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    public VendorTokens(LedgerDatabase database) {
        this.jdbc = database.jdbc();
    }

    /** The token every instance currently uses for this vendor account, if any. */
    public Optional<Token> current(String vendor, String account) {
        return jdbc.first("select token, refresh_token, expires_at from fapiao_vendor_token "
                        + "where vendor = ? and account = ? and token is not null",
                r -> new Token(r.getString(1), r.getString(2), Jdbc.instant(r, "expires_at")), vendor, account);
    }

    /**
     * A new token, unless the stored one already differs from {@code refused} (another caller renewed it): then that
     * one. {@code fetch} runs while every other caller of this account waits; its exception reaches the caller and
     * nothing is stored.
     *
     * @param refused the token the vendor refused, or null when there was none
     */
    public Token renew(String vendor, String account, String refused, Supplier<Token> fetch) {
        ReentrantLock lock = locks.computeIfAbsent(vendor + "\u0000" + account, k -> new ReentrantLock());
        lock.lock();
        try {
            ensureRow(vendor, account);
            return jdbc.inTransaction("cannot renew the " + vendor + " token", c -> {
                Optional<Token> stored = Jdbc.first(c, """
                        select token, refresh_token, expires_at from fapiao_vendor_token
                        where vendor = ? and account = ? for update""",
                        r -> new Token(r.getString(1), r.getString(2), Jdbc.instant(r, "expires_at")), vendor, account);
                Token now = stored.orElse(null);
                if (now != null && now.value() != null && !now.value().equals(refused)) {
                    return now;
                }
                Token fresh = fetch.get();
                Jdbc.update(c, """
                        update fapiao_vendor_token set token = ?, refresh_token = ?, expires_at = ?, version = version + 1,
                          updated_at = ? where vendor = ? and account = ?""",
                        fresh.value(), fresh.refresh(), fresh.expiresAt(), Instant.now(), vendor, account);
                return fresh;
            });
        } finally {
            lock.unlock();
        }
    }

    /** Replaces the stored token unconditionally (a refresh that kept the same login). */
    public void store(String vendor, String account, Token token) {
        ensureRow(vendor, account);
        jdbc.update("""
                update fapiao_vendor_token set token = ?, refresh_token = ?, expires_at = ?, version = version + 1,
                  updated_at = ? where vendor = ? and account = ?""",
                token.value(), token.refresh(), token.expiresAt(), Instant.now(), vendor, account);
    }

    private void ensureRow(String vendor, String account) {
        if (jdbc.first("select 1 from fapiao_vendor_token where vendor = ? and account = ?", r -> 1, vendor, account)
                .isEmpty()) {
            try {
                jdbc.update("insert into fapiao_vendor_token (vendor, account, updated_at) values (?, ?, ?)", vendor,
                        account, Instant.now());
            } catch (LedgerException e) {
                // another instance inserted it at the same moment
            }
        }
    }
}

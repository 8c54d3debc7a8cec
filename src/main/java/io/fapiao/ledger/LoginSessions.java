package io.fapiao.ledger;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fapiao.login.LoginMethod;
import io.fapiao.login.LoginState;
import io.fapiao.login.LoginStep;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Sellers' tax-bureau sessions at their vendors, one row per (vendor, seller), shared by every instance of the
 * bundle. What a login call left is written by the one instance that holds the session's lease; what the issuing
 * flow learns (the vendor says the session ended, an invoice was issued) is written by any instance in one
 * conditional statement each. An observation older than the latest confirmed login is ignored: an answer that left
 * the vendor before the seller logged in again says nothing about the session now.
 *
 * <p>Whether a session is down is asked for every order, so it is answered from memory: refreshed from the ledger
 * on every {@link #refresh()} (the login clock's tick) and kept up to date by this instance's own writes.
 */
public final class LoginSessions {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What {@link #loggedOut} did. */
    public enum Change {
        /** The session was up (or unknown) and is now down: someone must be told. */
        WENT_DOWN,
        /** It was down already. */
        STILL_DOWN,
        /** The observation is older than the latest confirmed login: ignored. */
        STALE
    }

    private static final String WORKS = "开票正常 / issuing works";
    private static final Duration WORKING_EVERY = Duration.ofMinutes(1);

    /** Told of this instance's own changes at once (other instances' are seen on the next {@link #refresh()}). */
    public interface Listener {
        /** The session went down: its seller's orders wait, someone must log in. */
        void wentDown(String vendor, String taxId, String reason);

        /** The session came up: orders waiting for it may go. */
        void cameUp(String vendor, String taxId);
    }

    private final Jdbc jdbc;
    private volatile Listener listener = new Listener() {
        @Override
        public void wentDown(String vendor, String taxId, String reason) {
        }

        @Override
        public void cameUp(String vendor, String taxId) {
        }
    };
    private final Map<String, Instant> lastWorking = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile Set<String> down;

    public LoginSessions(LedgerDatabase database) {
        this.jdbc = database.jdbc();
    }

    public void listen(Listener listener) {
        this.listener = listener;
    }

    public Optional<LoginSession> find(String vendor, String taxId) {
        return jdbc.first("select * from fapiao_login where vendor = ? and seller_tax_id = ?", LoginSessions::session,
                vendor, taxId);
    }

    public List<LoginSession> all() {
        return jdbc.query("select * from fapiao_login order by vendor, seller_tax_id", LoginSessions::session);
    }

    /** Whether the vendor said the seller's session has ended and no login succeeded since. */
    public boolean isDown(String vendor, String taxId) {
        Set<String> d = down;
        if (d == null) {
            refresh();
            d = down;
        }
        return d.contains(key(vendor, taxId));
    }

    /** Reads every session again (another instance may have changed one); answers them. */
    public List<LoginSession> refresh() {
        List<LoginSession> all = all();
        Set<String> d = new HashSet<>();
        all.stream().filter(LoginSession::down).forEach(s -> d.add(key(s.vendor(), s.sellerTaxId())));
        down = Set.copyOf(d);
        return all;
    }

    private void mark(String vendor, String taxId, boolean isDown) {
        boolean was = down != null && down.contains(key(vendor, taxId));
        Set<String> d = down == null ? new HashSet<>() : new HashSet<>(down);
        if (isDown) {
            d.add(key(vendor, taxId));
        } else {
            d.remove(key(vendor, taxId));
        }
        down = Set.copyOf(d);
        if (was && !isDown) {
            listener.cameUp(vendor, taxId);
        }
    }

    /**
     * Takes the session for one conversation with its vendor, creating its row: false when another caller holds it
     * (its lease has not run out).
     */
    public boolean lease(String vendor, String taxId, String owner, Duration length) {
        ensure(vendor, taxId);
        Instant now = Instant.now();
        return jdbc.update("""
                update fapiao_login set lease_owner = ?, lease_until = ?
                where vendor = ? and seller_tax_id = ? and (lease_until is null or lease_until < ? or lease_owner = ?)""",
                owner, now.plus(length), vendor, taxId, now, owner) == 1;
    }

    public void unlease(String vendor, String taxId, String owner) {
        jdbc.update("update fapiao_login set lease_owner = null, lease_until = null where vendor = ? and seller_tax_id = ? "
                + "and lease_owner = ?", vendor, taxId, owner);
    }

    /**
     * Takes the sessions whose scan or status is to be asked about now, under a lease, so no other instance asks
     * about them meanwhile. Rate-limited sessions wait until the vendor allows calls again.
     */
    public List<LoginSession> takeDue(String owner, Duration length, int limit) {
        Instant now = Instant.now();
        List<LoginSession> candidates = jdbc.query("""
                select * from fapiao_login where next_check_at <= ? and (not_before is null or not_before <= ?)
                  and (lease_until is null or lease_until < ?) order by next_check_at fetch first""" + " " + limit
                + " rows only", LoginSessions::session, now, now, now);
        List<LoginSession> taken = new ArrayList<>();
        for (LoginSession s : candidates) {
            int n = jdbc.update("""
                    update fapiao_login set lease_owner = ?, lease_until = ?
                    where vendor = ? and seller_tax_id = ? and (lease_until is null or lease_until < ?)""",
                    owner, now.plus(length), s.vendor(), s.sellerTaxId(), now);
            if (n == 1) {
                taken.add(s);
            }
        }
        return taken;
    }

    /**
     * A login was started (the caller holds the lease): its first step replaces what the previous login left.
     *
     * @param nextCheck when to ask about the scan or the session next, or null
     */
    public void started(String vendor, String taxId, LoginMethod method, LoginStep step, Instant nextCheck) {
        Instant now = Instant.now();
        jdbc.update("""
                update fapiao_login set state = ?, login_method = ?, message = ?, handles = ?, qr_content = ?,
                  started_at = ?, next_check_at = ?, not_before = ?, updated_at = ? where vendor = ? and seller_tax_id = ?""",
                step.state().name(), method.name(), Jdbc.clip(step.message(), 1000), json(step.handles()),
                Jdbc.clip(step.qrContent(), 2000), now, nextCheck, notBefore(step, now), now, vendor, taxId);
        if (step.state() == LoginState.LOGGED_IN) {
            up(vendor, taxId, now);
        }
    }

    /**
     * A later step of the same login (the SMS code, the scan; the caller holds the lease): its handles are added to
     * the login's, and a QR code is kept until the scan ends it.
     */
    public void stepped(String vendor, String taxId, LoginStep step, Map<String, String> handles, Instant nextCheck) {
        Instant now = Instant.now();
        Map<String, String> all = new LinkedHashMap<>(handles);
        all.putAll(step.handles());
        String qr = step.state() == LoginState.QR_READY ? null : "";
        jdbc.update("""
                update fapiao_login set state = ?, message = ?, handles = ?, qr_content = coalesce(?, qr_content),
                  next_check_at = ?, not_before = ?, updated_at = ? where vendor = ? and seller_tax_id = ?""",
                step.state().name(), Jdbc.clip(step.message(), 1000), json(all),
                step.qrContent().isEmpty() ? qr : Jdbc.clip(step.qrContent(), 2000), nextCheck, notBefore(step, now), now,
                vendor, taxId);
        if (step.state() == LoginState.LOGGED_IN) {
            up(vendor, taxId, now);
        }
    }

    /** A call about the session got no usable answer (unreachable, rate limited): asked again at {@code nextCheck}. */
    public void unanswered(String vendor, String taxId, LoginStep step, Instant nextCheck) {
        Instant now = Instant.now();
        jdbc.update("""
                update fapiao_login set next_check_at = ?, not_before = coalesce(?, not_before), updated_at = ?
                where vendor = ? and seller_tax_id = ?""", nextCheck, notBefore(step, now), now, vendor, taxId);
    }

    /** The vendor's status call said the session holds. */
    public void confirmed(String vendor, String taxId, Instant nextCheck) {
        Instant now = Instant.now();
        jdbc.update("""
                update fapiao_login set state = case when state in ('SMS_SENT', 'QR_READY') then state else 'LOGGED_IN' end,
                  message = case when state in ('SMS_SENT', 'QR_READY') then message else ? end,
                  next_check_at = coalesce(?, next_check_at), updated_at = ? where vendor = ? and seller_tax_id = ?""",
                "税局登录有效 / the tax-bureau session holds", nextCheck, now, vendor, taxId);
        up(vendor, taxId, now);
    }

    /** The session holds from {@code now}: confirmed, not down, orders may go. */
    private void up(String vendor, String taxId, Instant now) {
        jdbc.update("""
                update fapiao_login set session_down = false, down_since = null, confirmed_at = ?
                where vendor = ? and seller_tax_id = ?""", now, vendor, taxId);
        mark(vendor, taxId, false);
    }

    /**
     * The vendor said the seller's session has ended, in an answer to a call made at {@code askedAt}. Ignored when a
     * login was confirmed after that call left (the answer is older than the login).
     *
     * @param nextCheck when to ask the vendor's status call again, or null when it has none
     */
    public Change loggedOut(String vendor, String taxId, String reason, Instant askedAt, Instant nextCheck) {
        ensure(vendor, taxId);
        Instant now = Instant.now();
        Change change = jdbc.inTransaction("cannot record the session of " + taxId, c -> {
            Optional<LoginSession> row = Jdbc.first(c, "select * from fapiao_login where vendor = ? and seller_tax_id = ? "
                    + "for update", LoginSessions::session, vendor, taxId);
            if (row.isEmpty()) {
                return Change.STALE;
            }
            LoginSession s = row.get();
            if (s.confirmedAt() != null && askedAt != null && !s.confirmedAt().isBefore(askedAt)) {
                return Change.STALE;
            }
            Jdbc.update(c, """
                    update fapiao_login set session_down = true, down_since = coalesce(down_since, ?),
                      state = case when state in ('SMS_SENT', 'QR_READY') then state else 'LOGGED_OUT' end,
                      message = case when state in ('SMS_SENT', 'QR_READY') then message else ? end,
                      next_check_at = coalesce(next_check_at, ?), updated_at = ? where vendor = ? and seller_tax_id = ?""",
                    now, Jdbc.clip(reason, 1000), nextCheck, now, vendor, taxId);
            return s.down() ? Change.STILL_DOWN : Change.WENT_DOWN;
        });
        if (change != Change.STALE) {
            mark(vendor, taxId, true);
        }
        if (change == Change.WENT_DOWN) {
            listener.wentDown(vendor, taxId, reason);
        }
        return change;
    }

    /**
     * The vendor issued an invoice for this seller in answer to a call made at {@code askedAt}: the session worked
     * then. A down session comes up only when that call left after it went down. Written at most once a minute per
     * session while it is up (this is asked for every issued invoice). Answers whether the session came up.
     */
    public boolean working(String vendor, String taxId, Instant askedAt) {
        Instant now = Instant.now();
        Instant asked = askedAt == null ? now : askedAt;
        String key = key(vendor, taxId);
        Instant last = lastWorking.get(key);
        if (!isDown(vendor, taxId) && last != null && last.isAfter(now.minus(WORKING_EVERY))) {
            return false;
        }
        lastWorking.put(key, now);
        if (find(vendor, taxId).isEmpty()) {
            try {
                jdbc.update("""
                        insert into fapiao_login (vendor, seller_tax_id, state, message, confirmed_at, updated_at)
                        values (?, ?, 'LOGGED_IN', ?, ?, ?)""", vendor, taxId, WORKS, asked, now);
                return false;
            } catch (LedgerException e) {
                // another instance inserted it at the same moment
            }
        }
        int up = jdbc.update("""
                update fapiao_login set session_down = false, down_since = null, confirmed_at = ?, state = 'LOGGED_IN',
                  message = ?, updated_at = ?
                where vendor = ? and seller_tax_id = ? and session_down = true and down_since < ?""",
                asked, WORKS, now, vendor, taxId, asked);
        if (up == 1) {
            mark(vendor, taxId, false);
            return true;
        }
        jdbc.update("""
                update fapiao_login set confirmed_at = ? where vendor = ? and seller_tax_id = ? and session_down = false
                  and (confirmed_at is null or confirmed_at < ?)""", asked, vendor, taxId, asked);
        return false;
    }

    /**
     * Whether to tell a person now that this seller must log in: true for exactly one caller across instances, and
     * not again before {@code interval} has passed.
     */
    public boolean claimNotice(String vendor, String taxId, Duration interval) {
        Instant now = Instant.now();
        return jdbc.update("""
                update fapiao_login set notified_at = ? where vendor = ? and seller_tax_id = ? and session_down = true
                  and (notified_at is null or notified_at < ?)""", now, vendor, taxId, now.minus(interval)) == 1;
    }

    private void ensure(String vendor, String taxId) {
        if (find(vendor, taxId).isPresent()) {
            return;
        }
        try {
            jdbc.update("insert into fapiao_login (vendor, seller_tax_id, state, message, updated_at) values (?, ?, ?, ?, ?)",
                    vendor, taxId, LoginState.LOGGED_OUT.name(), "尚未登录 / not logged in yet", Instant.now());
        } catch (LedgerException e) {
            // another instance inserted it at the same moment
        }
    }

    private static Instant notBefore(LoginStep step, Instant now) {
        return step.waitBefore().isZero() ? null : now.plus(step.waitBefore());
    }

    private static String key(String vendor, String taxId) {
        return vendor + "\u0000" + taxId;
    }

    private static String json(Map<String, String> handles) {
        try {
            return Jdbc.clip(JSON.writeValueAsString(handles), 4000);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> handles(String json) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        try {
            return JSON.readValue(json, new TypeReference<LinkedHashMap<String, String>>() { });
        } catch (Exception e) {
            return Map.of();
        }
    }

    static LoginSession session(ResultSet r) throws SQLException {
        String method = r.getString("login_method");
        return new LoginSession(r.getString("vendor"), r.getString("seller_tax_id"),
                LoginState.valueOf(r.getString("state")), method == null ? null : LoginMethod.valueOf(method),
                r.getBoolean("session_down"), Jdbc.instant(r, "down_since"), Jdbc.text(r, "message"),
                handles(r.getString("handles")), Jdbc.text(r, "qr_content"), Jdbc.instant(r, "started_at"),
                Jdbc.instant(r, "confirmed_at"), Jdbc.instant(r, "not_before"), Jdbc.instant(r, "next_check_at"),
                Jdbc.instant(r, "notified_at"), Jdbc.instant(r, "updated_at"));
    }
}

package io.fapiao.login;

import io.fapiao.api.ApiException;
import io.fapiao.api.HealthBoard;
import io.fapiao.config.Seller;
import io.fapiao.config.Sellers;
import io.fapiao.ledger.Ledger;
import io.fapiao.ledger.LoginSession;
import io.fapiao.ledger.LoginSessions;
import io.fapiao.vendor.Vendor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Sellers' tax-bureau logins, the same for every vendor: starting a login (SMS or QR), taking the SMS code, watching
 * the QR scan and the session, and what follows from each step — the session in the ledger, the seller's held orders
 * released once logged in, health, the QR picture and the state file in {@code outbox/login/}, a person told when a
 * login is needed. The vendor's own calls are its {@link LoginVendor}'s.
 *
 * <p>A vendor's request not to be called again before some time (SMS too often, quota, too frequent) is kept in the
 * ledger and honoured by every instance: until then starting a login is refused here (HTTP 429) without reaching the
 * vendor, and the session's checks wait; an SMS code a person received still goes through. Passwords and SMS codes pass through to the vendor and are never kept,
 * logged or written; credentials given with a request are used for that request only.
 */
public final class Logins implements LoginSessions.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(Logins.class);
    /** Health part of a seller's session: {@code login <vendor> <taxId>}. */
    static final String HEALTH = "login ";
    private static final Pattern TAX_ID = Pattern.compile("[0-9A-Z]{15,20}");
    private static final Pattern SMS_CODE = Pattern.compile("[0-9A-Za-z]{4,10}");
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());
    /** How long to wait for another caller's conversation about the same session to end. */
    private static final Duration WAIT_FOR_LEASE = Duration.ofSeconds(10);

    /**
     * How often things are asked.
     *
     * @param checkEvery how often a session is asked about with the vendor's status call
     * @param qrPoll     how often a shown QR code is asked about until scanned
     * @param qrLife     a QR code not scanned by then is given up (vendors end theirs in 5–30 minutes)
     * @param lease      the longest one conversation with a vendor about one session may take
     */
    public record Timing(Duration checkEvery, Duration qrPoll, Duration qrLife, Duration lease) {
    }

    /** What a login call answers: the HTTP status, the session's state and why; {@code retryAt} when rate limited. */
    public record Answer(int status, LoginState state, String message, Instant retryAt) {
    }

    private final LoginSessions sessions;
    private final Ledger ledger;
    private final Sellers sellers;
    private final HealthBoard health;
    private final LoginFiles files;
    private final LoginNotices notices;
    private final Supplier<Map<Vendor, LoginVendor>> vendors;
    private final Timing timing;
    private final String owner;

    public Logins(LoginSessions sessions, Ledger ledger, Sellers sellers, HealthBoard health, LoginFiles files,
                  LoginNotices notices, Supplier<Map<Vendor, LoginVendor>> vendors, Timing timing, String owner) {
        this.sessions = sessions;
        this.ledger = ledger;
        this.sellers = sellers;
        this.health = health;
        this.files = files;
        this.notices = notices;
        this.vendors = vendors;
        this.timing = timing;
        this.owner = owner;
    }

    // --- what a person asks (REST, the .sms file)

    /**
     * Starts a login. {@code fields} are the request's: {@code method}, optionally the seller's {@code account},
     * {@code password}, {@code phone}, {@code region}, {@code identity} for this call only, and vendor options.
     */
    public Answer start(String vendorKey, String taxIdText, Map<String, String> fields) {
        LoginVendor vendor = vendor(vendorKey);
        String taxId = taxId(taxIdText);
        LoginMethod method = LoginMethod.of(fields.get("method")).orElseThrow(() -> new ApiException(400,
                "method须为sms或qr / method must be \"sms\" or \"qr\""));
        if (!vendor.methods().contains(method)) {
            throw new ApiException(400, vendor.key().key() + "不支持" + method.word() + "登录 / " + vendor.key().key()
                    + " has no " + method.word() + " login");
        }
        SellerLogin login = sellerLogin(taxId, fields);
        List<String> missing = vendor.missing(method, login);
        if (!missing.isEmpty()) {
            throw new ApiException(400, "缺少销方登录信息：" + String.join("、", names(taxId, missing)) + " / the seller's "
                    + "login settings lack " + String.join(", ", names(taxId, missing)) + " (or give them in the request)");
        }
        Map<String, String> options = new LinkedHashMap<>(fields);
        List.of("method", "account", "password", "phone", "region", "identity").forEach(options::remove);
        String key = vendor.key().key();
        return withLease(key, taxId, () -> {
            Optional<Answer> limited = rateLimited(key, taxId);
            if (limited.isPresent()) {
                return limited.get();
            }
            LoginStep step = vendor.start(method, login, options);
            Optional<LoginSession> before = sessions.find(key, taxId);
            if (step.state() == LoginState.FAILED && before.isPresent() && before.get().state().waitsForPerson()) {
                // the login under way still holds at the vendor (an SMS sent a minute ago, a QR shown): keep it
                sessions.unanswered(key, taxId, step, before.get().nextCheckAt());
            } else {
                sessions.started(key, taxId, method, step, nextCheck(step, before.map(LoginSession::down).orElse(false)));
            }
            LOG.info("Login of seller {} at {} ({}): {} - {}", taxId, key, method.word(), step.state(), step.en());
            return answer(key, taxId, step);
        });
    }

    /** The SMS code of the seller's SMS login under way. The code is passed on and forgotten. */
    public Answer submitSms(String vendorKey, String taxIdText, String code) {
        LoginVendor vendor = vendor(vendorKey);
        String taxId = taxId(taxIdText);
        String c = code == null ? "" : code.strip();
        if (!SMS_CODE.matcher(c).matches()) {
            throw new ApiException(400, "验证码须为4至10位字母或数字 / the SMS code must be 4 to 10 letters or digits");
        }
        String key = vendor.key().key();
        return withLease(key, taxId, () -> {
            LoginSession s = sessions.find(key, taxId).orElse(null);
            if (s == null || s.method() != LoginMethod.SMS || s.state() == LoginState.LOGGED_IN
                    || s.state() == LoginState.QR_READY) {
                throw new ApiException(409, "没有等待验证码的短信登录，请先发起：POST /api/login/" + key + "/" + taxId
                        + " {\"method\":\"sms\"} / no SMS login is waiting for a code; start one first");
            }
            // not held back by a rate limit: a code a person received is one call, and it ends within minutes
            LoginStep step = vendor.submitSms(sellerLogin(taxId, Map.of()), s.handles(), c);
            sessions.stepped(key, taxId, step, s.handles(), nextCheck(step, s.down()));
            LOG.info("Login of seller {} at {} (sms code): {} - {}", taxId, key, step.state(), step.en());
            return answer(key, taxId, step);
        });
    }

    /** The session as the ledger knows it; empty when there was never a login or an issuing answer for it. */
    public Optional<LoginSession> session(String vendorKey, String taxIdText) {
        LoginVendor vendor = vendor(vendorKey);
        return sessions.find(vendor.key().key(), taxId(taxIdText));
    }

    /** How many of the seller's orders at this vendor wait for its login. */
    public int waiting(String vendorKey, String taxId) {
        return ledger.held().stream().filter(h -> h.vendor().equals(vendorKey) && h.sellerTaxId().equals(taxId))
                .mapToInt(Ledger.Held::orders).sum();
    }

    /** The QR code to scan, as a PNG. */
    public byte[] qrPng(String vendorKey, String taxIdText) {
        LoginSession s = session(vendorKey, taxIdText).orElse(null);
        if (s == null || s.state() != LoginState.QR_READY || s.qrContent().isEmpty()) {
            throw new ApiException(404, "没有待扫描的二维码，请先发起扫码登录 {\"method\":\"qr\"} / no QR code is waiting to be "
                    + "scanned; start a QR login first");
        }
        return QrPng.png(s.qrContent());
    }

    // --- what the clock asks

    /** Asks about one session the clock took (under its lease): the scan of a shown QR code, or the session itself. */
    public void check(LoginSession s) {
        String key = s.vendor();
        try {
            LoginVendor vendor = vendors.get().get(Vendor.of(key).orElse(null));
            if (vendor == null) {
                sessions.unanswered(key, s.sellerTaxId(), LoginStep.of(LoginState.FAILED, "", ""), null);
                return;
            }
            SellerLogin login = sellerLogin(s.sellerTaxId(), Map.of());
            Instant now = Instant.now();
            if (s.state() == LoginState.QR_READY) {
                LoginStep step = s.startedAt() != null && now.isAfter(s.startedAt().plus(timing.qrLife()))
                        ? LoginStep.of(LoginState.FAILED, "二维码已过期，请重新发起扫码登录", "the QR code expired unscanned; start again")
                        : vendor.checkQr(login, s.handles());
                sessions.stepped(key, s.sellerTaxId(), step, s.handles(), nextCheck(step, s.down()));
                if (step.state() != LoginState.QR_READY) {
                    LOG.info("Login of seller {} at {} (qr scan): {} - {}", s.sellerTaxId(), key, step.state(), step.message());
                }
                after(key, s.sellerTaxId(), step);
                return;
            }
            Optional<LoginStep> status = vendor.checkSession(login, s.handles());
            Instant next = now.plus(timing.checkEvery());
            if (status.isEmpty()) {
                sessions.unanswered(key, s.sellerTaxId(), LoginStep.of(LoginState.FAILED, "", ""), null);
                return;
            }
            LoginStep step = status.get();
            switch (step.state()) {
                case LOGGED_IN -> sessions.confirmed(key, s.sellerTaxId(), next);
                case LOGGED_OUT -> sessions.loggedOut(key, s.sellerTaxId(), LoginNeeded.REASON + "（" + step.zh() + "）",
                        now, next);
                default -> {
                    sessions.unanswered(key, s.sellerTaxId(), step, next);
                    LOG.info("Session of seller {} at {} could not be checked: {}", s.sellerTaxId(), key, step.en());
                }
            }
            vendorHealth(key, step);
        } catch (RuntimeException e) {
            LOG.warn("Session of seller {} at {} could not be checked ({})", s.sellerTaxId(), key,
                    e.getClass().getSimpleName());
            sessions.unanswered(key, s.sellerTaxId(), LoginStep.of(LoginState.FAILED, "", ""),
                    Instant.now().plus(timing.qrPoll()));
        } finally {
            sessions.unlease(key, s.sellerTaxId(), owner);
        }
    }

    /**
     * Brings this instance up to date with the ledger: every session's health, the QR pictures, and the held orders
     * of sellers whose session is up again (another instance's login, or an answer that came after the login).
     */
    public void sync() {
        List<LoginSession> all = sessions.refresh();
        Map<String, Integer> held = new LinkedHashMap<>();
        for (Ledger.Held h : ledger.held()) {
            held.merge(h.vendor() + " " + h.sellerTaxId(), h.orders(), Integer::sum);
        }
        for (LoginSession s : all) {
            String part = HEALTH + s.vendor() + " " + s.sellerTaxId();
            Integer waiting = held.remove(s.vendor() + " " + s.sellerTaxId());
            if (s.down()) {
                health.down(part, downReason(s, waiting == null ? 0 : waiting));
                if (notices.claim(s.vendor(), s.sellerTaxId())) {
                    notices.loginNeeded(s.vendor(), s.sellerTaxId(), s.message(), waiting == null ? 0 : waiting);
                }
            } else {
                health.up(part);
                if (waiting != null) {
                    release(s.vendor(), s.sellerTaxId());
                }
            }
            files.sync(s);
        }
    }

    // --- what the ledger tells (this instance's own changes)

    @Override
    public void wentDown(String vendor, String taxId, String reason) {
        int waiting = waiting(vendor, taxId);
        health.down(HEALTH + vendor + " " + taxId, LoginNeeded.REASON + "；" + waiting + "张待开 / " + waiting + " orders wait");
        LOG.warn("Seller {} must log in to the tax bureau again at {}; its orders wait. Log in: POST /api/login/{}/{} "
                + "{\"method\":\"sms\"} or {\"method\":\"qr\"}", taxId, vendor, vendor, taxId);
        if (notices.claim(vendor, taxId)) {
            notices.loginNeeded(vendor, taxId, reason, waiting);
        }
    }

    @Override
    public void cameUp(String vendor, String taxId) {
        health.up(HEALTH + vendor + " " + taxId);
        release(vendor, taxId);
    }

    // --- helpers

    /** The held orders of a seller whose session is up go, in input order: never sent ones are sent, kept ones resubmitted. */
    private void release(String vendor, String taxId) {
        int released = ledger.releaseHeld(taxId, vendor);
        if (released > 0) {
            LOG.info("Seller {} is logged in at {} again: its {} held orders go now, in input order", taxId, vendor,
                    released);
        }
    }

    /** What follows a step: the session's health, the QR picture, the state file. */
    private void after(String vendor, String taxId, LoginStep step) {
        vendorHealth(vendor, step);
        Optional<LoginSession> s = sessions.find(vendor, taxId);
        s.ifPresent(files::sync);
        if (step.state() == LoginState.LOGGED_IN) {
            health.up(HEALTH + vendor + " " + taxId);
            release(vendor, taxId);
        }
    }

    private void vendorHealth(String vendor, LoginStep step) {
        if (step.configurationProblem()) {
            health.down("vendor " + vendor, step.message());
        } else if (step.state() != LoginState.FAILED) {
            health.up("vendor " + vendor);
        }
    }

    private Answer answer(String vendor, String taxId, LoginStep step) {
        after(vendor, taxId, step);
        String message = step.message();
        Instant retry = null;
        if (!step.waitBefore().isZero()) {
            retry = Instant.now().plus(step.waitBefore());
            message = message + "（请于" + CLOCK.format(retry) + "之后再试 / try again after " + CLOCK.format(retry) + "）";
        }
        return new Answer(200, step.state(), message, retry);
    }

    private Optional<Answer> rateLimited(String vendor, String taxId) {
        Optional<LoginSession> s = sessions.find(vendor, taxId);
        Instant now = Instant.now();
        if (s.isPresent() && s.get().rateLimited(now)) {
            Instant at = s.get().notBefore();
            return Optional.of(new Answer(429, LoginState.FAILED, vendor + "要求暂停调用，请于" + CLOCK.format(at)
                    + "之后再试 / " + vendor + " asked not to be called before " + CLOCK.format(at) + "; not called", at));
        }
        return Optional.empty();
    }

    /** Runs a conversation about one session while holding its lease, waiting a little for another caller's to end. */
    private Answer withLease(String vendor, String taxId, Supplier<Answer> work) {
        Instant give = Instant.now().plus(WAIT_FOR_LEASE);
        while (!sessions.lease(vendor, taxId, owner, timing.lease())) {
            if (Instant.now().isAfter(give)) {
                throw new ApiException(409, "该销方的另一个登录请求正在进行，请稍后再试 / another login call for this seller is "
                        + "under way; try again shortly");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ApiException(503, "中断 / interrupted");
            }
        }
        try {
            return work.get();
        } finally {
            sessions.unlease(vendor, taxId, owner);
        }
    }

    private Instant nextCheck(LoginStep step, boolean down) {
        Instant now = Instant.now();
        return switch (step.state()) {
            case QR_READY -> now.plus(timing.qrPoll());
            case LOGGED_IN -> now.plus(timing.checkEvery());
            default -> down ? now.plus(timing.checkEvery()) : null;
        };
    }

    private String downReason(LoginSession s, int waiting) {
        String since = s.downSince() == null ? "" : "，自" + CLOCK.format(s.downSince());
        String limited = s.rateLimited(Instant.now()) ? "；" + CLOCK.format(s.notBefore()) + "前暂停调用 / no calls before "
                + CLOCK.format(s.notBefore()) : "";
        return LoginNeeded.REASON + since + "；" + waiting + "张待开 / " + waiting + " orders wait" + limited;
    }

    /** The seller's configured login settings, with what the request gave for this call on top. */
    private SellerLogin sellerLogin(String taxId, Map<String, String> given) {
        Optional<Seller> s = sellers.of(taxId);
        return new SellerLogin(taxId,
                pick(given, "region", s.map(Seller::region)), pick(given, "account", s.map(Seller::account)),
                pick(given, "password", s.map(Seller::password)), pick(given, "phone", s.map(Seller::phone)),
                pick(given, "identity", s.map(Seller::identity)));
    }

    private static String pick(Map<String, String> given, String name, Optional<String> configured) {
        String v = given.get(name);
        return v != null && !v.isBlank() ? v.strip() : configured.orElse("");
    }

    private static List<String> names(String taxId, List<String> suffixes) {
        List<String> out = new ArrayList<>();
        suffixes.forEach(s -> out.add("fapiao.sellers." + taxId + "." + s));
        return out;
    }

    private LoginVendor vendor(String key) {
        Vendor v = Vendor.of(key).orElseThrow(() -> new ApiException(404, "未知的供应商：" + clean(key)
                + "（yun2、jumdata、qixiangyun、sdqz） / unknown vendor " + clean(key)));
        LoginVendor lv = vendors.get().get(v);
        if (lv == null) {
            throw new ApiException(404, "供应商" + v.key() + "未提供税局登录 / vendor " + v.key() + " has no tax-bureau login here");
        }
        return lv;
    }

    private static String taxId(String text) {
        String t = text == null ? "" : text.strip().toUpperCase(Locale.ROOT);
        if (!TAX_ID.matcher(t).matches()) {
            throw new ApiException(400, "销方税号无效：须为15至20位数字或大写字母 / the seller's tax id must be 15 to 20 digits or "
                    + "capital letters");
        }
        return t;
    }

    private static String clean(String s) {
        String t = s == null ? "" : s.replaceAll("[^A-Za-z0-9_-]", "");
        return t.length() > 20 ? t.substring(0, 20) : t;
    }

    /** Every login vendor the bundle has, by key. */
    public static Map<Vendor, LoginVendor> byKey(Iterable<LoginVendor> all) {
        Map<Vendor, LoginVendor> out = new EnumMap<>(Vendor.class);
        all.forEach(v -> out.put(v.key(), v));
        return out;
    }
}

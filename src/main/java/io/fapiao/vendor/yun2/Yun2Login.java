package io.fapiao.vendor.yun2;

import io.fapiao.login.LoginMethod;
import io.fapiao.login.LoginState;
import io.fapiao.login.LoginStep;
import io.fapiao.login.QrPng;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The seller's tax-bureau login through yun2, as its document gives it: {@code /API/TERM/LOGIN} with {@code dlfs} 2
 * (an SMS code entered through the API, then {@code /API/OTHER/SetSMS} with {@code yzm}) or 4 (a QR code scanned
 * with the tax app, then {@code /API/TERM/EWMDD} waits for the scan), and {@code /API/TERM/QRCODE} for the QR alone.
 *
 * <p>The document: "如果data返回的解密后不是手机号，说明已经登陆成功 … 扫脸登陆时也是一样" — LOGIN's {@code DATA}, decoded
 * (base64), is the phone number the SMS went to, or the QR code ("此接口返回二维码的img"), and anything else means the
 * enterprise is logged in already. A decoded picture is read for its QR content; text with {@code qrcode} in it (as
 * {@code QRCODE} answers {@code qrcode_id=…}) or a link is the QR content itself.
 */
public final class Yun2Login {

    public static final String LOGIN = "/API/TERM/LOGIN";
    public static final String SET_SMS = "/API/OTHER/SetSMS";
    public static final String QRCODE = "/API/TERM/QRCODE";
    public static final String EWMDD = "/API/TERM/EWMDD";

    /** SMS codes too often and the answer names no wait: the tax bureau's usual minute. */
    static final Duration SMS_WAIT = Duration.ofSeconds(60);
    private static final Pattern PHONE = Pattern.compile("\\+?[0-9*]{7,15}");
    private static final Pattern SECONDS = Pattern.compile("(\\d+)\\s*秒");
    private static final Pattern MINUTES = Pattern.compile("(\\d+)\\s*分钟");

    /** What LOGIN's {@code DATA} held. */
    sealed interface Data permits Phone, Qr, Picture, Nothing {
    }

    record Phone(String masked) implements Data {
    }

    record Qr(String content) implements Data {
    }

    record Picture(byte[] bytes) implements Data {
    }

    record Nothing(String text) implements Data {
    }

    private Yun2Login() {
    }

    /** {@code dlfs}: 2 = an SMS code entered through the API, 4 = QR code face scan. */
    public static String dlfs(LoginMethod method) {
        return method == LoginMethod.SMS ? "2" : "4";
    }

    /** LOGIN: {@code spid}, the tax-bureau account and password ({@code dzswjyh}, {@code dzswjmm}), {@code dlfs}. */
    public static String loginForm(String spid, String account, String password, LoginMethod method) {
        return Yun2Form.with("spid", spid).and("dzswjyh", account).and("dzswjmm", password).and("dlfs", dlfs(method))
                .encode();
    }

    public static String setSmsForm(String spid, String code) {
        return Yun2Form.with("spid", spid).and("yzm", code).encode();
    }

    /** QRCODE and EWMDD take the enterprise alone. */
    public static String spidForm(String spid) {
        return Yun2Form.with("spid", spid).encode();
    }

    /**
     * LOGIN's answer. For SMS: the phone the code went to (SMS_SENT) or already logged in. For QR: the QR content
     * (QR_READY), a picture whose content could not be read (QR_READY without content: ask QRCODE), or already
     * logged in.
     */
    public static LoginStep login(LoginMethod method, String body) {
        Yun2Reply r = Yun2Reply.parse(body);
        if (!r.ok()) {
            return refused(r, method == LoginMethod.SMS ? "税局登录失败" : "获取登录二维码失败");
        }
        Data data = data(r.text("DATA"));
        String message = r.message();
        if (method == LoginMethod.SMS) {
            if (data instanceof Phone p) {
                return LoginStep.of(LoginState.SMS_SENT, "验证码已发送至" + p.masked(),
                        "SMS code sent to " + p.masked() + "; enter it to finish the login");
            }
            if (data instanceof Nothing && says(message, "验证码", "短信") && !message.contains("正常")) {
                // no phone in DATA, but the message says a code went out: the login is not done yet
                return LoginStep.of(LoginState.SMS_SENT, message, "SMS code sent; enter it to finish the login");
            }
        }
        if (method == LoginMethod.QR) {
            if (data instanceof Qr q) {
                return qrReady(q.content());
            }
            if (data instanceof Picture pic) {
                return QrPng.read(pic.bytes()).map(Yun2Login::qrReady).orElseGet(Yun2Login::askQrcode);
            }
            if (data instanceof Nothing && says(message, "二维码", "扫码", "扫脸") && !message.contains("正常")) {
                return askQrcode();
            }
        }
        return LoginStep.of(LoginState.LOGGED_IN, r.message().isEmpty() ? "正常登陆" : r.message(),
                "already logged in at the tax bureau");
    }

    /** QRCODE's answer: {@code Qrcode} is the content to show. */
    public static LoginStep qrcode(String body) {
        Yun2Reply r = Yun2Reply.parse(body);
        String content = r.text("Qrcode");
        if (!r.ok() || content.isEmpty()) {
            return refused(r, "获取二维码失败");
        }
        return qrReady(content);
    }

    /** SetSMS: Result 1 logs the enterprise in; Result 0 says why (a wrong or expired code, no LOGIN before). */
    public static LoginStep smsSet(String body) {
        Yun2Reply r = Yun2Reply.parse(body);
        if (r.ok()) {
            return LoginStep.of(LoginState.LOGGED_IN, r.message().isEmpty() ? "调用成功" : r.message(),
                    "logged in at the tax bureau");
        }
        return refused(r, "验证码校验失败");
    }

    /** EWMDD: Result 1 the scan logged the enterprise in; "等待…" not scanned within the wait; else the QR is over. */
    public static LoginStep scanWaited(String body) {
        Yun2Reply r = Yun2Reply.parse(body);
        if (r.ok()) {
            return LoginStep.of(LoginState.LOGGED_IN, r.message().isEmpty() ? "调用成功" : r.message(),
                    "logged in by QR scan");
        }
        if (r.message().contains("等待")) {
            return LoginStep.of(LoginState.QR_READY, r.message(), "not scanned yet");
        }
        return refused(r, "扫码登录失败");
    }

    /** A QR login is under way but its code is not in hand: QR_READY without content, so QRCODE is asked for it. */
    private static LoginStep askQrcode() {
        return LoginStep.of(LoginState.QR_READY, "二维码需用QRCODE获取", "the QR code is asked for with QRCODE");
    }

    private static boolean says(String message, String... words) {
        for (String w : words) {
            if (message.contains(w)) {
                return true;
            }
        }
        return false;
    }

    private static LoginStep qrReady(String content) {
        return new LoginStep(LoginState.QR_READY, "请使用税务APP扫码登陆", "scan the QR code with the tax bureau's app",
                content, Map.of(), Duration.ZERO, false);
    }

    /** A Result 0 answer: SMS too often waits (the seconds it names, else a minute); a token trouble is not ours. */
    private static LoginStep refused(Yun2Reply r, String fallback) {
        String msg = r.message().isEmpty() ? fallback : r.message();
        if (msg.contains("频繁")) {
            return new LoginStep(LoginState.FAILED, msg, "SMS codes were requested too often; wait before the next",
                    "", Map.of(), wait(msg), false);
        }
        if (r.tokenRejected()) {
            return LoginStep.of(LoginState.FAILED, msg, "yun2 refused the account's token");
        }
        return LoginStep.of(LoginState.FAILED, msg, "yun2 refused the tax-bureau login: " + msg);
    }

    static Duration wait(String message) {
        Matcher s = SECONDS.matcher(message);
        if (s.find()) {
            return Duration.ofSeconds(Math.max(1, Long.parseLong(s.group(1))));
        }
        Matcher m = MINUTES.matcher(message);
        if (m.find()) {
            return Duration.ofMinutes(Math.max(1, Long.parseLong(m.group(1))));
        }
        return SMS_WAIT;
    }

    /** LOGIN's {@code DATA}: base64 of a phone number, a QR code (text or picture), or anything else. */
    static Data data(String data) {
        String text = data == null ? "" : data.strip();
        if (text.isEmpty()) {
            return new Nothing("");
        }
        Optional<byte[]> bytes = base64(text);
        if (bytes.isPresent() && QrPng.isImage(bytes.get())) {
            return new Picture(bytes.get());
        }
        String decoded = bytes.map(b -> new String(b, StandardCharsets.UTF_8)).filter(Yun2Login::printable)
                .orElse(text).strip();
        if (PHONE.matcher(decoded).matches()) {
            return new Phone(decoded);
        }
        String lower = decoded.toLowerCase(Locale.ROOT);
        if (lower.contains("qrcode") || lower.contains("://")) {
            return new Qr(decoded);
        }
        return new Nothing(decoded);
    }

    private static Optional<byte[]> base64(String text) {
        String t = text.startsWith("data:") && text.contains(",") ? text.substring(text.indexOf(',') + 1) : text;
        try {
            return Optional.of(Base64.getMimeDecoder().decode(t));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static boolean printable(String s) {
        return !s.isEmpty() && s.chars().noneMatch(c -> c == 0xFFFD || c < 0x20 && c != '\n' && c != '\r' && c != '\t');
    }
}

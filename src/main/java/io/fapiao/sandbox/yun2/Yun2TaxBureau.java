package io.fapiao.sandbox.yun2;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fapiao.sandbox.SandboxAccount;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * One enterprise's session with the electronic tax bureau (电子税务局), as yun2 holds it: logged in at start, ended
 * by {@link #expire()} (the tax bureau's "身份认证已超时"), and opened again by the login calls of the document —
 * {@code LOGIN} with {@code dlfs} 2 (an SMS code through the API, then {@code SetSMS}) or 4 (a QR code the operator
 * scans, then {@code EWMDD}), {@code QRCODE} for the face-scan QR alone, and {@code OTHER/SMS} for reading the code
 * the enterprise's SIM card received. All state changes hold this object's monitor; EWMDD waits on it.
 */
final class Yun2TaxBureau {

    /** How long an SMS code and a QR code stay good, as the tax bureau's usual five minutes. */
    static final Duration CODE_LIFE = Duration.ofMinutes(5);
    private static final String QR_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private enum Pending { NONE, SMS, QR }

    private final String areaCode;
    private final String phone;
    private String user;
    private String password;
    /** Read without the monitor: FPKJ asks on every order. */
    private volatile boolean loggedIn = true;
    private Pending pending = Pending.NONE;
    private Instant pendingSince = Instant.EPOCH;
    private Instant lastSms;
    private String lastSmsCode;

    Yun2TaxBureau(String areaCode, String phone, String user, String password) {
        this.areaCode = areaCode;
        this.phone = phone;
        this.user = user;
        this.password = password;
    }

    boolean loggedIn() {
        return loggedIn;
    }

    /** The tax bureau ended the session: issuing needs a new login. */
    synchronized void expire() {
        loggedIn = false;
        pending = Pending.NONE;
        notifyAll();
    }

    /** Back to the start: logged in, nothing pending, no SMS received. */
    synchronized void reset() {
        loggedIn = true;
        pending = Pending.NONE;
        lastSms = null;
        lastSmsCode = null;
        notifyAll();
    }

    /** {@code /API/TERM/SJMMGX}: new tax-bureau credentials. */
    synchronized void credentials(String user, String password) {
        this.user = user;
        this.password = password;
    }

    /**
     * {@code /API/TERM/LOGIN}. The document: the answer's {@code DATA} decoded is the phone number the SMS went to,
     * or not a phone number when the enterprise is already logged in (likewise for the QR). We answer DATA as
     * base64(UTF-8) of: the masked phone number ({@code 138****5678}) when an SMS was sent; the QR code's content
     * (as {@code QRCODE} gives it) for {@code dlfs} 4 — the document speaks of an image, the content is what a client
     * turns into one; and "正常登陆" when already logged in.
     */
    synchronized ObjectNode login(String user, String password, String dlfs, Instant now, Duration smsInterval) {
        switch (dlfs) {
            case "0" -> {
                return Yun2Answer.fail("dlfs=0（rpa端手工输入短信）不能通过API登陆，请用dlfs=2（调用方式输入短信）或4（二维码扫脸登陆）");
            }
            case "1" -> {
                return Yun2Answer.fail("dlfs=1（手机卡托管模式）不能通过API登陆，请用dlfs=2（调用方式输入短信）或4（二维码扫脸登陆）");
            }
            case "2", "4" -> {
            }
            default -> {
                return Yun2Answer.fail("dlfs错误：须为2（调用方式输入短信）或4（二维码扫脸登陆）");
            }
        }
        if (!this.user.equals(user) || !this.password.equals(password)) {
            return Yun2Answer.fail("电子税务局账号或密码错误");
        }
        if (loggedIn && pending == Pending.NONE) {
            return withData(Yun2Answer.ok("正常登陆"), "正常登陆");
        }
        if (dlfs.equals("4")) {
            return withData(Yun2Answer.ok("请使用税务APP扫码登陆"), newQr(now));
        }
        if (lastSms != null && now.isBefore(lastSms.plus(smsInterval))) {
            long wait = Duration.between(now, lastSms.plus(smsInterval)).toSeconds() + 1;
            return Yun2Answer.fail("短信发送频繁，请" + wait + "秒后再试");
        }
        lastSms = now;
        lastSmsCode = SandboxAccount.SMS_CODE;
        pending = Pending.SMS;
        pendingSince = now;
        return withData(Yun2Answer.ok("验证码已发送"), maskedPhone());
    }

    /** {@code /API/OTHER/SetSMS}: the code the operator read, after a LOGIN that sent it. */
    synchronized ObjectNode setSms(String code, Instant now) {
        if (pending != Pending.SMS) {
            return Yun2Answer.fail("请先调用登陆接口（/API/TERM/LOGIN，dlfs=2）发送验证码");
        }
        if (now.isAfter(pendingSince.plus(CODE_LIFE))) {
            pending = Pending.NONE;
            return Yun2Answer.fail("验证码已过期，请重新登陆");
        }
        if (!lastSmsCode.equals(code)) {
            return Yun2Answer.fail("验证码错误");
        }
        pending = Pending.NONE;
        loggedIn = true;
        notifyAll();
        return Yun2Answer.ok("调用成功");
    }

    /** {@code /API/OTHER/SMS}: the last code the enterprise's card received. */
    synchronized ObjectNode receivedSms() {
        if (lastSmsCode == null) {
            return Yun2Answer.fail("未收到验证码短信");
        }
        ObjectNode n = Yun2Answer.ok("获取成功");
        n.put("YZM", lastSmsCode);
        return n;
    }

    /** {@code /API/TERM/QRCODE}: a new face-scan QR code; scanning it logs the enterprise in. */
    synchronized ObjectNode qrcode(Instant now) {
        ObjectNode n = Yun2Answer.ok("正常");
        n.put("Qrcode", newQr(now));
        return n;
    }

    /**
     * {@code /API/TERM/EWMDD}: waits up to {@code wait} for the QR code to be scanned. Answers Result 1 once the
     * enterprise is logged in, Result 0 "等待扫码" when the wait ends first, and Result 0 when no QR code is out or it
     * has lapsed.
     */
    synchronized ObjectNode awaitScan(Duration wait, Instant now) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            if (pending != Pending.QR) {
                return loggedIn ? Yun2Answer.ok("调用成功")
                        : Yun2Answer.fail("请先获取二维码（/API/TERM/LOGIN dlfs=4 或 /API/TERM/QRCODE）");
            }
            if (now.isAfter(pendingSince.plus(CODE_LIFE))) {
                pending = Pending.NONE;
                return Yun2Answer.fail("二维码已失效，请重新获取");
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Yun2Answer.fail("等待扫码");
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /** The operator scanned the QR code (a test hook): the enterprise is logged in and EWMDD answers. */
    synchronized void scan() {
        if (pending != Pending.QR) {
            throw new IllegalStateException("no QR code is waiting to be scanned");
        }
        pending = Pending.NONE;
        loggedIn = true;
        notifyAll();
    }

    private String newQr(Instant now) {
        StringBuilder id = new StringBuilder(64);
        for (int i = 0; i < 64; i++) {
            id.append(QR_CHARS.charAt(RANDOM.nextInt(QR_CHARS.length())));
        }
        pending = Pending.QR;
        pendingSince = now;
        return "qrcode_id=" + id + "&areaPrefix=" + areaCode + "&interfaceCode=0004";
    }

    private String maskedPhone() {
        return phone.substring(0, 3) + "****" + phone.substring(phone.length() - 4);
    }

    private static ObjectNode withData(ObjectNode answer, String data) {
        answer.put("DATA", Base64.getEncoder().encodeToString(data.getBytes(StandardCharsets.UTF_8)));
        return answer;
    }
}

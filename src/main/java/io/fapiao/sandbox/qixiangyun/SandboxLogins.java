package io.fapiao.sandbox.qixiangyun;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fapiao.sandbox.qixiangyun.Fields.Refusal;

import javax.crypto.Cipher;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sellers' tax-bureau sessions as qixiangyun's self-held multi-account login gives them: SMS login
 * ({@code dpptCookie}, {@code dpptpushsms}), regions without the SMS step, the session check, QR login
 * ({@code getQrcode}, {@code qrcodeLogin}) and the face check before issuing ({@code rzewm}, {@code rzztcx}).
 * Every seller starts logged in (as if it had logged in before); {@link #expire} ends a session.
 */
final class SandboxLogins {

    /** The 36 regional bureaus (4-digit codes of the yun2 seed's table). */
    static final Set<String> AREAS = Set.of("1100", "1200", "1300", "1400", "1500", "2100", "2102", "2200", "2300",
            "3100", "3200", "3300", "3302", "3400", "3500", "3502", "3600", "3700", "3702", "4100", "4200", "4300",
            "4400", "4403", "4500", "4600", "5000", "5100", "5200", "5300", "5400", "6100", "6200", "6300", "6400",
            "6500");
    /** 广东, 天津, 浙江, 湖北: "不需要调用该接口" (dpptpushsms) — the seed. */
    static final Set<String> WITHOUT_SMS = Set.of("4400", "1200", "3300", "4200");
    static final Set<String> IDENTITIES = Set.of("AUTO", "FDDBR", "CWFZR", "BSY", "KPY", "BSFWRY", "GLY", "CTKSRY",
            "LPR", "SBJBR", "XSRY", "QTRY", "XZBSY");
    static final Duration SMS_INTERVAL = Duration.ofMinutes(2);
    static final Duration SMS_VALID = Duration.ofMinutes(5);
    static final Duration QR_VALID = Duration.ofSeconds(300);
    static final Duration FACE_QR_VALID = Duration.ofMinutes(5);
    /** qrcodeLogin before the scan: not documented; this sandbox's answer (docs/vendors/qixiangyun.md §9). */
    static final String QR_NOT_SCANNED = "4100";

    private static final HexFormat HEX = HexFormat.of();

    private record Session(boolean loggedIn, String accountId, String areaCode) {
    }

    private record SmsTask(String nsrsbh, String accountId, String individualId, String areaCode, Instant sent) {
    }

    private static final class Qr {
        final String taskId;
        final String areaCode;
        final String nsrsbh;
        final Instant created;
        volatile String content = "";
        volatile boolean scanned;
        volatile String scannedBy = "";

        Qr(String taskId, String areaCode, String nsrsbh, Instant created) {
            this.taskId = taskId;
            this.areaCode = areaCode;
            this.nsrsbh = nsrsbh;
            this.created = created;
        }
    }

    private record Face(Instant created, boolean scanned) {
    }

    private final PrivateKey key;
    private final String smsCode;
    private final QixiangyunTrouble trouble;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Map<String, SmsTask> smsTasks = new ConcurrentHashMap<>();
    private final Map<String, Instant> lastSms = new ConcurrentHashMap<>();
    private final Map<String, Qr> qrs = new ConcurrentHashMap<>();
    private final Map<String, Face> faces = new ConcurrentHashMap<>();
    private final AtomicLong taskSeq = new AtomicLong();
    private final SecureRandom random = new SecureRandom();

    SandboxLogins(PrivateKey key, String smsCode, QixiangyunTrouble trouble) {
        this.key = key;
        this.smsCode = smsCode;
        this.trouble = trouble;
    }

    void reset() {
        sessions.clear();
        smsTasks.clear();
        lastSms.clear();
        qrs.clear();
        faces.clear();
    }

    /** Whether invoice calls of this seller are served: its session lives and no switch ended every session. */
    boolean loggedIn(String nsrsbh) {
        Session s = sessions.get(nsrsbh);
        return !trouble.sessionExpired && (s == null || s.loggedIn());
    }

    /** The region the seller logged in to, "" when it never did here. */
    String areaOf(String nsrsbh) {
        Session s = sessions.get(nsrsbh);
        return s == null || s.areaCode() == null ? "" : s.areaCode();
    }

    /** Ends a seller's session now (a test hook: the bureau logged it out). */
    void expire(String nsrsbh) {
        Session s = sessions.get(nsrsbh);
        sessions.put(nsrsbh, new Session(false, s == null ? "" : s.accountId(), s == null ? "" : s.areaCode()));
    }

    // --- SMS login

    ObjectNode dpptCookie(JsonNode body, Instant now) {
        Fields f = new Fields(body, "", "4000");
        String nsrsbh = f.string("nsrsbh", true);
        String area = f.string("areaCode", true);
        String user = f.string("gryhm", true);
        String encrypted = f.string("gryhmm", true);
        String identity = f.string("sflx", true);
        String phone = f.string("sjhm", true);
        f.string("type", false);
        if (!AREAS.contains(area)) {
            throw Fields.refuse("4000", "地区编码areaCode错误：" + area + "（四川传值5100，青岛为3702）");
        }
        if (!IDENTITIES.contains(identity)) {
            throw Fields.refuse("4000", "身份类型sflx错误：" + identity);
        }
        if (!phone.matches("1\\d{10}")) {
            throw Fields.refuse("4000", "手机号码sjhm格式错误");
        }
        String password = decrypt(encrypted);
        if (password.startsWith("wrong")) {
            throw Fields.refuse("4001", "用户名或密码错误，连续认证错误5次账号将被锁定");
        }
        String accountId = md5(nsrsbh + "|" + user + "|" + identity);
        String individualId = md5(user);
        if (WITHOUT_SMS.contains(area)) {
            sessions.put(nsrsbh, new Session(true, accountId, area));
            return loggedInData(accountId, individualId, area);
        }
        String who = nsrsbh + "|" + user + "|" + identity;
        Instant last = lastSms.get(who);
        if (trouble.smsTooOften || last != null && last.plus(SMS_INTERVAL).isAfter(now)) {
            throw Fields.refuse("8001", "短信发送频繁，2分钟内不允许重复登录发送验证码");
        }
        lastSms.put(who, now);
        long taskId = now.toEpochMilli() * 1_000_000L + taskSeq.incrementAndGet() % 1_000_000L;
        smsTasks.put(Long.toString(taskId), new SmsTask(nsrsbh, accountId, individualId, area, now));
        ObjectNode data = QixiangyunSandbox.JSON.createObjectNode();
        data.put("individualId", individualId).put("accountId", accountId).put("taskId", taskId);
        return data;
    }

    ObjectNode dpptPushSms(JsonNode body, Instant now) {
        Fields f = new Fields(body, "", "4000");
        String nsrsbh = f.string("nsrsbh", true);
        String taskId = f.string("taskId", true);
        String code = f.string("smsCode", true);
        SmsTask task = smsTasks.get(taskId);
        if (task == null || task.sent().plus(SMS_VALID).isBefore(now)) {
            smsTasks.remove(taskId);
            throw Fields.refuse("5000", "登录任务已过期，请重新发起！");
        }
        if (!task.nsrsbh().equals(nsrsbh)) {
            throw Fields.refuse("4000", "纳税人识别号与登录任务不一致");
        }
        if (!smsCode.equals(code)) {
            throw Fields.refuse("4002", "短信验证码错误，请重新输入");
        }
        smsTasks.remove(taskId);
        sessions.put(nsrsbh, new Session(true, task.accountId(), task.areaCode()));
        return loggedInData(task.accountId(), task.individualId(), task.areaCode());
    }

    /** {@code data} true when the session of this seller (and account) is valid. */
    boolean check(JsonNode body) {
        Fields f = new Fields(body, "", "4000");
        String nsrsbh = f.string("nsrsbh", true);
        String accountId = f.string("accountId", true);
        f.integer("isOnlyCheckCache", false);
        Session s = sessions.get(nsrsbh);
        boolean sameAccount = s == null || s.accountId().isEmpty() || s.accountId().equals(accountId);
        return loggedIn(nsrsbh) && sameAccount;
    }

    // --- QR login

    ObjectNode getQrcode(JsonNode body, Instant now) {
        Fields f = new Fields(body, "", "4000");
        String area = f.string("areaCode", true);
        String nsrsbh = f.string("nsrsbh", false);
        Integer scanType = f.integer("scanType", false);
        if (!AREAS.contains(area)) {
            throw Fields.refuse("4000", "地区编码areaCode错误：" + area);
        }
        if (scanType != null && scanType != 0 && scanType != 1) {
            throw Fields.refuse("4000", "扫码类型scanType须为0或1");
        }
        if (scanType != null && scanType == 1 && !area.equals("3100")) {
            throw Fields.refuse("4000", "电子营业执照扫码登录仅支持上海");
        }
        String qrcodeId = hex(16);
        long taskId = now.toEpochMilli() * 1_000_000L + taskSeq.incrementAndGet() % 1_000_000L;
        Qr qr = new Qr(Long.toString(taskId), area, nsrsbh, now);
        byte[] raw = new byte[36];
        random.nextBytes(raw);
        qr.content = "qrcode_id=" + Base64.getEncoder().encodeToString(raw) + "&areaPrefix=" + area
                + "&interfaceCode=0003";
        qrs.put(qrcodeId, qr);
        ObjectNode data = QixiangyunSandbox.JSON.createObjectNode();
        data.put("qrcode", qr.content).put("taskId", taskId).put("qrcodeId", qrcodeId);
        return data;
    }

    /**
     * A test hook: the person scanned the QR and confirmed, for {@code nsrsbh} ("" = the QR's own seller). The QR is
     * named by its {@code qrcodeId} or by its content (what a phone reads from the picture).
     */
    boolean scan(String qrcodeIdOrContent, String nsrsbh) {
        Qr qr = qrs.get(qrcodeIdOrContent);
        if (qr == null) {
            qr = qrs.values().stream().filter(q -> q.content.equals(qrcodeIdOrContent)).findFirst().orElse(null);
        }
        if (qr == null) {
            return false;
        }
        qr.scannedBy = nsrsbh == null || nsrsbh.isBlank() ? qr.nsrsbh : nsrsbh.strip();
        qr.scanned = true;
        return true;
    }

    ObjectNode qrcodeLogin(JsonNode body, Instant now, String defaultSeller) {
        Fields f = new Fields(body, "", "4000");
        String taskId = f.stringOrNumber("taskId", true);
        String qrcodeId = f.string("qrcodeId", true);
        String identity = f.string("sflx", false);
        Qr qr = qrs.get(qrcodeId);
        if (qr == null || !qr.taskId.equals(taskId) || qr.created.plus(QR_VALID).isBefore(now)) {
            if (qr != null && qr.taskId.equals(taskId)) {
                qrs.remove(qrcodeId);
            }
            throw Fields.refuse("5000", "登录任务已过期，请重新发起！");
        }
        if (!qr.scanned) {
            throw Fields.refuse(QR_NOT_SCANNED, "二维码尚未扫码确认，请扫码后重试");
        }
        qrs.remove(qrcodeId);
        String nsrsbh = qr.scannedBy.isEmpty() ? defaultSeller : qr.scannedBy;
        String sflx = identity.isEmpty() ? "BSY" : identity;
        String accountId = md5(nsrsbh + "|qr|" + sflx);
        String individualId = md5("qr|" + qrcodeId);
        sessions.put(nsrsbh, new Session(true, accountId, qr.areaCode));
        ObjectNode data = loggedInData(accountId, individualId, qr.areaCode);
        data.put("areaCode", qr.areaCode).put("nsrsbh", nsrsbh).put("nsrsbh_name", "沙箱纳税人（" + nsrsbh + "）")
                .put("sflx", sflx);
        return data;
    }

    // --- face check

    ObjectNode rzewm(String nsrsbh, Instant now) {
        String rzid = hex(16);
        faces.put(rzid, new Face(now, false));
        byte[] raw = new byte[30];
        random.nextBytes(raw);
        ObjectNode data = QixiangyunSandbox.JSON.createObjectNode();
        data.put("nsrssbh", nsrsbh).put("ewm", "qrcode_id=" + Base64.getEncoder().encodeToString(raw)
                + "&areaPrefix=" + (areaOf(nsrsbh).isEmpty() ? "3100" : areaOf(nsrsbh)) + "&interfaceCode=0004")
                .put("rzid", rzid).put("gwEwm", "V1ECA" + hex(20)).put("gwRzid", "NNIA" + hex(12)).putNull("kpr");
        return data;
    }

    /** A test hook: the drawer scanned the face-check QR. */
    boolean scanFace(String rzid) {
        Face face = faces.get(rzid);
        if (face == null) {
            return false;
        }
        faces.put(rzid, new Face(face.created(), true));
        return true;
    }

    /** {@code slzt}: 1 not scanned, 2 done, 3 expired. */
    String rzztcx(JsonNode data, Instant now) {
        String rzid = new Fields(data, "data.", Fields.TYPE).string("rzid", true);
        Face face = faces.get(rzid);
        if (face == null || face.created().plus(FACE_QR_VALID).isBefore(now) && !face.scanned()) {
            return "3";
        }
        return face.scanned() ? "2" : "1";
    }

    // --- helpers

    private static ObjectNode loggedInData(String accountId, String individualId, String area) {
        ObjectNode data = QixiangyunSandbox.JSON.createObjectNode();
        data.put("accountId", accountId).put("individualId", individualId);
        String host = "etax.sandbox" + area + ".chinatax.gov.cn";
        data.putObject("dppt").put("cookie", "DZSWJ_TGC=" + md5(accountId + "dppt").substring(0, 21)
                + "; oauth2_referer=" + host + "; dzfp-ssotoken=" + md5(accountId).substring(0, 10) + "; ");
        data.putObject("etax").put("cookie", "SSO_SECURITY_CHECK_TOKEN=" + md5(accountId + "etax").substring(0, 10) + "; ");
        data.putObject("tpass").put("cookie", "tpass_token=" + md5(accountId + "tpass").substring(0, 16) + "; ");
        return data;
    }

    /** The password as the sandbox's private key reads it: Base64, 128-byte RSA blocks, PKCS#1 v1.5, UTF-8. */
    private String decrypt(String encrypted) {
        try {
            byte[] all = Base64.getDecoder().decode(encrypted.strip());
            if (all.length == 0 || all.length % 128 != 0) {
                throw new IllegalArgumentException("not whole RSA blocks");
            }
            Cipher c = Cipher.getInstance("RSA/ECB/PKCS1Padding");
            c.init(Cipher.DECRYPT_MODE, key);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int i = 0; i < all.length; i += 128) {
                out.writeBytes(c.doFinal(Arrays.copyOfRange(all, i, i + 128)));
            }
            String password = out.toString(StandardCharsets.UTF_8);
            if (password.isEmpty()) {
                throw new IllegalArgumentException("empty");
            }
            return password;
        } catch (Exception e) {
            throw new Refusal("4000", "个人用户密码gryhmm解密失败，请按加密说明使用企享云公钥RSA分段加密");
        }
    }

    private String hex(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return HEX.formatHex(b);
    }

    static String md5(String text) {
        try {
            return HEX.formatHex(java.security.MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

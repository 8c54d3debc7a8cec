package io.fapiao.login;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fapiao.ledger.LoginSessions;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.util.concurrent.CamelThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Tells a person that a seller must log in to the tax bureau again — the invoices stopped — with what to do: a JSON
 * POST to a webhook ({@code fapiao.login.webhook-url}): a WeCom (企业微信), DingTalk (钉钉) or Feishu (飞书) group
 * robot in its own message format, or a plain JSON event to any URL. DingTalk and Feishu robots that sign
 * ({@code fapiao.login.webhook-secret}) get their signature. One notice per seller and vendor, not repeated more often
 * than {@code fapiao.login.notify-interval-ms}, across every instance. The URL (it carries the robot's key) is a
 * secret: it is never logged but as its host.
 */
public final class LoginNotices implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LoginNotices.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String URL = "fapiaoWebhookUrl";

    /** The message formats a webhook takes. */
    public enum Format {
        /** 企业微信群机器人: {@code {"msgtype":"text","text":{"content":…}}}. */
        WECOM,
        /** 钉钉自定义机器人: {@code {"msgtype":"text","text":{"content":…}}}, signed in the URL when a secret is set. */
        DINGTALK,
        /** 飞书自定义机器人: {@code {"msg_type":"text","content":{"text":…}}}, signed in the body when a secret is set. */
        FEISHU,
        /** Any URL: a JSON event with the seller, the vendor, the reason and the calls to make. */
        JSON;

        public static Optional<Format> of(String word) {
            String w = word == null ? "" : word.strip().toUpperCase(Locale.ROOT);
            return switch (w) {
                case "WECOM", "WEWORK", "WECHAT", "WEIXIN" -> Optional.of(WECOM);
                case "DINGTALK", "DING" -> Optional.of(DINGTALK);
                case "FEISHU", "LARK" -> Optional.of(FEISHU);
                case "JSON", "PLAIN" -> Optional.of(JSON);
                default -> Optional.empty();
            };
        }

        /** The format a robot's own address implies; JSON for any other URL. */
        public static Format guess(String url) {
            String host;
            try {
                host = Optional.ofNullable(URI.create(url.strip()).getHost()).orElse("").toLowerCase(Locale.ROOT);
            } catch (IllegalArgumentException e) {
                host = "";
            }
            if (host.equals("qyapi.weixin.qq.com")) {
                return WECOM;
            }
            if (host.endsWith("dingtalk.com")) {
                return DINGTALK;
            }
            if (host.endsWith("feishu.cn") || host.endsWith("larksuite.com")) {
                return FEISHU;
            }
            return JSON;
        }
    }

    /**
     * Where a person does what: the REST API's base URL, the inbox and outbox the files go to.
     *
     * @param apiUrl e.g. {@code http://127.0.0.1:8080}
     */
    public record Where(String apiUrl, Path inbox, Path outbox) {
    }

    private final String url;
    private final Format format;
    private final String secret;
    private final Duration interval;
    private final Where where;
    private final LoginSessions sessions;
    private final ProducerTemplate template;
    private final Clock clock;
    private final ExecutorService sender =
            Executors.newSingleThreadExecutor(new CamelThreadFactory("#name#", "login-notices", true));

    /**
     * @param url    the webhook, or "" for none (a notice is then only logged)
     * @param secret the robot's signing secret, or ""
     */
    public LoginNotices(String url, Format format, String secret, Duration interval, Where where,
                        LoginSessions sessions, ProducerTemplate template, Clock clock) {
        this.url = url == null ? "" : url.strip();
        this.format = format;
        this.secret = secret == null ? "" : secret.strip();
        this.interval = interval;
        this.where = where;
        this.sessions = sessions;
        this.template = template;
        this.clock = clock;
    }

    public boolean configured() {
        return !url.isEmpty();
    }

    /** The webhook as it may be shown: scheme and host only. */
    public String shownUrl() {
        try {
            URI u = URI.create(url);
            return u.getScheme() + "://" + u.getHost() + "/…";
        } catch (IllegalArgumentException e) {
            return "(not a URL)";
        }
    }

    /** Whether this instance tells a person now (once across every instance, not more often than the interval). */
    public boolean claim(String vendor, String taxId) {
        return configured() && sessions.claimNotice(vendor, taxId, interval);
    }

    /** Sends the notice, in the background: a slow robot never holds an order up. */
    public void loginNeeded(String vendor, String taxId, String reason, int waiting) {
        String body = body(vendor, taxId, reason, waiting, clock.millis());
        String target = target(clock.millis());
        sender.execute(() -> {
            Exchange sent = template.send("direct:login-notify", e -> {
                e.setProperty(URL, target);
                e.getIn().setBody(body);
            });
            if (sent.getException() != null) {
                Exception e = sent.getException();
                LOG.warn("The login notice for seller {} at {} could not be sent to {} ({})", taxId, vendor, shownUrl(),
                        e instanceof IllegalStateException ? e.getMessage() : e.getClass().getSimpleName());
            } else {
                LOG.info("Told {} that seller {} must log in at {}", shownUrl(), taxId, vendor);
            }
        });
    }

    /** The route's address: the webhook, signed in the URL for a DingTalk robot with a secret. */
    public String url(Exchange exchange) {
        return exchange.getProperty(URL, String.class);
    }

    /** What the robot answered: {@code errcode}/{@code code} 0 is fine; anything else is logged (never the URL). */
    public void answered(String body, Exchange exchange) {
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        JsonNode n;
        try {
            n = JSON.readTree(body == null || body.isBlank() ? "{}" : body);
        } catch (Exception e) {
            n = JSON.createObjectNode();
        }
        JsonNode code = n.has("errcode") ? n.get("errcode") : n.has("code") ? n.get("code") : n.get("StatusCode");
        boolean fine = (status == null || status / 100 == 2) && (code == null || code.asInt(0) == 0);
        if (!fine) {
            String msg = n.path("errmsg").asText(n.path("msg").asText(n.path("StatusMessage").asText("")));
            throw new IllegalStateException("the webhook answered HTTP " + status + (code == null ? "" : " code " + code)
                    + (msg.isEmpty() ? "" : ": " + msg));
        }
    }

    /** The text a person reads: what stopped, and the three ways to log in. */
    public String text(String vendor, String taxId, String reason, int waiting) {
        String api = where.apiUrl() + "/api/login/" + vendor + "/" + taxId;
        Path sms = where.inbox().resolve("login").resolve(vendor + "-" + taxId + ".sms");
        Path png = where.outbox().resolve("login").resolve(vendor + "-" + taxId + ".png");
        return "【税局登录】销方" + taxId + "在" + vendor + "的税局登录已失效，" + waiting + "张发票暂停开具。原因：" + reason + "\n"
                + "短信登录：POST " + api + " {\"method\":\"sms\"}，收到验证码后 POST " + api + "/sms {\"code\":\"验证码\"}，"
                + "或把验证码写入文件 " + sms + "\n"
                + "扫码登录：POST " + api + " {\"method\":\"qr\"}，二维码见 " + api + "/qr.png 或 " + png + "\n"
                + "登录成功后暂停的发票自动开具。\n"
                + "[Tax-bureau login] Seller " + taxId + " must log in to the tax bureau again at " + vendor + "; " + waiting
                + " orders wait. SMS: POST " + api + " {\"method\":\"sms\"}, then POST " + api + "/sms {\"code\":\"…\"} "
                + "or write the code to " + sms + ". QR: POST " + api + " {\"method\":\"qr\"}, then scan " + api
                + "/qr.png or " + png + ". The held orders are issued by themselves once logged in.";
    }

    /** The message in the webhook's format; {@code nowMillis} for a Feishu signature. */
    String body(String vendor, String taxId, String reason, int waiting, long nowMillis) {
        String text = text(vendor, taxId, reason, waiting);
        ObjectNode n = JSON.createObjectNode();
        switch (format) {
            case WECOM, DINGTALK -> {
                n.put("msgtype", "text");
                n.putObject("text").put("content", text);
            }
            case FEISHU -> {
                if (!secret.isEmpty()) {
                    long seconds = nowMillis / 1000;
                    n.put("timestamp", Long.toString(seconds));
                    n.put("sign", feishuSign(seconds, secret));
                }
                n.put("msg_type", "text");
                n.putObject("content").put("text", text);
            }
            case JSON -> {
                String api = where.apiUrl() + "/api/login/" + vendor + "/" + taxId;
                n.put("event", "tax-bureau-login-needed");
                n.put("vendor", vendor).put("seller", taxId).put("reason", reason).put("ordersWaiting", waiting);
                ObjectNode sms = n.putObject("sms");
                sms.putObject("start").put("method", "POST").put("url", api).putObject("body").put("method", "sms");
                sms.putObject("code").put("method", "POST").put("url", api + "/sms").putObject("body")
                        .put("code", "<SMS code>");
                sms.put("file", where.inbox().resolve("login").resolve(vendor + "-" + taxId + ".sms").toString());
                ObjectNode qr = n.putObject("qr");
                qr.putObject("start").put("method", "POST").put("url", api).putObject("body").put("method", "qr");
                qr.put("png", api + "/qr.png");
                qr.put("file", where.outbox().resolve("login").resolve(vendor + "-" + taxId + ".png").toString());
                n.put("text", text);
            }
        }
        return n.toString();
    }

    /** Where to POST: a DingTalk robot with a secret takes {@code timestamp} and {@code sign} in its URL. */
    String target(long nowMillis) {
        if (format == Format.DINGTALK && !secret.isEmpty()) {
            return url + (url.contains("?") ? "&" : "?") + "timestamp=" + nowMillis + "&sign="
                    + URLEncoder.encode(dingTalkSign(nowMillis, secret), StandardCharsets.UTF_8);
        }
        return url;
    }

    /** DingTalk: base64(HmacSHA256(key = secret, timestamp + "\n" + secret)), timestamp in milliseconds. */
    static String dingTalkSign(long timestampMillis, String secret) {
        return hmac(secret, timestampMillis + "\n" + secret);
    }

    /** Feishu: base64(HmacSHA256(key = timestamp + "\n" + secret, empty message)), timestamp in seconds. */
    static String feishuSign(long timestampSeconds, String secret) {
        return hmac(timestampSeconds + "\n" + secret, "");
    }

    private static String hmac(String key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has HmacSHA256", e);
        }
    }

    @Override
    public void close() {
        sender.shutdownNow();
    }
}

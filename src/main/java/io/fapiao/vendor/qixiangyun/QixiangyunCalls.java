package io.fapiao.vendor.qixiangyun;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * The Java side of {@code vendor-qixiangyun.camel.yaml}: every business call signed with the account's shared
 * access token over exactly the bytes sent, and what decides that a call is repeated — once, after the vendor
 * refused the token (renewed first) or the request time (signed again). The path of a call is the exchange property
 * {@value #PATH} (e.g. {@link QixiangyunMapping#DPPT_COOKIE}); its body is the compact JSON text to send. Used by
 * the login and, later, by issuing.
 */
public final class QixiangyunCalls {

    public static final String PATH = "qxyPath";
    static final String TOKEN_USED = "qxyTokenUsed";
    static final String REPEATED = "qxyRepeated";

    private final String baseUrl;
    private final String appKey;
    private final String appSecret;
    private final QixiangyunAccessToken token;
    private final Clock clock;

    public QixiangyunCalls(String baseUrl, String appKey, String appSecret, QixiangyunAccessToken token, Clock clock) {
        String b = baseUrl == null ? "" : baseUrl.strip();
        this.baseUrl = b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
        this.appKey = appKey;
        this.appSecret = appSecret;
        this.token = token;
        this.clock = clock;
    }

    public boolean configured() {
        return !baseUrl.isEmpty();
    }

    /** Where a call goes: the base URL and its {@value #PATH}. */
    public String url(Exchange exchange) {
        return baseUrl + exchange.getProperty(PATH, String.class);
    }

    /** The token call: its JSON body, no signature (the document disables the common headers there). */
    public void tokenRequest(String json, Exchange exchange) {
        Message m = exchange.getMessage();
        m.removeHeaders("*");
        m.setHeader("Content-Type", QixiangyunSigning.CONTENT_TYPE);
        m.setBody(json.getBytes(StandardCharsets.UTF_8));
        exchange.setProperty(PATH, QixiangyunMapping.TOKEN);
    }

    /**
     * Signs the call: the token in hand (kept to tell which one a refusal was about), {@code req_date} now, and
     * {@code req_sign} over the UTF-8 bytes that are then the body.
     */
    public void sign(String json, Exchange exchange) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        QixiangyunAccessToken.Held held = token.current();
        exchange.setProperty(TOKEN_USED, held.stored());
        Message m = exchange.getMessage();
        m.removeHeaders("*");
        QixiangyunSigning.headers(appKey, appSecret, held.accessToken(), clock.millis(), body).forEach(m::setHeader);
        m.setBody(body);
    }

    /**
     * Whether to repeat the call once: the vendor refused the token ({@code 40100}/{@code 40101}/{@code 40102}: a new
     * one is taken first, or the one another instance fetched) or the request time ({@code 505018}: signed again).
     */
    public boolean repeat(String answer, Exchange exchange) {
        if (exchange.getProperty(REPEATED, false, Boolean.class)) {
            return false;
        }
        String code;
        try {
            code = QixiangyunReply.parse(answer).code();
        } catch (QixiangyunException e) {
            return false;
        }
        if (QixiangyunReplies.renewTokenAndRepeat(code)) {
            token.renew(exchange.getProperty(TOKEN_USED, String.class));
        } else if (!QixiangyunReplies.signAgainAndRepeat(code)) {
            return false;
        }
        exchange.setProperty(REPEATED, true);
        return true;
    }
}

package io.fapiao.vendor.qixiangyun;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;

/**
 * An access token of the account. The vendor limits logins, so a token is kept (durably, shared by every
 * instance), refreshed with its refresh token well before it ends, and fetched anew only when refused.
 *
 * @param refreshToken "" when the vendor gave none
 */
public record QixiangyunToken(String accessToken, Instant issuedAt, Instant expiresAt, String refreshToken) {

    /** The document's advice: renew at least every 7 days (a token lives 15). */
    static final Duration RENEW_AT_LEAST_EVERY = Duration.ofDays(7);

    /**
     * {@code expires_in} values below this are seconds, not milliseconds: the calling-convention page shows 7200
     * (two hours) where the token page documents milliseconds; read as milliseconds it would expire at once and
     * every call would log in again, which the vendor throttles.
     */
    static final long SECONDS_BELOW = 1_000_000L;

    public QixiangyunToken {
        refreshToken = refreshToken == null ? "" : refreshToken;
    }

    /**
     * The token of a {@code /v2/public/oauth2/login} answer received at {@code now}.
     *
     * @throws QixiangyunException when the answer holds no token: an error code, or the document's quirky
     *                             {@code code "2000"} with {@code data.error_msg} ("应用的密钥无效!")
     */
    public static QixiangyunToken parse(String replyBody, Instant now) {
        QixiangyunReply reply = QixiangyunReply.parse(replyBody);
        String token = reply.text("access_token");
        if (!reply.ok() || token.isEmpty()) {
            String why = !reply.text("error_msg").isEmpty() ? reply.text("error_msg")
                    : reply.message().isEmpty() ? "没有access_token" : reply.message();
            throw new QixiangyunException(reply.code(), "企享云拒绝登录：" + why + " / qixiangyun refused the login ("
                    + (reply.code().isEmpty() ? "no code" : "code " + reply.code()) + "): " + why);
        }
        long expiresIn = reply.at("expires_in").asLong(0);
        Duration life = expiresIn <= 0 ? Duration.ofDays(15)
                : expiresIn < SECONDS_BELOW ? Duration.ofSeconds(expiresIn) : Duration.ofMillis(expiresIn);
        return new QixiangyunToken(token, now, now.plus(life), reply.text("refresh_token"));
    }

    public boolean expired(Instant now) {
        return !now.isBefore(expiresAt);
    }

    /** Time to refresh: a week old, or half its life gone for a shorter-lived token. */
    public boolean renewalDue(Instant now) {
        Duration half = Duration.between(issuedAt, expiresAt).dividedBy(2);
        Duration after = half.compareTo(RENEW_AT_LEAST_EVERY) < 0 ? half : RENEW_AT_LEAST_EVERY;
        return !now.isBefore(issuedAt.plus(after));
    }

    /** For durable storage (it is a secret: store it where the app secret is trusted, never log it). */
    public String stored() {
        ObjectNode n = QixiangyunReply.JSON.createObjectNode();
        n.put("access_token", accessToken).put("issued_at", issuedAt.toEpochMilli())
                .put("expires_at", expiresAt.toEpochMilli()).put("refresh_token", refreshToken);
        return n.toString();
    }

    public static QixiangyunToken fromStored(String stored) {
        try {
            JsonNode n = QixiangyunReply.JSON.readTree(stored);
            return new QixiangyunToken(n.path("access_token").asText(), Instant.ofEpochMilli(n.path("issued_at").asLong()),
                    Instant.ofEpochMilli(n.path("expires_at").asLong()), n.path("refresh_token").asText(""));
        } catch (Exception e) {
            throw new IllegalArgumentException("not a stored qixiangyun token", e);
        }
    }

    @Override
    public String toString() {
        return "QixiangyunToken[expiresAt=" + expiresAt + "]";
    }
}

package io.fapiao.vendor.jumdata;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * jumdata's request signature: {@code sign = sha256(appId + appSecret + timestamp)} as lower-case hex, the
 * timestamp in epoch milliseconds and the same text as the {@code timestamp} parameter sent beside it.
 */
public final class JumdataSigning {

    private JumdataSigning() {
    }

    public static String sign(String appId, String appSecret, long timestamp) {
        return sign(appId, appSecret, Long.toString(timestamp));
    }

    /** The signature over the timestamp exactly as written in the request. */
    public static String sign(String appId, String appSecret, String timestamp) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((appId + appSecret + timestamp).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Whether a received signature is the expected one, character for character (lower-case hex). */
    public static boolean verify(String appId, String appSecret, String timestamp, String sign) {
        byte[] expected = sign(appId, appSecret, timestamp).getBytes(StandardCharsets.US_ASCII);
        byte[] given = (sign == null ? "" : sign).getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(expected, given);
    }
}

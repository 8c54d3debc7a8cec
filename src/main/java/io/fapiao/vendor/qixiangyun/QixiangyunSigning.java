package io.fapiao.vendor.qixiangyun;

import javax.crypto.Cipher;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * qixiangyun's signatures and encryption, as its calling convention ({@code docs/2182015}) and encryption page
 * ({@code docs/3774763}) give them. Every md5 is lower-case hex text; the signature is Base64 of that text.
 */
public final class QixiangyunSigning {

    /** The vendor's published RSA public key for passwords ({@code docs/3774763}, also the sample scripts' default). */
    public static final String VENDOR_PUBLIC_KEY = "MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQC+vuYMGtTU+42wwbaFX+PkCuSeoREKe5V4"
            + "EJMi553Gc03ficUdpLHIFdEjAMHAxepwm3RAGLwyxYFK/S93k8GYMuV35L2Nj/cVeHS8scsdqXzqLUKaI4wj438OI6HDh7rWsw1M5EgMs"
            + "oZvQqja53+SgD3mgIy3XyILbmA5jUp2IwIDAQAB";

    /** Plain-text bytes per RSA block, fixed by the document (PKCS#1 v1.5 on a 1024-bit key). */
    public static final int RSA_CHUNK = 117;

    public static final String CONTENT_TYPE = "application/json;charset=UTF-8";

    private static final HexFormat HEX = HexFormat.of();

    private QixiangyunSigning() {
    }

    public static String md5Hex(byte[] bytes) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has MD5", e);
        }
    }

    public static String md5Hex(String text) {
        return md5Hex(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The token call's {@code client_secret}: md5hex(AppSecret), 32 lower-case characters. */
    public static String clientSecret(String appSecret) {
        return md5Hex(appSecret);
    }

    /**
     * {@code API-SV1:<appKey>:base64(md5hex("POST_" + md5hex(body) + "_" + reqDate + "_" + accessToken + "_" + appSecret))}
     * over exactly the body bytes that are sent.
     */
    public static String reqSign(String appKey, String appSecret, String accessToken, String reqDate, byte[] body) {
        String toSign = "POST_" + md5Hex(body) + "_" + reqDate + "_" + accessToken + "_" + appSecret;
        String signature = Base64.getEncoder().encodeToString(md5Hex(toSign).getBytes(StandardCharsets.US_ASCII));
        return "API-SV1:" + appKey + ":" + signature;
    }

    /**
     * The headers of one business call: Content-Type, {@code access_token}, {@code req_date} and {@code req_sign}
     * over {@code body}. Sign again for every attempt: {@code req_date} may be at most 15 minutes old.
     */
    public static Map<String, String> headers(String appKey, String appSecret, String accessToken, long nowMillis,
                                              byte[] body) {
        String reqDate = Long.toString(nowMillis);
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", CONTENT_TYPE);
        h.put("access_token", accessToken);
        h.put("req_date", reqDate);
        h.put("req_sign", reqSign(appKey, appSecret, accessToken, reqDate, body));
        return h;
    }

    /** An RSA public key given as Base64 of its X.509 SubjectPublicKeyInfo, or as PEM ("-----BEGIN PUBLIC KEY-----"). */
    public static PublicKey publicKey(String base64OrPem) {
        String b64 = base64OrPem.replaceAll("-----(BEGIN|END) [A-Z ]+-----", "").replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(b64)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not an RSA public key (X.509, Base64 or PEM)", e);
        }
    }

    /**
     * A password as the vendor wants it: RSA PKCS#1 v1.5 over the UTF-8 bytes in chunks of {@value #RSA_CHUNK},
     * the encrypted chunks joined, Base64.
     */
    public static String encryptPassword(String password, PublicKey key) {
        byte[] plain = password.getBytes(StandardCharsets.UTF_8);
        try {
            Cipher cipher = Cipher.getInstance("RSA/ECB/PKCS1Padding");
            cipher.init(Cipher.ENCRYPT_MODE, key);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int offset = 0; offset < plain.length; offset += RSA_CHUNK) {
                out.writeBytes(cipher.doFinal(plain, offset, Math.min(RSA_CHUNK, plain.length - offset)));
            }
            return Base64.getEncoder().encodeToString(out.toByteArray());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA encryption failed", e);
        }
    }
}

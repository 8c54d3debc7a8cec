package io.fapiao.vendor.qixiangyun;

import org.junit.jupiter.api.Test;

import javax.crypto.Cipher;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Vectors computed outside the code under test (the shell command is beside each). */
class QixiangyunSigningTest {

    private static final byte[] FPCX = "{\"action\":\"fpcx\",\"nsrsbh\":\"91310115MA1K4B2X34\"}"
            .getBytes(StandardCharsets.UTF_8);

    @Test
    void md5IsLowerCaseHexOfTheUtf8Bytes() {
        // printf '%s' 'sandbox-secret' | md5sum
        assertEquals("a592886fa7f71d22380b4c6aa8f190f0", QixiangyunSigning.md5Hex("sandbox-secret"));
        assertEquals("a592886fa7f71d22380b4c6aa8f190f0", QixiangyunSigning.clientSecret("sandbox-secret"));
        // printf '%s' '{"gmf_nsrmc":"杭州西湖茶叶有限公司"}' | md5sum   (UTF-8 terminal)
        assertEquals("014a07cc83d6b2c80dd6ec3a289818f7", QixiangyunSigning.md5Hex("{\"gmf_nsrmc\":\"杭州西湖茶叶有限公司\"}"));
    }

    @Test
    void theDocumentsOwnSignatureExample() {
        // docs/2182015: body {"nsrsbh":"915211111111111111"} → Content-Md5 4e7f9b81…; the string to sign → a41cc679…
        String body = "{\"nsrsbh\":\"915211111111111111\"}";
        assertEquals("4e7f9b81e299ad014cfbc6949c3f4e04", QixiangyunSigning.md5Hex(body));
        String token = "eyJhbGciOiJIUzUxMiJ9.eyJzdWIiOiJbLTEsLTEsLTEsMTAwLFwiXCIsMTAwMDEwMDEsbnVsbCxcIlwiLC0xXSIsImV4cCI6"
                + "MTU4Mjg4Mjg0NSwiaWF0IjoxNTgxNTg2ODQ1fQ.T4GTFFzf6xD2n1rrCFVu88dQA8ipEobX2_i-Ub7qvIkxrTScmUm_113r1VEsTGhys"
                + "A-jLFVwFWOtRqEaWvIvVA";
        String secret = "9r27FCIHtmIAUBoNjA5Z5hq2vTCEfAL82YzrnV4vdlhpXAp2";
        assertEquals("API-SV1:1000xxxx:YTQxY2M2NzlkM2MyMzAzOTMzZDBhY2IwMDJjMThiMTQ=",
                QixiangyunSigning.reqSign("1000xxxx", secret, token, "1581588537349", body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void reqSignCoversTheExactBodyDateTokenAndSecret() {
        // M=$(printf '%s' '{"action":"fpcx","nsrsbh":"91310115MA1K4B2X34"}' | md5sum | cut -d' ' -f1)   → 69798d13…
        // printf '%s' "POST_${M}_1700000000000_tok-123_s3cr3t" | md5sum | cut -d' ' -f1 | tr -d '\n' | base64
        String expected = "API-SV1:10001990:YzY2NTMwZjdmNDcxYWJjZmY3Yjg0N2EwODcwZTk4NWE=";
        assertEquals(expected, QixiangyunSigning.reqSign("10001990", "s3cr3t", "tok-123", "1700000000000", FPCX));
        byte[] spaced = "{\"action\": \"fpcx\",\"nsrsbh\":\"91310115MA1K4B2X34\"}".getBytes(StandardCharsets.UTF_8);
        assertNotEquals(expected, QixiangyunSigning.reqSign("10001990", "s3cr3t", "tok-123", "1700000000000", spaced),
                "one space more is another body");
        Map<String, String> h = QixiangyunSigning.headers("10001990", "s3cr3t", "tok-123", 1_700_000_000_000L, FPCX);
        assertEquals("application/json;charset=UTF-8", h.get("Content-Type"));
        assertEquals("tok-123", h.get("access_token"));
        assertEquals("1700000000000", h.get("req_date"));
        assertEquals(expected, h.get("req_sign"));
    }

    @Test
    void passwordsAreRsaPkcs1InChunksOf117BytesAndDecryptBack() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(1024);
        KeyPair pair = g.generateKeyPair();
        String b64 = Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
        String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(pair.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
        assertEquals(pair.getPublic(), QixiangyunSigning.publicKey(b64));
        assertEquals(pair.getPublic(), QixiangyunSigning.publicKey(pem), "PEM is tolerated");

        String shortPassword = "Zsjt999*";
        byte[] one = Base64.getDecoder().decode(QixiangyunSigning.encryptPassword(shortPassword, QixiangyunSigning.publicKey(b64)));
        assertEquals(128, one.length, "one 1024-bit block");
        assertEquals(shortPassword, new String(decrypt(one, pair.getPrivate()), StandardCharsets.UTF_8));

        String longPassword = "密码".repeat(30) + "x"; // 181 UTF-8 bytes: two chunks, split inside a character
        byte[] two = Base64.getDecoder().decode(QixiangyunSigning.encryptPassword(longPassword, pair.getPublic()));
        assertEquals(256, two.length, "two blocks");
        assertEquals(longPassword, new String(decrypt(two, pair.getPrivate()), StandardCharsets.UTF_8));
        assertNotEquals(QixiangyunSigning.encryptPassword(shortPassword, pair.getPublic()),
                QixiangyunSigning.encryptPassword(shortPassword, pair.getPublic()), "PKCS#1 v1.5 padding is random");
    }

    @Test
    void theVendorsPublishedKeyIsA1024BitRsaKey() {
        RSAPublicKey key = (RSAPublicKey) QixiangyunSigning.publicKey(QixiangyunSigning.VENDOR_PUBLIC_KEY);
        assertEquals(1024, key.getModulus().bitLength());
        assertEquals(128, Base64.getDecoder().decode(QixiangyunSigning.encryptPassword("secret", key)).length);
        assertThrows(IllegalArgumentException.class, () -> QixiangyunSigning.publicKey("not a key"));
    }

    /** Independent of the code under test: 128-byte blocks, each decrypted on its own, joined. */
    private static byte[] decrypt(byte[] cipherText, PrivateKey key) throws Exception {
        Cipher c = Cipher.getInstance("RSA/ECB/PKCS1Padding");
        c.init(Cipher.DECRYPT_MODE, key);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < cipherText.length; i += 128) {
            out.writeBytes(c.doFinal(Arrays.copyOfRange(cipherText, i, i + 128)));
        }
        return out.toByteArray();
    }

    @Test
    void anEmptyBodyStillSigns() {
        // printf '' | md5sum → d41d8cd98f00b204e9800998ecf8427e
        assertEquals("d41d8cd98f00b204e9800998ecf8427e", QixiangyunSigning.md5Hex(new byte[0]));
    }
}

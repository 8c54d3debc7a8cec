package io.fapiao.vendor.yun2;

import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** yun2's form is encoded exactly as {@link URLEncoder} would encode it, whatever the values. */
class Yun2FormTest {

    private static final String ALPHABET = "aZ09 .-*_~+/=&%[]{}\"'\\:,;?#@!$^()<>|`\t\n中文发票￥（）—🧾é";

    private static String expected(String... pairs) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            if (b.length() > 0) {
                b.append('&');
            }
            b.append(URLEncoder.encode(pairs[i], StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return b.toString();
    }

    @Test
    void anyTextIsEncodedAsUrlEncoderDoes() {
        Random random = new Random(7);
        for (int n = 0; n < 2_000; n++) {
            String name = text(random, 1 + random.nextInt(6));
            String value = text(random, random.nextInt(40));
            String other = text(random, random.nextInt(10));
            assertEquals(expected(name, value, "spid", other), Yun2Form.with(name, value).and("spid", other).encode());
        }
    }

    @Test
    void aJsonPayloadIsItsBracketedBase64() {
        Random random = new Random(11);
        for (int n = 0; n < 500; n++) {
            String json = "{\"KHMC\":\"" + text(random, random.nextInt(200)) + "\"}";
            String bracketed = "[" + Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8)) + "]";
            assertEquals(expected("spid", "s1", "data", bracketed),
                    Yun2Form.with("spid", "s1").andBracketedBase64("data", json.getBytes(StandardCharsets.UTF_8))
                            .encode());
        }
        assertEquals("data=%5B" + Base64.getEncoder().encodeToString(new byte[] {-5, -1}).replace("+", "%2B")
                .replace("/", "%2F").replace("=", "%3D") + "%5D", new Yun2Form().andBracketedBase64("data",
                new byte[] {-5, -1}).encode());
    }

    @Test
    void aNameGivenAgainKeepsItsPlace() {
        assertEquals("a=3&b=2&c=", Yun2Form.with("a", "1").and("b", "2").and("a", "3").and("c", null).encode());
    }

    private static String text(Random random, int length) {
        StringBuilder b = new StringBuilder();
        int[] points = ALPHABET.codePoints().toArray();
        for (int i = 0; i < length; i++) {
            b.appendCodePoint(points[random.nextInt(points.length)]);
        }
        return b.toString();
    }
}

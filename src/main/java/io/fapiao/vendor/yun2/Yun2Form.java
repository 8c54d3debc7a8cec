package io.fapiao.vendor.yun2;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * yun2's request body: {@code application/x-www-form-urlencoded;charset=UTF-8}, parameters in the body only
 * (data in the URL fails), and JSON payloads as {@code [base64(UTF-8 JSON)]} with the brackets kept. Encoded as
 * {@link java.net.URLEncoder} does (unreserved {@code A-Z a-z 0-9 . - * _} kept, space as {@code +}, every other
 * UTF-8 byte as {@code %XX}), from the values' bytes straight into one ASCII text: an FPKJ form of ten lines is a few
 * kilobytes, once per order, and went through five copies before.
 */
public final class Yun2Form {

    public static final String CONTENT_TYPE = "application/x-www-form-urlencoded;charset=UTF-8";

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OPEN = {'['};
    private static final byte[] CLOSE = {']'};
    private static final byte[] NONE = {};

    /** A parameter's value as the bytes to encode: its UTF-8, or {@code [}, base64 bytes and {@code ]}. */
    private record Param(byte[] name, byte[] prefix, byte[] value, byte[] suffix) {
    }

    private final List<Param> params = new ArrayList<>(4);

    public static Yun2Form with(String name, String value) {
        return new Yun2Form().and(name, value);
    }

    public Yun2Form and(String name, String value) {
        return put(name, NONE, (value == null ? "" : value).getBytes(StandardCharsets.UTF_8), NONE);
    }

    /** {@code name=[base64(json)]}: the JSON's UTF-8 bytes, as FPKJ and SHKP take their {@code data}. */
    public Yun2Form andBracketedBase64(String name, byte[] json) {
        return put(name, OPEN, Base64.getEncoder().encode(json), CLOSE);
    }

    private Yun2Form put(String name, byte[] prefix, byte[] value, byte[] suffix) {
        byte[] key = name.getBytes(StandardCharsets.UTF_8);
        Param param = new Param(key, prefix, value, suffix);
        for (int i = 0; i < params.size(); i++) {
            if (Arrays.equals(params.get(i).name, key)) {
                // a name given again keeps its place, as in a map
                params.set(i, param);
                return this;
            }
        }
        params.add(param);
        return this;
    }

    public String encode() {
        int size = 0;
        for (Param p : params) {
            size += 2 + 3 * (p.name.length + p.prefix.length + p.value.length + p.suffix.length);
        }
        byte[] out = new byte[size];
        int at = 0;
        for (Param p : params) {
            if (at > 0) {
                out[at++] = '&';
            }
            at = escape(p.name, out, at);
            out[at++] = '=';
            at = escape(p.prefix, out, at);
            at = escape(p.value, out, at);
            at = escape(p.suffix, out, at);
        }
        return new String(out, 0, at, StandardCharsets.US_ASCII);
    }

    private static int escape(byte[] in, byte[] out, int at) {
        for (byte b : in) {
            if (b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '.' || b == '-'
                    || b == '*' || b == '_') {
                out[at++] = b;
            } else if (b == ' ') {
                out[at++] = '+';
            } else {
                out[at++] = '%';
                out[at++] = HEX[(b >> 4) & 0xF];
                out[at++] = HEX[b & 0xF];
            }
        }
        return at;
    }
}

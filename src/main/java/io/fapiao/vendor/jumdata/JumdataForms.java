package io.fapiao.vendor.jumdata;

import io.fapiao.login.SellerLogin;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.function.LongSupplier;

/**
 * The bodies of jumdata's tax-bureau login calls: {@code application/x-www-form-urlencoded}, the common parameters
 * {@code appId}, {@code timestamp}, {@code sign} first, then the business parameters in the document's names. One
 * timestamp is taken per request and used both as the parameter and inside the signature.
 */
public final class JumdataForms {

    public static final String CONTENT_TYPE = "application/x-www-form-urlencoded;charset=UTF-8";
    /** Zhejiang logs in without an SMS code, so the phone number is optional there. */
    public static final String ZHEJIANG = "3300";

    /** The login endpoints, as paths below the base URL ({@code https://api.jumdata.com}). */
    public enum Endpoint {
        LOGIN("/invoice/common/login"),
        VALIDATE_CODE("/invoice/common/login/validate-code"),
        STATUS("/invoice/common/login/status"),
        QRCODE_GET("/invoice/common/login/qrcode/get"),
        QRCODE_RESULT("/invoice/common/login/qrcode/result"),
        QRCODE_CHECK("/invoice/common/login/qrcode/check");

        private final String path;

        Endpoint(String path) {
            this.path = path;
        }

        public String path() {
            return path;
        }

        public static Optional<Endpoint> ofPath(String path) {
            return Arrays.stream(values()).filter(e -> e.path.equals(path)).findFirst();
        }
    }

    /**
     * One call: where it goes and its encoded body. The body holds the password or the SMS code, so
     * {@link #toString()} names the endpoint only.
     */
    public record Request(Endpoint endpoint, String body) {

        public String url(String baseUrl) {
            String base = baseUrl == null ? "" : baseUrl.strip();
            while (base.endsWith("/")) {
                base = base.substring(0, base.length() - 1);
            }
            return base + endpoint.path();
        }

        @Override
        public String toString() {
            return "jumdata " + endpoint.path();
        }
    }

    private final String appId;
    private final String appSecret;
    private final LongSupplier clock;

    public JumdataForms(String appId, String appSecret) {
        this(appId, appSecret, System::currentTimeMillis);
    }

    /** @param clock epoch milliseconds, one reading per request */
    public JumdataForms(String appId, String appSecret, LongSupplier clock) {
        this.appId = appId == null ? "" : appId.strip();
        this.appSecret = appSecret == null ? "" : appSecret.strip();
        this.clock = clock;
    }

    /** Login: logs in at once (Zhejiang) or sends the SMS code (everywhere else). */
    public Request login(SellerLogin seller) {
        return new Request(Endpoint.LOGIN, encode(credentials(seller)));
    }

    /** The SMS code the tax officer received, with the task id the login answered. */
    public Request validateCode(String taxId, String validateCodeSmsTaskId, String smsValidateCode) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("nsrsbh", taxId);
        p.put("validateCodeSmsTaskId", validateCodeSmsTaskId);
        p.put("smsValidateCode", smsValidateCode);
        return new Request(Endpoint.VALIDATE_CODE, encode(p));
    }

    /** Whether the seller's session at the tax bureau still holds; same parameters as the login. */
    public Request status(SellerLogin seller) {
        return new Request(Endpoint.STATUS, encode(credentials(seller)));
    }

    public Request qrcodeGet(String taxId, String region) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("nsrsbh", taxId);
        p.put("dq", region);
        return new Request(Endpoint.QRCODE_GET, encode(p));
    }

    /** @param identity optional ({@code sflx}); left out when blank */
    public Request qrcodeResult(String taskId, String qrcodeId, String identity) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("taskId", taskId);
        p.put("qrcodeId", qrcodeId);
        if (identity != null && !identity.isBlank()) {
            p.put("sflx", identity);
        }
        return new Request(Endpoint.QRCODE_RESULT, encode(p));
    }

    public Request qrcodeCheck(String taxId, String accountId) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("nsrsbh", taxId);
        p.put("accountId", accountId);
        return new Request(Endpoint.QRCODE_CHECK, encode(p));
    }

    /** Whether a login in this region goes through an SMS code (all but Zhejiang). */
    public static boolean needsSms(String region) {
        return !ZHEJIANG.equals(region == null ? "" : region.strip());
    }

    /**
     * The seller settings an SMS login at jumdata cannot do without that are blank (suffixes of
     * {@code fapiao.sellers.<taxId>.}): all of them, the phone only outside Zhejiang.
     */
    public static List<String> missing(SellerLogin seller) {
        return seller.blank().stream().filter(s -> !s.equals("phone") || needsSms(seller.region())).toList();
    }

    private static Map<String, String> credentials(SellerLogin seller) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("nsrsbh", seller.taxId());
        p.put("dq", seller.region());
        p.put("sflx", seller.identity());
        p.put("gryhm", seller.account());
        p.put("gryhmm", seller.password());
        if (!seller.phone().isEmpty()) {
            p.put("sjhm", seller.phone());
        }
        return p;
    }

    private String encode(Map<String, String> business) {
        long timestamp = clock.getAsLong();
        StringJoiner body = new StringJoiner("&");
        add(body, "appId", appId);
        add(body, "timestamp", Long.toString(timestamp));
        add(body, "sign", JumdataSigning.sign(appId, appSecret, timestamp));
        business.forEach((k, v) -> add(body, k, v));
        return body.toString();
    }

    private static void add(StringJoiner body, String name, String value) {
        body.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8));
    }
}

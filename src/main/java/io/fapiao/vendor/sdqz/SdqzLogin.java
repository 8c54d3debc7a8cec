package io.fapiao.vendor.sdqz;

import com.fasterxml.jackson.databind.JsonNode;
import io.fapiao.login.LoginMethod;
import io.fapiao.login.LoginState;
import io.fapiao.login.LoginStep;
import io.fapiao.login.LoginVendor;
import io.fapiao.login.SellerLogin;
import io.fapiao.vendor.Vendor;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * sdqz as a {@link LoginVendor}. QR: the documented {@code XXSMRZ} ({@code ewmlx} 0 税务APP, 1 个税APP), then the
 * configured auth-result query ({@code vendor.sdqz.actions.auth-result}) until scanned. SMS: the menu's 登录认证 and
 * 短信认证 as configured actions ({@code vendor.sdqz.actions.login}, {@code .sms-auth}) — their codes and bodies are
 * not public, so without configuration an SMS login answers FAILED saying which properties to set. sdqz has no
 * session status call.
 *
 * <p>Placeholders a configured body may use: {@code ${taxnum}}; for {@code login} {@code ${account}},
 * {@code ${password}}, {@code ${phone}}, {@code ${region}}, {@code ${identity}}; for {@code sms-auth} {@code ${code}};
 * and for both follow-ups every handle of the step before ({@code ${taskId}}, {@code ${rzid}}, …).
 */
public final class SdqzLogin implements LoginVendor {

    /** 登录认证: sends the SMS code. */
    public static final String LOGIN = "login";
    /** 短信认证: the SMS code. */
    public static final String SMS_AUTH = "sms-auth";
    /** A data field of an unknown answer kept as a handle only if its name says nothing secret. */
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(cookie|token|pass|pwd|mm|yzm|sms|secret|key).*");

    private final ProducerTemplate template;
    private final SdqzAccount account;
    private final Function<String, Optional<String>> properties;

    /** @param properties the bundle's properties, for the configured actions */
    public SdqzLogin(ProducerTemplate template, SdqzAccount account, Function<String, Optional<String>> properties) {
        this.template = template;
        this.account = account;
        this.properties = properties;
    }

    @Override
    public Vendor key() {
        return Vendor.SDQZ;
    }

    @Override
    public Set<LoginMethod> methods() {
        return Set.of(LoginMethod.SMS, LoginMethod.QR);
    }

    /** The QR needs nothing of the seller; the configured SMS login needs what its body names. */
    @Override
    public List<String> missing(LoginMethod method, SellerLogin seller) {
        if (method == LoginMethod.QR) {
            return List.of();
        }
        String body = action(LOGIN).map(SdqzAction::body).orElse("");
        Map<String, String> values = credentials(seller);
        return List.of("account", "password", "phone", "region", "identity").stream()
                .filter(n -> body.contains("${" + n + "}") && values.get(n).isEmpty()).toList();
    }

    @Override
    public LoginStep start(LoginMethod method, SellerLogin seller, Map<String, String> options) {
        if (method == LoginMethod.QR) {
            String ewmlx = options.getOrDefault("ewmlx", "0").strip();
            if (!ewmlx.equals("0") && !ewmlx.equals("1")) {
                return LoginStep.of(LoginState.FAILED, "ewmlx须为0（税务APP）或1（个税APP）",
                        "ewmlx must be 0 (tax bureau app) or 1 (individual income tax app)");
            }
            SdqzAction qr = action(SdqzAction.QR_AUTH).orElse(SdqzAction.XXSMRZ);
            return call(qr, seller, Map.of("ewmlx", ewmlx)).map(SdqzReplies::qrAuth).orElseGet(SdqzLogin::unreachable);
        }
        Optional<SdqzAction> login = action(LOGIN);
        if (login.isEmpty() || action(SMS_AUTH).isEmpty()) {
            return notConfigured(LOGIN + " / " + SMS_AUTH, "登录认证、短信认证");
        }
        return call(login.get(), seller, credentials(seller)).map(SdqzLogin::smsSent)
                .orElseGet(SdqzLogin::unreachable);
    }

    @Override
    public LoginStep submitSms(SellerLogin seller, Map<String, String> handles, String code) {
        Optional<SdqzAction> auth = action(SMS_AUTH);
        if (auth.isEmpty()) {
            return notConfigured(SMS_AUTH, "短信认证");
        }
        Map<String, String> values = new LinkedHashMap<>(handles);
        values.put("code", code);
        return call(auth.get(), seller, values).map(SdqzLogin::authenticated).orElseGet(SdqzLogin::unreachable);
    }

    @Override
    public LoginStep checkQr(SellerLogin seller, Map<String, String> handles) {
        Optional<SdqzAction> result = action(SdqzAction.AUTH_RESULT);
        if (result.isEmpty()) {
            return LoginStep.of(LoginState.QR_READY, "未配置认证结果查询（vendor.sdqz.actions.auth-result.code），无法得知是否已扫码",
                    "the auth-result query is not configured (vendor.sdqz.actions.auth-result.code): whether the QR was "
                            + "scanned cannot be known");
        }
        return call(result.get(), seller, handles).map(SdqzReplies::authResult)
                .orElseGet(() -> LoginStep.of(LoginState.QR_READY, "暂未能询问数电前置", "could not ask sdqz yet"));
    }

    @Override
    public Optional<LoginStep> checkSession(SellerLogin seller, Map<String, String> handles) {
        return Optional.empty();
    }

    /**
     * A configured action for a seller, as the vendor answers it; empty when the call did not get through. Also the
     * general call for any action code the user configured.
     */
    public Optional<String> call(SdqzAction action, SellerLogin seller, Map<String, String> values) {
        SdqzEnvelope envelope;
        try {
            envelope = action.envelope(account, seller.taxId(), values);
        } catch (IllegalArgumentException e) {
            // a body that needs a value this call has not: the message names the placeholder, never a value
            return Optional.of("{\"code\":\"9999\",\"mess\":" + quote(e.getMessage()) + "}");
        }
        if (account.baseUrl().isEmpty()) {
            return Optional.of("{\"code\":\"9999\",\"mess\":\"未配置vendor.sdqz.base-url\"}");
        }
        Exchange answer = template.send("direct:sdqz-call", e -> e.getIn().setBody(envelope));
        return answer.getException() != null ? Optional.empty()
                : Optional.ofNullable(answer.getMessage().getBody(String.class));
    }

    public Optional<SdqzAction> action(String name) {
        return SdqzAction.configured(name, properties);
    }

    private static LoginStep smsSent(String body) {
        SdqzReplies.Reply r = SdqzReplies.Reply.parse(body);
        if (!r.ok()) {
            return SdqzReplies.failure(r);
        }
        return new LoginStep(LoginState.SMS_SENT, r.mess().isBlank() ? "验证码已发送" : r.mess().strip(),
                "SMS code sent to the tax officer's phone; enter it to finish the login", "", handles(r.data()),
                Duration.ZERO, false);
    }

    private static LoginStep authenticated(String body) {
        SdqzReplies.Reply r = SdqzReplies.Reply.parse(body);
        if (!r.ok()) {
            return SdqzReplies.failure(r);
        }
        return new LoginStep(LoginState.LOGGED_IN, r.mess().isBlank() ? "认证成功" : r.mess().strip(),
                "authenticated at the tax bureau", "", handles(r.data()), Duration.ZERO, false);
    }

    /** The scalar fields of {@code data} whose names say nothing secret: what the next configured call may need. */
    static Map<String, String> handles(JsonNode data) {
        Map<String, String> out = new LinkedHashMap<>();
        if (data != null && data.isObject()) {
            data.fields().forEachRemaining(e -> {
                JsonNode v = e.getValue();
                if (v.isValueNode() && !v.isNull() && !SECRET_NAME.matcher(e.getKey()).matches()) {
                    String text = v.isIntegralNumber() ? v.bigIntegerValue().toString() : v.asText().strip();
                    if (!text.isEmpty() && text.length() <= 200) {
                        out.put(e.getKey(), text);
                    }
                }
            });
        }
        return out;
    }

    private static Map<String, String> credentials(SellerLogin seller) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("account", seller.account());
        v.put("password", seller.password());
        v.put("phone", seller.phone());
        v.put("region", seller.region());
        v.put("identity", seller.identity());
        return v;
    }

    private static LoginStep notConfigured(String names, String zhNames) {
        return new LoginStep(LoginState.FAILED, "数电前置的" + zhNames + "接口代码未公开，须配置vendor.sdqz.actions."
                + names.replace(" / ", ".code与vendor.sdqz.actions.") + ".code",
                "sdqz's action codes for " + names + " are not public: configure vendor.sdqz.actions."
                        + names.replace(" / ", ".code and vendor.sdqz.actions.") + ".code (and .body) as sdqz gave them",
                "", Map.of(), Duration.ZERO, true);
    }

    private static LoginStep unreachable() {
        return LoginStep.of(LoginState.FAILED, "无法连接数电前置", "sdqz could not be reached");
    }

    private static String quote(String s) {
        return com.fasterxml.jackson.databind.node.TextNode.valueOf(String.valueOf(s)).toString();
    }
}

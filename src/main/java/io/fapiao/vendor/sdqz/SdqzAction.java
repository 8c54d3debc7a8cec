package io.fapiao.vendor.sdqz;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An sdqz operation as configuration: its action code and a JSON body template. The document publishes one action
 * code, {@code XXSMRZ} (QR authentication); the codes and bodies of every other operation (login, SMS
 * authentication, auth-result query, issuing, …) are not public, so the integration team configures them:
 *
 * <pre>
 * vendor.sdqz.actions.auth-result.code=&lt;the code sdqz gave you&gt;
 * vendor.sdqz.actions.auth-result.body={"rzid":"${rzid}","taskId":${taskId} }
 * </pre>
 *
 * (Camel reads two closing braces in a row in a property value as the end of a property placeholder: keep a space
 * between closing braces, as above, or the value reads as unset.)
 *
 * {@code ${name}} is replaced by a value the call supplies (a handle of the previous step, {@code taxnum}, …),
 * JSON-escaped and without quotes, so the template decides whether it is a string ({@code "${rzid}"}) or a number
 * ({@code ${taskId}}). The rendered body must be a JSON object.
 */
public record SdqzAction(String name, String code, String body) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.-]+)}");

    public static final String PREFIX = "vendor.sdqz.actions.";
    /** QR authentication, the one public action; configured or not, it is there. */
    public static final String QR_AUTH = "qr-auth";
    /** The auth-result query (认证结果查询): its action code is not public and must be configured. */
    public static final String AUTH_RESULT = "auth-result";
    /** The QR authentication as the document gives it; {@code ewmlx} 0 税务APP, 1 个税APP. */
    public static final SdqzAction XXSMRZ = new SdqzAction(QR_AUTH, "XXSMRZ", "{\"ewmlx\":\"${ewmlx}\"}");

    public SdqzAction {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("an sdqz action name is lower-case letters, digits and '-': " + name);
        }
        if (code == null || code.isBlank()) {
            throw new IllegalArgumentException(PREFIX + name + ".code is not set: sdqz's action codes are not "
                    + "public, ask sdqz for the code of this operation");
        }
        code = code.strip();
        body = body == null || body.isBlank() ? "{}" : body.strip();
    }

    /**
     * The action of this name from {@code vendor.sdqz.actions.<name>.code} and {@code .body}; for {@link #QR_AUTH}
     * the document's {@link #XXSMRZ} unless configured otherwise.
     */
    public static Optional<SdqzAction> configured(String name, Function<String, Optional<String>> property) {
        Optional<String> code = property.apply(PREFIX + name + ".code").filter(s -> !s.isBlank());
        Optional<String> body = property.apply(PREFIX + name + ".body").filter(s -> !s.isBlank());
        if (code.isEmpty()) {
            return QR_AUTH.equals(name)
                    ? Optional.of(body.map(b -> new SdqzAction(QR_AUTH, XXSMRZ.code, b)).orElse(XXSMRZ))
                    : Optional.empty();
        }
        return Optional.of(new SdqzAction(name, code.get(), body.orElse("{}")));
    }

    /** Every action configured under {@code vendor.sdqz.actions.}, by name, with {@link #QR_AUTH} always there. */
    public static Map<String, SdqzAction> all(Map<String, String> properties) {
        Map<String, SdqzAction> out = new TreeMap<>();
        properties.keySet().stream().filter(k -> k.startsWith(PREFIX) && k.endsWith(".code"))
                .map(k -> k.substring(PREFIX.length(), k.length() - ".code".length()))
                .forEach(n -> configured(n, k -> Optional.ofNullable(properties.get(k))).ifPresent(a -> out.put(n, a)));
        out.computeIfAbsent(QR_AUTH, n -> configured(n, k -> Optional.ofNullable(properties.get(k))).orElseThrow());
        return out;
    }

    /** The body with every {@code ${name}} replaced; a placeholder without a value, or a body that is no JSON object, is refused. */
    public String render(Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(body);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException(PREFIX + name + ".body needs ${" + m.group(1)
                        + "}, which this call does not have (it has " + values.keySet() + ")");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(
                    new String(JsonStringEncoder.getInstance().quoteAsString(value))));
        }
        m.appendTail(out);
        String rendered = out.toString();
        if (!SdqzEnvelope.isJsonObject(rendered)) {
            throw new IllegalArgumentException(PREFIX + name + ".body is not a JSON object once filled in");
        }
        return rendered;
    }

    /** The call of this action for a seller, its body filled in from {@code values}. */
    public SdqzEnvelope envelope(SdqzAccount account, String sellerTaxId, Map<String, String> values) {
        Map<String, String> all = new LinkedHashMap<>(values);
        all.putIfAbsent("taxnum", sellerTaxId == null || sellerTaxId.isBlank() ? account.taxnum() : sellerTaxId);
        return SdqzEnvelope.of(account, sellerTaxId, code, render(all));
    }
}

package io.fapiao.vendor.sdqz;

import com.fasterxml.jackson.databind.JsonNode;
import io.fapiao.api.ApiException;
import io.fapiao.login.SellerLogin;
import io.fapiao.order.OrderJsonReader;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The general sdqz call of {@code api-sdqz.camel.yaml}: {@code POST /api/sdqz/{action}/{taxId}} with a JSON object
 * whose fields fill the configured body's {@code ${placeholders}} ({@code vendor.sdqz.actions.<action>.code} and
 * {@code .body}); answers sdqz's own reply ({@code {code, mess, data}}) as it came. sdqz's action codes other than
 * {@code XXSMRZ} are not public: an action that is not configured is refused, naming the properties to set.
 */
public final class SdqzApi {

    private static final Pattern TAX_ID = Pattern.compile("[0-9A-Z]{15,20}");
    private static final int MAX_BODY = 64 * 1024;

    private final SdqzLogin sdqz;

    public SdqzApi(SdqzLogin sdqz) {
        this.sdqz = sdqz;
    }

    public String call(Exchange exchange) {
        Message m = exchange.getMessage();
        String name = String.valueOf(m.getHeader("action")).strip().toLowerCase(Locale.ROOT);
        String taxId = String.valueOf(m.getHeader("taxId")).strip().toUpperCase(Locale.ROOT);
        if (!TAX_ID.matcher(taxId).matches()) {
            throw new ApiException(400, "销方税号无效 / the seller's tax id must be 15 to 20 digits or capital letters");
        }
        SdqzAction action;
        try {
            action = sdqz.action(name).orElseThrow(() -> new ApiException(404, "未配置数电前置操作" + name
                    + "：请设置vendor.sdqz.actions." + name + ".code和.body / sdqz action '" + name + "' is not configured: set "
                    + "vendor.sdqz.actions." + name + ".code and .body (sdqz's action codes are not public)"));
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "操作名只能含小写字母、数字和- / an action name is lower-case letters, digits and '-'");
        }
        String reply = sdqz.call(action, new SellerLogin(taxId, "", "", "", "", ""), values(m))
                .orElseThrow(() -> new ApiException(502, "无法连接数电前置 / sdqz could not be reached"));
        m.removeHeaders("*");
        m.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        m.setHeader(Exchange.CONTENT_TYPE, "application/json;charset=UTF-8");
        return reply;
    }

    private static Map<String, String> values(Message m) {
        byte[] body = m.getBody(byte[].class);
        Map<String, String> out = new LinkedHashMap<>();
        if (body == null || body.length == 0) {
            return out;
        }
        if (body.length > MAX_BODY) {
            throw new ApiException(413, "请求体过大 / the request body is too large");
        }
        JsonNode n;
        try {
            n = OrderJsonReader.MAPPER.readTree(body);
        } catch (Exception e) {
            n = null;
        }
        if (n == null || !n.isObject()) {
            throw new ApiException(400, "请求体须为JSON对象 / the body must be a JSON object of the values to fill in");
        }
        n.fields().forEachRemaining(e -> {
            JsonNode v = e.getValue();
            if (v.isValueNode() && !v.isNull()) {
                out.put(e.getKey(), v.isIntegralNumber() ? v.bigIntegerValue().toString() : v.asText());
            }
        });
        return out;
    }
}

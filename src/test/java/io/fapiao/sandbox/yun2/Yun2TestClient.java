package io.fapiao.sandbox.yun2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fapiao.sandbox.SandboxRequest;
import io.fapiao.sandbox.SandboxResponse;
import io.fapiao.vendor.yun2.Yun2Form;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Calls a yun2 simulator as a client would, without HTTP: form posts with the token header. */
final class Yun2TestClient {

    static final ObjectMapper JSON = new ObjectMapper();

    /** {@code [base64]} of a JSON text's UTF-8 bytes, as FPKJ and SHKP take their {@code data}, for forms built by hand. */
    static String bracketedBase64(String json) {
        return "[" + Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8)) + "]";
    }
    static final String ITEM = "{\"CPMC\":\"龙井茶\",\"CPSL\":\"2\",\"SL\":\"0.13\",\"BHSJE\":\"100.00\",\"SE\":\"13.00\","
            + "\"FLBM\":\"1030307000000000000\"}";

    private final Yun2Sandbox sandbox;
    private final String user;
    private final String password;
    String token;

    Yun2TestClient(Yun2Sandbox sandbox, String user, String password) {
        this.sandbox = sandbox;
        this.user = user;
        this.password = password;
        login();
    }

    void login() {
        token = call("/API/LOGIN/GetToken", "UserName", user, "Password", password).get("ID").asText();
    }

    /** A form post of name/value pairs. */
    JsonNode call(String path, String... pairs) {
        Yun2Form form = new Yun2Form();
        for (int i = 0; i < pairs.length; i += 2) {
            form.and(pairs[i], pairs[i + 1]);
        }
        SandboxResponse r = sandbox.handle(new SandboxRequest("POST", path, "",
                Map.of("content-type", Yun2Form.CONTENT_TYPE, "token", token == null ? "" : token), form.encode()));
        assertEquals(200, r.status(), () -> new String(r.body(), StandardCharsets.UTF_8));
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    JsonNode fpkj(String spid, String... invoices) {
        return call("/API/KPGL/FPKJ", "spid", spid, "data",
                bracketedBase64("[" + String.join(",", invoices) + "]"));
    }

    JsonNode kpjg(String spid, String xtlsh) {
        return call("/API/KPGL/KPJG", "fpzl", "021", "xtlsh", xtlsh, "spid", spid);
    }

    JsonNode shkp(String spid, String... xtlsh) {
        StringBuilder list = new StringBuilder("[");
        for (String x : xtlsh) {
            list.append(list.length() > 1 ? "," : "").append("{\"FPZL\":\"021\",\"XTLSH\":\"").append(x).append("\"}");
        }
        return call("/API/KPGL/SHKP", "spid", spid, "data", bracketedBase64(list.append(']').toString()));
    }

    /** A 数电普票 order of one line (100.00 + 13.00), with extra JSON members. */
    static String invoice(String xtlsh, String extra) {
        return "{\"XTLSH\":\"" + xtlsh + "\",\"KHMC\":\"买方\",\"FPZL\":\"021\"" + extra + ",\"ITEM\":[" + ITEM + "]}";
    }

    SandboxResponse pdf(String url) {
        return sandbox.handle(new SandboxRequest("POST", url.substring(0, url.indexOf('?')),
                url.substring(url.indexOf('?') + 1), Map.of("token", token), ""));
    }

    /** The text of the PDF behind a yun2 invoice link. */
    String pdfText(String url) {
        SandboxResponse r = pdf(url);
        assertEquals(200, r.status());
        try (PDDocument doc = Loader.loadPDF(r.body())) {
            return new PDFTextStripper().getText(doc);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}

package io.fapiao.sandbox.yun2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fapiao.sandbox.SandboxRequest;
import io.fapiao.sandbox.SandboxResponse;
import io.fapiao.vendor.yun2.Yun2Form;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The simulator is as strict as the document: what it refuses, and how. */
class Yun2SandboxTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FORM = "application/x-www-form-urlencoded;charset=UTF-8";
    private static final String ITEM = "{\"CPMC\":\"龙井茶\",\"SL\":\"0.13\",\"BHSJE\":\"100.00\",\"SE\":\"13.00\","
            + "\"FLBM\":\"1030307000000000000\"}";

    private Yun2Sandbox yun2;
    private String token;

    @BeforeEach
    void login() throws Exception {
        yun2 = new Yun2Sandbox("u", "p", "SPID", "91310115MA1K4B2X34", "销方");
        token = call("/API/LOGIN/GetToken", "", Yun2Form.with("UserName", "u").and("Password", "p").encode())
                .get("ID").asText();
        assertTrue(token.startsWith("[") && token.endsWith("]"));
    }

    private SandboxResponse raw(String method, String path, String query, String contentType, String tok, String body) {
        return yun2.handle(new SandboxRequest(method, path, query, Map.of("content-type", contentType, "token", tok), body));
    }

    private JsonNode call(String path, String tok, String body) throws Exception {
        return JSON.readTree(new String(raw("POST", path, "", FORM, tok, body).body(), StandardCharsets.UTF_8));
    }

    private JsonNode fpkj(String invoiceJson) throws Exception {
        return call("/API/KPGL/FPKJ", token, Yun2Form.with("spid", "SPID")
                .and("data", Yun2TestClient.bracketedBase64("[" + invoiceJson + "]")).encode());
    }

    private static String invoice(String xtlsh, String extra) {
        return "{\"XTLSH\":\"" + xtlsh + "\",\"KHMC\":\"买方\",\"FPZL\":\"021\"" + extra + ",\"ITEM\":[" + ITEM + "]}";
    }

    @Test
    void refusesWrongCredentialsMethodsQueriesAndContentTypes() throws Exception {
        assertEquals("0", call("/API/LOGIN/GetToken", "", "UserName=u&Password=x").get("Result").asText());
        String get = new String(raw("GET", "/API/KPGL/FPKJ", "", FORM, token, "").body(), StandardCharsets.UTF_8);
        assertTrue(get.contains("POST"));
        assertEquals("test", new String(raw("POST", "/API/KPGL/FPKJ", "spid=SPID&data=%5Babc%5D", FORM, token, "").body(),
                StandardCharsets.UTF_8), "the document: data in the URL answers 'test'");
        String json = new String(raw("POST", "/API/KPGL/KPJG", "", "application/json", token, "{}").body(),
                StandardCharsets.UTF_8);
        assertTrue(json.contains("Content-Type"));
    }

    @Test
    void theTokenMustBeTheCurrentOneWithItsBrackets() throws Exception {
        assertEquals("2001", call("/API/TERM/LIST", "", "").get("Code").asText());
        assertEquals("2003", call("/API/TERM/LIST", token.substring(1, token.length() - 1), "").get("Code").asText());
        String old = token;
        login();
        assertEquals("2002", call("/API/TERM/LIST", old, "").get("Code").asText(), "a new login ends the old token");
        assertEquals("1", call("/API/TERM/LIST", token, "").get("Result").asText());
    }

    @Test
    void dataMustBeBracketedBase64OfUpperCaseJsonForAKnownSpid() throws Exception {
        String b64 = Yun2TestClient.bracketedBase64("[" + invoice("S1", "") + "]");
        JsonNode noBrackets = call("/API/KPGL/FPKJ", token, Yun2Form.with("spid", "SPID")
                .and("data", b64.substring(1, b64.length() - 1)).encode());
        assertEquals("0", noBrackets.get("Result").asText());
        JsonNode badSpid = call("/API/KPGL/FPKJ", token, Yun2Form.with("spid", "OTHER").and("data", b64).encode());
        assertTrue(badSpid.get("Message").asText().contains("spid"));
        JsonNode lower = fpkj("{\"xtlsh\":\"S2\",\"KHMC\":\"买方\",\"FPZL\":\"021\",\"ITEM\":[" + ITEM + "]}");
        assertEquals("0", lower.get("ErrList").get(0).get("HaveSave").asText());
        assertTrue(lower.get("ErrList").get(0).get("ErrMsg").asText().contains("大写"));
    }

    @Test
    void issuesTwentyDigitNumbersAndAnswersARepeatWithTheSameInvoice() throws Exception {
        JsonNode first = fpkj(invoice("S3", ""));
        assertEquals("1", first.get("Result").asText());
        String number = first.get("SucessList").get(0).get("fphm").asText();
        assertTrue(number.matches("\\d{20}"), number);
        JsonNode again = fpkj(invoice("S3", ""));
        assertEquals("0", again.get("Result").asText());
        assertEquals(number, again.get("ErrList").get(0).get("FPHM").asText());
        assertTrue(again.get("Message").asText().contains("此单据已经开过发票"));
        assertEquals(1, yun2.invoiceCount());
        String url = first.get("SucessList").get(0).get("url").asText();
        SandboxResponse pdf = yun2.handle(new SandboxRequest("GET", "/KPGL/PDFXZ", url.substring(url.indexOf('?') + 1),
                Map.of(), ""));
        assertEquals("application/pdf", pdf.contentType());
        assertTrue(new String(pdf.body(), 0, 5, StandardCharsets.ISO_8859_1).equals("%PDF-"));
    }

    @Test
    void checksTheDocumentsRules() throws Exception {
        assertTrue(fpkj("{\"XTLSH\":\"S4\",\"KHMC\":\"买方\",\"FPZL\":\"020\",\"ITEM\":[" + ITEM + "]}")
                .get("Message").asText().contains("KHSH"));
        assertTrue(fpkj("{\"XTLSH\":\"S5\",\"KHMC\":\"买方\",\"FPZL\":\"021\",\"ITEM\":[{\"CPMC\":\"茶\",\"SL\":\"0.13\","
                + "\"BHSJE\":\"100\",\"SE\":\"13.07\",\"FLBM\":\"1030307000000000000\"}]}").get("Message").asText()
                .contains("0.06"));
        assertTrue(fpkj("{\"XTLSH\":\"S6\",\"KHMC\":\"买方\",\"FPZL\":\"021\",\"ITEM\":[" + ITEM + ",{\"CPMC\":\"龙井茶\","
                + "\"CPDW\":\"盒\",\"SL\":\"0.13\",\"BHSJE\":\"-10\",\"SE\":\"-1.30\",\"FLBM\":\"1030307000000000000\"}]}")
                .get("Message").asText().contains("折扣行的产品单位必需是空"));
        assertTrue(fpkj("{\"XTLSH\":\"S7\",\"KHMC\":\"买方\",\"FPZL\":\"021\",\"ITEM\":[{\"CPMC\":\"茶\",\"SL\":\"0\","
                + "\"BHSJE\":\"100\",\"SE\":\"0\",\"FLBM\":\"1030307000000000000\"}]}").get("Message").asText()
                .contains("LSLBZ"));
        assertTrue(fpkj(invoice("S8", ",\"YFPHM\":\"123\"")).get("Message").asText().contains("YFPHM"));
        assertEquals(0, yun2.invoiceCount());
    }

    @Test
    void kpjgShkpAndFplistFollowTheStoredOrders() throws Exception {
        yun2.trouble().haveSaveFailures = 1;
        yun2.trouble().haveSaveReview = true;
        JsonNode saved = fpkj(invoice("S9", ""));
        assertEquals("1", saved.get("ErrList").get(0).get("HaveSave").asText());
        JsonNode review = call("/API/KPGL/KPJG", token, "fpzl=021&xtlsh=S9&spid=SPID");
        assertEquals("0", review.get("FPZT").asText());
        call("/API/KPGL/SHKP", token, Yun2Form.with("spid", "SPID")
                .and("data", Yun2TestClient.bracketedBase64("[{\"FPZL\":\"021\",\"XTLSH\":\"S9\"}]")).encode());
        JsonNode issued = call("/API/KPGL/KPJG", token, "fpzl=021&xtlsh=S9&spid=SPID");
        assertEquals("1", issued.get("Result").asText());
        assertTrue(issued.get("FPHM").asText().matches("\\d{20}"));
        JsonNode list = call("/API/KPGL/FPLIST", token, "xtlsh=S9&spid=SPID&mxbz=1&pageindex=1&pagesize=10");
        assertEquals(1, list.get("total").asInt());
        assertTrue(list.get("rows").get(0).has("jshj "), "the document's FPLIST rows carry \"jshj \"");
        assertEquals("113.00", list.get("rows").get(0).get("jshj ").asText());
        assertEquals("0", call("/API/KPGL/FPLIST", token, "spid=SPID&mxbz=0&pageindex=1&pagesize=10")
                .get("Result").asText(), "dates are required without xtlsh or fphm");
    }
}

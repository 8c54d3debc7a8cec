package io.fapiao.sandbox.yun2;

import com.fasterxml.jackson.databind.JsonNode;
import io.fapiao.sandbox.SandboxAccount;
import io.fapiao.sandbox.SandboxRequest;
import io.fapiao.sandbox.SandboxResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** FPLIST as the seed gives it: filters, paging, lines, the "jshj " key; and the reconciliation switches. */
class Yun2FplistTest {

    private static final String SPID = SandboxAccount.SPID;
    private static final List<String> ROW_KEYS = List.of("xtlsh", "spid", "qysh", "xfyh", "xfdz", "fplxdm", "fpdm",
            "fphm", "kprq", "ghdwsbh", "ghdwmc", "ghdwdzdh", "ghdwyhzh", "hjje", "hjse", "jshj ", "url", "skr", "fhr",
            "kpr", "bz", "yfpdm", "yfphm", "tzdbh", "chfpdm", "chfphm", "spr", "fpdyzt", "qdbz", "xym", "jqbh", "zfbz",
            "zfrq", "fpmx");
    private static final List<String> LINE_KEYS = List.of("spmc", "dj", "sl", "spsl", "je", "se", "ggxh", "dw", "flbm",
            "xsyh", "lslbz", "yhsm");

    private Yun2Sandbox yun2;
    private Yun2TestClient client;
    private final List<String> numbers = new ArrayList<>();

    /** F1 … F5 issued on 1 … 5 November 2026, one a day. */
    @BeforeEach
    void issueFiveDays() {
        yun2 = SandboxAccount.yun2(SandboxAccount.SELLER);
        MovableClock clock = MovableClock.at("2026-11-01T10:00:00");
        yun2.clock(clock);
        client = new Yun2TestClient(yun2, SandboxAccount.USER, SandboxAccount.PASSWORD);
        for (int day = 1; day <= 5; day++) {
            JsonNode answer = client.fpkj(SPID, Yun2TestClient.invoice("F" + day, ",\"KHYJ\":\"buyer@example.com\""));
            numbers.add(answer.get("SucessList").get(0).get("fphm").asText());
            clock.move(Duration.ofDays(1));
        }
    }

    private JsonNode list(String... pairs) {
        List<String> form = new ArrayList<>(List.of("spid", SPID, "mxbz", "0", "pageindex", "1", "pagesize", "20"));
        for (int i = 0; i < pairs.length; i += 2) {
            int at = form.indexOf(pairs[i]);
            if (at >= 0 && at % 2 == 0) {
                form.set(at + 1, pairs[i + 1]);
            } else {
                form.add(pairs[i]);
                form.add(pairs[i + 1]);
            }
        }
        return client.call("/API/KPGL/FPLIST", form.toArray(String[]::new));
    }

    private static List<String> orderNumbers(JsonNode answer) {
        List<String> xtlsh = new ArrayList<>();
        answer.get("rows").forEach(r -> xtlsh.add(r.get("xtlsh").asText()));
        return xtlsh;
    }

    @Test
    void findsByOrderNumberInvoiceNumberOrDateRange() {
        JsonNode byXtlsh = list("xtlsh", "F2");
        assertEquals(List.of("Result", "Message", "total", "rows"), Yun2EnterprisesTest.keys(byXtlsh));
        assertEquals(1, byXtlsh.get("total").asInt());
        assertTrue(byXtlsh.get("total").isNumber(), "FPLIST's total is a number, TERM/LIST's a string");
        assertEquals(List.of("F3"), orderNumbers(list("fphm", numbers.get(2))));
        assertEquals(List.of("F2", "F3", "F4"), orderNumbers(list("qsrq", "2026-11-02", "jzrq", "2026-11-04")));
        assertEquals(List.of("F1", "F2"), orderNumbers(list("qsrq", "20261101", "jzrq", "20261102")));
        assertEquals(List.of("F5"), orderNumbers(list("qysh", SandboxAccount.SELLER, "spid", "", "xtlsh", "F5")));
        assertEquals(List.of("F4"), orderNumbers(list("gjz", numbers.get(3), "qsrq", "2026-11-01", "jzrq", "2026-11-30")));
        assertEquals(0, list("xtlsh", "NONE").get("total").asInt());
    }

    @Test
    void pagesAndAddsLinesWithMxbz() {
        JsonNode page2 = list("qsrq", "2026-11-01", "jzrq", "2026-11-30", "pageindex", "2", "pagesize", "2");
        assertEquals(5, page2.get("total").asInt());
        assertEquals(List.of("F3", "F4"), orderNumbers(page2));
        assertEquals(List.of("F5"), orderNumbers(list("qsrq", "2026-11-01", "jzrq", "2026-11-30", "pageindex", "3",
                "pagesize", "2")));
        JsonNode row = list("xtlsh", "F1", "mxbz", "1").get("rows").get(0);
        assertEquals(ROW_KEYS, Yun2EnterprisesTest.keys(row));
        assertFalse(row.has("jshj"), "the seed spells it \"jshj \"");
        assertEquals("100.00", row.get("hjje").asText());
        assertEquals("13.00", row.get("hjse").asText());
        assertEquals("113.00", row.get("jshj ").asText());
        assertEquals(numbers.get(0), row.get("fphm").asText());
        assertEquals("2026-11-01 10:00:00", row.get("kprq").asText());
        assertEquals("buyer@example.com", row.get("spr").asText());
        assertEquals("0", row.get("zfbz").asText());
        JsonNode line = row.get("fpmx").get(0);
        assertEquals(LINE_KEYS, Yun2EnterprisesTest.keys(line));
        assertEquals("龙井茶", line.get("spmc").asText());
        assertEquals("50", line.get("dj").asText(), "unit price from amount and quantity");
        assertEquals("1030307000000000000", line.get("flbm").asText());
        assertFalse(list("xtlsh", "F1").get("rows").get(0).has("fpmx"), "mxbz 0: no lines");
    }

    @Test
    void refusesWhatTheSeedRequires() {
        assertEquals("0", list("qsrq", "").get("Result").asText(), "dates without xtlsh or fphm");
        assertEquals("0", list("qsrq", "2026-11-01").get("Result").asText(), "both dates");
        assertEquals("0", list("xtlsh", "F1", "spid", "").get("Result").asText(), "spid or qysh");
        assertEquals("0", client.call("/API/KPGL/FPLIST", "spid", SPID, "xtlsh", "F1", "pageindex", "1",
                "pagesize", "10").get("Result").asText(), "mxbz");
        assertEquals("0", client.call("/API/KPGL/FPLIST", "spid", SPID, "xtlsh", "F1", "mxbz", "0")
                .get("Result").asText(), "pageindex, pagesize");
        assertEquals("0", list("xtlsh", "F1", "fpzt", "7").get("Result").asText());
        assertEquals("0", list("qsrq", "1 November", "jzrq", "2026-11-30").get("Result").asText());
    }

    @Test
    void fpztSelectsIssuedWaitingOrInProgress() {
        yun2.trouble().asyncPolls = 2;
        client.fpkj(SPID, Yun2TestClient.invoice("RUNNING", ""));
        yun2.trouble().asyncPolls = 0;
        yun2.trouble().haveSaveFailures = 1;
        yun2.trouble().haveSaveReview = true;
        client.fpkj(SPID, Yun2TestClient.invoice("REVIEW", ""));
        client.kpjg(SPID, "REVIEW");
        String[] month = {"qsrq", "2026-11-01", "jzrq", "2026-11-30"};
        assertEquals(List.of("F1", "F2", "F3", "F4", "F5"), orderNumbers(list(month)), "fpzt 1 by default");
        assertEquals(List.of("RUNNING"), orderNumbers(list("qsrq", "2026-11-01", "jzrq", "2026-11-30", "fpzt", "2")));
        JsonNode waiting = list("qsrq", "2026-11-01", "jzrq", "2026-11-30", "fpzt", "0");
        assertEquals(List.of("REVIEW"), orderNumbers(waiting));
        assertEquals("", waiting.get("rows").get(0).get("fphm").asText());
        assertEquals(List.of("F2"), orderNumbers(list("xtlsh", "F2", "fpzt", "1", "isupload", "1", "iszsfp", "1")));
    }

    @Test
    void aVoidedInvoiceAndAPlantedDifferenceShowForReconciliation() {
        yun2.voidInvoice(SPID, "F1");
        yun2.plantDifference(SPID, "F2", new BigDecimal("0.01"));
        String[] month = {"qsrq", "2026-11-01", "jzrq", "2026-11-30"};
        JsonNode voided = list("qsrq", "2026-11-01", "jzrq", "2026-11-30", "zfbz", "1");
        assertEquals(List.of("F1"), orderNumbers(voided));
        assertEquals("1", voided.get("rows").get(0).get("zfbz").asText());
        assertTrue(voided.get("rows").get(0).get("zfrq").asText().startsWith("2026-11-06"));
        assertEquals(List.of("F2", "F3", "F4", "F5"), orderNumbers(list("qsrq", "2026-11-01", "jzrq", "2026-11-30",
                "zfbz", "0")));
        assertEquals(5, list(month).get("total").asInt(), "without zfbz: both");
        JsonNode different = list("xtlsh", "F2", "mxbz", "1").get("rows").get(0);
        assertEquals("100.01", different.get("hjje").asText());
        assertEquals("113.01", different.get("jshj ").asText());
        assertEquals("100.01", different.get("fpmx").get(0).get("je").asText());
        String pdf = client.pdfText(different.get("url").asText());
        assertTrue(pdf.contains("100.01") && pdf.contains("113.01"), pdf);

        SandboxResponse r = yun2.handle(new SandboxRequest("POST", "/_trouble", "", Map.of(),
                "{\"void-invoice\":\"" + numbers.get(2) + "\",\"plant-difference\":\"" + SandboxAccount.SELLER
                        + ":F4=-0.50\"}"));
        assertEquals(200, r.status(), new String(r.body(), StandardCharsets.UTF_8));
        assertEquals("1", list("xtlsh", "F3").get("rows").get(0).get("zfbz").asText());
        assertEquals("99.50", list("xtlsh", "F4").get("rows").get(0).get("hjje").asText());
        assertEquals(400, yun2.handle(new SandboxRequest("POST", "/_trouble", "", Map.of(),
                "{\"void-invoice\":\"00000000000000000000\"}")).status());
        assertThrows(IllegalArgumentException.class, () -> yun2.voidInvoice(SPID, "NONE"));
    }

    @Test
    void aRedInvoiceNamesItsOriginalAndTheOriginalItsRedOne() {
        String red = "{\"XTLSH\":\"R1\",\"KHMC\":\"买方\",\"FPZL\":\"021\",\"YFPHM\":\"" + numbers.get(0) + "\",\"ITEM\":"
                + "[{\"CPMC\":\"龙井茶\",\"CPSL\":\"-2\",\"SL\":\"0.13\",\"BHSJE\":\"-100.00\",\"SE\":\"-13.00\","
                + "\"FLBM\":\"1030307000000000000\"}]}";
        String redNumber = client.fpkj(SPID, red).get("SucessList").get(0).get("fphm").asText();
        JsonNode original = list("xtlsh", "F1").get("rows").get(0);
        assertEquals(redNumber, original.get("chfphm").asText());
        JsonNode redRow = list("xtlsh", "R1").get("rows").get(0);
        assertEquals(numbers.get(0), redRow.get("yfphm").asText());
        assertEquals("-113.00", redRow.get("jshj ").asText());
        assertEquals(List.of("R1"), orderNumbers(list("qsrq", "2026-11-01", "jzrq", "2026-11-30", "isfsfp", "1")));
    }
}

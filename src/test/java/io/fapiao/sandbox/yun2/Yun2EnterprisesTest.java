package io.fapiao.sandbox.yun2;

import com.fasterxml.jackson.databind.JsonNode;
import io.fapiao.sandbox.SandboxAccount;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One account, several enterprises: each spid its own seller, order numbers and invoices. */
class Yun2EnterprisesTest {

    private static final String SHANGHAI = "91310115MA1K4B2X34";
    private static final String FUJIAN = "91350100M000100Y43";
    private static final List<String> ROW_KEYS = List.of("nsrmc", "nsrsbh", "zdbh", "zdlx", "spid", "kpr", "skr", "fhr",
            "ssdq", "dqdm", "dzdh", "yhzh", "deviceid", "online", "lxsx", "kpjh", "dqrq", "dzfp", "ptfp", "zyfp");
    private static final List<String> DZFP_KEYS = List.of("HasBuyInv", "HasRepData", "HasRetInv", "InvoiceLimit",
            "IsLockTime", "LastRepDate", "LockedDate", "MonthAmoutTotal", "NextRepDate", "OffLineAmoutLeft",
            "OffLineAmoutLimit");

    private Yun2Sandbox yun2;
    private Yun2TestClient client;
    private String fujian;

    @BeforeEach
    void start() {
        yun2 = SandboxAccount.yun2(SHANGHAI);
        fujian = yun2.enrol(FUJIAN, "福州沙箱贸易有限公司");
        client = new Yun2TestClient(yun2, SandboxAccount.USER, SandboxAccount.PASSWORD);
    }

    @Test
    void enrolmentIsIdempotentAndSpidsLookLikeTheSeeds() {
        assertTrue(fujian.matches("[0-9a-f]{32}"), fujian);
        assertEquals(fujian, yun2.enrol(FUJIAN, "福州沙箱贸易有限公司"));
        assertEquals(SandboxAccount.SPID, yun2.enrol(SHANGHAI, SandboxAccount.SELLER_NAME), "the first one's spid");
        String other = yun2.enrol("91110000802100433B", "北京沙箱有限公司");
        assertNotEquals(fujian, other);
        assertTrue(new Yun2Sandbox("u", "p", SHANGHAI, "销方").enrol(SHANGHAI, "x").matches("[0-9a-f]{32}"));
        assertThrows(IllegalArgumentException.class, () -> yun2.enrol(" ", "无税号"));
    }

    @Test
    void termListAnswersEveryEnterpriseInTheSeedsShape() {
        client.fpkj(fujian, Yun2TestClient.invoice("L1", ""));
        JsonNode list = client.call("/API/TERM/LIST");
        assertEquals(List.of("total", "rows", "Result", "Message"), keys(list));
        assertEquals("2", list.get("total").asText());
        assertTrue(list.get("total").isTextual(), "the seed's total is a string");
        assertEquals("1", list.get("Result").asText());
        assertEquals("SUCESS", list.get("Message").asText());
        JsonNode first = list.get("rows").get(0);
        JsonNode second = list.get("rows").get(1);
        assertEquals(ROW_KEYS, keys(first));
        assertEquals(DZFP_KEYS, keys(first.get("dzfp")));
        assertEquals(SandboxAccount.SPID, first.get("spid").asText());
        assertEquals(SHANGHAI, first.get("nsrsbh").asText());
        assertEquals("上海", first.get("ssdq").asText());
        assertEquals("3100", first.get("dqdm").asText());
        assertEquals(fujian, second.get("spid").asText());
        assertEquals("福州沙箱贸易有限公司", second.get("nsrmc").asText());
        assertEquals("福建", second.get("ssdq").asText());
        assertEquals("3500", second.get("dqdm").asText());
        assertEquals("8", second.get("zdlx").asText());
        assertEquals("在线", second.get("online").asText());
        assertTrue(second.get("zdbh").asText().matches("\\d{12}"));
        assertTrue(second.get("deviceid").asText().matches("[0-9A-F]{32}"));
        assertTrue(second.get("dqrq").asText().matches("\\d{8}"));
        assertEquals(0, second.get("ptfp").size());
        assertTrue(second.get("zyfp").isObject());
        assertEquals("100.00", second.get("dzfp").get("MonthAmoutTotal").asText(), "this month's issued amount");
        assertEquals("0.00", first.get("dzfp").get("MonthAmoutTotal").asText());
    }

    @Test
    void registryEnrolsAnEnterpriseAsTheSeedDescribes() {
        JsonNode registered = client.call("/API/TERM/REGISTRY", "qymc", "厦门沙箱科技有限公司", "qysh", "91350200MA2Y000001",
                "ssdq", "厦门", "zdbh", "661833075515", "zdlx", "8", "fhr", "复核", "skr", "收款", "kpr", "开票",
                "dzdh", "厦门市思明区 0592-0000000", "yhzh", "建设银行 3510", "dzswjyh", "xm-user", "dzswjmm", "xm-pass",
                "configid", "CFG1");
        assertEquals(List.of("Result", "Code", "Message", "spid"), keys(registered));
        String spid = registered.get("spid").asText();
        assertTrue(spid.matches("[0-9a-f]{32}"));
        JsonNode row = client.call("/API/TERM/LIST").get("rows").get(2);
        assertEquals(spid, row.get("spid").asText());
        assertEquals("3502", row.get("dqdm").asText());
        assertEquals("开票", row.get("kpr").asText());
        assertEquals("661833075515", row.get("zdbh").asText());
        assertEquals(spid, client.call("/API/TERM/REGISTRY", "qymc", "厦门沙箱科技有限公司", "qysh", "91350200MA2Y000001",
                "ssdq", "", "zdbh", "", "zdlx", "8", "fhr", "", "skr", "", "kpr", "", "dzdh", "", "yhzh", "",
                "dzswjyh", "", "dzswjmm", "", "configid", "").get("spid").asText(), "a tax id the account has");
        JsonNode incomplete = client.call("/API/TERM/REGISTRY", "qymc", "缺字段有限公司", "qysh", "91350200MA2Y000002");
        assertEquals("0", incomplete.get("Result").asText());
        assertTrue(client.call("/API/TERM/LOGIN", "spid", spid, "dzswjyh", "xm-user", "dzswjmm", "xm-pass", "dlfs", "2")
                .get("Result").asText().equals("1"), "the registered tax-bureau credentials");
    }

    @Test
    void theSameOrderNumberUnderTwoSpidsIsTwoOrders() {
        JsonNode a = client.fpkj(SandboxAccount.SPID, Yun2TestClient.invoice("SAME-1", ""));
        JsonNode b = client.fpkj(fujian, Yun2TestClient.invoice("SAME-1", ""));
        assertEquals("1", a.get("Result").asText());
        assertEquals("1", b.get("Result").asText());
        String numberA = a.get("SucessList").get(0).get("fphm").asText();
        String numberB = b.get("SucessList").get(0).get("fphm").asText();
        assertNotEquals(numberA, numberB);
        assertTrue(numberB.matches("\\d{2}352\\d{15}"), "数电 number with Fujian's region: " + numberB);
        assertEquals(2, yun2.invoiceCount());
        JsonNode repeat = client.fpkj(fujian, Yun2TestClient.invoice("SAME-1", ""));
        assertEquals(numberB, repeat.get("ErrList").get(0).get("FPHM").asText());
        assertEquals(numberA, client.kpjg(SandboxAccount.SPID, "SAME-1").get("FPHM").asText());
        assertEquals(numberB, client.kpjg(fujian, "SAME-1").get("FPHM").asText());

        String pdfA = client.pdfText(a.get("SucessList").get(0).get("url").asText());
        String pdfB = client.pdfText(b.get("SucessList").get(0).get("url").asText());
        assertTrue(pdfA.contains(SHANGHAI) && pdfA.contains(SandboxAccount.SELLER_NAME) && pdfA.contains(numberA), pdfA);
        assertTrue(pdfB.contains(FUJIAN) && pdfB.contains("福州沙箱贸易有限公司") && pdfB.contains(numberB), pdfB);
        JsonNode rowB = client.call("/API/KPGL/FPLIST", "spid", fujian, "xtlsh", "SAME-1", "mxbz", "0",
                "pageindex", "1", "pagesize", "10").get("rows").get(0);
        assertEquals(FUJIAN, rowB.get("qysh").asText());
        assertEquals(numberB, rowB.get("fphm").asText());
    }

    @Test
    void everyCallTakingASpidRefusesAnUnknownOneNamingIt() {
        String unknown = "ffffffffffffffffffffffffffffffff";
        String data = Yun2TestClient.bracketedBase64("[" + Yun2TestClient.invoice("U1", "") + "]");
        List<JsonNode> answers = new ArrayList<>();
        answers.add(client.call("/API/KPGL/FPKJ", "spid", unknown, "data", data));
        answers.add(client.call("/API/KPGL/KPJG", "spid", unknown, "fpzl", "021", "xtlsh", "U1"));
        answers.add(client.call("/API/KPGL/SHKP", "spid", unknown, "data", data));
        answers.add(client.call("/API/KPGL/FPLIST", "spid", unknown, "xtlsh", "U1", "mxbz", "0", "pageindex", "1",
                "pagesize", "10"));
        answers.add(client.call("/API/KPGL/FPXF", "spid", unknown));
        answers.add(client.call("/API/TERM/SJMMGX", "spid", unknown, "dzswjyh", "u", "dzswjmm", "p"));
        answers.add(client.call("/API/TERM/LOGIN", "spid", unknown, "dzswjyh", "u", "dzswjmm", "p", "dlfs", "2"));
        answers.add(client.call("/API/OTHER/SetSMS", "spid", unknown, "yzm", "123456"));
        answers.add(client.call("/API/TERM/QRCODE", "spid", unknown));
        answers.add(client.call("/API/TERM/EWMDD", "spid", unknown));
        for (JsonNode answer : answers) {
            assertEquals("0", answer.get("Result").asText(), answer.toString());
            assertTrue(answer.get("Message").asText().contains(unknown), answer.toString());
        }
        assertTrue(client.call("/API/KPGL/FPKJ", "data", data).get("Message").asText().contains("spid"));
        assertTrue(client.call("/API/KPGL/FPLIST", "qysh", "91440101340088133N", "xtlsh", "U1", "mxbz", "0",
                "pageindex", "1", "pagesize", "10").get("Message").asText().contains("91440101340088133N"));
        assertEquals(0, yun2.invoiceCount());
    }

    static List<String> keys(JsonNode node) {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }
}

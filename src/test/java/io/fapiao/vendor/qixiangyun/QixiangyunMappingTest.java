package io.fapiao.vendor.qixiangyun;

import com.fasterxml.jackson.databind.JsonNode;
import io.fapiao.order.Field;
import io.fapiao.order.Order;
import io.fapiao.tax.Drafts;
import io.fapiao.tax.OrderRules;
import org.junit.jupiter.api.Test;

import javax.crypto.Cipher;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.LocalDate;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;

import static io.fapiao.order.Field.AMOUNT;
import static io.fapiao.order.Field.ITEM_NAME;
import static io.fapiao.order.Field.ITEM_UNIT;
import static io.fapiao.order.Field.LINE_KIND;
import static io.fapiao.order.Field.QUANTITY;
import static io.fapiao.order.Field.TAX_CODE;
import static io.fapiao.order.Field.TAX_RATE;
import static io.fapiao.order.Field.UNIT_PRICE;
import static io.fapiao.order.Field.ZERO_RATE_KIND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QixiangyunMappingTest {

    private static final String SELLER = "91310115MA1K4B2X34";
    private final OrderRules rules = new OrderRules(SELLER);

    private Order order(Drafts d) {
        var checked = rules.check(d.draft());
        assertTrue(checked.ok(), () -> checked.problems().toString());
        return checked.order();
    }

    static JsonNode example(String name) {
        try (InputStream in = QixiangyunMappingTest.class.getResourceAsStream("/qixiangyun/" + name)) {
            return QixiangyunReply.JSON.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(String text) throws Exception {
        return QixiangyunReply.JSON.readTree(text);
    }

    /** Every field we send that the document's example also sends has the example's JSON type. */
    private static void sameTypesAs(JsonNode example, JsonNode ours, String where) {
        Iterator<Map.Entry<String, JsonNode>> it = ours.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode theirs = example.get(e.getKey());
            if (theirs == null || theirs.isNull()) {
                continue;
            }
            assertEquals(theirs.getNodeType(), e.getValue().getNodeType(), where + "." + e.getKey());
            if (theirs.isObject()) {
                sameTypesAs(theirs, e.getValue(), where + "." + e.getKey());
            }
            if (theirs.isArray() && !theirs.isEmpty() && theirs.get(0).isObject()) {
                for (JsonNode item : e.getValue()) {
                    sameTypesAs(theirs.get(0), item, where + "." + e.getKey() + "[]");
                }
            }
        }
    }

    @Test
    void aBlueOrderBecomesFpkjZzsFieldByFieldWithTheDocumentsJsonTypes() throws Exception {
        Order o = order(Drafts.order("QX-1").with(Field.BUYER_TAX_ID, "91330100MA27WQ8K3B").with(Field.REMARK, "季度采购")
                .with(Field.BUYER_ADDRESS_PHONE, "杭州市西湖区龙井路1号 0571-88880000")
                .with(Field.BUYER_BANK_ACCOUNT, "中国银行杭州西湖支行 6217 0000 1234")
                .with(Field.PAYEE, "李收").with(Field.REVIEWER, "王核").with(Field.DRAWER, "张开")
                .line(AMOUNT, "880.00", QUANTITY, "10", UNIT_PRICE, "88", ITEM_UNIT, "盒")
                .line(LINE_KIND, "discount", AMOUNT, "-80.00"));
        JsonNode body = json(QixiangyunMapping.fpkjZzs(o, "acc-1"));
        sameTypesAs(example("fpkjZzs-request.json"), body, "fpkjZzs");
        assertEquals("fpkj_zzs", body.get("action").asText());
        assertEquals(SELLER, body.get("nsrsbh").asText());
        assertEquals("acc-1", body.get("accountId").asText());
        assertTrue(body.get("async").isBoolean());
        JsonNode d = body.get("data");
        assertEquals("QX-1", d.get("ly_ddbh").asText());
        assertEquals("030", d.get("fplxdm").asText());
        assertEquals(SELLER, d.get("xsf_nsrsbh").asText());
        assertEquals("0", d.get("gmf_lx").asText());
        assertEquals("91330100MA27WQ8K3B", d.get("gmf_nsrsbh").asText());
        assertEquals("杭州西湖茶叶有限公司", d.get("gmf_nsrmc").asText());
        assertEquals("杭州市西湖区龙井路1号", d.get("gmf_dz").asText());
        assertEquals("0571-88880000", d.get("gmf_dh").asText());
        assertEquals("中国银行杭州西湖支行", d.get("gmf_yhmc").asText());
        assertEquals("6217 0000 1234", d.get("gmf_yhzh").asText());
        assertEquals("800.00", d.get("hjje").asText());
        assertEquals("104.00", d.get("hjse").asText());
        assertEquals("904.00", d.get("jshj").asText());
        assertEquals("季度采购", d.get("bz").asText());
        assertEquals("李收", d.get("skr").asText());
        assertEquals("王核", d.get("fhr").asText());
        assertEquals("1", d.get("hsslbs").asText(), "always sent: the document reads an absent hsslbs as tax-inclusive");
        assertEquals("PDF", d.get("wjgs").asText());
        assertFalse(d.has("kpr"), "no drawer field: the logged-in account is the drawer");
        JsonNode normal = d.get("xmmx").get(0);
        assertEquals("2", normal.get("fphxz").asText(), "the discounted line");
        assertEquals("1030307000000000000", normal.get("spbm").asText());
        assertEquals("龙井茶", normal.get("xmmc").asText());
        assertEquals("880.00", normal.get("je").asText());
        assertEquals("0.13", normal.get("sl").asText());
        assertEquals("114.40", normal.get("se").asText());
        assertEquals("10", normal.get("spsl").asText());
        assertEquals("88", normal.get("dj").asText());
        assertEquals("盒", normal.get("dw").asText());
        JsonNode discount = d.get("xmmx").get(1);
        assertEquals("1", discount.get("fphxz").asText());
        assertEquals("-80.00", discount.get("je").asText());
        assertEquals("-10.40", discount.get("se").asText());
        assertFalse(discount.has("spsl") || discount.has("dj") || discount.has("dw"));
        for (JsonNode item : d.get("xmmx")) {
            item.fields().forEachRemaining(e -> assertTrue(e.getValue().isTextual(), "xmmx." + e.getKey() + " is a string"));
        }
    }

    @Test
    void aBuyerWithoutTaxIdIsANaturalPersonAndZeroRatesSendTheirKind() throws Exception {
        Order o = order(Drafts.order("QX-2").with(Field.BUYER_NAME, "张三")
                .with(Field.BUYER_ADDRESS_PHONE, "上海市浦东新区")
                .line(ITEM_NAME, "图书", TAX_RATE, "0", ZERO_RATE_KIND, "1", AMOUNT, "50.00", TAX_CODE, "1060101010000000000"));
        JsonNode d = json(QixiangyunMapping.fpkjZzs(o, "")).get("data");
        assertEquals("1", d.get("gmf_lx").asText());
        assertFalse(d.has("gmf_nsrsbh"));
        assertEquals("上海市浦东新区", d.get("gmf_dz").asText());
        assertFalse(d.has("gmf_dh"));
        assertEquals("0", d.get("xmmx").get(0).get("sl").asText());
        assertEquals("1", d.get("xmmx").get(0).get("slbs").asText());
        assertEquals("0", d.get("xmmx").get(0).get("fphxz").asText());
        assertFalse(json(QixiangyunMapping.fpkjZzs(o, "")).has("accountId"), "no account id, no field");
    }

    @Test
    void specialInvoicesAre032AndWhatQixiangyunCannotIssueIsSaidPlainly() {
        Order special = order(Drafts.order("QX-3").with(Field.INVOICE_TYPE, "专票").with(Field.BUYER_TAX_ID, "91330100MA27WQ8K3B")
                .line(AMOUNT, "100.00"));
        assertEquals("032", QixiangyunMapping.fplxdm(special.type()));
        assertTrue(QixiangyunMapping.cannotIssue(special).isEmpty());
        Order paper = order(Drafts.order("QX-4").with(Field.INVOICE_TYPE, "007").line(AMOUNT, "100.00"));
        String[] why = QixiangyunMapping.cannotIssue(paper).orElseThrow();
        assertTrue(why[0].contains("数电") && why[1].contains("007"), why[1]);
        assertThrows(IllegalArgumentException.class, () -> QixiangyunMapping.fpkjZzs(paper, ""));
        Order deduction = order(Drafts.order("QX-5").line(AMOUNT, "100.00", Field.DEDUCTION, "20.00"));
        assertTrue(QixiangyunMapping.cannotIssue(deduction).orElseThrow()[1].contains("差额征税"));
    }

    @Test
    void aRedOrderReversingTheWholeBlueInvoiceIsAFullRedForm() throws Exception {
        Order blue = order(Drafts.order("QX-B").with(Field.BUYER_TAX_ID, "91330100MA27WQ8K3B").line(AMOUNT, "100.00"));
        Order red = order(Drafts.order("QX-R").with(Field.BUYER_TAX_ID, "91330100MA27WQ8K3B")
                .with(Field.ORIGINAL_INVOICE_NO, "26312000000000000001").line(AMOUNT, "-100.00"));
        JsonNode body = json(QixiangyunMapping.hzqrxxSave(red, blue, "2026-03-08 10:01:32", "acc"));
        sameTypesAs(example("hzqrxxSave-request.json"), body, "hzqrxxSave");
        assertEquals("hzqrxx_save", body.get("action").asText());
        JsonNode d = body.get("data");
        assertEquals("26312000000000000001", d.get("lzFphm").asText());
        assertEquals("2026-03-08 10:01:32", d.get("lzKprq").asText());
        assertEquals("01", d.get("hcyydm").asText());
        assertEquals("030", d.get("fplxdm").asText());
        assertEquals("0", d.get("lrfsf").asText());
        assertEquals("QX-R", d.get("ly_ddbh").asText());
        assertFalse(d.has("bfhc"));
        assertFalse(json(QixiangyunMapping.hzqrxxSave(red, null, "2026-03-08 10:01:32", "")).get("data").has("bfhc"),
                "blue unknown: full red");
    }

    @Test
    void aSmallerRedOrderIsPartialRedNamingTheBlueLines() throws Exception {
        Order blue = order(Drafts.order("QX-B2")
                .line(AMOUNT, "100.00")
                .line(LINE_KIND, "discount", AMOUNT, "-10.00")
                .line(ITEM_NAME, "碧螺春", AMOUNT, "200.00"));
        Order red = order(Drafts.order("QX-R2").with(Field.ORIGINAL_INVOICE_NO, "26312000000000000002")
                .line(ITEM_NAME, "碧螺春", AMOUNT, "-50.00"));
        JsonNode d = json(QixiangyunMapping.hzqrxxSave(red, blue, "2026-03-08 10:01:32", "")).get("data");
        assertEquals("04", d.get("hcyydm").asText(), "销售折让: allowed for goods and services");
        JsonNode bfhc = d.get("bfhc");
        assertEquals("1", bfhc.get("bfhcbz").asText());
        assertEquals("1", bfhc.get("hsslbs").asText());
        JsonNode line = bfhc.get("hcmx").get(0);
        assertEquals("2", line.get("lzmxxh").asText(), "counted from 1 without the discount line");
        assertEquals("-50.00", line.get("hcje").asText());
        assertEquals("-6.50", line.get("hcse").asText());
        Order stranger = order(Drafts.order("QX-R3").with(Field.ORIGINAL_INVOICE_NO, "26312000000000000002")
                .line(ITEM_NAME, "乌龙茶", AMOUNT, "-5.00"));
        assertTrue(QixiangyunMapping.redProblem(stranger, blue).isPresent());
        assertThrows(IllegalArgumentException.class, () -> QixiangyunMapping.hzqrxxSave(stranger, blue, "x", ""));
    }

    @Test
    void theOtherInvoiceBodies() throws Exception {
        JsonNode byId = json(QixiangyunMapping.asynResultByRequestId(SELLER, "202402201503537736042408", ""));
        sameTypesAs(example("asynResult-request.json"), byId, "asynResult");
        assertEquals("asynresult", byId.get("action").asText());
        assertEquals("202402201503537736042408", byId.get("data").get("requestId").asText());
        assertEquals("QX-1", json(QixiangyunMapping.asynResultByOrderNo(SELLER, "QX-1", "")).get("data").get("ly_ddbh").asText());

        JsonNode fpcx = json(QixiangyunMapping.fpcx(SELLER, LocalDate.of(2026, 3, 8), 1, 50, ""));
        sameTypesAs(example("fpcx-request.json"), fpcx, "fpcx");
        assertEquals(1, fpcx.get("data").get("pageIndex").intValue());
        assertEquals("2026-03-08", fpcx.get("data").get("params").get("kprqq").asText());
        assertEquals("2026-03-08", fpcx.get("data").get("params").get("kprqz").asText());

        JsonNode files = json(QixiangyunMapping.bswjxzBatch(SELLER, "26312000000000000001", "2026-03-08 10:01:32", "PDF", true, ""));
        sameTypesAs(example("bswjxzBatch-request.json"), files, "bswjxzBatch");
        assertTrue(files.get("async").isBoolean(), "required by the schema");
        assertEquals("url", files.get("data").get("xzlx").asText());

        JsonNode confirm = json(QixiangyunMapping.hzqrxxConfirm(SELLER, "uuid-1", false, ""));
        assertEquals("hzqrxx_confirm", confirm.get("action").asText());
        assertEquals("N", confirm.get("data").get("qrlx").asText());
        assertEquals(SELLER, confirm.get("data").get("xsfNsrsbh").asText());

        JsonNode list = json(QixiangyunMapping.hzqrxxList(SELLER, LocalDate.of(2026, 1, 1), LocalDate.of(2026, 3, 1),
                "26312000000000000001", 1, 10, ""));
        sameTypesAs(example("hzqrxxList-request.json"), list, "hzqrxxList");
        assertEquals("0", list.get("data").get("params").get("gxflx").asText());
        assertEquals("26312000000000000001", list.get("data").get("params").get("lzFphm").asText());

        JsonNode waiting = json(QixiangyunMapping.hzqrxxList(SELLER, LocalDate.of(2026, 3, 1), LocalDate.of(2026, 3, 5),
                "", "03", 2, 50, ""));
        sameTypesAs(example("hzqrxxList-request.json"), waiting, "hzqrxxList");
        assertEquals("03", waiting.get("data").get("params").get("hzqrztDm").asText(), "filed by the buyer, for the seller");
        assertFalse(waiting.get("data").get("params").has("lzFphm"));
        assertEquals(2, waiting.get("data").get("pageIndex").intValue());

        JsonNode byNumber = json(QixiangyunMapping.fpcxByNumber(SELLER, "26312000000000000001", LocalDate.of(2026, 1, 1),
                LocalDate.of(2026, 12, 31), ""));
        sameTypesAs(example("fpcx-request.json"), byNumber, "fpcx");
        assertEquals("26312000000000000001", byNumber.get("data").get("params").get("fphm").asText());
        assertEquals("2026-01-01", byNumber.get("data").get("params").get("kprqq").asText());
        assertEquals("2026-12-31", byNumber.get("data").get("params").get("kprqz").asText());

        JsonNode detail = json(QixiangyunMapping.hzqrxxDetail(SELLER, "uuid-1", ""));
        sameTypesAs(example("hzqrxxDetail-request.json"), detail, "hzqrxxDetail");
        JsonNode hz = json(QixiangyunMapping.hzFpkj(SELLER, "uuid-1", "QX-R", ""));
        sameTypesAs(example("hzFpkj-request.json"), hz, "hzFpkj");
        assertEquals("hz_fpkj", hz.get("action").asText());
        assertEquals("QX-R", hz.get("data").get("ly_ddbh").asText());
        sameTypesAs(example("rzewm-request.json"), json(QixiangyunMapping.rzewm(SELLER, "acc")), "rzewm");
        sameTypesAs(example("rzztcx-request.json"), json(QixiangyunMapping.rzztcx(SELLER, "r1", "")), "rzztcx");
    }

    @Test
    void loginBodiesCarryTheEncryptedPasswordAndTheDocumentsTypes() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(1024);
        KeyPair pair = g.generateKeyPair();
        JsonNode cookie = json(QixiangyunMapping.dpptCookie(SELLER, "5100", "13800000000", "税局密码1", "", "13800000000",
                pair.getPublic()));
        for (String f : new String[]{"nsrsbh", "areaCode", "gryhm", "gryhmm", "sflx", "sjhm"}) {
            assertTrue(cookie.get(f).isTextual(), f);
        }
        assertEquals("BSY", cookie.get("sflx").asText());
        assertFalse(cookie.toString().contains("税局密码1"), "never the plain password");
        Cipher c = Cipher.getInstance("RSA/ECB/PKCS1Padding");
        c.init(Cipher.DECRYPT_MODE, pair.getPrivate());
        assertEquals("税局密码1", new String(c.doFinal(Base64.getDecoder().decode(cookie.get("gryhmm").asText())),
                StandardCharsets.UTF_8));

        JsonNode push = json(QixiangyunMapping.dpptPushSms(SELLER, "1736647432086679600", "002100"));
        sameTypesAs(example("dpptpushsms-request.json"), push, "dpptpushsms");
        assertEquals("1736647432086679600", push.get("taskId").asText());
        JsonNode check = json(QixiangyunMapping.checkLogin(SELLER, "acc"));
        assertTrue(check.get("isOnlyCheckCache").isInt());
        JsonNode qr = json(QixiangyunMapping.getQrcode("3100", SELLER));
        sameTypesAs(example("getQrcode-request.json"), qr, "getQrcode");
        assertTrue(qr.get("scanType").isInt());
        JsonNode qrLogin = json(QixiangyunMapping.qrcodeLogin("1763461378054938626", "5b980e17", "KPY"));
        assertTrue(qrLogin.get("taskId").isTextual(), "string as the schema says (the example sends a number)");
        assertEquals("KPY", qrLogin.get("sflx").asText());

        JsonNode token = json(QixiangyunMapping.tokenLogin("10001990", "sandbox-secret"));
        sameTypesAs(example("token-request.json"), token, "token");
        // printf '%s' 'sandbox-secret' | md5sum
        assertEquals("a592886fa7f71d22380b4c6aa8f190f0", token.get("client_secret").asText());
        assertEquals("refresh_token", json(QixiangyunMapping.tokenRefresh("r")).get("grant_type").asText());
    }
}

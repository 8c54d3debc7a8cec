package io.fapiao.vendor.yun2;

import io.fapiao.order.OrderStatus;
import io.fapiao.order.Outcome;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The document's own example replies, verbatim (src/test/resources/yun2). */
class Yun2RepliesTest {

    private static String seedText(String name) throws IOException {
        try (InputStream in = Yun2RepliesTest.class.getResourceAsStream("/yun2/" + name + ".json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Yun2Reply seed(String name) throws IOException {
        return Yun2Reply.parse(seedText(name));
    }

    @Test
    void getTokenKeepsTheBrackets() throws IOException {
        assertTrue(seed("get-token").ok());
        assertEquals("[S5qvk5VuiUZoViBuHCN787eXqq0HcopVCdw43Z]",
                new Yun2Calls("http://x", "u", "p", null, java.time.Duration.ofSeconds(1), 1, new io.fapiao.api.HealthBoard()).loginToken(seedText("get-token")));
    }

    @Test
    void theReulstTypoReadsAsResult() throws IOException {
        Yun2Reply r = seed("fpkj-example-reulst");
        assertTrue(r.ok());
        Map<String, Outcome> o = Yun2Outcomes.fpkj(r, List.of("001"));
        assertEquals(OrderStatus.ISSUED, o.get("001").status());
        assertEquals("123345678901212345678", o.get("001").invoiceNo());
        assertEquals("2019-01-12 11:20:33", o.get("001").issuedAt());
    }

    @Test
    void issuedExampleGivesCodeAndNumberCheckCodeAndPdfUrl() throws IOException {
        Outcome o = Yun2Outcomes.fpkj(seed("fpkj-issued"), List.of("144115188079268993")).get("144115188079268993");
        assertEquals(OrderStatus.ISSUED, o.status());
        assertEquals("04400210041122338521", o.invoiceNo());
        assertEquals("2021-10-26", o.issuedAt());
        assertEquals("06441947523575629741", o.checkCode());
        assertEquals("/KPGL/PDFXZ?XYM=06441947523575629741&FPZL=026", o.pdfUrl());
    }

    @Test
    void dataErrorWithHaveSaveZeroIsRejected() throws IOException {
        Outcome o = Yun2Outcomes.fpkj(seed("fpkj-data-error"), List.of("144115188078156755")).get("144115188078156755");
        assertEquals(OrderStatus.REJECTED, o.status());
        assertTrue(o.message().contains("折扣行的产品单位必需是空"));
    }

    @Test
    void anErrorThatDoesNotSayWhetherTheOrderWasKeptIsAskedAboutNotFailed() throws IOException {
        // the seed's out-of-stock answer has no HaveSave: yun2 may have kept the order, so FAILED would be a guess
        Outcome o = Yun2Outcomes.fpkj(seed("fpkj-out-of-stock"), List.of("144115188078708534")).get("144115188078708534");
        assertEquals(OrderStatus.PENDING, o.status());
        assertEquals(io.fapiao.order.NextStep.POLL, o.next());
        assertTrue(o.message().contains("发票已经用完"));
    }

    @Test
    void aRepeatedOrderIsTheExistingInvoiceNotAFailure() throws IOException {
        Yun2Reply r = seed("fpkj-repeated");
        assertFalse(r.ok());
        Outcome o = Yun2Outcomes.fpkj(r, List.of("144115188079291147")).get("144115188079291147");
        assertEquals(OrderStatus.ISSUED, o.status());
        assertEquals("03100210041182467316", o.invoiceNo());
        assertEquals("2021-10-25 00:00:00", o.issuedAt());
        assertEquals("06182134178896463325", o.checkCode());
        assertEquals("/KPGL/PDFXZ?XYM=06182134178896463325&FPZL=026", o.pdfUrl());
    }

    @Test
    void haveSaveOneIsPolledNeverResent() {
        Yun2Reply r = Yun2Reply.parse("{\"Result\":\"0\",\"Message\":\"开票失败\",\"ErrList\":[{\"XTLSH\":\"X1\","
                + "\"ErrMsg\":\"开票失败\",\"HaveSave\":\"1\"}],\"SucessList\":[]}");
        assertEquals(OrderStatus.PENDING, Yun2Outcomes.fpkj(r, List.of("X1")).get("X1").status());
    }

    @Test
    void acceptedWithoutNumberIsPending() {
        Yun2Reply r = Yun2Reply.parse("{\"Result\":\"1\",\"Message\":\"\",\"SucessList\":[{\"xtlsh\":\"X2\",\"fphm\":\"\"}]}");
        assertEquals(OrderStatus.PENDING, Yun2Outcomes.fpkj(r, List.of("X2")).get("X2").status());
    }

    @Test
    void aPartialBatchGivesEachOrderItsOwnOutcome() {
        Yun2Reply r = Yun2Reply.parse("""
                {"Result":"1","Message":"部分成功",
                 "SucessList":[{"xtlsh":"P1","fpdm":"","fphm":"26312000000000000001","kprq":"20261122","url":"/u"}],
                 "ErrList":[{"XTLSH":"P2","ErrMsg":"税额误差超过0.06","HaveSave":"0"}]}""");
        Map<String, Outcome> o = Yun2Outcomes.fpkj(r, List.of("P1", "P2", "P3"));
        assertEquals(OrderStatus.ISSUED, o.get("P1").status());
        assertEquals(OrderStatus.REJECTED, o.get("P2").status());
        assertEquals(OrderStatus.PENDING, o.get("P3").status(), "Result=1 without a word on P3: still issuing");
    }

    @Test
    void kpjgExampleIsIssuedAndOtherStatesKeepPolling() throws IOException {
        Outcome o = Yun2Outcomes.kpjg(seed("kpjg"));
        assertEquals(OrderStatus.ISSUED, o.status());
        assertEquals("123345678901212345678", o.invoiceNo());
        assertEquals(OrderStatus.PENDING, Yun2Outcomes.kpjg(Yun2Reply.parse(
                "{\"Result\":\"0\",\"Message\":\"开票中\",\"FPZT\":\"2\"}")).status());
        Outcome review = Yun2Outcomes.kpjg(Yun2Reply.parse("{\"Result\":\"0\",\"Message\":\"购方信息有误\",\"FPZT\":\"0\"}"));
        assertEquals(OrderStatus.PENDING, review.status());
        assertTrue(review.waitingForReview());
        Outcome login = Yun2Outcomes.kpjg(Yun2Reply.parse("{\"Result\":\"0\",\"Message\":\"身份认证已超时，请重新扫脸\"}"));
        assertEquals(OrderStatus.PENDING, login.status(), "held, never failed");
        assertEquals(io.fapiao.order.NextStep.LOGIN_RESUBMIT, login.next(), "yun2 keeps it: SHKP once logged in");
        assertEquals(io.fapiao.login.LoginNeeded.REASON, login.message());
        Outcome stored = Yun2Outcomes.fpkj(Yun2Reply.parse("{\"Result\":\"0\",\"Message\":\"x\",\"ErrList\":[{\"XTLSH\":"
                + "\"A1\",\"ErrMsg\":\"开票失败：身份认证已超时，请重新登陆电子税务局\",\"HaveSave\":\"1\"}]}"), java.util.List.of("A1"))
                .get("A1");
        assertEquals(io.fapiao.order.NextStep.LOGIN_RESUBMIT, stored.next(), "HaveSave 1 held for the login: SHKP later");
        assertEquals(OrderStatus.FAILED, Yun2Outcomes.kpjg(Yun2Reply.parse(
                "{\"Result\":\"0\",\"Message\":\"未找到该单据\"}")).status());
    }

    @Test
    void fplistRowsAreReadDespiteTheTrailingSpaceInJshj() throws IOException {
        Yun2Reply r = seed("fplist");
        Yun2Reply row = r.list("rows").get(0);
        assertEquals("416.97", row.text("jshj"));
        assertEquals("37839682", row.text("fphm"));
        assertEquals(1, row.list("fpmx").size());
    }

    @Test
    void codesFrom2001To2009MeanANewToken() {
        assertTrue(Yun2Reply.parse("{\"Result\":\"0\",\"Code\":\"2001\",\"Message\":\"token失效\"}").tokenRejected());
        assertTrue(Yun2Reply.parse("{\"Result\":\"0\",\"Code\":2009}").tokenRejected());
        assertFalse(Yun2Reply.parse("{\"Result\":\"0\",\"Code\":\"2010\"}").tokenRejected());
        assertFalse(Yun2Reply.parse("{\"Result\":\"1\",\"Code\":\"\"}").tokenRejected());
    }

    @Test
    void aBodyThatIsNotJsonIsAFailureThatSaysSo() {
        Yun2Reply r = Yun2Reply.parse("test");
        assertFalse(r.ok());
        assertTrue(r.message().contains("test"));
    }

    @Test
    void aPdfLinkThatAnswersATokenCodeAsksForANewToken() {
        Yun2Calls calls = new Yun2Calls("http://x", "u", "p", null, java.time.Duration.ofSeconds(1), 1, new io.fapiao.api.HealthBoard());
        org.apache.camel.Exchange sent = new org.apache.camel.support.DefaultExchange(
                new org.apache.camel.impl.DefaultCamelContext());
        sent.setProperty("yun2Token", "[t]");
        assertTrue(calls.pdfTokenRejected("{\"Result\":\"0\",\"Code\":\"2002\"}".getBytes(StandardCharsets.UTF_8), sent));
        assertFalse(calls.pdfTokenRejected("%PDF-1.4".getBytes(StandardCharsets.ISO_8859_1), sent));
        sent.setProperty("yun2Token", "");
        assertFalse(calls.pdfTokenRejected("{\"Result\":\"0\",\"Code\":\"2002\"}".getBytes(StandardCharsets.UTF_8), sent),
                "a link elsewhere got no token: it cannot have refused one");
        assertEquals("http://x/KPGL/PDFXZ?XYM=1&FPZL=021", calls.pdfUrl("/KPGL/PDFXZ?XYM=1&FPZL=021"));
        assertEquals("https://cdn.example/a.pdf", calls.pdfUrl("https://cdn.example/a.pdf"));
    }

    @Test
    void theTokenGoesOnlyToTheConfiguredVendorHost() {
        Yun2Calls calls = new Yun2Calls("https://pbs.yun2.net/", "u", "p", null, java.time.Duration.ofSeconds(1), 1, new io.fapiao.api.HealthBoard());
        assertTrue(calls.sameHost(calls.pdfUrl("/KPGL/PDFXZ?XYM=1")));
        assertTrue(calls.sameHost("https://PBS.yun2.net:443/KPGL/PDFXZ?XYM=1"));
        assertFalse(calls.sameHost("https://cdn.example/a.pdf"));
        assertFalse(calls.sameHost("http://pbs.yun2.net/KPGL/PDFXZ"), "another scheme is another origin");
        assertFalse(calls.sameHost("https://pbs.yun2.net.evil.example/x"));
        assertFalse(calls.sameHost("https://pbs.yun2.net:8443/x"));
    }

    @Test
    void entriesWithoutAnOrderNumberBelongToTheOnlyOrderOfTheCall() {
        Yun2Reply r = Yun2Reply.parse("{\"Result\":1,\"SucessList\":[{\"FPHM\":\"\",\"fphm\":\"26312000000000000009\"}]}");
        assertEquals(OrderStatus.ISSUED, Yun2Outcomes.fpkj(r, List.of("ONLY")).get("ONLY").status());
        Yun2Reply e = Yun2Reply.parse("{\"Result\":0,\"ErrList\":[{\"ErrMsg\":\"客户名称不能为空\",\"HaveSave\":0}]}");
        assertEquals(OrderStatus.REJECTED, Yun2Outcomes.fpkj(e, List.of("ONLY")).get("ONLY").status());
    }
}

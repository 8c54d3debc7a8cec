package io.fapiao.vendor.qixiangyun;

import io.fapiao.login.LoginState;
import io.fapiao.login.LoginStep;
import io.fapiao.order.OrderStatus;
import io.fapiao.order.Outcome;
import io.fapiao.vendor.qixiangyun.QixiangyunReplies.IssueStep;
import io.fapiao.vendor.qixiangyun.QixiangyunReplies.Next;
import io.fapiao.vendor.qixiangyun.QixiangyunReplies.RedFormState;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The replies of the vendor's own documents, read as they are. */
class QixiangyunRepliesTest {

    static String raw(String name) {
        try (InputStream in = QixiangyunRepliesTest.class.getResourceAsStream("/qixiangyun/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static QixiangyunReply reply(String name) {
        return QixiangyunReply.parse(raw(name));
    }

    private static QixiangyunReply answer(String code, String message) {
        return QixiangyunReply.parse("{\"code\":\"" + code + "\",\"success\":false,\"message\":\"" + message + "\",\"data\":null}");
    }

    @Test
    void tokensLiveForExpiresInMillisecondsAndAWrongSecretIsNoToken() {
        Instant now = Instant.parse("2026-03-01T00:00:00Z");
        QixiangyunToken t = QixiangyunToken.parse(raw("token-issued.json"), now);
        assertTrue(t.accessToken().startsWith("eyJhbGciOiJIUzUxMiJ9."));
        assertEquals(now.plus(Duration.ofDays(15)), t.expiresAt(), "1296000000 ms");
        assertTrue(t.refreshToken().startsWith("eyJ"));
        assertFalse(t.renewalDue(now.plus(Duration.ofDays(6))));
        assertTrue(t.renewalDue(now.plus(Duration.ofDays(7))), "at least every 7 days");
        assertFalse(t.expired(now.plus(Duration.ofDays(14))));
        assertTrue(t.expired(now.plus(Duration.ofDays(15))));
        assertEquals(t, QixiangyunToken.fromStored(t.stored()));
        assertFalse(t.toString().contains(t.accessToken()), "never the token in a log line");

        QixiangyunToken seconds = QixiangyunToken.parse(raw("token-convention-example.json"), now);
        assertEquals(now.plus(Duration.ofHours(2)), seconds.expiresAt(), "7200 of the convention page read as seconds");
        assertTrue(seconds.renewalDue(now.plus(Duration.ofHours(1))), "half its life");

        QixiangyunException refused = assertThrows(QixiangyunException.class,
                () -> QixiangyunToken.parse(raw("token-invalid-secret.json"), now));
        assertTrue(refused.getMessage().contains("应用的密钥无效!"), "code 2000 with error_msg and no token is a refusal");
        assertEquals("40101", assertThrows(QixiangyunException.class,
                () -> QixiangyunToken.parse("{\"code\":\"40101\",\"message\":\"AppKey登录信息过期!\"}", now)).code());
    }

    @Test
    void anIssuedInvoiceAndTheTwoAsynchronousAnswers() {
        IssueStep issued = QixiangyunReplies.issue(reply("fpkjZzs-issued.json"));
        assertEquals(OrderStatus.ISSUED, issued.outcome().status());
        assertEquals("************14101182", issued.outcome().invoiceNo());
        assertEquals("2024-03-01 04:49:19", issued.outcome().issuedAt());
        assertEquals(Next.DONE, issued.next());

        IssueStep turned = QixiangyunReplies.issue(reply("fpkjZzs-turned-async.json"));
        assertEquals(OrderStatus.PENDING, turned.outcome().status());
        assertEquals(Next.ASK_ASYN_RESULT, turned.next());
        assertEquals("202402201503537736042408", turned.requestId());

        IssueStep accepted = QixiangyunReplies.issue(reply("fpkjZzs-async-accepted.json"));
        assertEquals(OrderStatus.PENDING, accepted.outcome().status(), "2000 without fphm is not issued");
        assertEquals("202402292121066743305698", accepted.requestId());

        IssueStep done = QixiangyunReplies.asynResult(reply("asynResult-done.json"));
        assertEquals(OrderStatus.ISSUED, done.outcome().status());
        assertEquals("2******************1", done.outcome().invoiceNo());
        assertEquals("2024-09-25 17:04:56", done.outcome().issuedAt());
        assertEquals("2*****************9", done.requestId());
    }

    @Test
    void asynResultStatesAndNotFound() {
        String running = "{\"code\":\"2000\",\"success\":true,\"data\":{\"execStatus\":1,\"returnCode\":\"\",\"returnMsg\":\"\","
                + "\"request\":{\"requestId\":\"R1\"}}}";
        assertEquals(Next.ASK_ASYN_RESULT, QixiangyunReplies.asynResult(QixiangyunReply.parse(running)).next());
        String failed = "{\"code\":\"2000\",\"success\":true,\"data\":{\"execStatus\":3,\"returnCode\":\"710002\","
                + "\"returnMsg\":\"业务提示：商品编码不存在\",\"request\":{\"requestId\":\"R1\"}}}";
        IssueStep f = QixiangyunReplies.asynResult(QixiangyunReply.parse(failed));
        assertEquals(OrderStatus.REJECTED, f.outcome().status());
        assertTrue(f.outcome().message().contains("商品编码不存在"));
        IssueStep unknown = QixiangyunReplies.asynResult(answer("720000", "未查询到异步请求"));
        assertEquals(Next.NOT_FOUND_YET, unknown.next());
        assertEquals(OrderStatus.PENDING, unknown.outcome().status());
    }

    @Test
    void whatEachCodeMeansForAnOrder() {
        assertEquals(Next.RENEW_TOKEN_AND_REPEAT, QixiangyunReplies.issue(answer("40101", "AppKey登录信息过期!")).next());
        assertEquals(Next.RENEW_TOKEN_AND_REPEAT, QixiangyunReplies.issue(answer("40100", "未登录!")).next());
        assertEquals(Next.SIGN_AGAIN_AND_REPEAT, QixiangyunReplies.issue(answer("505018", "时差")).next());
        IssueStep limited = QixiangyunReplies.issue(answer("400429", "网关限流"));
        assertEquals(Next.BACK_OFF_AND_REPEAT, limited.next());
        assertTrue(limited.waitBefore().compareTo(Duration.ZERO) > 0);
        IssueStep timeout = QixiangyunReplies.issue(answer("504001", "接口调用超时，请稍后重试"));
        assertEquals(OrderStatus.PENDING, timeout.outcome().status(), "may have been issued: never FAILED");
        assertEquals(Next.ASK_ASYN_RESULT, timeout.next());
        IssueStep repeated = QixiangyunReplies.issue(answer("720004", "数据已存在"));
        assertEquals(OrderStatus.PENDING, repeated.outcome().status());
        assertEquals(Next.ASK_ASYN_RESULT, repeated.next());
        IssueStep rejected = QixiangyunReplies.issue(answer("720002", "参数错误：xmmx[0].se税额误差超过0.06"));
        assertEquals(OrderStatus.REJECTED, rejected.outcome().status());
        assertTrue(rejected.outcome().message().contains("税额误差超过0.06") && rejected.outcome().message().contains("qixiangyun says"));
        assertEquals(OrderStatus.REJECTED, QixiangyunReplies.issue(answer("400000", "参数校验失败")).outcome().status());
        IssueStep session = QixiangyunReplies.issue(answer("720006", "开票员不在线或登录失效"));
        assertEquals(OrderStatus.PENDING, session.outcome().status(), "held until the seller logs in, never failed");
        assertEquals(io.fapiao.order.NextStep.LOGIN, session.outcome().next(), "not kept by the vendor: sent again");
        assertEquals(io.fapiao.login.LoginNeeded.REASON, session.outcome().message());
        assertEquals(Next.LOG_IN_AGAIN, session.next());
        assertEquals(Next.LOG_IN_AGAIN, QixiangyunReplies.issue(answer("4999", "登录信息已过期，请重新登录!")).next());
        assertEquals(Next.FACE_CHECK, QixiangyunReplies.issue(answer("720007", "开票员须扫脸认证")).next());
        IssueStep ip = QixiangyunReplies.issue(answer("401103", "非法IP!,IP不在当前项目白名单中"));
        assertEquals(OrderStatus.FAILED, ip.outcome().status());
        assertTrue(ip.outcome().message().contains("integration team"));
        assertEquals(Next.FIND_RED_FORM, QixiangyunReplies.issue(answer("710024", "该发票存在进行中的红字确认单")).next());
        assertTrue(QixiangyunReplies.renewTokenAndRepeat("40101"));
        assertTrue(QixiangyunReplies.backOff("400429") && !QixiangyunReplies.mayHaveBeenDone("400429"));
        assertTrue(QixiangyunReplies.mayHaveBeenDone("504001") && !QixiangyunReplies.backOff("504001"));
        assertTrue(QixiangyunReplies.configurationProblem("401103") && QixiangyunReplies.configurationProblem("505019"));
        assertEquals(Duration.ofHours(1), QixiangyunReplies.waitBefore("720033"));
    }

    @Test
    void redFormsFromTheDocumentsExamples() {
        IssueStep atOnce = QixiangyunReplies.redFormStep(reply("hzqrxxSave-issued-at-once.json"));
        assertEquals(RedFormState.ISSUED, atOnce.redForm().state());
        assertEquals("01", atOnce.redForm().stateCode());
        assertEquals("4734**************************ee4", atOnce.redForm().hzuuid());
        assertEquals(OrderStatus.ISSUED, atOnce.outcome().status());
        assertEquals("254****************4559", atOnce.outcome().invoiceNo());
        assertEquals("2025-01-25 00:10:24", atOnce.outcome().issuedAt());

        QixiangyunReply nothingLeft = reply("hzqrxxSave-nothing-left-to-red.json"); // comments in the document's JSON
        assertEquals("710021", nothingLeft.code());
        assertEquals(OrderStatus.REJECTED, QixiangyunReplies.redFormStep(nothingLeft).outcome().status());

        IssueStep detail = QixiangyunReplies.redFormStep(reply("hzqrxxDetail-issued.json"));
        assertEquals(RedFormState.ISSUED, detail.redForm().state());
        assertEquals("2451*****************000", detail.outcome().invoiceNo());

        QixiangyunReplies.Page<QixiangyunReplies.RedForm> forms = QixiangyunReplies.redForms(reply("hzqrxxList-forms.json"));
        assertEquals(28, forms.records());
        assertEquals(2, forms.rows().size());
        assertTrue(forms.hasMore());
        assertEquals("************23057583", forms.rows().get(0).blueInvoiceNo());
        assertEquals(RedFormState.ISSUED, forms.rows().get(0).state());

        IssueStep red = QixiangyunReplies.issue(reply("hzFpkj-issued.json"));
        assertEquals(OrderStatus.ISSUED, red.outcome().status());
        assertEquals("24312************0327", red.outcome().invoiceNo());
        assertTrue(QixiangyunReplies.confirmed(reply("hzqrxxConfirm-done.json")));
    }

    @Test
    void redFormStatesOfEveryKind() {
        assertEquals(Next.WAIT_FOR_RED_FORM, step("02", "N").next());
        assertEquals(RedFormState.WAITING_FOR_SELLER, step("03", "N").redForm().state());
        assertEquals(Next.ISSUE_RED, step("04", "N").next());
        assertEquals(Next.ISSUE_RED, step("01", "N").next(), "no confirmation needed, issuing delayed");
        IssueStep expired = step("07", "N");
        assertEquals(OrderStatus.REJECTED, expired.outcome().status());
        assertTrue(expired.outcome().message().contains("72"));
        assertEquals(OrderStatus.PENDING, step("02", "N").outcome().status());
    }

    private static IssueStep step(String state, String issued) {
        return QixiangyunReplies.redFormStep(QixiangyunReply.parse("{\"code\":\"2000\",\"success\":true,\"data\":{"
                + "\"hzuuid\":\"u1\",\"hzqrdbh\":\"F1\",\"hzqrztDm\":\"" + state + "\",\"hzkjBz\":\"" + issued + "\"}}"));
    }

    @Test
    void invoiceListsAndFiles() {
        QixiangyunReplies.Page<QixiangyunReplies.InvoiceRow> page = QixiangyunReplies.invoices(reply("fpcx-page.json"));
        assertEquals(16, page.records());
        QixiangyunReplies.InvoiceRow row = page.rows().get(0);
        assertEquals("************77370805", row.invoiceNo());
        assertEquals(new BigDecimal("3.00"), row.amount());
        assertEquals(new BigDecimal("0.18"), row.tax());
        assertEquals(new BigDecimal("3.18"), row.total());
        assertEquals("03", row.status());
        assertFalse(row.red());
        assertEquals("2023-09-13 15:10:13", row.issuedAt());

        List<QixiangyunReplies.InvoiceFile> files = QixiangyunReplies.files(reply("bswjxzBatch-files.json"));
        assertEquals(List.of("EWM", "XML", "PDF", "OFD"), files.stream().map(QixiangyunReplies.InvoiceFile::format).toList());
        assertNull(files.get(0).content(), "empty base64: no content");
        assertEquals(2, QixiangyunReplies.files(reply("bswjxzBatch-partly.json")).size(), "729010 is partial success");
        QixiangyunReplies.InvoiceFile withContent = QixiangyunReplies.files(QixiangyunReply.parse("{\"code\":\"2000\","
                + "\"data\":{\"list\":[{\"wjgs\":\"PDF\",\"base64\":\"JVBERi0=\",\"url\":\"\",\"fphm\":\"1\"}]}}")).get(0);
        assertEquals("%PDF-", new String(withContent.content(), StandardCharsets.ISO_8859_1));
        assertThrows(QixiangyunException.class, () -> QixiangyunReplies.invoices(answer("720002", "起止日期须在一年内")));
    }

    @Test
    void smsLoginAnswers() {
        LoginStep sent = QixiangyunReplies.login(reply("dpptCookie-sms-sent.json"));
        assertEquals(LoginState.SMS_SENT, sent.state());
        assertEquals("1736647432086679600", sent.handles().get("taskId"), "a JSON number kept digit for digit");
        assertEquals("836f8e89a726d14d4d1bd9e93b0fb946", sent.handles().get("accountId"));

        LoginStep direct = QixiangyunReplies.login(reply("dpptCookie-logged-in.json"));
        assertEquals(LoginState.LOGGED_IN, direct.state(), "regions without SMS log in at once");
        assertEquals("59915d120f98a24404ff57591ddef0ce", direct.handles().get("accountId"));
        assertFalse(direct.handles().toString().contains("DZSWJ_TGC"), "cookies are never kept");

        for (String name : List.of("dpptpushsms-logged-in.json", "dpptpushsms-seed-logged-in.json")) {
            LoginStep in = QixiangyunReplies.login(reply(name));
            assertEquals(LoginState.LOGGED_IN, in.state(), name);
            assertEquals("f7d90cd33fed9c9e0c5ad324e64dda52", in.handles().get("individualId"));
            assertFalse(in.handles().containsValue(""));
        }
        LoginStep missing = QixiangyunReplies.login(reply("dpptCookie-missing-nsrsbh.json"));
        assertEquals(LoginState.FAILED, missing.state());
        assertTrue(missing.zh().contains("参数nsrsbh不能为空"));
        assertEquals(LoginState.FAILED, QixiangyunReplies.login(reply("dpptpushsms-missing-nsrsbh.json")).state());

        LoginStep often = QixiangyunReplies.login(QixiangyunReply.parse("{\"code\":\"8001\",\"success\":true,\"message\":\"短信发送频繁\"}"));
        assertEquals(LoginState.FAILED, often.state());
        assertEquals(Duration.ofMinutes(2), often.waitBefore());
        LoginStep ip = QixiangyunReplies.login(answer("401103", "非法IP!,IP不在当前项目白名单中"));
        assertTrue(ip.configurationProblem());
        assertEquals(Duration.ofSeconds(10), QixiangyunReplies.login(answer("400429", "网关限流")).waitBefore());
        assertEquals(LoginState.FAILED, QixiangyunReplies.login(QixiangyunReply.parse(
                "{\"code\":\"5000\",\"success\":true,\"message\":\"登录任务已过期，请重新发起！\"}")).state());
    }

    @Test
    void sessionChecksQrLoginAndFaceCheck() {
        assertEquals(LoginState.LOGGED_OUT, QixiangyunReplies.checkLogin(reply("checkAsyncLoginDpptCache-invalid.json")).state());
        assertEquals(LoginState.LOGGED_IN, QixiangyunReplies.checkLogin(QixiangyunReply.parse(
                "{\"code\":\"2000\",\"data\":true,\"success\":true}")).state());
        assertEquals(LoginState.FAILED, QixiangyunReplies.checkLogin(reply("checkAsyncLoginDpptCache-missing-gryhm.json")).state());

        LoginStep qr = QixiangyunReplies.qrReady(reply("getQrcode-ready.json"));
        assertEquals(LoginState.QR_READY, qr.state());
        assertTrue(qr.qrContent().startsWith("qrcode_id=GdNBgdu+m19PQ/b6"));
        assertEquals("1762794678531752000", qr.handles().get("taskId"));
        assertEquals("be2ba2a0d8444fabbec65a43486cc5ed", qr.handles().get("qrcodeId"));
        assertEquals(LoginState.FAILED, QixiangyunReplies.qrReady(reply("getQrcode-missing-nsrsbh.json")).state());

        LoginStep in = QixiangyunReplies.qrLogin(reply("qrcodeLogin-logged-in.json"));
        assertEquals(LoginState.LOGGED_IN, in.state());
        assertEquals("b4c448077beb5b533066b1a0b0a23bb9", in.handles().get("accountId"));
        assertEquals("3100", in.handles().get("areaCode"));
        LoginStep expired = QixiangyunReplies.qrLogin(reply("qrcodeLogin-task-expired.json"));
        assertEquals(LoginState.FAILED, expired.state());
        assertTrue(expired.en().contains("expired"));
        assertEquals(LoginState.QR_READY, QixiangyunReplies.qrLogin(QixiangyunReply.parse(
                "{\"code\":\"4100\",\"success\":true,\"message\":\"二维码尚未扫码确认，请扫码后重试\"}")).state());
        assertEquals(LoginState.FAILED, QixiangyunReplies.qrLogin(QixiangyunReply.parse(
                "{\"req_id\":\"b5\",\"code\":\"4006\",\"success\":true,\"message\":\"登录方式不正确！\"}")).state());

        LoginStep face = QixiangyunReplies.faceQr(reply("rzewm-ready.json"));
        assertEquals(LoginState.QR_READY, face.state());
        assertEquals("5e950eee***********69389ed", face.handles().get("rzid"));
        assertEquals(LoginState.QR_READY, QixiangyunReplies.faceResult(reply("rzztcx-not-scanned.json")).state());
    }

    @Test
    void theReaderToleratesTheDocumentsQuirks() {
        QixiangyunReply withReqUnderscore = reply("dpptCookie-sms-sent.json");
        assertEquals("0f1fe24daa164e95b0191f80a2bf11fc", withReqUnderscore.reqId(), "req_id for reqId");
        QixiangyunReply trailingComma = reply("token-invalid-secret.json");
        assertEquals("应用的密钥无效!", trailingComma.text("error_msg"));
        assertEquals("", reply("dpptCookie-missing-nsrsbh.json").text("taskId"), "data \"\" has no fields");
        assertThrows(QixiangyunException.class, () -> QixiangyunReply.parse("<html>502 Bad Gateway</html>"));
        Outcome o = QixiangyunReplies.issue(reply("fpkjZzs-issued.json")).outcome();
        assertEquals("", o.checkCode(), "数电 invoices have no check code");
    }
}

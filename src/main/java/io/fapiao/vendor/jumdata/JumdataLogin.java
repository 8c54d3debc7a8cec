package io.fapiao.vendor.jumdata;

import io.fapiao.login.LoginMethod;
import io.fapiao.login.LoginState;
import io.fapiao.login.LoginStep;
import io.fapiao.login.LoginVendor;
import io.fapiao.login.QrPng;
import io.fapiao.login.SellerLogin;
import io.fapiao.vendor.Vendor;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * jumdata as a {@link LoginVendor}: each step is one signed call of {@code vendor-jumdata.camel.yaml}. SMS: login
 * (Zhejiang logs in at once), then validate-code. QR: qrcode/get, then qrcode/result until scanned. The session is
 * asked about with qrcode/check after a QR login (it gives the {@code accountId}) and with status otherwise (it takes
 * the login credentials).
 */
public final class JumdataLogin implements LoginVendor {

    private final ProducerTemplate template;
    private final JumdataForms forms;
    private final JumdataCalls calls;

    public JumdataLogin(ProducerTemplate template, JumdataForms forms, JumdataCalls calls) {
        this.template = template;
        this.forms = forms;
        this.calls = calls;
    }

    @Override
    public Vendor key() {
        return Vendor.JUMDATA;
    }

    @Override
    public Set<LoginMethod> methods() {
        return Set.of(LoginMethod.SMS, LoginMethod.QR);
    }

    /** SMS: everything (the phone outside Zhejiang); QR: the region. */
    @Override
    public List<String> missing(LoginMethod method, SellerLogin seller) {
        if (method == LoginMethod.SMS) {
            return JumdataForms.missing(seller);
        }
        return seller.region().isEmpty() ? List.of("region") : List.of();
    }

    @Override
    public LoginStep start(LoginMethod method, SellerLogin seller, Map<String, String> options) {
        if (method == LoginMethod.SMS) {
            return call(forms.login(seller));
        }
        LoginStep step = call(forms.qrcodeGet(seller.taxId(), seller.region()));
        if (step.state() == LoginState.QR_READY && step.qrContent().isEmpty()) {
            // only a picture: its content is read from it, so the QR can be shown and written like any other
            Optional<String> content = picture(step.handles().get(JumdataReplies.QRCODE_IMAGE_URL)).flatMap(QrPng::read);
            if (content.isEmpty()) {
                return LoginStep.of(LoginState.FAILED, "无法读取二维码图片", "the QR picture jumdata gave could not be read");
            }
            return new LoginStep(step.state(), step.zh(), step.en(), content.get(), step.handles(), step.waitBefore(),
                    false);
        }
        return step;
    }

    @Override
    public LoginStep submitSms(SellerLogin seller, Map<String, String> handles, String code) {
        String task = handles.getOrDefault(JumdataReplies.SMS_TASK_ID, "");
        if (task.isEmpty()) {
            return LoginStep.of(LoginState.FAILED, "没有进行中的短信登录", "no SMS login is waiting for a code; start one");
        }
        return call(forms.validateCode(seller.taxId(), task, code));
    }

    @Override
    public LoginStep checkQr(SellerLogin seller, Map<String, String> handles) {
        return call(forms.qrcodeResult(handles.getOrDefault(JumdataReplies.TASK_ID, ""),
                handles.getOrDefault(JumdataReplies.QRCODE_ID, ""), seller.identity()));
    }

    @Override
    public Optional<LoginStep> checkSession(SellerLogin seller, Map<String, String> handles) {
        String account = handles.getOrDefault(JumdataReplies.ACCOUNT_ID, "");
        if (!account.isEmpty()) {
            return Optional.of(call(forms.qrcodeCheck(seller.taxId(), account)));
        }
        if (JumdataForms.missing(seller).isEmpty()) {
            return Optional.of(call(forms.status(seller)));
        }
        return Optional.empty();
    }

    private LoginStep call(JumdataForms.Request request) {
        if (!calls.configured()) {
            return notConfigured();
        }
        Exchange answer = template.send("direct:jumdata-call", e -> e.getIn().setBody(request));
        if (answer.getException() != null) {
            return LoginStep.of(LoginState.FAILED, "无法连接聚美智数",
                    "jumdata could not be reached (" + answer.getException().getClass().getSimpleName() + ")");
        }
        return JumdataReplies.of(request.endpoint(), answer.getMessage().getBody(String.class));
    }

    private Optional<byte[]> picture(String url) {
        if (url == null || url.isEmpty()) {
            return Optional.empty();
        }
        Exchange answer = template.send("direct:jumdata-qr-image", e -> e.getIn().setBody(url));
        return answer.getException() != null ? Optional.empty()
                : Optional.ofNullable(answer.getMessage().getBody(byte[].class));
    }

    static LoginStep notConfigured() {
        return new LoginStep(LoginState.FAILED, "未配置聚美智数接口地址",
                "vendor.jumdata.base-url is not set", "", Map.of(), Duration.ZERO, true);
    }
}

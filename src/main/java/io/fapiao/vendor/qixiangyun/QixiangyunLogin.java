package io.fapiao.vendor.qixiangyun;

import io.fapiao.login.LoginMethod;
import io.fapiao.login.LoginState;
import io.fapiao.login.LoginStep;
import io.fapiao.login.LoginVendor;
import io.fapiao.login.SellerLogin;
import io.fapiao.vendor.Vendor;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * qixiangyun as a {@link LoginVendor} (自持登录, 多账号管理): SMS — {@code dpptCookie} sends the code (广东, 天津, 浙江 and
 * 湖北 log in at once, the seed), {@code dpptpushsms} uploads it; QR — {@code getQrcode}, then {@code qrcodeLogin}
 * until scanned; the session — {@code checkAsyncLoginDpptCache} with the login's {@code accountId}. The password
 * travels RSA-encrypted with the vendor's public key; the cookies the vendor answers are never kept.
 */
public final class QixiangyunLogin implements LoginVendor {

    private final ProducerTemplate template;
    private final QixiangyunCalls calls;
    private final PublicKey passwordKey;

    public QixiangyunLogin(ProducerTemplate template, QixiangyunCalls calls, PublicKey passwordKey) {
        this.template = template;
        this.calls = calls;
        this.passwordKey = passwordKey;
    }

    @Override
    public Vendor key() {
        return Vendor.QIXIANGYUN;
    }

    @Override
    public Set<LoginMethod> methods() {
        return Set.of(LoginMethod.SMS, LoginMethod.QR);
    }

    /** SMS: region, account, password and phone ({@code sjhm} is required even where no SMS is sent); QR: region. */
    @Override
    public List<String> missing(LoginMethod method, SellerLogin seller) {
        List<String> out = new ArrayList<>();
        if (seller.region().isEmpty()) {
            out.add("region");
        }
        if (method == LoginMethod.SMS) {
            if (seller.account().isEmpty()) {
                out.add("account");
            }
            if (seller.password().isEmpty()) {
                out.add("password");
            }
            if (seller.phone().isEmpty()) {
                out.add("phone");
            }
        }
        return out;
    }

    @Override
    public LoginStep start(LoginMethod method, SellerLogin seller, Map<String, String> options) {
        if (method == LoginMethod.SMS) {
            String body = QixiangyunMapping.dpptCookie(seller.taxId(), seller.region(), seller.account(),
                    seller.password(), seller.identity(), seller.phone(), passwordKey);
            return call(QixiangyunMapping.DPPT_COOKIE, body, QixiangyunReplies::login);
        }
        return call(QixiangyunMapping.GET_QRCODE, QixiangyunMapping.getQrcode(seller.region(), seller.taxId()),
                QixiangyunReplies::qrReady);
    }

    @Override
    public LoginStep submitSms(SellerLogin seller, Map<String, String> handles, String code) {
        String task = handles.getOrDefault("taskId", "");
        if (task.isEmpty()) {
            return LoginStep.of(LoginState.FAILED, "没有进行中的短信登录", "no SMS login is waiting for a code; start one");
        }
        return call(QixiangyunMapping.DPPT_PUSH_SMS, QixiangyunMapping.dpptPushSms(seller.taxId(), task, code),
                QixiangyunReplies::login);
    }

    @Override
    public LoginStep checkQr(SellerLogin seller, Map<String, String> handles) {
        return call(QixiangyunMapping.QRCODE_LOGIN, QixiangyunMapping.qrcodeLogin(handles.getOrDefault("taskId", ""),
                handles.getOrDefault("qrcodeId", ""), seller.identity()), QixiangyunReplies::qrLogin);
    }

    @Override
    public Optional<LoginStep> checkSession(SellerLogin seller, Map<String, String> handles) {
        String account = handles.getOrDefault("accountId", "");
        if (account.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(call(QixiangyunMapping.CHECK_LOGIN, QixiangyunMapping.checkLogin(seller.taxId(), account),
                QixiangyunReplies::checkLogin));
    }

    private LoginStep call(String path, String body, Function<QixiangyunReply, LoginStep> meaning) {
        if (!calls.configured()) {
            return new LoginStep(LoginState.FAILED, "未配置企享云接口地址", "vendor.qixiangyun.base-url is not set", "",
                    Map.of(), Duration.ZERO, true);
        }
        Exchange answer = template.send("direct:qixiangyun-call", e -> {
            e.setProperty(QixiangyunCalls.PATH, path);
            e.getIn().setBody(body);
        });
        Exception failure = answer.getException();
        if (failure != null) {
            Throwable cause = failure;
            while (cause.getCause() != null && !(cause instanceof QixiangyunException)
                    && !(cause instanceof QixiangyunTokenRefused)) {
                cause = cause.getCause();
            }
            if (cause instanceof QixiangyunException || cause instanceof QixiangyunTokenRefused) {
                Throwable q = cause;
                // the token call was refused: no person at the tax bureau can fix that
                return new LoginStep(LoginState.FAILED, "企享云拒绝了应用登录", q.getMessage(), "", Map.of(), Duration.ZERO,
                        true);
            }
            return LoginStep.of(LoginState.FAILED, "无法连接企享云",
                    "qixiangyun could not be reached (" + failure.getClass().getSimpleName() + ")");
        }
        try {
            return meaning.apply(QixiangyunReply.parse(answer.getMessage().getBody(String.class)));
        } catch (QixiangyunException e) {
            return LoginStep.of(LoginState.FAILED, "企享云的回答无法读取", e.getMessage());
        }
    }
}

package io.fapiao.vendor.yun2;

import io.fapiao.config.Seller;
import io.fapiao.config.Sellers;
import io.fapiao.login.LoginMethod;
import io.fapiao.login.LoginState;
import io.fapiao.login.LoginStep;
import io.fapiao.login.LoginVendor;
import io.fapiao.login.SellerLogin;
import io.fapiao.vendor.Vendor;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * yun2 as a {@link LoginVendor}: the seller's enterprise ({@code spid}) logs in to the tax bureau through the login
 * routes of {@code vendor-yun2.camel.yaml} with the seller's tax-bureau account and password. yun2 has no status
 * call: a session is known to have ended when issuing answers "身份认证已超时".
 */
public final class Yun2LoginVendor implements LoginVendor {

    private final ProducerTemplate template;
    private final Yun2Spids spids;
    private final Sellers sellers;

    Yun2LoginVendor(ProducerTemplate template, Yun2Spids spids, Sellers sellers) {
        this.template = template;
        this.spids = spids;
        this.sellers = sellers;
    }

    @Override
    public Vendor key() {
        return Vendor.YUN2;
    }

    @Override
    public Set<LoginMethod> methods() {
        return Set.of(LoginMethod.SMS, LoginMethod.QR);
    }

    /** LOGIN sends {@code dzswjyh} and {@code dzswjmm} for both ways. */
    @Override
    public List<String> missing(LoginMethod method, SellerLogin seller) {
        List<String> out = new ArrayList<>();
        if (seller.account().isEmpty()) {
            out.add("account");
        }
        if (seller.password().isEmpty()) {
            out.add("password");
        }
        return out;
    }

    @Override
    public LoginStep start(LoginMethod method, SellerLogin seller, Map<String, String> options) {
        Optional<String> spid = spid(seller.taxId());
        if (spid.isEmpty()) {
            return unknownSeller(seller.taxId());
        }
        String answer = call("direct:yun2-tax-login", Yun2Login.loginForm(spid.get(), seller.account(),
                seller.password(), method));
        if (answer == null) {
            return unreachable();
        }
        LoginStep step = Yun2Login.login(method, answer);
        if (step.state() == LoginState.QR_READY && step.qrContent().isEmpty()) {
            String qr = call("direct:yun2-tax-qrcode", Yun2Login.spidForm(spid.get()));
            return qr == null ? unreachable() : Yun2Login.qrcode(qr);
        }
        return step;
    }

    @Override
    public LoginStep submitSms(SellerLogin seller, Map<String, String> handles, String code) {
        Optional<String> spid = spid(seller.taxId());
        if (spid.isEmpty()) {
            return unknownSeller(seller.taxId());
        }
        String answer = call("direct:yun2-tax-sms", Yun2Login.setSmsForm(spid.get(), code));
        return answer == null ? unreachable() : Yun2Login.smsSet(answer);
    }

    @Override
    public LoginStep checkQr(SellerLogin seller, Map<String, String> handles) {
        Optional<String> spid = spid(seller.taxId());
        if (spid.isEmpty()) {
            return unknownSeller(seller.taxId());
        }
        String answer = call("direct:yun2-tax-wait", Yun2Login.spidForm(spid.get()));
        return answer == null ? LoginStep.of(LoginState.QR_READY, "暂未能询问yun2", "could not ask yun2 yet")
                : Yun2Login.scanWaited(answer);
    }

    @Override
    public Optional<LoginStep> checkSession(SellerLogin seller, Map<String, String> handles) {
        return Optional.empty();
    }

    private Optional<String> spid(String taxId) {
        Seller seller = sellers.of(taxId).orElse(new Seller(taxId, Vendor.YUN2, "", "", "", "", "", ""));
        try {
            return spids.spidOf(seller);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static LoginStep unknownSeller(String taxId) {
        return new LoginStep(LoginState.FAILED, "yun2账号下没有销方" + taxId + "（TERM/LIST未列出；可设置fapiao.sellers." + taxId
                + ".spid）", "yun2 does not know seller " + taxId + " (not in its TERM/LIST; set fapiao.sellers." + taxId
                + ".spid)", "", Map.of(), java.time.Duration.ZERO, true);
    }

    private static LoginStep unreachable() {
        return LoginStep.of(LoginState.FAILED, "无法连接yun2", "yun2 could not be reached or refused the account's token");
    }

    /** The answer body, or null when the call failed (no connection, token refused): nothing is said of the session. */
    private String call(String route, String form) {
        Exchange answer = template.send(route, e -> e.getIn().setBody(form));
        if (answer.getException() != null) {
            return null;
        }
        return answer.getMessage().getBody(String.class);
    }
}

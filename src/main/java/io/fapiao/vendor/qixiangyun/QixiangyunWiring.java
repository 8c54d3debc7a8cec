package io.fapiao.vendor.qixiangyun;

import io.fapiao.Bundle;
import io.fapiao.Feature;
import io.fapiao.config.ConfigurationException;
import io.fapiao.config.Settings;
import io.fapiao.sandbox.SandboxAccount;
import io.fapiao.sandbox.SandboxHttp;
import io.fapiao.sandbox.SandboxSetup;
import io.fapiao.sandbox.qixiangyun.QixiangyunSandbox;
import io.fapiao.sandbox.qixiangyun.QixiangyunTrouble;
import io.fapiao.vendor.VendorHttp;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;

import java.security.PublicKey;
import java.time.Clock;

/**
 * qixiangyun (企享云): the account's access token shared by every instance and the signed call
 * ({@code vendor-qixiangyun.camel.yaml}, {@link QixiangyunCalls}, {@link QixiangyunAccessToken}) — which issuing
 * reuses — the seller's tax-bureau login ({@link QixiangyunLogin}), and the simulator in sandbox mode.
 */
public final class QixiangyunWiring implements Feature {

    @Override
    public void sandbox(SandboxSetup sandbox) {
        QixiangyunSandbox simulator = SandboxAccount.qixiangyun(SandboxHttp.PREFIX + "qixiangyun");
        for (String name : QixiangyunTrouble.NAMES) {
            sandbox.trouble("qixiangyun", name).ifPresent(v -> simulator.trouble().set(name, v));
        }
        sandbox.serve("qixiangyun", simulator::handle);
        sandbox.bean("qixiangyunSandbox", simulator);
        sandbox.property("vendor.qixiangyun.base-url", sandbox.baseUrl("qixiangyun"));
        sandbox.property("vendor.qixiangyun.app-key", SandboxAccount.QXY_APP_KEY);
        sandbox.property("vendor.qixiangyun.app-secret", SandboxAccount.QXY_APP_SECRET);
        sandbox.property("vendor.qixiangyun.rsa-public-key", SandboxAccount.QXY_RSA_PUBLIC_KEY);
    }

    @Override
    public void wire(Bundle bundle) throws Exception {
        Settings settings = bundle.settings();
        VendorHttp http = new VendorHttp(settings.getInt("vendor.qixiangyun.timeout-ms", 60_000),
                Math.max(1, settings.getInt("vendor.qixiangyun.concurrency", 4)));
        bundle.closeOnStop(http);
        bundle.bind("qixiangyunHttp", http);
        ProducerTemplate template = bundle.context().createProducerTemplate();
        Clock clock = Clock.systemUTC();
        String appKey = settings.get("vendor.qixiangyun.app-key", "");
        String appSecret = settings.get("vendor.qixiangyun.app-secret", "");
        QixiangyunAccessToken token = new QixiangyunAccessToken(bundle.tokens(), appKey, new QixiangyunTokens.Source() {
            @Override
            public QixiangyunToken login() {
                return QixiangyunToken.parse(fetch(template, QixiangyunMapping.tokenLogin(appKey, appSecret)),
                        clock.instant());
            }

            @Override
            public QixiangyunToken refresh(String refreshToken) {
                return QixiangyunToken.parse(fetch(template, QixiangyunMapping.tokenRefresh(refreshToken)),
                        clock.instant());
            }
        }, clock);
        bundle.bind("qixiangyunToken", token);
        QixiangyunCalls calls = new QixiangyunCalls(settings.get("vendor.qixiangyun.base-url", ""), appKey, appSecret,
                token, clock);
        bundle.bind("qixiangyunCalls", calls);
        bundle.bind("qixiangyunLogin", new QixiangyunLogin(template, calls, publicKey(settings)));
    }

    /** {@code vendor.qixiangyun.rsa-public-key}: Base64 X.509 or PEM; the vendor's published key when not set. */
    private static PublicKey publicKey(Settings settings) {
        String key = settings.get("vendor.qixiangyun.rsa-public-key", QixiangyunSigning.VENDOR_PUBLIC_KEY);
        try {
            return QixiangyunSigning.publicKey(key);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("vendor.qixiangyun.rsa-public-key is not an RSA public key (Base64 X.509 "
                    + "or PEM)");
        }
    }

    /** The token call's answer; a call that did not get through reads as a refusal without a code. */
    private static String fetch(ProducerTemplate template, String json) {
        try {
            return template.requestBody("direct:qixiangyun-token", json, String.class);
        } catch (CamelExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new QixiangyunException("", "无法取得企享云访问令牌 / could not get a qixiangyun access token ("
                    + cause.getClass().getSimpleName() + ")");
        }
    }
}

package io.fapiao.login;

import io.fapiao.Bundle;
import io.fapiao.Feature;
import io.fapiao.config.ConfigurationException;
import io.fapiao.config.Settings;
import io.fapiao.sandbox.SandboxAccount;
import io.fapiao.sandbox.SandboxSetup;
import io.fapiao.vendor.Vendor;
import io.fapiao.vendor.VendorHttp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Sellers' tax-bureau logins through every vendor: the REST API of {@code api-login.camel.yaml}, the SMS code file
 * drop and the webhook of {@code login.camel.yaml}, the sessions' clock. Each vendor brings its own
 * {@link LoginVendor} (bound by its feature under any name); they are found when the first login needs them.
 *
 * <p>In sandbox mode every seller has a tax-bureau login the simulators accept (region 3100, account its tax id,
 * the sandbox's password and phone, identity BSY), unless its properties say otherwise.
 */
public final class LoginWiring implements Feature {

    private static final Logger LOG = LoggerFactory.getLogger(LoginWiring.class);
    /** The seller settings a login uses, and the sandbox's value for each. */
    private static final List<String> SETTINGS = List.of("region", "account", "password", "phone", "identity");
    static final String SANDBOX_PHONE = "13800138000";

    @Override
    public void sandbox(SandboxSetup sandbox) {
        // what is configured for a seller wins: read now, before the sandbox's own answers are added
        Map<String, String> explicit = new HashMap<>();
        Settings settings = sandbox.settings();
        Set<String> ids = new java.util.TreeSet<>(settings.sellerTaxIds());
        for (String id : ids) {
            for (String s : SETTINGS) {
                settings.find("fapiao.sellers." + id + "." + s).ifPresent(v -> explicit.put(id + "." + s, v));
            }
        }
        for (String s : SETTINGS) {
            settings.find("fapiao.seller." + s).ifPresent(v -> explicit.putIfAbsent(sandbox.sellerTaxId() + "." + s, v));
        }
        for (String s : SETTINGS) {
            sandbox.sellerProperty(s, taxId -> explicit.getOrDefault(taxId + "." + s, sandboxValue(s, taxId)));
        }
    }

    private static String sandboxValue(String setting, String taxId) {
        return switch (setting) {
            case "region" -> SandboxAccount.SELLER_REGION;
            case "account" -> taxId;
            case "password" -> SandboxAccount.TAX_BUREAU_PASSWORD;
            case "phone" -> SANDBOX_PHONE;
            default -> "BSY";
        };
    }

    @Override
    public void wire(Bundle bundle) throws Exception {
        Settings settings = bundle.settings();
        Logins.Timing timing = new Logins.Timing(
                Duration.ofMillis(settings.getInt("fapiao.login.check-interval-ms", 600_000)),
                Duration.ofMillis(settings.getInt("fapiao.login.qr-poll-ms", 3_000)),
                Duration.ofMillis(settings.getInt("fapiao.login.qr-life-ms", 600_000)),
                Duration.ofMillis(settings.getInt("fapiao.login.lease-ms", 120_000)));
        String owner = bundle.ledger().owner();
        String url = settings.get("fapiao.login.webhook-url", "");
        LoginNotices.Format format = settings.find("fapiao.login.webhook-format")
                .map(f -> LoginNotices.Format.of(f).orElseThrow(() -> new ConfigurationException(
                        "fapiao.login.webhook-format must be wecom, dingtalk, feishu or json, not '" + f + "'")))
                .orElse(LoginNotices.Format.guess(url));
        String apiHost = bundle.httpHost().equals("0.0.0.0") || bundle.httpHost().equals("::") ? "127.0.0.1"
                : bundle.httpHost();
        LoginNotices notices = new LoginNotices(url, format, settings.get("fapiao.login.webhook-secret", ""),
                Duration.ofMillis(settings.getInt("fapiao.login.notify-interval-ms", 3_600_000)),
                new LoginNotices.Where(settings.get("fapiao.login.api-url", "http://" + apiHost + ":" + bundle.httpPort()),
                        bundle.inbox(), bundle.outbox()),
                bundle.sessions(), bundle.context().createProducerTemplate(), Clock.systemUTC());
        bundle.closeOnStop(notices);
        VendorHttp http = new VendorHttp(settings.getInt("fapiao.login.webhook-timeout-ms", 10_000), 2);
        bundle.closeOnStop(http);
        bundle.bind("webhookHttp", http);
        bundle.bind("loginNotices", notices);

        Logins[] logins = new Logins[1];
        LoginFiles files = new LoginFiles(bundle.outbox(), () -> logins[0]);
        Map<Vendor, LoginVendor> vendors = new java.util.EnumMap<>(Vendor.class);
        logins[0] = new Logins(bundle.sessions(), bundle.ledger(), bundle.sellers(), bundle.health(), files, notices,
                () -> {
                    synchronized (vendors) {
                        if (vendors.isEmpty()) {
                            vendors.putAll(Logins.byKey(bundle.context().getRegistry().findByType(LoginVendor.class)));
                        }
                        return vendors;
                    }
                }, timing, owner);
        bundle.sessions().listen(logins[0]);
        bundle.bind("loginFiles", files);
        bundle.bind("loginApi", new LoginApi(() -> logins[0]));
        bundle.onHttpRouter(router -> LoginApi.mount(router, "/api/login/*", "/api/sdqz/*"));
        LoginClock clock = new LoginClock(logins[0], bundle.sessions(), owner, timing.lease());
        bundle.closeOnStop(clock);
        long period = settings.getInt("fapiao.login.poll-ms", 2_000);
        bundle.context().addStartupListener((ctx, alreadyStarted) -> clock.start(period));
        if (notices.configured()) {
            LOG.info("Login notices go to {} as {}", notices.shownUrl(), format.name().toLowerCase(java.util.Locale.ROOT));
        }
    }
}

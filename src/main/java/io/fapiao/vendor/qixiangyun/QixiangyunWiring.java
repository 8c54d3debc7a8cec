package io.fapiao.vendor.qixiangyun;

import io.fapiao.Bundle;
import io.fapiao.Feature;
import io.fapiao.config.ConfigurationException;
import java.security.PublicKey;
import io.fapiao.config.Settings;
import io.fapiao.ledger.IssuedInvoices;
import io.fapiao.ledger.LedgerOrder;
import io.fapiao.ledger.RedFormLedger;
import io.fapiao.order.Order;
import io.fapiao.order.OrderJsonReader;
import io.fapiao.sandbox.SandboxAccount;
import io.fapiao.sandbox.SandboxHttp;
import io.fapiao.sandbox.SandboxSetup;
import io.fapiao.sandbox.qixiangyun.QixiangyunSandbox;
import io.fapiao.tax.OrderRules;
import io.fapiao.vendor.VendorHttp;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.function.Function;

/**
 * qixiangyun: the beans of {@code vendor-qixiangyun.camel.yaml} (issuing, red-letter forms, files, lists), the
 * account's shared access token, and its simulator in sandbox mode.
 *
 * <p>Properties: {@code vendor.qixiangyun.base-url} (default {@code https://api.qixiangyun.com}), {@code app-key},
 * {@code app-secret}, {@code concurrency} (4), {@code timeout-ms} (70000: issuing turns asynchronous only after
 * 40 s), {@code retries} (3), {@code retry-delay-ms} (1000), {@code red-form-check-ms} (1800000: a form waiting for the
 * other side is asked about every half hour).
 */
public final class QixiangyunWiring implements Feature {

    private static final Logger LOG = LoggerFactory.getLogger(QixiangyunWiring.class);
    static final String KEY = "qixiangyun";

    @Override
    public void sandbox(SandboxSetup sandbox) {
        QixiangyunSandbox simulator = SandboxAccount.qixiangyun(SandboxHttp.PREFIX + KEY);
        sandbox.applyTrouble(KEY, simulator.trouble());
        sandbox.serve(KEY, simulator::handle);
        sandbox.bean("qixiangyunSandbox", simulator);
        sandbox.property("vendor.qixiangyun.base-url", sandbox.baseUrl(KEY));
        sandbox.property("vendor.qixiangyun.app-key", SandboxAccount.QXY_APP_KEY);
        sandbox.property("vendor.qixiangyun.app-secret", SandboxAccount.QXY_APP_SECRET);
        sandbox.property("vendor.qixiangyun.rsa-public-key", SandboxAccount.QXY_RSA_PUBLIC_KEY);
    }

    @Override
    public void wire(Bundle bundle) throws Exception {
        Settings settings = bundle.settings();
        int concurrency = Math.max(1, settings.getInt("vendor.qixiangyun.concurrency", 4));
        int timeoutMs = settings.getInt("vendor.qixiangyun.timeout-ms", 70_000);
        VendorHttp http = new VendorHttp(timeoutMs, concurrency);
        bundle.closeOnStop(http);
        bundle.bind("qixiangyunHttp", http);
        ProducerTemplate template = bundle.context().createProducerTemplate();
        String baseUrl = settings.get("vendor.qixiangyun.base-url", "https://api.qixiangyun.com");
        String appKey = settings.get("vendor.qixiangyun.app-key", "");
        String appSecret = settings.get("vendor.qixiangyun.app-secret", "");
        Clock clock = Clock.systemUTC();
        int retries = settings.getInt("vendor.qixiangyun.retries", 3);
        int retryDelayMs = settings.getInt("vendor.qixiangyun.retry-delay-ms", 1000);
        QixiangyunSharedToken.Source source = new QixiangyunSharedToken.Source() {
            @Override
            public QixiangyunToken login() {
                return tokenCall(template, QixiangyunMapping.tokenLogin(appKey, appSecret), clock, retries, retryDelayMs);
            }

            @Override
            public QixiangyunToken refresh(String refreshToken) {
                return tokenCall(template, QixiangyunMapping.tokenRefresh(refreshToken), clock, retries, retryDelayMs);
            }
        };
        QixiangyunSharedToken token = new QixiangyunSharedToken(bundle.tokens(), appKey, source, clock);
        OrderRules rules = new OrderRules(bundle.sellers().defaultTaxId());
        Function<LedgerOrder, Order> storedOrder = row -> {
            try {
                return rules.check(OrderJsonReader.toDraft("ledger", row.dropSeq(),
                        OrderJsonReader.MAPPER.readTree(row.orderJson()), 0, Set.of())).order();
            } catch (Exception e) {
                LOG.warn("Order {}: the order kept in the ledger cannot be read back ({})", row.orderNo(), e.getMessage());
                return null;
            }
        };
        // invoice calls name the seller's login account at qixiangyun: the one its tax-bureau login answered
        Function<String, String> accountIds = taxId -> bundle.sessions().find(KEY, taxId)
                .map(s -> s.handles().getOrDefault("accountId", "")).orElse("");
        QixiangyunCalls calls = new QixiangyunCalls(baseUrl, appKey, appSecret, token,
                retries, retryDelayMs,
                Duration.ofMillis(settings.getInt("vendor.qixiangyun.red-form-check-ms", 1_800_000)),
                Duration.ofMillis(timeoutMs), bundle.health(), new IssuedInvoices(bundle.database()),
                new RedFormLedger(bundle.database()), storedOrder, accountIds, clock);
        bundle.bind("qixiangyun", calls);
        bundle.vendors().add(new QixiangyunVendor(template), concurrency);
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

    /**
     * One token call through {@code qixiangyun-token}. A gateway that did nothing (400429/400430) or timed out
     * (504001: a login is safe to repeat) is asked again after a pause, a few times; a refusal or a broken call is
     * {@link QixiangyunTokenRefused}.
     */
    static QixiangyunToken tokenCall(ProducerTemplate template, String body, Clock clock, int retries, long delayMs) {
        for (int attempt = 0; ; attempt++) {
            String reply;
            try {
                reply = template.requestBody("direct:qixiangyun-token", body, String.class);
            } catch (CamelExecutionException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                QixiangyunTokenRefused refused = new QixiangyunTokenRefused("", "企享云登录调用失败 / the qixiangyun login "
                        + "call failed: " + cause.getClass().getSimpleName());
                refused.initCause(cause);
                throw refused;
            }
            try {
                return QixiangyunToken.parse(reply, clock.instant());
            } catch (QixiangyunException e) {
                boolean again = QixiangyunReplies.backOff(e.code()) || QixiangyunReplies.mayHaveBeenDone(e.code());
                if (!again || attempt >= retries) {
                    throw new QixiangyunTokenRefused(e.code(), e.getMessage());
                }
                LOG.info("qixiangyun login: the gateway answered {}; asking again", e.code());
                try {
                    Thread.sleep(delayMs << Math.min(attempt, 10));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new QixiangyunTokenRefused(e.code(), e.getMessage());
                }
            }
        }
    }
}

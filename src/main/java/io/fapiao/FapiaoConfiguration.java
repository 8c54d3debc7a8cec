package io.fapiao;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.fapiao.api.Api;
import io.fapiao.api.ApiGuard;
import io.fapiao.api.HealthBoard;
import io.fapiao.config.ConfigurationException;
import io.fapiao.config.Mode;
import io.fapiao.config.SandboxProperties;
import io.fapiao.config.Sellers;
import io.fapiao.config.Settings;
import io.fapiao.flow.Drops;
import io.fapiao.flow.Issuing;
import io.fapiao.flow.PollTrigger;
import io.fapiao.flow.Polling;
import io.fapiao.flow.ReplySinks;
import io.fapiao.flow.ResultFiles;
import io.fapiao.ledger.DropLedger;
import io.fapiao.ledger.Ledger;
import io.fapiao.ledger.LedgerDatabase;
import io.fapiao.ledger.VendorTokens;
import io.fapiao.sandbox.SandboxAccount;
import io.fapiao.sandbox.SandboxHttp;
import io.fapiao.sandbox.yun2.Yun2Sandbox;
import io.fapiao.sandbox.yun2.Yun2Trouble;
import io.fapiao.tax.OrderRules;
import io.fapiao.vendor.Vendor;
import io.fapiao.vendor.VendorHttp;
import io.fapiao.vendor.VendorLoginException;
import io.fapiao.vendor.Vendors;
import io.fapiao.vendor.yun2.Yun2Calls;
import io.fapiao.vendor.yun2.Yun2Token;
import io.fapiao.vendor.yun2.Yun2Vendor;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.LoggingLevel;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.DefaultErrorHandlerBuilder;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Wires the bundle from its properties: sandbox or live, the ledger, the sellers and their vendors, and the beans
 * the YAML routes call by name. In sandbox mode the vendors' properties point at the embedded simulators.
 */
public final class FapiaoConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(FapiaoConfiguration.class);

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = new Settings(context);
        Mode mode = settings.mode();
        String httpHost = settings.get("fapiao.http.host", "127.0.0.1");
        int httpPort = settings.getInt("fapiao.http.port", 8080);
        if (!isLoopback(httpHost) && settings.find("fapiao.api.token").isEmpty()) {
            throw new ConfigurationException("fapiao.http.host is " + httpHost + ", reachable from other hosts: set "
                    + "fapiao.api.token too, or keep the default 127.0.0.1");
        }
        String sellerTaxId = settings.get("fapiao.seller.tax-id", mode == Mode.SANDBOX ? SandboxAccount.SELLER : "");
        Yun2Sandbox yun2Sandbox = null;
        if (mode == Mode.SANDBOX) {
            yun2Sandbox = SandboxAccount.yun2(sellerTaxId);
            pointVendorsAtSandbox(context, httpHost, httpPort, sellerTaxId);
        }
        Sellers sellers = new Sellers(settings, mode == Mode.SANDBOX);
        if (mode == Mode.LIVE) {
            requireVendorSettings(settings, sellers);
        }
        // Every failure the routes expect is answered as an outcome and logged in one line where it is handled;
        // the error handler itself adds no stack traces for users to read.
        DefaultErrorHandlerBuilder errors = new DefaultErrorHandlerBuilder();
        errors.logStackTrace(false).logExhausted(false).logNewException(false).logExhaustedMessageHistory(false)
                .logRetryStackTrace(false).retriesExhaustedLogLevel(LoggingLevel.DEBUG);
        context.getCamelContextExtension().setErrorHandlerFactory(errors);

        String ledgerUrl = settings.get("fapiao.ledger.url", "jdbc:h2:file:./work/ledger/" + mode.name().toLowerCase(Locale.ROOT));
        LedgerDatabase database = ledger(context, settings, ledgerUrl, mode);
        Ledger ledger = new Ledger(database,
                Duration.ofMillis(settings.getInt("fapiao.ledger.in-flight-timeout-ms", 600_000)),
                Duration.ofMillis(settings.getInt("fapiao.poll.lease-ms", 120_000)));
        boolean embedded = embedded(ledgerUrl);
        if (embedded) {
            int asked = ledger.releaseAbandoned(true);
            if (asked > 0) {
                LOG.info("Ledger: {} orders were being sent when the last run stopped; their outcome is asked of their "
                        + "vendor, they are not sent again", asked);
            }
        }
        DropLedger drops = new DropLedger(database);
        VendorTokens tokens = new VendorTokens(database);
        context.getRegistry().bind("ledger", ledger);
        HealthBoard health = new HealthBoard();
        context.getRegistry().bind("health", health);
        context.getRegistry().bind("api", new Api(health, database));
        ApiGuard guard = new ApiGuard(settings.get("fapiao.api.token", ""));
        context.addStartupListener((ctx, alreadyStarted) -> guard.mount(
                VertxPlatformHttpRouter.lookup(ctx, VertxPlatformHttpRouter.getRouterNameFromPort(httpPort))));

        Vendors vendors = new Vendors();
        int concurrency = bindYun2(context, settings, tokens, vendors, health);
        bindFlow(context, settings, ledger, drops, sellers, vendors, !embedded);
        context.getRegistry().bind("issuePool",
                context.getExecutorServiceManager().newThreadPool(this, "issue", concurrency, concurrency));
        if (mode == Mode.SANDBOX) {
            serveSandbox(context, settings, httpPort, yun2Sandbox);
            LOG.info("Sandbox mode: vendor simulators at http://{}:{}/sandbox/…; no real invoice is issued", httpHost, httpPort);
        } else {
            LOG.info("Live mode: default seller {}; sellers served by {}", sellers.defaultTaxId(), sellers.inUse());
        }
    }

    /** The vendors' properties, pointing at the embedded simulators and their own account. */
    private static void pointVendorsAtSandbox(CamelContext context, String httpHost, int httpPort, String sellerTaxId) {
        String local = httpHost.equals("0.0.0.0") || httpHost.equals("::") ? "127.0.0.1" : httpHost;
        Map<String, String> sandbox = new HashMap<>();
        sandbox.put("vendor.yun2.base-url", "http://" + local + ":" + httpPort + "/sandbox/yun2");
        sandbox.put("vendor.yun2.username", SandboxAccount.USER);
        sandbox.put("vendor.yun2.password", SandboxAccount.PASSWORD);
        sandbox.put("vendor.yun2.spid", SandboxAccount.SPID);
        sandbox.put("fapiao.seller.tax-id", sellerTaxId);
        context.getPropertiesComponent().addPropertiesSource(new SandboxProperties(sandbox, taxId -> SandboxAccount.SPID));
    }

    /** The beans of the intake, issue and results flows. */
    private static void bindFlow(CamelContext context, Settings settings, Ledger ledger, DropLedger drops,
                                 Sellers sellers, Vendors vendors, boolean sharedLedger) throws Exception {
        Registry registry = context.getRegistry();
        Path outbox = Path.of(settings.get("fapiao.outbox", "work/outbox")).toAbsolutePath().normalize();
        Path inbox = Path.of(settings.get("fapiao.inbox", "work/inbox")).toAbsolutePath().normalize();
        String instance = settings.get("fapiao.instance.name", hostName());
        ReplySinks sinks = new ReplySinks();
        registry.bind("replySinks", sinks);
        ResultFiles results = new ResultFiles(ledger, drops, outbox, instance + ":" + outbox, sinks);
        Issuing.PollSchedule schedule = new Issuing.PollSchedule(
                Duration.ofMillis(settings.getInt("fapiao.poll.min-delay-ms", 1000)),
                Duration.ofMillis(settings.getInt("fapiao.poll.max-delay-ms", 60_000)),
                Duration.ofMillis(settings.getInt("fapiao.pdf.retry-delay-ms", 30_000)));
        OrderRules rules = new OrderRules(sellers.defaultTaxId());
        Issuing issuing = new Issuing(ledger, drops, rules, sellers, vendors, results, schedule);
        registry.bind("resultFiles", results);
        registry.bind("issuing", issuing);
        registry.bind("polling", new Polling(ledger, drops, sellers, vendors, rules, issuing, schedule));
        String delimiter = settings.get("fapiao.csv.delimiter", ",");
        registry.bind("drops", new Drops(drops, results, delimiter.equals("\\t") ? '\t' : delimiter.charAt(0),
                Map.of("local", "local:" + instance + ":" + inbox), inbox));
        PollTrigger trigger = new PollTrigger(ledger, results, context.createProducerTemplate(),
                settings.getInt("fapiao.poll.batch", 100), sharedLedger);
        closeOnStop(context, trigger);
        long pollPeriod = settings.getInt("fapiao.poll.interval-ms", 1000);
        context.addStartupListener((ctx, alreadyStarted) -> trigger.start(pollPeriod));
    }

    /** The beans of {@code vendor-yun2.camel.yaml}; answers its concurrency. */
    private static int bindYun2(CamelContext context, Settings settings, VendorTokens tokens, Vendors vendors,
                                HealthBoard health) throws Exception {
        Registry registry = context.getRegistry();
        int concurrency = Math.max(1, settings.getInt("vendor.yun2.concurrency", 4));
        int timeoutMs = settings.getInt("vendor.yun2.timeout-ms", 30_000);
        VendorHttp http = new VendorHttp(timeoutMs, concurrency);
        closeOnStop(context, http);
        registry.bind("yun2Http", http);
        ProducerTemplate template = context.createProducerTemplate();
        String user = settings.get("vendor.yun2.username", "");
        Yun2Token token = new Yun2Token(tokens, user, () -> {
            try {
                return template.requestBody("direct:yun2-login", null, String.class);
            } catch (CamelExecutionException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                throw cause instanceof VendorLoginException v ? v : new VendorLoginException(
                        "yun2 GetToken failed: " + cause.getClass().getSimpleName() + ": " + cause.getMessage());
            }
        });
        registry.bind("yun2Token", token);
        registry.bind("yun2", new Yun2Calls(settings.get("vendor.yun2.base-url", ""), user,
                settings.get("vendor.yun2.password", ""), token, Duration.ofMillis(timeoutMs),
                settings.getInt("vendor.yun2.retry-delay-ms", 500), health));
        vendors.add(new Yun2Vendor(template));
        return concurrency;
    }

    /** The simulators, with their trouble switches from {@code sandbox.<vendor>.<switch>}, on the bundle's port. */
    private static void serveSandbox(CamelContext context, Settings settings, int httpPort, Yun2Sandbox yun2)
            throws Exception {
        for (String name : Yun2Trouble.NAMES) {
            settings.find("sandbox.yun2." + name).ifPresent(v -> yun2.trouble().set(name, v));
        }
        context.getRegistry().bind("yun2Sandbox", yun2);
        SandboxHttp http = new SandboxHttp(Map.of("yun2", yun2::handle));
        context.addStartupListener((ctx, alreadyStarted) -> http.mount(
                VertxPlatformHttpRouter.lookup(ctx, VertxPlatformHttpRouter.getRouterNameFromPort(httpPort))));
    }

    private static void requireVendorSettings(Settings settings, Sellers sellers) {
        if (sellers.defaultTaxId().isEmpty() && sellers.configured().isEmpty()) {
            settings.required("fapiao.seller.tax-id", "live mode needs at least one seller");
        }
        for (Vendor v : sellers.inUse()) {
            v.requiredSettings().forEach(key -> settings.required(key, "a seller is served by " + v.key()));
        }
    }

    private static LedgerDatabase ledger(CamelContext context, Settings settings, String url, Mode mode)
            throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        settings.find("fapiao.ledger.username").ifPresent(config::setUsername);
        settings.find("fapiao.ledger.password").ifPresent(config::setPassword);
        config.setMaximumPoolSize(settings.getInt("fapiao.ledger.pool-size", 10));
        config.setPoolName("ledger");
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new ConfigurationException("cannot open the ledger at " + safeUrl(url) + ": " + rootMessage(e));
        }
        closeOnStop(context, dataSource);
        LedgerDatabase database = new LedgerDatabase(dataSource);
        database.migrate();
        String wanted = mode.name().toLowerCase(Locale.ROOT);
        String serves = database.claimMode(wanted);
        if (!serves.equals(wanted)) {
            throw new ConfigurationException("the ledger at " + safeUrl(url) + " holds " + serves + "-mode orders; a "
                    + wanted + " run needs a ledger of its own: set fapiao.ledger.url (the default is "
                    + "jdbc:h2:file:./work/ledger/" + wanted + ")");
        }
        return database;
    }

    /** An embedded H2 file only this process can open: whatever is half-way in it was left by this bundle's last run. */
    private static boolean embedded(String url) {
        return (url.startsWith("jdbc:h2:file:") || url.startsWith("jdbc:h2:./") || url.startsWith("jdbc:h2:~"))
                && !url.toUpperCase(Locale.ROOT).contains("AUTO_SERVER=TRUE");
    }

    private static String safeUrl(String url) {
        return url.replaceAll("(?i)password=[^;&]*", "password=***");
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "localhost";
        }
    }

    private static void closeOnStop(CamelContext context, AutoCloseable resource) throws Exception {
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() throws Exception {
                resource.close();
            }
        }, true, true);
    }

    private static boolean isLoopback(String host) {
        return host.equals("127.0.0.1") || host.equals("localhost") || host.equals("::1") || host.startsWith("127.");
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}

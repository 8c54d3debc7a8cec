package io.fapiao;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.fapiao.config.ConfigurationException;
import io.fapiao.config.Mode;
import io.fapiao.config.SandboxProperties;
import io.fapiao.config.Sellers;
import io.fapiao.config.Settings;
import io.fapiao.files.SafeNameFilter;
import io.fapiao.flow.Drops;
import io.fapiao.flow.Issuing;
import io.fapiao.flow.PollTrigger;
import io.fapiao.flow.Polling;
import io.fapiao.flow.ResultFiles;
import io.fapiao.ledger.Ledger;
import io.fapiao.sandbox.SandboxAccount;
import io.fapiao.sandbox.SandboxHttp;
import io.fapiao.sandbox.yun2.Yun2Sandbox;
import io.fapiao.sandbox.yun2.Yun2Trouble;
import io.fapiao.sftp.SftpInboxes;
import io.fapiao.tax.OrderRules;
import io.fapiao.vendor.Vendor;
import io.fapiao.vendor.VendorHttp;
import io.fapiao.vendor.VendorLoginException;
import io.fapiao.vendor.yun2.Yun2Calls;
import io.fapiao.vendor.yun2.Yun2Token;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.LoggingLevel;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.DefaultErrorHandlerBuilder;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.HashMap;

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
        if (mode == Mode.SANDBOX) {
            pointVendorsAtSandbox(context, httpHost, httpPort, sellerTaxId);
        }
        Sellers sellers = new Sellers(sellerTaxId, settings.get("fapiao.seller.vendor", "yun2"), settings.sellerVendors(),
                mode == Mode.SANDBOX ? Vendor.YUN2 : null);
        if (mode == Mode.LIVE) {
            requireVendorSettings(settings, sellers);
        }
        // Every failure the routes expect is answered as an outcome and logged in one line where it is handled;
        // the error handler itself adds no stack traces for users to read.
        DefaultErrorHandlerBuilder errors = new DefaultErrorHandlerBuilder();
        errors.logStackTrace(false).logExhausted(false).logNewException(false).logExhaustedMessageHistory(false)
                .logRetryStackTrace(false).retriesExhaustedLogLevel(LoggingLevel.DEBUG);
        context.getCamelContextExtension().setErrorHandlerFactory(errors);

        Ledger ledger = ledger(context, settings);
        context.getRegistry().bind("ledger", ledger);
        bindFlow(context, settings, ledger, sellers);
        SftpInboxes.configure(context, settings, ledger);
        int yun2Concurrency = bindYun2(context, settings);
        context.getRegistry().bind("issuePool",
                context.getExecutorServiceManager().newThreadPool(this, "issue", yun2Concurrency, yun2Concurrency));
        if (mode == Mode.SANDBOX) {
            serveSandbox(context, settings, httpPort, sellerTaxId);
            LOG.info("Sandbox mode: vendor simulators at http://{}:{}/sandbox/…; no real invoice is issued", httpHost, httpPort);
        } else {
            LOG.info("Live mode: sellers {} served by {}", sellers.defaultTaxId(), sellers.inUse());
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
        context.getPropertiesComponent().addPropertiesSource(new SandboxProperties(sandbox));
    }

    /** The beans of the intake, issue and results flows. */
    private static void bindFlow(CamelContext context, Settings settings, Ledger ledger, Sellers sellers) throws Exception {
        Registry registry = context.getRegistry();
        ResultFiles results = new ResultFiles(ledger, Path.of(settings.get("fapiao.outbox", "work/outbox")));
        Issuing.PollSchedule schedule = new Issuing.PollSchedule(
                Duration.ofMillis(settings.getInt("fapiao.poll.min-delay-ms", 1000)),
                Duration.ofMillis(settings.getInt("fapiao.poll.max-delay-ms", 60_000)),
                Duration.ofMillis(settings.getInt("fapiao.pdf.retry-delay-ms", 30_000)));
        registry.bind("resultFiles", results);
        registry.bind("issuing", new Issuing(ledger, new OrderRules(sellers.defaultTaxId()), sellers, results, schedule));
        registry.bind("polling", new Polling(ledger, results, schedule));
        String delimiter = settings.get("fapiao.csv.delimiter", ",");
        registry.bind("localInputNames", SafeNameFilter.of("local"));
        registry.bind("drops", new Drops(ledger, results, delimiter.equals("\\t") ? '\t' : delimiter.charAt(0)));
        PollTrigger trigger = new PollTrigger(ledger, context.createProducerTemplate(), settings.getInt("fapiao.poll.batch", 100));
        closeOnStop(context, trigger);
        long pollPeriod = settings.getInt("fapiao.poll.interval-ms", 1000);
        context.addStartupListener((ctx, alreadyStarted) -> trigger.start(pollPeriod));
    }

    /** The beans of {@code vendor-yun2.camel.yaml}; answers its concurrency. */
    private static int bindYun2(CamelContext context, Settings settings) throws Exception {
        Registry registry = context.getRegistry();
        int concurrency = Math.max(1, settings.getInt("vendor.yun2.concurrency", 4));
        VendorHttp http = new VendorHttp(settings.getInt("vendor.yun2.timeout-ms", 30_000), concurrency);
        closeOnStop(context, http);
        registry.bind("yun2Http", http);
        ProducerTemplate template = context.createProducerTemplate();
        Yun2Token token = new Yun2Token(() -> {
            try {
                return template.requestBody("direct:yun2-login", null, String.class);
            } catch (CamelExecutionException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                throw cause instanceof VendorLoginException v ? v : new VendorLoginException(
                        "yun2 GetToken failed: " + cause.getClass().getSimpleName() + ": " + cause.getMessage());
            }
        });
        registry.bind("yun2Token", token);
        registry.bind("yun2", new Yun2Calls(settings.get("vendor.yun2.base-url", ""), settings.get("vendor.yun2.username", ""),
                settings.get("vendor.yun2.password", ""), settings.get("vendor.yun2.spid", ""), token));
        return concurrency;
    }

    /** The simulators, with their trouble switches from {@code sandbox.<vendor>.<switch>}, on the bundle's port. */
    private static void serveSandbox(CamelContext context, Settings settings, int httpPort, String sellerTaxId)
            throws Exception {
        Yun2Sandbox yun2 = SandboxAccount.yun2(sellerTaxId);
        for (String name : Yun2Trouble.NAMES) {
            settings.find("sandbox.yun2." + name).ifPresent(v -> yun2.trouble().set(name, v));
        }
        context.getRegistry().bind("yun2Sandbox", yun2);
        SandboxHttp http = new SandboxHttp(Map.of("yun2", yun2::handle));
        context.addStartupListener((ctx, alreadyStarted) -> http.mount(
                VertxPlatformHttpRouter.lookup(ctx, VertxPlatformHttpRouter.getRouterNameFromPort(httpPort))));
    }

    private static void requireVendorSettings(Settings settings, Sellers sellers) {
        for (Vendor v : sellers.inUse()) {
            v.requiredSettings().forEach(key -> settings.required(key, "a seller is served by " + v.key()));
        }
        if (sellers.defaultTaxId().isEmpty() && sellers.inUse().isEmpty()) {
            settings.required("fapiao.seller.tax-id", "live mode needs at least one seller");
        }
    }

    private static Ledger ledger(CamelContext context, Settings settings) throws Exception {
        String url = settings.get("fapiao.ledger.url", "jdbc:h2:file:./work/ledger/fapiao");
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
            throw new ConfigurationException("cannot open the ledger at " + url.replaceAll("password=[^;&]*", "password=***")
                    + ": " + rootMessage(e));
        }
        closeOnStop(context, dataSource);
        Ledger ledger = new Ledger(dataSource, Duration.ofMillis(settings.getInt("fapiao.ledger.in-flight-timeout-ms", 600_000)));
        ledger.migrate();
        boolean embedded = (url.startsWith("jdbc:h2:file:") || url.startsWith("jdbc:h2:./") || url.startsWith("jdbc:h2:~"))
                && !url.toUpperCase(java.util.Locale.ROOT).contains("AUTO_SERVER=TRUE");
        if (embedded) {
            int released = ledger.releaseAll();
            if (released > 0) {
                LOG.info("Ledger: {} orders were left half-way by the last run; they are sent again when dropped again "
                        + "(the vendor de-duplicates by order number)", released);
            }
        }
        return ledger;
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

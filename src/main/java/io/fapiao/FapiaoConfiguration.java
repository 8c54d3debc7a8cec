package io.fapiao;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.fapiao.api.Api;
import io.fapiao.api.ApiOrdersWiring;
import io.fapiao.api.ApiGuard;
import io.fapiao.api.HealthBoard;
import io.fapiao.api.RedFormsWiring;
import io.fapiao.config.ConfigurationException;
import io.fapiao.config.Mode;
import io.fapiao.config.SandboxProperties;
import io.fapiao.config.Sellers;
import io.fapiao.config.Settings;
import io.fapiao.files.InboxReadLock;
import io.fapiao.files.SafeNameFilter;
import io.fapiao.flow.Drops;
import io.fapiao.flow.Issuing;
import io.fapiao.flow.ReconciliationWiring;
import io.fapiao.flow.PollTrigger;
import io.fapiao.flow.ProgressBoard;
import io.fapiao.flow.RetryNotice;
import io.fapiao.flow.Polling;
import io.fapiao.flow.ReplySinks;
import io.fapiao.flow.ResultFiles;
import io.fapiao.ledger.DropLedger;
import io.fapiao.ledger.Ledger;
import io.fapiao.ledger.LedgerDatabase;
import io.fapiao.ledger.OpeningDataSource;
import io.fapiao.ledger.LoginSessions;
import io.fapiao.ledger.VendorTokens;
import io.fapiao.messages.MessagesWiring;
import io.fapiao.sandbox.SandboxAccount;
import io.fapiao.sandbox.SandboxHttp;
import io.fapiao.sandbox.SandboxSetup;
import io.fapiao.tax.OrderRules;
import io.fapiao.vendor.Vendor;
import io.fapiao.vendor.Vendors;
import io.fapiao.login.LoginApi;
import io.fapiao.login.LoginWiring;
import io.fapiao.sftp.SftpWiring;
import io.fapiao.vendor.jumdata.JumdataWiring;
import io.fapiao.vendor.qixiangyun.QixiangyunWiring;
import io.fapiao.vendor.sdqz.SdqzWiring;
import io.fapiao.vendor.yun2.Yun2Wiring;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.LoggingLevel;
import org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy;
import org.apache.camel.builder.DefaultErrorHandlerBuilder;
import org.apache.camel.builder.ThreadPoolProfileBuilder;
import org.apache.camel.support.service.ServiceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * Wires the bundle from its properties: sandbox or live, the ledger, the sellers and their vendors, and the beans
 * the YAML routes call by name. In sandbox mode the vendors' properties point at the embedded simulators.
 */
public final class FapiaoConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(FapiaoConfiguration.class);

    /** Every feature of the bundle, in the order they are wired. Adding a vendor or a channel adds one line. */
    /** The registry name of the ledger being opened ({@link OpeningDataSource}). */
    static final String LEDGER_OPENING = "ledgerOpening";

    static List<Feature> features() {
        return List.of(new Yun2Wiring(), new QixiangyunWiring(), new JumdataWiring(), new SdqzWiring(), new LoginWiring(),
                new SftpWiring(), new ApiOrdersWiring(), new MessagesWiring(), new ReconciliationWiring(),
                new RedFormsWiring());
    }

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
        List<Feature> features = features();
        SandboxSetup sandbox = null;
        if (mode == Mode.SANDBOX) {
            sandbox = new SandboxSetup(httpHost, httpPort, settings.get("fapiao.seller.tax-id", SandboxAccount.SELLER),
                    settings);
            sandbox.property("fapiao.seller.tax-id", sandbox.sellerTaxId());
            for (Feature f : features) {
                f.sandbox(sandbox);
            }
            context.getPropertiesComponent().addPropertiesSource(
                    new SandboxProperties(sandbox.properties(), sandbox.sellerProperties()));
            sandbox.beans().forEach(context.getRegistry()::bind);
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
        // Camel's bean component keeps what it learnt of a bean's class (its BeanInfo: every public method, their
        // parameters) in a cache it creates when it starts, and the routes are built before components start: each of
        // the routes' bean steps and method expressions then learnt its class again (124 of them, 3,000 methods,
        // 2.6 MB of a small heap for good). Started now, they share one per class.
        ServiceHelper.startService(context.getComponent("bean"));

        String ledgerUrl = settings.get("fapiao.ledger.url", "jdbc:h2:file:./work/ledger/" + mode.name().toLowerCase(Locale.ROOT));
        boolean embedded = embedded(ledgerUrl);
        Duration inFlight = Duration.ofMillis(settings.getInt("fapiao.ledger.in-flight-timeout-ms", 600_000));
        Duration lease = Duration.ofMillis(settings.getInt("fapiao.poll.lease-ms", 120_000));
        LedgerDatabase database = ledger(context, settings, ledgerUrl, mode, embedded, inFlight, lease);
        Ledger ledger = new Ledger(database, inFlight, lease);
        HealthBoard health = new HealthBoard();
        Path outbox = Path.of(settings.get("fapiao.outbox", "work/outbox")).toAbsolutePath().normalize();
        Path inbox = Path.of(settings.get("fapiao.inbox", "work/inbox")).toAbsolutePath().normalize();
        Bundle bundle = new Bundle(context, settings, mode, httpHost, httpPort, sellers, database, ledger,
                new DropLedger(database), new VendorTokens(database), new LoginSessions(database), health, new Vendors(), new ReplySinks(), inbox,
                outbox, settings.get("fapiao.instance.name", hostName()));
        bundle.bind("ledger", ledger);
        bundle.bind("health", health);
        bundle.bind("replySinks", bundle.sinks());
        bundle.bind("vendors", bundle.vendors());
        bundle.bind("sellers", sellers);
        bundle.bind("api", new Api(health, database));
        ApiGuard guard = new ApiGuard(settings.get("fapiao.api.token", ""));
        bundle.onHttpRouter(guard::mount);
        // a form-encoded body (curl -d) is read as the JSON it is, never as form fields that become headers
        bundle.onHttpRouter(router -> LoginApi.mount(router, "/api/reconcile", "/api/red-forms/*"));
        for (Feature f : features) {
            f.wire(bundle);
        }
        wireFlow(bundle, !embedded);
        bundle.bind("issuePool", issuePool(context, bundle.vendors().concurrency(sellers.inUse())));
        if (sandbox != null) {
            SandboxHttp http = new SandboxHttp(sandbox.simulators());
            bundle.onHttpRouter(http::mount);
            LOG.info("Sandbox mode: vendor simulators at http://{}:{}/sandbox/…; no real invoice is issued", httpHost, httpPort);
        } else {
            LOG.info("Live mode: default seller {}; sellers served by {}", sellers.defaultTaxId(), sellers.inUse());
        }
    }

    /**
     * The threads that issue a drop's orders. The vendors' connection pools hold calls in flight within each
     * vendor's concurrency, counted for the vendors that serve a seller only; half as many threads again keep every
     * vendor slot busy while an order is between its calls (ledger, files). The queue is as short: the orders read
     * ahead of the issuing stay few, whatever the file's size (a full queue makes the reader issue one itself).
     */
    static ExecutorService issuePool(CamelContext context, int vendorSlots) {
        int threads = vendorSlots + Math.max(2, vendorSlots / 2);
        return context.getExecutorServiceManager().newThreadPool(FapiaoConfiguration.class, "issue",
                new ThreadPoolProfileBuilder("issue").poolSize(threads).maxPoolSize(threads)
                        .maxQueueSize(threads).rejectedPolicy(ThreadPoolRejectedPolicy.CallerRuns)
                        .build());
    }

    /** The beans of the intake, issue and results flows. */
    private static void wireFlow(Bundle bundle, boolean sharedLedger) throws Exception {
        Settings settings = bundle.settings();
        Ledger ledger = bundle.ledger();
        ResultFiles results = new ResultFiles(ledger, bundle.drops(), bundle.outbox(),
                bundle.instance() + ":" + bundle.outbox(), bundle.sinks());
        Issuing.PollSchedule schedule = new Issuing.PollSchedule(
                Duration.ofMillis(settings.getInt("fapiao.poll.min-delay-ms", 1000)),
                Duration.ofMillis(settings.getInt("fapiao.poll.max-delay-ms", 60_000)),
                Duration.ofMillis(settings.getInt("fapiao.pdf.retry-delay-ms", 30_000)));
        OrderRules rules = new OrderRules(bundle.sellers().defaultTaxId());
        ProgressBoard board = new ProgressBoard(Duration.ofMillis(settings.getInt("fapiao.progress.interval-ms", 5000)));
        bundle.closeOnStop(board);
        bundle.context().addStartupListener((ctx, alreadyStarted) -> board.start());
        bundle.bind("progressBoard", board);
        bundle.bind("retryNotice", new RetryNotice());
        Issuing issuing = new Issuing(ledger, bundle.drops(), rules, bundle.sellers(), bundle.vendors(), results, schedule,
                bundle.sessions(), board);
        bundle.bind("resultFiles", results);
        bundle.bind("issuing", issuing);
        bundle.bind("invoiceFileWanted", Issuing.INVOICE_FILE_WANTED);
        bundle.bind("polling", new Polling(ledger, bundle.drops(), bundle.sellers(), bundle.vendors(), rules, issuing,
                schedule));
        char delimiter = Drops.delimiter(settings.get("fapiao.csv.delimiter", ","));
        bundle.bind("drops", new Drops(bundle.drops(), ledger, results, delimiter,
                Map.of("local", "local:" + bundle.instance() + ":" + bundle.inbox()), bundle.inbox(), board));
        bundle.bind("localInputNames", SafeNameFilter.of("local"));
        bundle.bind("inboxReadLock", new InboxReadLock(settings.getInt("fapiao.inbox.read-lock-check-ms", 100),
                settings.getInt("fapiao.inbox.read-lock-min-age-ms", 1000),
                settings.getInt("fapiao.inbox.read-lock-timeout-ms", 10_000),
                Boolean.parseBoolean(settings.get("fapiao.inbox.take-renamed-at-once", "true"))));
        PollTrigger trigger = new PollTrigger(ledger, results, bundle.context().createProducerTemplate(),
                settings.getInt("fapiao.poll.batch", 100), sharedLedger);
        bundle.closeOnStop(trigger);
        long pollPeriod = settings.getInt("fapiao.poll.interval-ms", 1000);
        bundle.context().addStartupListener((ctx, alreadyStarted) -> trigger.start(pollPeriod));
    }

    private static void requireVendorSettings(Settings settings, Sellers sellers) {
        if (sellers.defaultTaxId().isEmpty() && sellers.configured().isEmpty()) {
            settings.required("fapiao.seller.tax-id", "live mode needs at least one seller");
        }
        for (Vendor v : sellers.inUse()) {
            v.requiredSettings().forEach(key -> settings.required(key, "a seller is served by " + v.key()));
        }
    }

    /**
     * The ledger, opened, migrated and claimed for this mode on a thread of its own while Camel reads the routes (a
     * third of the start-up otherwise): every use of it waits until that is done, and the start fails with the reason
     * when it failed. Orders of an embedded ledger that were being sent when the last run stopped are asked about
     * before anything else reads it.
     */
    private static LedgerDatabase ledger(CamelContext context, Settings settings, String url, Mode mode,
            boolean embedded, Duration inFlight, Duration lease) throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        settings.find("fapiao.ledger.username").ifPresent(config::setUsername);
        settings.find("fapiao.ledger.password").ifPresent(config::setPassword);
        config.setMaximumPoolSize(settings.getInt("fapiao.ledger.pool-size", 10));
        config.setPoolName("ledger");
        LedgerDatabase.h2Settings(url, Runtime.getRuntime().maxMemory()).forEach(config::addDataSourceProperty);
        OpeningDataSource opening = OpeningDataSource.open("ledger-open", () -> {
            HikariDataSource dataSource;
            try {
                dataSource = new HikariDataSource(config);
            } catch (RuntimeException e) {
                throw new ConfigurationException("cannot open the ledger at " + safeUrl(url) + ": " + rootMessage(e));
            }
            try {
                LedgerDatabase opened = new LedgerDatabase(dataSource);
                opened.migrate();
                String wanted = mode.name().toLowerCase(Locale.ROOT);
                String serves = opened.claimMode(wanted);
                if (!serves.equals(wanted)) {
                    throw new ConfigurationException("the ledger at " + safeUrl(url) + " holds " + serves + "-mode "
                            + "orders; a " + wanted + " run needs a ledger of its own: set fapiao.ledger.url (the "
                            + "default is jdbc:h2:file:./work/ledger/" + wanted + ")");
                }
                if (embedded) {
                    // on the database as opened: the bundle's own Ledger waits for this very opening
                    int asked = new Ledger(opened, inFlight, lease).releaseAbandoned(true);
                    if (asked > 0) {
                        LOG.info("Ledger: {} orders were being sent when the last run stopped; their outcome is asked "
                                + "of their vendor, they are not sent again", asked);
                    }
                }
            } catch (RuntimeException e) {
                dataSource.close();
                throw e;
            }
            return dataSource;
        });
        LedgerDatabase ledger = new LedgerDatabase(opening);
        // the claim log first: its last CHECKPOINT needs the database still open
        Bundle.closeOnStop(context, () -> {
            ledger.finishClaimLog();
            opening.close();
        });
        // FapiaoApplication waits for it once the routes are read (a failure is then said in one line); any other
        // way of starting the bundle waits before the routes start
        context.getRegistry().bind(LEDGER_OPENING, opening);
        context.addStartupListener((ctx, alreadyStarted) -> opening.awaitOpen());
        return ledger;
    }

    /** An embedded H2 file only this process can open: whatever is half-way in it was left by this bundle's last run. */
    private static boolean embedded(String url) {
        return (url.startsWith("jdbc:h2:file:") || url.startsWith("jdbc:h2:./") || url.startsWith("jdbc:h2:~"))
                && !LedgerDatabase.otherProcessesMayOpen(url);
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

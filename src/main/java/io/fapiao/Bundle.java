package io.fapiao;

import io.fapiao.api.HealthBoard;
import io.fapiao.config.Mode;
import io.fapiao.config.Sellers;
import io.fapiao.config.Settings;
import io.fapiao.flow.ReplySinks;
import io.fapiao.ledger.DropLedger;
import io.fapiao.ledger.Ledger;
import io.fapiao.ledger.LedgerDatabase;
import io.fapiao.ledger.LoginSessions;
import io.fapiao.ledger.VendorTokens;
import io.fapiao.vendor.Vendors;
import io.vertx.ext.web.Router;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.support.service.ServiceSupport;

import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The parts every feature of the bundle shares, as {@link FapiaoConfiguration} assembled them: the settings and
 * sellers, the ledger (orders, drops, vendor tokens, sellers' tax-bureau sessions), the health board, the issuing
 * vendors and the reply sinks. A {@link Feature} wires itself
 * from these and adds to them (its vendor, its sink, its health parts).
 */
public record Bundle(CamelContext context, Settings settings, Mode mode, String httpHost, int httpPort,
                     Sellers sellers, LedgerDatabase database, Ledger ledger, DropLedger drops, VendorTokens tokens,
                     LoginSessions sessions, HealthBoard health, Vendors vendors, ReplySinks sinks, Path inbox, Path outbox, String instance) {

    /** Binds a bean the routes call by name. */
    public void bind(String name, Object bean) {
        context.getRegistry().bind(name, bean);
    }

    /** Once Camel has started (and its HTTP server with it), {@code mount} adds handlers to the HTTP router. */
    public void onHttpRouter(Consumer<Router> mount) throws Exception {
        context.addStartupListener((ctx, alreadyStarted) -> mount.accept(
                VertxPlatformHttpRouter.lookup(ctx, VertxPlatformHttpRouter.getRouterNameFromPort(httpPort))));
    }

    /** Closes {@code resource} when Camel stops. */
    public void closeOnStop(AutoCloseable resource) throws Exception {
        closeOnStop(context, resource);
    }

    static void closeOnStop(CamelContext context, AutoCloseable resource) throws Exception {
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() throws Exception {
                resource.close();
            }
        }, true, true);
    }
}

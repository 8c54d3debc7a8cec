package io.fapiao.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fapiao.sandbox.jumdata.JumdataSandbox;
import io.fapiao.sandbox.qixiangyun.QixiangyunSandbox;
import io.fapiao.sandbox.sdqz.SdqzSandbox;
import io.fapiao.sandbox.yun2.Yun2Sandbox;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A sandbox vendor on its own port, apart from the bundle: for rehearsing live mode against a separate server
 * ({@code java -cp target/fapiao-camel.jar io.fapiao.sandbox.SandboxServer 9090}, then
 * {@code -Dfapiao.mode=live -Dvendor.yun2.base-url=http://127.0.0.1:9090/yun2}).
 */
public final class SandboxServer implements AutoCloseable {

    static {
        // answer at once: without it, Nagle's algorithm and delayed ACKs cost every small reply 40 ms
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    /** Answers the calls that may wait (latency switched on, a long poll); the others are answered at once. */
    private final ExecutorService waiting;

    /**
     * A vendor as this server serves it: its handler, and which of its requests may make the handler wait. Those are
     * answered on a pool thread; every other request on the server's own thread, which spares a hand-off per call.
     */
    public record Vendor(Function<SandboxRequest, SandboxResponse> handler, Predicate<SandboxRequest> mayWait) {

        /** A handler that may wait on any call (a test's recorder, say): every call goes to the pool. */
        public static Vendor mayWaitAlways(Function<SandboxRequest, SandboxResponse> handler) {
            return new Vendor(handler, request -> true);
        }
    }

    /** Serves handlers that may wait on any call: each call is answered on a pool thread. */
    public SandboxServer(int port, Map<String, Function<SandboxRequest, SandboxResponse>> handlers) throws IOException {
        Map<String, Vendor> vendors = new HashMap<>();
        handlers.forEach((key, handler) -> vendors.put(key, Vendor.mayWaitAlways(handler)));
        waiting = Executors.newFixedThreadPool(16);
        server = start(port, vendors, waiting);
    }

    private SandboxServer(HttpServer server, ExecutorService waiting) {
        this.server = server;
        this.waiting = waiting;
    }

    /** Serves vendors that say which calls may wait; the rest are answered on the server's thread. */
    public static SandboxServer serving(int port, Map<String, Vendor> vendors) throws IOException {
        ExecutorService waiting = Executors.newFixedThreadPool(16);
        return new SandboxServer(start(port, vendors, waiting), waiting);
    }

    private static HttpServer start(int port, Map<String, Vendor> vendors, ExecutorService waiting) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        // no executor: requests are read on the server's thread, and answered there unless they may wait
        vendors.forEach((key, vendor) -> server.createContext("/" + key,
                exchange -> serve(exchange, key, vendor, waiting)));
        server.start();
        return server;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void serve(HttpExchange exchange, String key, Vendor vendor, ExecutorService waiting)
            throws IOException {
        SandboxRequest request;
        try {
            request = request(exchange, key);
        } catch (IOException | RuntimeException e) {
            exchange.close();
            throw e;
        }
        if (!vendor.mayWait().test(request)) {
            answer(exchange, vendor, request);
            return;
        }
        waiting.execute(() -> {
            try {
                answer(exchange, vendor, request);
            } catch (IOException e) {
                // the client has gone; the exchange is closed
            }
        });
    }

    private static SandboxRequest request(HttpExchange exchange, String key) throws IOException {
        Map<String, String> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), String.join(",", v)));
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = exchange.getRequestURI().getRawPath().substring(key.length() + 1);
        String query = exchange.getRequestURI().getRawQuery();
        return new SandboxRequest(exchange.getRequestMethod(), path, query == null ? "" : query, headers, body);
    }

    private static void answer(HttpExchange exchange, Vendor vendor, SandboxRequest request) throws IOException {
        try (exchange) {
            SandboxResponse r = SandboxResponse.answer(vendor.handler(), request);
            exchange.getResponseHeaders().set("Content-Type", r.contentType());
            exchange.sendResponseHeaders(r.status(), r.body().length == 0 ? -1 : r.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(r.body());
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        waiting.shutdownNow();
    }

    /**
     * {@code SandboxServer [port]}: serves the sandbox vendors with the sandbox account: yun2 at {@code /yun2},
     * qixiangyun at {@code /qixiangyun}, the jumdata login at {@code /jumdata}, sdqz at {@code /sdqz}.
     */
    public static void main(String[] args) throws IOException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 9090;
        Yun2Sandbox yun2 = SandboxAccount.yun2(SandboxAccount.SELLER);
        JumdataSandbox jumdata = SandboxAccount.jumdata(SandboxAccount.SELLER).servedAt("/jumdata");
        SdqzSandbox sdqz = SandboxAccount.sdqz(SandboxAccount.SELLER);
        QixiangyunSandbox qixiangyun = SandboxAccount.qixiangyun("/qixiangyun");
        SandboxServer server = serving(port, Map.of(
                "yun2", new Vendor(yun2::handle, yun2::mayWait),
                "jumdata", new Vendor(jumdata::handle, request -> jumdata.trouble().latencyMs > 0),
                "sdqz", new Vendor(sdqz::handle, request -> sdqz.trouble().latencyMs > 0),
                "qixiangyun", new Vendor(qixiangyun::handle, request -> qixiangyun.trouble().latencyMs > 0)));
        String base = "http://127.0.0.1:" + server.port();
        System.out.println("yun2 sandbox at " + base + "/yun2 (user " + SandboxAccount.USER
                + ", password " + SandboxAccount.PASSWORD + ", spid " + SandboxAccount.SPID + ")");
        System.out.println("qixiangyun sandbox at " + base + "/qixiangyun (app key " + SandboxAccount.QXY_APP_KEY
                + ", app secret " + SandboxAccount.QXY_APP_SECRET + ", SMS code " + SandboxAccount.QXY_SMS_CODE
                + ", RSA public key " + SandboxAccount.QXY_RSA_PUBLIC_KEY + ")");
        System.out.println("jumdata sandbox at " + base + "/jumdata (app id " + SandboxAccount.JUMDATA_APP_ID
                + ", app secret " + SandboxAccount.JUMDATA_APP_SECRET + ", SMS code " + JumdataSandbox.SMS_CODE + ")");
        System.out.println("sdqz sandbox at " + base + "/sdqz (taxnum " + SandboxAccount.SDQZ_TAXNUM
                + ", interface code " + SandboxAccount.SDQZ_INTERFACE_CODE + ", extension no "
                + SandboxAccount.SDQZ_EXTENSION_NO + ", auth-result action code "
                + SdqzSandbox.DEFAULT_AUTH_RESULT_CODE + ")");
    }
}

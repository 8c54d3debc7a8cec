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
import java.util.concurrent.Executors;
import java.util.function.Function;

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

    public SandboxServer(int port, Map<String, Function<SandboxRequest, SandboxResponse>> vendors) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        server.setExecutor(Executors.newFixedThreadPool(16));
        vendors.forEach((key, handler) -> server.createContext("/" + key, exchange -> serve(exchange, key, handler)));
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void serve(HttpExchange exchange, String key, Function<SandboxRequest, SandboxResponse> handler)
            throws IOException {
        try (exchange) {
            Map<String, String> headers = new HashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), String.join(",", v)));
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getRawPath().substring(key.length() + 1);
            String query = exchange.getRequestURI().getRawQuery();
            SandboxResponse r = SandboxResponse.answer(handler, new SandboxRequest(exchange.getRequestMethod(), path,
                    query == null ? "" : query, headers, body));
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
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
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
        SandboxServer server = new SandboxServer(port, Map.of("yun2", yun2::handle, "jumdata", jumdata::handle,
                "sdqz", sdqz::handle, "qixiangyun", qixiangyun::handle));
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

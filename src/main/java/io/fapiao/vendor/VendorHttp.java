package io.fapiao.vendor;

import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.Timeout;

/**
 * The HTTP client settings of one vendor ({@code vendor.<key>.timeout-ms}, {@code vendor.<key>.concurrency}), given
 * to that vendor's endpoints as {@code httpClientConfigurer}. Its connection pool is what holds every call of the
 * bundle to the vendor — issuing, polls, files, logins — within the vendor's concurrency. The client never repeats a request by itself: whether a
 * call may be repeated is the route's decision, since a repeated issuing call could issue twice.
 */
public final class VendorHttp implements HttpClientConfigurer, AutoCloseable {

    private final PoolingHttpClientConnectionManager connections;
    private final RequestConfig requests;
    private final boolean cookies;

    public VendorHttp(int timeoutMs, int concurrency) {
        this(timeoutMs, concurrency, true);
    }

    /**
     * @param cookies whether the client keeps the cookies the vendor sets and sends them back; a vendor whose calls
     *                carry their own token (yun2) needs none, and each call is then spared the cookie store's work
     */
    public VendorHttp(int timeoutMs, int concurrency, boolean cookies) {
        this.cookies = cookies;
        Timeout timeout = Timeout.ofMilliseconds(timeoutMs);
        this.connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(timeout).setSocketTimeout(timeout).build())
                // the vendor's concurrency is a limit on calls in flight: one connection per call, and no more
                // connections than the vendor allows (a call waits here for one; a wait past the timeout has sent
                // nothing: ConnectionRequestTimeoutException, retried like a refused connection)
                .setMaxConnPerRoute(concurrency)
                .setMaxConnTotal(concurrency)
                .build();
        this.requests = RequestConfig.custom().setResponseTimeout(timeout).setConnectionRequestTimeout(timeout).build();
    }

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        builder.setConnectionManager(connections)
                .setConnectionManagerShared(true)
                .setDefaultRequestConfig(requests)
                .disableAutomaticRetries()
                // no vendor authenticates with HTTP auth schemes or client certificates: nothing to cache or to tie a
                // pooled connection to
                .disableAuthCaching()
                .disableConnectionState();
        if (!cookies) {
            builder.disableCookieManagement();
        }
    }

    @Override
    public void close() {
        connections.close();
    }
}

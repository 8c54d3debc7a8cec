package io.fapiao.testing;

import io.fapiao.sandbox.SandboxServer;
import io.fapiao.sandbox.yun2.Yun2Sandbox;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A yun2 account and the seller it issues for, as a test's simulator knows it and a bundle in live mode is configured
 * with it.
 */
public record Yun2Account(String username, String password, String spid, String sellerTaxId) {

    /** A yun2 simulator that knows this account, its spid and its seller. */
    public Yun2Sandbox sandbox(String sellerName) {
        return new Yun2Sandbox(username, password, spid, sellerTaxId, sellerName);
    }

    /**
     * Live mode with this seller and account against the yun2 path of {@code server}: {@code fapiao.mode},
     * {@code fapiao.seller.tax-id} and {@code vendor.yun2.*}, in a map the test adds its own keys to.
     */
    public Map<String, String> liveProperties(SandboxServer server) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("fapiao.mode", "live");
        p.put("fapiao.seller.tax-id", sellerTaxId);
        p.put("vendor.yun2.base-url", "http://127.0.0.1:" + server.port() + "/yun2");
        p.put("vendor.yun2.username", username);
        p.put("vendor.yun2.password", password);
        p.put("vendor.yun2.spid", spid);
        return p;
    }
}

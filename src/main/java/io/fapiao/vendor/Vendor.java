package io.fapiao.vendor;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The vendors a seller can be served by. Each has one route file ({@code vendor-<key>.camel.yaml}), one package and
 * one {@link io.fapiao.Feature} that wires it. Whether it issues invoices is what its feature adds to
 * {@link Vendors}: the others serve the seller's tax-bureau login only.
 */
public enum Vendor {
    YUN2("yun2", "base-url", "username", "password"),
    QIXIANGYUN("qixiangyun", "base-url", "app-key", "app-secret"),
    JUMDATA("jumdata", "base-url", "app-id", "app-secret"),
    SDQZ("sdqz", "base-url", "taxnum", "interface-code");

    private final String key;
    private final List<String> required;

    Vendor(String key, String... required) {
        this.key = key;
        this.required = List.of(required);
    }

    /** The properties ({@code vendor.<key>.…}) live mode cannot do without when a seller uses this vendor. */
    public List<String> requiredSettings() {
        return required.stream().map(s -> "vendor." + key + "." + s).toList();
    }

    public String key() {
        return key;
    }

    /** Why an order routed to this vendor is rejected when it does not issue, in Chinese. */
    public String cannotIssueZh() {
        return "供应商" + key + "不提供开票，仅用于税局登录";
    }

    /** Why an order routed to this vendor is rejected when it does not issue, in English. */
    public String cannotIssueEn() {
        return "vendor " + key + " does not issue invoices; it serves the seller's tax-bureau login only";
    }

    public static Optional<Vendor> of(String key) {
        String k = key == null ? "" : key.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(v -> v.key.equals(k)).findFirst();
    }
}

package io.fapiao.vendor;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The vendors a seller can be served by. Each has one route file ({@code vendor-<key>.camel.yaml}) and one package.
 * Issuing goes through the vendors whose public documents cover it and whose adapter this build has.
 */
public enum Vendor {
    YUN2("yun2", true, "base-url", "username", "password", "spid"),
    QIXIANGYUN("qixiangyun", false, "base-url", "app-key", "app-secret"),
    JUMDATA("jumdata", false, "base-url", "app-id", "app-secret"),
    SDQZ("sdqz", false, "base-url", "taxnum", "interface-code");

    private final String key;
    private final boolean issues;
    private final List<String> required;

    Vendor(String key, boolean issues, String... required) {
        this.key = key;
        this.issues = issues;
        this.required = List.of(required);
    }

    /** The properties ({@code vendor.<key>.…}) live mode cannot do without when a seller uses this vendor. */
    public List<String> requiredSettings() {
        return required.stream().map(s -> "vendor." + key + "." + s).toList();
    }

    public String key() {
        return key;
    }

    /** Whether orders can be issued through this vendor here. */
    public boolean issues() {
        return issues;
    }

    /** Why an order routed to this vendor is rejected when it cannot issue, in Chinese. */
    public String cannotIssueZh() {
        return this == QIXIANGYUN ? "本版本尚未接入企享云开票"
                : "供应商" + key + "不提供开票，仅用于税局登录";
    }

    /** Why an order routed to this vendor is rejected when it cannot issue, in English. */
    public String cannotIssueEn() {
        return this == QIXIANGYUN ? "issuing through qixiangyun is not available in this version"
                : "vendor " + key + " does not issue invoices; it serves the seller's tax-bureau login only";
    }

    public static Optional<Vendor> of(String key) {
        String k = key == null ? "" : key.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(v -> v.key.equals(k)).findFirst();
    }
}

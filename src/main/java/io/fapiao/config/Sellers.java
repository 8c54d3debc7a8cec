package io.fapiao.config;

import io.fapiao.vendor.Vendor;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Which vendor serves which seller: the default seller and {@code fapiao.sellers.<taxId>.vendor}. */
public final class Sellers {

    private final String defaultTaxId;
    private final Map<String, Vendor> vendors = new LinkedHashMap<>();
    private final Vendor anyOther;

    /**
     * @param anyOther the vendor of a seller that is not configured (the sandbox serves every seller), or null when
     *                 such a seller's orders are rejected (live mode)
     */
    public Sellers(String defaultTaxId, String defaultVendor, Map<String, String> explicit, Vendor anyOther) {
        this.anyOther = anyOther;
        this.defaultTaxId = defaultTaxId == null ? "" : defaultTaxId.strip().toUpperCase(Locale.ROOT);
        if (!this.defaultTaxId.isEmpty()) {
            vendors.put(this.defaultTaxId, vendor(defaultVendor, "fapiao.seller.vendor"));
        }
        explicit.forEach((taxId, key) -> vendors.put(taxId.toUpperCase(Locale.ROOT),
                vendor(key, "fapiao.sellers." + taxId + ".vendor")));
    }

    private static Vendor vendor(String key, String property) {
        return Vendor.of(key).orElseThrow(() -> new ConfigurationException(property + " names an unknown vendor '"
                + key + "' (use yun2, jumdata, qixiangyun or sdqz)"));
    }

    public String defaultTaxId() {
        return defaultTaxId;
    }

    public Optional<Vendor> vendorOf(String taxId) {
        Vendor v = vendors.get(taxId == null ? "" : taxId.toUpperCase(Locale.ROOT));
        return Optional.ofNullable(v != null ? v : anyOther);
    }

    public Set<Vendor> inUse() {
        return vendors.isEmpty() ? EnumSet.noneOf(Vendor.class) : EnumSet.copyOf(vendors.values());
    }
}

package io.fapiao.config;

import io.fapiao.vendor.Vendor;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sellers this bundle issues for, and what belongs to each: the default seller ({@code fapiao.seller.*}) and
 * every seller named by a {@code fapiao.sellers.<taxId>.*} property. Settings are read when a seller is first met
 * and kept.
 */
public final class Sellers {

    static final String[] KEYS = {"vendor", "region", "spid", "account", "password", "phone", "identity"};

    private final Settings settings;
    private final String defaultTaxId;
    private final Vendor defaultVendor;
    private final Set<String> configured;
    private final boolean anySeller;
    private final Map<String, Optional<Seller>> known = new ConcurrentHashMap<>();

    /**
     * @param anySeller whether a seller nobody configured is served too, by the default vendor (the sandbox serves
     *                  every seller); when false (live mode) such a seller's orders are rejected
     */
    public Sellers(Settings settings, boolean anySeller) {
        this.settings = settings;
        this.anySeller = anySeller;
        this.defaultTaxId = normal(settings.get("fapiao.seller.tax-id", ""));
        this.defaultVendor = vendor(settings.get("fapiao.seller.vendor", "yun2"), "fapiao.seller.vendor");
        this.configured = new TreeSet<>(settings.sellerTaxIds());
        if (!defaultTaxId.isEmpty()) {
            configured.add(defaultTaxId);
        }
        configured.forEach(this::of);
        refuseSharedSpids();
    }

    /** A yun2 spid is one enterprise: two sellers sharing one would issue the one's orders as the other's invoices. */
    private void refuseSharedSpids() {
        Map<String, String> bySpid = new java.util.HashMap<>();
        for (String taxId : configured) {
            Seller seller = of(taxId).orElseThrow();
            if (seller.vendor() != Vendor.YUN2 || seller.spid().isEmpty()) {
                continue;
            }
            String other = bySpid.putIfAbsent(seller.spid(), taxId);
            if (other != null) {
                throw new ConfigurationException("sellers " + other + " and " + taxId + " have the same yun2 spid ("
                        + spidKey(other) + ", " + spidKey(taxId) + "): each spid is one enterprise, so one seller's "
                        + "orders would be issued as the other's invoices. Give each seller its own spid, or none "
                        + "(it is then looked up with TERM/LIST)");
            }
        }
    }

    private String spidKey(String taxId) {
        String own = "fapiao.sellers." + taxId + ".spid";
        if (!taxId.equals(defaultTaxId) || settings.find(own).isPresent()) {
            return own;
        }
        return settings.find("fapiao.seller.spid").isPresent() ? "fapiao.seller.spid" : "vendor.yun2.spid";
    }

    private static Vendor vendor(String key, String property) {
        return Vendor.of(key).orElseThrow(() -> new ConfigurationException(property + " names an unknown vendor '"
                + key + "' (use yun2, jumdata, qixiangyun or sdqz)"));
    }

    public String defaultTaxId() {
        return defaultTaxId;
    }

    /** The seller with this tax id, or empty when it is not served here. */
    public Optional<Seller> of(String taxId) {
        String id = normal(taxId);
        if (id.isEmpty()) {
            return Optional.empty();
        }
        return known.computeIfAbsent(id, this::load);
    }

    private Optional<Seller> load(String taxId) {
        boolean isDefault = taxId.equals(defaultTaxId);
        if (!configured.contains(taxId) && !anySeller) {
            return Optional.empty();
        }
        String prefix = isDefault ? "fapiao.seller." : "fapiao.sellers." + taxId + ".";
        String own = "fapiao.sellers." + taxId + ".";
        Vendor vendor = settings.find(own + "vendor").map(v -> vendor(v, own + "vendor"))
                .orElse(defaultVendor);
        String spid = setting(own, prefix, "spid");
        if (spid.isEmpty() && isDefault) {
            spid = settings.get("vendor.yun2.spid", "");
        }
        return Optional.of(new Seller(taxId, vendor, setting(own, prefix, "region"), spid,
                setting(own, prefix, "account"), setting(own, prefix, "password"), setting(own, prefix, "phone"),
                setting(own, prefix, "identity")));
    }

    /** {@code fapiao.sellers.<taxId>.<key>} first, then the default seller's {@code fapiao.seller.<key>}. */
    private String setting(String own, String prefix, String key) {
        return settings.find(own + key).or(() -> settings.find(prefix + key)).orElse("");
    }

    /** The vendors some configured seller uses: their settings are required in live mode. */
    public Set<Vendor> inUse() {
        Set<Vendor> used = EnumSet.noneOf(Vendor.class);
        configured.forEach(id -> of(id).ifPresent(s -> used.add(s.vendor())));
        return used;
    }

    /** Every configured seller's tax id, the default seller's included. */
    public Set<String> configured() {
        return Set.copyOf(configured);
    }

    private static String normal(String taxId) {
        return taxId == null ? "" : taxId.strip().toUpperCase(Locale.ROOT);
    }
}

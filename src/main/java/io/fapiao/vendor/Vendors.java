package io.fapiao.vendor;

import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The issuing vendors this bundle has, by key, and how many calls each takes in flight at once. */
public final class Vendors {

    private final Map<Vendor, InvoiceVendor> issuing = new EnumMap<>(Vendor.class);
    private final Map<Vendor, Integer> concurrency = new EnumMap<>(Vendor.class);

    public Vendors add(InvoiceVendor vendor, int inFlight) {
        issuing.put(vendor.key(), vendor);
        concurrency.put(vendor.key(), inFlight);
        return this;
    }

    /** The vendor's issuing side, or empty when it does not issue (login-only vendors). */
    public Optional<InvoiceVendor> issuing(Vendor key) {
        return Optional.ofNullable(issuing.get(key));
    }

    /** Every issuing vendor, e.g. to find those that also list invoices or red-letter forms. */
    public Collection<InvoiceVendor> all() {
        return List.copyOf(issuing.values());
    }

    /**
     * Calls in flight at once at the given issuing vendors together (those serving a seller): how many orders of a
     * drop are worked on at once. A vendor no seller uses holds no call, so it adds no thread to wait for one.
     */
    public int concurrency(Collection<Vendor> used) {
        return Math.max(1, used.stream().mapToInt(v -> concurrency.getOrDefault(v, 0)).sum());
    }
}

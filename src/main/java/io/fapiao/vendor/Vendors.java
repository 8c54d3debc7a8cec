package io.fapiao.vendor;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/** The issuing vendors this bundle has, by key. */
public final class Vendors {

    private final Map<Vendor, InvoiceVendor> issuing = new EnumMap<>(Vendor.class);

    public Vendors add(InvoiceVendor vendor) {
        issuing.put(vendor.key(), vendor);
        return this;
    }

    /** The vendor's issuing side, or empty when it does not issue (login-only vendors). */
    public Optional<InvoiceVendor> issuing(Vendor key) {
        return Optional.ofNullable(issuing.get(key));
    }
}

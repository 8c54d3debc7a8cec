package io.fapiao.config;

import io.fapiao.vendor.Vendor;

/**
 * What belongs to one seller rather than to a vendor account: the vendor that serves it and its own settings
 * ({@code fapiao.sellers.<taxId>.*}, or {@code fapiao.seller.*} for the default seller). Optional text is "".
 *
 * @param region   its 4-digit region code (地区编码)
 * @param spid     its yun2 enterprise id; "" means: look it up with yun2's TERM/LIST
 * @param account  its tax-bureau login account
 * @param password its tax-bureau login password: a secret, never logged or shown
 * @param phone    the tax officer's phone for SMS codes
 * @param identity 身份类型 for the tax-bureau login
 */
public record Seller(String taxId, Vendor vendor, String region, String spid, String account, String password,
                     String phone, String identity) {

    /** Never shows the password. */
    @Override
    public String toString() {
        return "Seller[" + taxId + ", " + vendor.key() + (region.isEmpty() ? "" : ", region " + region) + "]";
    }
}

package io.fapiao.login;

import java.util.ArrayList;
import java.util.List;

/**
 * What belongs to one seller's tax-bureau login, as the contract names it ({@code fapiao.sellers.<taxId>.region},
 * {@code .account}, {@code .password}, {@code .phone}, {@code .identity}). The password never leaves this record
 * in a text: {@link #toString()} leaves it out.
 *
 * @param region   the 4-digit region code (地区编码), e.g. {@code 3300} for Zhejiang
 * @param account  the tax-bureau login: resident id, mobile number or user name
 * @param phone    the tax officer's mobile, where the SMS code goes
 * @param identity the identity type (身份类型) in the vendor's code
 */
public record SellerLogin(String taxId, String region, String account, String password, String phone,
                          String identity) {

    public SellerLogin {
        taxId = clean(taxId);
        region = clean(region);
        account = clean(account);
        password = password == null ? "" : password;
        phone = clean(phone);
        identity = clean(identity);
    }

    /** The settings (as the suffix of {@code fapiao.sellers.<taxId>.}) that are blank, in the contract's order. */
    public List<String> blank() {
        List<String> out = new ArrayList<>();
        if (region.isEmpty()) {
            out.add("region");
        }
        if (account.isEmpty()) {
            out.add("account");
        }
        if (password.isEmpty()) {
            out.add("password");
        }
        if (phone.isEmpty()) {
            out.add("phone");
        }
        if (identity.isEmpty()) {
            out.add("identity");
        }
        return out;
    }

    @Override
    public String toString() {
        return "SellerLogin[taxId=" + taxId + ", region=" + region + ", account=" + account + ", phone=" + phone
                + ", identity=" + identity + "]";
    }

    private static String clean(String s) {
        return s == null ? "" : s.strip();
    }
}

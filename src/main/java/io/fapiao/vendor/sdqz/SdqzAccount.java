package io.fapiao.vendor.sdqz;

import java.util.Optional;
import java.util.function.Function;

/**
 * The sdqz account a call is made with ({@code vendor.sdqz.*}).
 *
 * @param baseUrl       e.g. {@code http://120.48.195.50:5000/EInvoice-Test}; every call goes to {@code {baseUrl}/Api}
 * @param taxnum        the account's tax number, sent when a call names no seller
 * @param interfaceCode the authorisation code (授权码); a credential, never shown in a text
 * @param extensionNo   the extension number (分机号), optional
 * @param isEncryption  the {@code isEncryption} header, required by the document; "0" (plain JSON) unless configured.
 *                      This build never encrypts bodies: the scheme is not public.
 */
public record SdqzAccount(String baseUrl, String taxnum, String interfaceCode, String extensionNo, String isEncryption) {

    public static final String NOT_ENCRYPTED = "0";

    public SdqzAccount {
        baseUrl = clean(baseUrl);
        taxnum = clean(taxnum);
        interfaceCode = clean(interfaceCode);
        extensionNo = clean(extensionNo);
        isEncryption = clean(isEncryption).isEmpty() ? NOT_ENCRYPTED : clean(isEncryption);
    }

    /**
     * From {@code vendor.sdqz.base-url}, {@code .taxnum}, {@code .interface-code}, {@code .extension-no} and
     * {@code .is-encryption} (default "0").
     */
    public static SdqzAccount from(Function<String, Optional<String>> property) {
        return new SdqzAccount(get(property, "base-url"), get(property, "taxnum"), get(property, "interface-code"),
                get(property, "extension-no"), get(property, "is-encryption"));
    }

    @Override
    public String toString() {
        return "SdqzAccount[baseUrl=" + baseUrl + ", taxnum=" + taxnum + ", extensionNo=" + extensionNo
                + ", isEncryption=" + isEncryption + "]";
    }

    private static String get(Function<String, Optional<String>> property, String key) {
        return property.apply("vendor.sdqz." + key).orElse("");
    }

    private static String clean(String s) {
        return s == null ? "" : s.strip();
    }
}

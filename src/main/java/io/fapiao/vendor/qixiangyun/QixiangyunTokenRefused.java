package io.fapiao.vendor.qixiangyun;

import io.fapiao.vendor.VendorLoginException;

/**
 * qixiangyun refused the app's own login ({@code /v2/public/oauth2/login}): nothing was sent for any order. The
 * message names the vendor's code and words, never the key, secret or a token.
 */
public final class QixiangyunTokenRefused extends VendorLoginException {

    private final String code;

    public QixiangyunTokenRefused(String code, String message) {
        super(message);
        this.code = code == null ? "" : code;
    }

    /** The vendor's code ({@code 400429} when it throttles logins), "" when the answer had none. */
    public String code() {
        return code;
    }
}

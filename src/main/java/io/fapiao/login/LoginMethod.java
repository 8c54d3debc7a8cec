package io.fapiao.login;

import java.util.Locale;
import java.util.Optional;

/** How a person logs a seller in: a code the tax bureau texts to the tax officer, or a QR code scanned with its app. */
public enum LoginMethod {
    SMS, QR;

    /** The contract's word for it: {@code sms} or {@code qr}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<LoginMethod> of(String word) {
        String w = word == null ? "" : word.strip().toUpperCase(Locale.ROOT);
        for (LoginMethod m : values()) {
            if (m.name().equals(w)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}

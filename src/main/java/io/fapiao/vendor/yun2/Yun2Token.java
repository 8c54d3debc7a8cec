package io.fapiao.vendor.yun2;

import java.util.function.Supplier;

/**
 * The one yun2 token of this account. Every login ends the previous token, so it is fetched by one caller at a
 * time and only when the token in hand is the one the vendor refused: parallel calls never log each other out.
 * The token keeps its square brackets.
 */
public final class Yun2Token {

    private final Supplier<String> login;
    private String token;

    /** @param login fetches a new token from GetToken, brackets included; throws when the vendor refuses */
    public Yun2Token(Supplier<String> login) {
        this.login = login;
    }

    public synchronized String current() {
        if (token == null) {
            token = login.get();
        }
        return token;
    }

    /** The vendor refused {@code refused}: fetch a new token unless another call already has. */
    public synchronized String renew(String refused) {
        if (token == null || token.equals(refused)) {
            token = null;
            token = login.get();
        }
        return token;
    }
}

package io.fapiao.vendor.yun2;

import io.fapiao.ledger.VendorTokens;

import java.util.function.Supplier;

/**
 * The yun2 token of this account, shared by every instance through the ledger. Every GetToken ends the previous
 * token, so a new one is fetched by one caller at a time across all instances, and only when the token in hand is
 * the one yun2 refused: parallel calls and instances never log each other out. The token keeps its square brackets.
 */
public final class Yun2Token {

    static final String VENDOR = "yun2";

    private final VendorTokens store;
    private final String account;
    private final Supplier<String> login;
    private volatile String cached;

    /** @param login fetches a new token from GetToken, brackets included; throws when yun2 refuses */
    public Yun2Token(VendorTokens store, String account, Supplier<String> login) {
        this.store = store;
        this.account = account;
        this.login = login;
    }

    public String current() {
        String t = cached;
        if (t == null) {
            t = store.current(VENDOR, account).map(VendorTokens.Token::value).orElse(null);
            cached = t != null ? t : renew(null);
            t = cached;
        }
        return t;
    }

    /** yun2 refused {@code refused}: the token another instance fetched meanwhile, or a new one. */
    public String renew(String refused) {
        String t = store.renew(VENDOR, account, refused, () -> new VendorTokens.Token(login.get(), null, null)).value();
        cached = t;
        return t;
    }
}

package io.fapiao.vendor.qixiangyun;

/**
 * qixiangyun refused a call the flow cannot turn into an order outcome (the token, an unreadable answer). The
 * message is for people, both languages, and never holds a token, secret, password, cookie or SMS code.
 */
public final class QixiangyunException extends RuntimeException {

    private final String code;

    public QixiangyunException(String code, String message) {
        super(message);
        this.code = code == null ? "" : code;
    }

    /** The vendor's code, "" when the answer had none. */
    public String code() {
        return code;
    }
}

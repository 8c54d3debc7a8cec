package io.fapiao.login;

import io.fapiao.order.NextStep;
import io.fapiao.order.Outcome;

/**
 * The outcome of an order whose seller must log in to the tax bureau again: PENDING with the one reason every
 * vendor gives the ERP. A vendor says which kind: it does not have the order ({@link #send()}, sent once the seller
 * logged in), or it keeps the order until then ({@link #resubmit()}, sent back to issuing, never sent again).
 */
public final class LoginNeeded {

    public static final String REASON = "销方需重新登录税局 / the seller must log in to the tax bureau again";

    private LoginNeeded() {
    }

    /** The vendor does not have the order: it is sent once the seller is logged in. */
    public static Outcome send() {
        return Outcome.pending(REASON, NextStep.LOGIN);
    }

    /** The vendor keeps the order: it is sent back to issuing once the seller is logged in. */
    public static Outcome resubmit() {
        return Outcome.pending(REASON, NextStep.LOGIN_RESUBMIT);
    }
}

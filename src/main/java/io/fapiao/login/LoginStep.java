package io.fapiao.login;

import java.time.Duration;
import java.util.Map;

/**
 * What one vendor login call said, in canonical words: the state it leaves the session in, the reason in both
 * languages, the QR content to show when there is one, and the vendor's handles the next call of the same login
 * needs (task ids, QR ids, account ids). Handles are never secrets: passwords, SMS codes and cookies are not kept.
 *
 * @param waitBefore           the vendor asked not to be called again before this has passed (SMS too often, quota,
 *                             too frequent); {@link Duration#ZERO} when it did not
 * @param configurationProblem the vendor refused the account itself (not enabled, disabled, IP not whitelisted):
 *                             no person at the tax bureau can fix it, the integration team must
 */
public record LoginStep(LoginState state, String zh, String en, String qrContent, Map<String, String> handles,
                        Duration waitBefore, boolean configurationProblem) {

    public LoginStep {
        qrContent = qrContent == null ? "" : qrContent;
        handles = handles == null ? Map.of() : Map.copyOf(handles);
        waitBefore = waitBefore == null ? Duration.ZERO : waitBefore;
    }

    public static LoginStep of(LoginState state, String zh, String en) {
        return new LoginStep(state, zh, en, "", Map.of(), Duration.ZERO, false);
    }

    /** The message as the contract shows it: Chinese / English. */
    public String message() {
        return zh + " / " + en;
    }
}

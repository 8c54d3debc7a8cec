package io.fapiao.login;

import io.fapiao.vendor.Vendor;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A vendor's side of a seller's tax-bureau login, in canonical words. Each vendor implements it in its own package
 * over the calls of its own route file ({@code vendor-<key>.camel.yaml}); {@link Logins} keeps the session, the
 * rate limits, the files and the notices, the same for every vendor.
 *
 * <p>No method throws for vendor trouble: an unreachable vendor or an answer that is not the vendor's is a
 * {@link LoginState#FAILED} step with the reason. Handles ({@link LoginStep#handles()}) are what the next call of
 * the same login needs (task ids, QR ids, account ids) and are kept in the ledger; passwords, SMS codes and cookies
 * never are, and never appear in a step's text.
 */
public interface LoginVendor {

    Vendor key();

    /** The ways this vendor logs a seller in. */
    Set<LoginMethod> methods();

    /**
     * The seller settings ({@code fapiao.sellers.<taxId>.<name>}: region, account, password, phone, identity) a
     * login by {@code method} cannot do without that are blank.
     */
    List<String> missing(LoginMethod method, SellerLogin seller);

    /**
     * Starts a login: an SMS code sent to the tax officer (or logged in at once where the region needs none), or a
     * QR code to scan.
     *
     * @param options what the caller added for this vendor (e.g. sdqz's {@code ewmlx}); never credentials
     */
    LoginStep start(LoginMethod method, SellerLogin seller, Map<String, String> options);

    /** The SMS code the tax officer received, for the login {@code handles} belong to. */
    LoginStep submitSms(SellerLogin seller, Map<String, String> handles, String code);

    /** Whether the QR code of the login {@code handles} belong to was scanned: {@link LoginState#QR_READY} while not. */
    LoginStep checkQr(SellerLogin seller, Map<String, String> handles);

    /**
     * Whether the seller's session still holds, asked with the vendor's status call; empty when the vendor has none
     * (or none that works with what is known of this seller).
     */
    Optional<LoginStep> checkSession(SellerLogin seller, Map<String, String> handles);
}

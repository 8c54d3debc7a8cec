package io.fapiao.sandbox;

import io.fapiao.sandbox.jumdata.JumdataSandbox;
import io.fapiao.sandbox.qixiangyun.QixiangyunSandbox;
import io.fapiao.sandbox.sdqz.SdqzSandbox;
import io.fapiao.sandbox.yun2.Yun2Sandbox;

import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.util.Base64;

/**
 * The account the sandbox vendors know, used by the embedded sandbox and by {@link SandboxServer}. Not a secret:
 * it opens nothing but the simulators.
 */
public final class SandboxAccount {

    public static final String USER = "sandbox";
    public static final String PASSWORD = "sandbox-password";
    public static final String SPID = "5a1d0c3e9b7f4a2c8e6d0b1f3a5c7e9d";
    /** The default seller in sandbox mode (a valid unified social credit code). */
    public static final String SELLER = "91310115MA1K4B2X34";
    public static final String SELLER_NAME = "沙箱示例科技（上海）有限公司";
    /** The default seller's region code (上海). */
    public static final String SELLER_REGION = "3100";

    public static final String JUMDATA_APP_ID = "sandbox-jumdata-app";
    public static final String JUMDATA_APP_SECRET = "sandbox-jumdata-secret";

    /** sdqz's {@code taxnum} when a call names no seller: the default seller. */
    public static final String SDQZ_TAXNUM = SELLER;
    public static final String SDQZ_INTERFACE_CODE = "sandbox-sdqz-interface-code";
    public static final String SDQZ_EXTENSION_NO = "0";

    /** The qixiangyun sandbox's AppKey and AppSecret (the vendor's AppKeys are 8 digits). */
    public static final String QXY_APP_KEY = "10009527";
    public static final String QXY_APP_SECRET = "sandbox-qixiangyun-app-secret";
    /** The SMS code the qixiangyun sandbox's bureau sends (the document's example code). */
    public static final String QXY_SMS_CODE = "002100";
    /**
     * The qixiangyun sandbox's RSA public key for passwords ({@code vendor.qixiangyun.rsa-public-key} in sandbox
     * mode): Base64 X.509, 1024 bits like the vendor's own. Generated once with
     * {@code openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:1024}.
     */
    public static final String QXY_RSA_PUBLIC_KEY = "MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQCk8iV7DiXMwJ0fwmAnotxmSzlB3RH5svQth9StypO9zriAB8tkxDLRv40hQ69x"
            + "U4KzlyxaoOywF2tNDGFUBD3l5WcCpHF1kbhcy8BToUzsgs4ccscsV7SnVfxGAD5kPhWdW30zKQXCeJvFugWzBcA7iKO48wN4klSU"
            + "84x6B/pnxwIDAQAB";
    /** Its private half (PKCS#8), which only the sandbox uses to read passwords. Opens nothing real. */
    private static final String QXY_RSA_PRIVATE_KEY = "MIICeAIBADANBgkqhkiG9w0BAQEFAASCAmIwggJeAgEAAoGBAKTyJXsOJczAnR/CYCei3GZLOUHdEfmy9C2H1K3Kk73OuIAHy2TE"
            + "MtG/jSFDr3FTgrOXLFqg7LAXa00MYVQEPeXlZwKkcXWRuFzLwFOhTOyCzhxyxyxXtKdV/EYAPmQ+FZ1bfTMpBcJ4m8W6BbMFwDuI"
            + "o7jzA3iSVJTzjHoH+mfHAgMBAAECgYAYhDlX8gFiTprMFqsOGSHjPnkTNhWu5I9wmQjekAanpqs7tGzh3FulW3BRqmrQUFZT9TtN"
            + "eS/U+JYlTJrGzx6X6Qo8krQAUni89o+viOqTqitW5D6L+ETuFcRUjFp2u6an9ty0XWxIAMrI1gSacaXcJ3CiX8iifV8g/gWYCIdQ"
            + "GQJBANCGny6E37W7maTtbVrEC7UXJglmecP5iocgrL+l+YM2YJE99nLfevKeYvkqeku3BXtXRw3NIIEy6pLF1FV3m7MCQQDKf5So"
            + "3gZ1phqAL/TzWno8nnelBfiX9vh4R0Mjjg9gFp72A1ZpIVPSIWZpWz+19Fl4bJdO3D8nFfzDk2y+bumdAkEAkNHd/YXEhEdMtpE6"
            + "UD41T0hLX13vFR7aiWw07UjM18bNHDHnVfJFRfigDiHlG255fSapLzmV6IS/Cr4f8FeIJwJBAKvyM2hEx1VlCwGoNyXgwQTyRoPx"
            + "Ewru4kM3t7HcMgAUlTwuz1QLwaIfTFfP7MRzTPmts7l52YI18GCdsWvuwB0CQQCmSmU8VHOWdo087JBkbg8jM1jgFtsHQQARgpPJ"
            + "CXV9PW+hX0ZEsdWArLAr1SsIg/3vb3gxoiZ57bO2orhXyeii";

    /** The electronic tax bureau password of every sandbox enterprise (its user is its tax id). */
    public static final String TAX_BUREAU_PASSWORD = "sandbox-etax-password";
    /** The code every sandbox tax-bureau SMS carries. */
    public static final String SMS_CODE = "246810";

    private SandboxAccount() {
    }

    /** A yun2 simulator for this account, issuing as the given seller. */
    public static Yun2Sandbox yun2(String sellerTaxId) {
        return new Yun2Sandbox(USER, PASSWORD, SPID, sellerTaxId, SELLER_NAME);
    }

    /** A jumdata login simulator for this account, naming the given seller as the sandbox's company. */
    public static JumdataSandbox jumdata(String sellerTaxId) {
        return new JumdataSandbox(JUMDATA_APP_ID, JUMDATA_APP_SECRET).sellerName(sellerTaxId, SELLER_NAME);
    }

    /** An sdqz simulator for this account, authorised for the given seller (in Shanghai, 3100). */
    public static SdqzSandbox sdqz(String sellerTaxId) {
        return new SdqzSandbox(SDQZ_INTERFACE_CODE, SDQZ_EXTENSION_NO).seller(sellerTaxId, SELLER_REGION);
    }

    /**
     * A qixiangyun simulator for this account.
     *
     * @param mountPath where it is served ({@code /sandbox/qixiangyun} in the bundle, {@code /qixiangyun} in
     *                  {@link SandboxServer}): its file links are absolute
     */
    public static QixiangyunSandbox qixiangyun(String mountPath) {
        return new QixiangyunSandbox(QXY_APP_KEY, QXY_APP_SECRET, qixiangyunPrivateKey(), QXY_RSA_PUBLIC_KEY, QXY_SMS_CODE,
                mountPath, SELLER, SELLER_NAME, Clock.systemUTC());
    }

    private static PrivateKey qixiangyunPrivateKey() {
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(
                    Base64.getDecoder().decode(QXY_RSA_PRIVATE_KEY)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

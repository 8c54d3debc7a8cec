package io.fapiao.sandbox;

import io.fapiao.sandbox.yun2.Yun2Sandbox;

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
}

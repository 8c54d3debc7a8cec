package io.fapiao.sandbox;

import io.fapiao.sandbox.jumdata.JumdataSandbox;
import io.fapiao.sandbox.sdqz.SdqzSandbox;
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
    /** The default seller's region code (上海). */
    public static final String SELLER_REGION = "3100";

    public static final String JUMDATA_APP_ID = "sandbox-jumdata-app";
    public static final String JUMDATA_APP_SECRET = "sandbox-jumdata-secret";

    /** sdqz's {@code taxnum} when a call names no seller: the default seller. */
    public static final String SDQZ_TAXNUM = SELLER;
    public static final String SDQZ_INTERFACE_CODE = "sandbox-sdqz-interface-code";
    public static final String SDQZ_EXTENSION_NO = "0";

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
}

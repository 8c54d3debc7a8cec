package io.fapiao.vendor.sdqz;

import io.fapiao.Bundle;
import io.fapiao.Feature;
import io.fapiao.config.Settings;
import io.fapiao.sandbox.SandboxAccount;
import io.fapiao.sandbox.SandboxSetup;
import io.fapiao.sandbox.sdqz.SdqzSandbox;
import io.fapiao.vendor.VendorHttp;

/**
 * sdqz (数电前置API): the seller's tax-bureau login and the calls the user configures — the beans of
 * {@code vendor-sdqz.camel.yaml}, its {@link SdqzLogin}, the general call of {@code api-sdqz.camel.yaml}
 * ({@link SdqzApi}) — and its simulator in sandbox mode. It issues no invoices
 * here: its issuing actions are not public.
 */
public final class SdqzWiring implements Feature {

    @Override
    public void sandbox(SandboxSetup sandbox) {
        SdqzSandbox simulator = SandboxAccount.sdqz(sandbox.sellerTaxId()).everySeller(SandboxAccount.SELLER_REGION);
        sandbox.applyTrouble("sdqz", simulator.trouble());
        sandbox.serve("sdqz", simulator::handle);
        sandbox.bean("sdqzSandbox", simulator);
        sandbox.property("vendor.sdqz.base-url", sandbox.baseUrl("sdqz"));
        sandbox.property("vendor.sdqz.taxnum", SandboxAccount.SDQZ_TAXNUM);
        sandbox.property("vendor.sdqz.interface-code", SandboxAccount.SDQZ_INTERFACE_CODE);
        sandbox.property("vendor.sdqz.extension-no", SandboxAccount.SDQZ_EXTENSION_NO);
        // the sandbox's own action codes for what sdqz does not publish, configured as a user would
        sandbox.property("vendor.sdqz.actions.auth-result.code", simulator.trouble().authResultCode);
        // a space between closing braces: Camel reads "}}" in a property value as the end of a placeholder
        sandbox.property("vendor.sdqz.actions.auth-result.body", "{\"rzid\":\"${rzid}\",\"taskId\":${taskId} }");
        sandbox.property("vendor.sdqz.actions.login.code", simulator.trouble().loginCode);
        sandbox.property("vendor.sdqz.actions.login.body",
                "{\"dlzh\":\"${account}\",\"dlmm\":\"${password}\",\"sjhm\":\"${phone}\",\"sflx\":\"${identity}\"}");
        sandbox.property("vendor.sdqz.actions.sms-auth.code", simulator.trouble().smsAuthCode);
        sandbox.property("vendor.sdqz.actions.sms-auth.body", "{\"taskId\":\"${taskId}\",\"yzm\":\"${code}\"}");
    }

    @Override
    public void wire(Bundle bundle) throws Exception {
        Settings settings = bundle.settings();
        VendorHttp http = new VendorHttp(settings.getInt("vendor.sdqz.timeout-ms", 30_000),
                Math.max(1, settings.getInt("vendor.sdqz.concurrency", 4)));
        bundle.closeOnStop(http);
        bundle.bind("sdqzHttp", http);
        bundle.bind("sdqzCalls", new SdqzCalls());
        SdqzLogin login = new SdqzLogin(bundle.context().createProducerTemplate(), SdqzAccount.from(settings::find),
                settings::find);
        bundle.bind("sdqzLogin", login);
        bundle.bind("sdqzApi", new SdqzApi(login));
    }
}

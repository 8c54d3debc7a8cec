package io.fapiao.vendor.jumdata;

import io.fapiao.Bundle;
import io.fapiao.Feature;
import io.fapiao.config.Settings;
import io.fapiao.sandbox.SandboxAccount;
import io.fapiao.sandbox.SandboxHttp;
import io.fapiao.sandbox.SandboxSetup;
import io.fapiao.sandbox.jumdata.JumdataSandbox;
import io.fapiao.vendor.VendorHttp;

/**
 * jumdata (聚美智数 税局登录): the seller's tax-bureau login only — the beans of {@code vendor-jumdata.camel.yaml} and
 * its {@link JumdataLogin}, and its simulator in sandbox mode. It issues no invoices.
 */
public final class JumdataWiring implements Feature {

    @Override
    public void sandbox(SandboxSetup sandbox) {
        JumdataSandbox simulator = SandboxAccount.jumdata(sandbox.sellerTaxId()).servedAt(SandboxHttp.PREFIX + "jumdata");
        sandbox.applyTrouble("jumdata", simulator.trouble());
        sandbox.serve("jumdata", simulator::handle);
        sandbox.bean("jumdataSandbox", simulator);
        sandbox.property("vendor.jumdata.base-url", sandbox.baseUrl("jumdata"));
        sandbox.property("vendor.jumdata.app-id", SandboxAccount.JUMDATA_APP_ID);
        sandbox.property("vendor.jumdata.app-secret", SandboxAccount.JUMDATA_APP_SECRET);
    }

    @Override
    public void wire(Bundle bundle) throws Exception {
        Settings settings = bundle.settings();
        VendorHttp http = new VendorHttp(settings.getInt("vendor.jumdata.timeout-ms", 30_000),
                Math.max(1, settings.getInt("vendor.jumdata.concurrency", 4)));
        bundle.closeOnStop(http);
        bundle.bind("jumdataHttp", http);
        JumdataCalls calls = new JumdataCalls(settings.get("vendor.jumdata.base-url", ""));
        bundle.bind("jumdataCalls", calls);
        JumdataForms forms = new JumdataForms(settings.get("vendor.jumdata.app-id", ""),
                settings.get("vendor.jumdata.app-secret", ""));
        bundle.bind("jumdataLogin", new JumdataLogin(bundle.context().createProducerTemplate(), forms, calls));
    }
}

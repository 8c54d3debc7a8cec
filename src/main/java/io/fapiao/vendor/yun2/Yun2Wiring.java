package io.fapiao.vendor.yun2;

import io.fapiao.Bundle;
import io.fapiao.Feature;
import io.fapiao.config.Settings;
import io.fapiao.sandbox.SandboxAccount;
import io.fapiao.sandbox.SandboxSetup;
import io.fapiao.sandbox.yun2.Yun2Sandbox;
import io.fapiao.vendor.VendorHttp;
import io.fapiao.vendor.VendorLoginException;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Predicate;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.builder.ExpressionBuilder;

import java.time.Duration;

/**
 * yun2: the beans of {@code vendor-yun2.camel.yaml} — issuing ({@link Yun2Vendor}) and the seller's tax-bureau login
 * ({@link Yun2LoginVendor}) — and its simulator in sandbox mode.
 */
public final class Yun2Wiring implements Feature {

    @Override
    public void sandbox(SandboxSetup sandbox) {
        Yun2Sandbox simulator = SandboxAccount.yun2(sandbox.sellerTaxId());
        sandbox.applyTrouble("yun2", simulator.trouble());
        sandbox.serve("yun2", simulator::handle);
        sandbox.bean("yun2Sandbox", simulator);
        sandbox.property("vendor.yun2.base-url", sandbox.baseUrl("yun2"));
        sandbox.property("vendor.yun2.username", SandboxAccount.USER);
        sandbox.property("vendor.yun2.password", SandboxAccount.PASSWORD);
        sandbox.property("vendor.yun2.spid", SandboxAccount.SPID);
        // the sandbox serves every seller: each is enrolled as an enterprise of its own the first time it is met
        sandbox.sellerProperty("spid", taxId -> simulator.enrol(taxId, "沙箱企业" + taxId.substring(Math.max(0, taxId.length() - 6))));
    }

    @Override
    public void wire(Bundle bundle) throws Exception {
        Settings settings = bundle.settings();
        int concurrency = Math.max(1, settings.getInt("vendor.yun2.concurrency", 4));
        int timeoutMs = settings.getInt("vendor.yun2.timeout-ms", 30_000);
        // yun2 sets no cookie: every call carries its token in a header
        VendorHttp http = new VendorHttp(timeoutMs, concurrency, false);
        bundle.closeOnStop(http);
        bundle.bind("yun2Http", http);
        ProducerTemplate template = bundle.context().createProducerTemplate();
        String user = settings.get("vendor.yun2.username", "");
        Yun2Token token = new Yun2Token(bundle.tokens(), user, () -> {
            try {
                return template.requestBody("direct:yun2-login", null, String.class);
            } catch (CamelExecutionException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                throw cause instanceof VendorLoginException v ? v : new VendorLoginException(
                        "yun2 GetToken failed: " + cause.getClass().getSimpleName() + ": " + cause.getMessage());
            }
        });
        bundle.bind("yun2Token", token);
        Yun2Calls calls = new Yun2Calls(settings.get("vendor.yun2.base-url", ""), user,
                settings.get("vendor.yun2.password", ""), token, Duration.ofMillis(timeoutMs),
                settings.getInt("vendor.yun2.retry-delay-ms", 500), bundle.health());
        bundle.bind("yun2", calls);
        // the routes' questions of every call, asked of the exchange itself: the bean language ({@code method:})
        // would copy the exchange for each, several times per order
        bundle.bind("yun2CallUrl", ExpressionBuilder.exchangeExpression(calls::apiUrl));
        bundle.bind("yun2CurrentToken", ExpressionBuilder.exchangeExpression(e -> calls.currentToken()));
        bundle.bind("yun2TokenRejected", (Predicate) e -> calls.tokenRejected(e.getMessage().getBody(String.class), e));
        bundle.bind("yun2RenewAgain", (Predicate) e -> calls.renewAgain(e.getMessage().getBody(String.class), e));
        bundle.bind("yun2PdfLink", ExpressionBuilder.bodyExpression(String.class, calls::pdfUrl));
        bundle.bind("yun2PdfToken", ExpressionBuilder.exchangeExpression(calls::pdfToken));
        bundle.bind("yun2PdfTokenRejected",
                (Predicate) e -> calls.pdfTokenRejected(e.getMessage().getBody(byte[].class), e));
        Yun2Spids spids = Yun2Vendor.spids(template);
        bundle.vendors().add(new Yun2Vendor(template, spids), concurrency);
        bundle.bind("yun2Login", new Yun2LoginVendor(template, spids, bundle.sellers()));
    }
}

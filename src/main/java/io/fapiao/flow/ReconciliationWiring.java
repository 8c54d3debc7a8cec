package io.fapiao.flow;

import io.fapiao.Bundle;
import io.fapiao.Feature;
import io.fapiao.config.ConfigurationException;
import io.fapiao.config.Settings;
import io.fapiao.ledger.IssuedInvoices;
import io.fapiao.ledger.Reconciliations;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;

/**
 * The daily reconciliation ({@code reconcile.camel.yaml}, {@code api-reconcile.camel.yaml}). Wired after the
 * vendors: it compares with every issuing vendor that lists invoices. Properties: {@code fapiao.reconcile.at}
 * (HH:mm, default 02:00; {@code off} for on demand only), {@code fapiao.reconcile.zone} (default Asia/Shanghai).
 */
public final class ReconciliationWiring implements Feature {

    @Override
    public void wire(Bundle bundle) throws Exception {
        Settings settings = bundle.settings();
        String atText = settings.get("fapiao.reconcile.at", "02:00");
        LocalTime at;
        ZoneId zone;
        try {
            at = atText.equalsIgnoreCase("off") ? null : LocalTime.parse(atText);
            zone = ZoneId.of(settings.get("fapiao.reconcile.zone", "Asia/Shanghai"));
        } catch (DateTimeException e) {
            throw new ConfigurationException("fapiao.reconcile.at must be HH:mm or off, and fapiao.reconcile.zone a "
                    + "time zone such as Asia/Shanghai");
        }
        Reconciliation reconciliation = new Reconciliation(new IssuedInvoices(bundle.database()),
                new Reconciliations(bundle.database()), bundle.sellers(), bundle.vendors(), bundle.outbox(),
                bundle.instance(), at, zone, Clock.systemUTC());
        bundle.bind("reconciliation", reconciliation);
        bundle.closeOnStop(reconciliation);
        bundle.context().addStartupListener((ctx, alreadyStarted) ->
                reconciliation.start(ctx.createProducerTemplate()));
    }
}

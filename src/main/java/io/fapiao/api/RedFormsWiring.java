package io.fapiao.api;

import io.fapiao.Bundle;
import io.fapiao.Feature;
import io.fapiao.ledger.RedFormLedger;

/** The red-letter forms API ({@code api-red-forms.camel.yaml}); wired after the vendors it asks. */
public final class RedFormsWiring implements Feature {

    @Override
    public void wire(Bundle bundle) {
        bundle.bind("redForms", new RedFormsApi(bundle.sellers(), bundle.vendors(), new RedFormLedger(bundle.database())));
    }
}

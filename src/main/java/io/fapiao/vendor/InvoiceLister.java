package io.fapiao.vendor;

import io.fapiao.config.Seller;

import java.time.LocalDate;
import java.util.List;

/**
 * A vendor that can list the invoices it issued for a seller on one day: what the daily reconciliation compares the
 * ledger with. Optional: an issuing vendor implements it next to {@link InvoiceVendor}, and one that does not is
 * named in the reconciliation file as not checked.
 */
public interface InvoiceLister {

    Vendor key();

    /**
     * Every invoice, blue and red, the vendor issued for the seller on {@code day} (the invoice's own issue date), as
     * the vendor records it now; throws when the list cannot be read completely.
     */
    List<ListedInvoice> invoicesOn(Seller seller, LocalDate day);
}

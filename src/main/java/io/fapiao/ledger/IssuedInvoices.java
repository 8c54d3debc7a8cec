package io.fapiao.ledger;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * The ledger's issued invoices looked up by what a vendor knows them by: a blue invoice by its number (a red
 * invoice needs its exact issue time and lines), and a day's invoices (reconciliation against the vendor's list).
 */
public final class IssuedInvoices {

    private final Jdbc jdbc;

    public IssuedInvoices(LedgerDatabase database) {
        this.jdbc = database.jdbc();
    }

    /** The seller's issued order that holds this invoice. */
    public Optional<LedgerOrder> byInvoiceNo(String sellerTaxId, String invoiceNo) {
        return jdbc.first("select * from fapiao_order where seller_tax_id = ? and invoice_no = ? and status = 'ISSUED'",
                Ledger::order, sellerTaxId, invoiceNo);
    }

    /** Every issued order whose invoice was issued on {@code day} (its {@code issued_at}), by seller and invoice. */
    public List<LedgerOrder> issuedOn(LocalDate day) {
        String from = day.toString();
        String to = day.plusDays(1).toString();
        return jdbc.query("""
                select * from fapiao_order where issued_at >= ? and issued_at < ? and status = 'ISSUED'
                order by seller_tax_id, invoice_no""", Ledger::order, from, to);
    }
}

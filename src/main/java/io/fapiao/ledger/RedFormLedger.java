package io.fapiao.ledger;

import io.fapiao.vendor.RedLetterForm;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The red-letter forms (红字确认单) the bundle has met ({@code fapiao_red_form}): filed for a red order, or filed by
 * a buyer and listed for the seller to answer. Which seller a form belongs to is read here when the seller answers.
 */
public final class RedFormLedger {

    /** A form as recorded: the form, the red order that filed it ("" for a buyer's form), the seller's answer. */
    public record Recorded(RedLetterForm form, String orderNo, String sellerAnswer) {
    }

    private final Jdbc jdbc;

    public RedFormLedger(LedgerDatabase database) {
        this.jdbc = database.jdbc();
    }

    /** Records a form as it stands now; {@code orderNo} "" keeps the order it was recorded with. */
    public void record(RedLetterForm f, String orderNo) {
        Instant now = Instant.now();
        Object[] values = {f.sellerTaxId(), Jdbc.clip(f.formNo(), 40), f.filedByBuyer() ? "BUYER" : "SELLER",
            Jdbc.clip(f.blueInvoiceNo(), 24), Jdbc.clip(f.redInvoiceNo(), 24), f.state().name(),
            Jdbc.clip(f.stateText(), 200), Jdbc.clip(f.buyerTaxId(), 20), Jdbc.clip(f.buyerName(), 200), f.amount(),
            f.tax(), Jdbc.clip(f.filedAt(), 20)};
        int updated = jdbc.update("""
                update fapiao_red_form set seller_tax_id = ?, form_no = ?, filed_by = ?, blue_invoice_no = ?,
                  red_invoice_no = ?, form_state = ?, state_text = ?, buyer_tax_id = ?, buyer_name = ?, total_amount = ?,
                  total_tax = ?, filed_at = ?, order_no = coalesce(nullif(?, ''), order_no), updated_at = ?
                where vendor = ? and form_id = ?""", concat(values, orderNo, now, f.vendor(), f.formId()));
        if (updated == 1) {
            return;
        }
        try {
            jdbc.update("""
                    insert into fapiao_red_form (seller_tax_id, form_no, filed_by, blue_invoice_no, red_invoice_no,
                      form_state, state_text, buyer_tax_id, buyer_name, total_amount, total_tax, filed_at, order_no,
                      created_at, updated_at, vendor, form_id) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    concat(values, orderNo.isEmpty() ? null : orderNo, now, now, f.vendor(), f.formId()));
        } catch (LedgerException e) {
            // recorded by another instance at the same moment: bring it up to date
            jdbc.update("""
                    update fapiao_red_form set form_state = ?, state_text = ?, red_invoice_no = ?, updated_at = ?
                    where vendor = ? and form_id = ?""", f.state().name(), Jdbc.clip(f.stateText(), 200),
                    Jdbc.clip(f.redInvoiceNo(), 24), now, f.vendor(), f.formId());
        }
    }

    /** The seller answered the form through the API ({@code ACCEPT} or {@code REFUSE}). */
    public void answered(String vendor, String formId, boolean accept) {
        jdbc.update("update fapiao_red_form set seller_answer = ?, updated_at = ? where vendor = ? and form_id = ?",
                accept ? "ACCEPT" : "REFUSE", Instant.now(), vendor, formId);
    }

    public Optional<Recorded> find(String vendor, String formId) {
        return jdbc.first("select * from fapiao_red_form where vendor = ? and form_id = ?", RedFormLedger::recorded,
                vendor, formId);
    }

    /** The forms of a red order, newest first. */
    public List<Recorded> ofOrder(String sellerTaxId, String orderNo) {
        return jdbc.query("select * from fapiao_red_form where seller_tax_id = ? and order_no = ? order by created_at desc",
                RedFormLedger::recorded, sellerTaxId, orderNo);
    }

    private static Recorded recorded(java.sql.ResultSet r) throws java.sql.SQLException {
        BigDecimal amount = r.getBigDecimal("total_amount");
        BigDecimal tax = r.getBigDecimal("total_tax");
        RedLetterForm f = new RedLetterForm(r.getString("vendor"), r.getString("form_id"), Jdbc.text(r, "form_no"),
                r.getString("seller_tax_id"), Jdbc.text(r, "buyer_tax_id"), Jdbc.text(r, "buyer_name"),
                Jdbc.text(r, "blue_invoice_no"), amount, tax, "BUYER".equals(r.getString("filed_by")),
                RedLetterForm.State.valueOf(r.getString("form_state")), Jdbc.text(r, "state_text"),
                Jdbc.text(r, "filed_at"), Jdbc.text(r, "red_invoice_no"));
        return new Recorded(f, Jdbc.text(r, "order_no"), Jdbc.text(r, "seller_answer"));
    }

    private static Object[] concat(Object[] head, Object... tail) {
        Object[] all = java.util.Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }
}

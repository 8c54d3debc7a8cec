package io.fapiao.vendor.yun2;

import io.fapiao.vendor.ListedInvoice;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * One page of FPLIST in canonical words: each row's invoice ({@code fpdm}+{@code fphm}), its order ({@code xtlsh}),
 * amounts ({@code hjje}, {@code hjse}), and what became of it: {@code zfbz} 1 voided, a {@code chfphm} red-flushed.
 */
public record Yun2InvoiceList(List<ListedInvoice> invoices, int total) {

    /** @throws IllegalStateException when yun2 did not answer the list (its message, never the token) */
    public static Yun2InvoiceList page(Yun2Reply reply) {
        if (!reply.ok()) {
            throw new IllegalStateException("yun2 FPLIST failed: " + reply.message());
        }
        List<ListedInvoice> out = new ArrayList<>();
        for (Yun2Reply row : reply.list("rows")) {
            if (row.text("fphm").isEmpty()) {
                continue;
            }
            BigDecimal amount = money(row.text("hjje"));
            String original = row.text("yfpdm") + row.text("yfphm");
            ListedInvoice.State state = "1".equals(row.text("zfbz")) ? ListedInvoice.State.VOIDED
                    : !row.text("chfphm").isEmpty() ? ListedInvoice.State.RED_FLUSHED : ListedInvoice.State.NORMAL;
            out.add(new ListedInvoice(row.text("fpdm") + row.text("fphm"), Yun2Outcomes.date(row.text("kprq")),
                    row.text("xtlsh"), !original.isEmpty() || amount != null && amount.signum() < 0, original, amount,
                    money(row.text("hjse")), state));
        }
        int total;
        try {
            total = Integer.parseInt(reply.text("total"));
        } catch (NumberFormatException e) {
            total = out.size();
        }
        return new Yun2InvoiceList(List.copyOf(out), total);
    }

    private static BigDecimal money(String text) {
        try {
            return text.isEmpty() ? null : new BigDecimal(text).setScale(2, RoundingMode.HALF_UP);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}

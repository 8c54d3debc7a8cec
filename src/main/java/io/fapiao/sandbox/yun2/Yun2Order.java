package io.fapiao.sandbox.yun2;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * One order (XTLSH) an enterprise has sent and yun2 has stored, and the invoice it became. The order itself is
 * kept as compact JSON bytes and read again when a PDF or a detailed list needs its lines, so a simulator holding
 * a million orders stays small. State changes happen while holding the order's monitor.
 */
final class Yun2Order {

    /** Where the order stands, with the FPZT that KPJG and FPLIST give for it. */
    enum State {
        /** Being issued; KPJG answers "in progress" {@link #pollsLeft} more times. */
        ISSUING("2"),
        /** Stored, issuing failed, the platform retries ({@code HaveSave=1}). */
        RETRYING("2"),
        /** Waiting to be re-submitted (SHKP): held for review, or because the tax-bureau login had expired. */
        WAITING("0"),
        ISSUED("1");

        final String fpzt;

        State(String fpzt) {
            this.fpzt = fpzt;
        }
    }

    final Yun2Enterprise enterprise;
    final String xtlsh;
    final String fpzl;
    /** Order of arrival, account-wide: FPLIST lists in it. */
    final long sequence;
    final LocalDate received;
    final boolean red;
    /** Sums of the lines as sent (BHSJE, SE), scale 2. */
    final BigDecimal sentAmount;
    final BigDecimal sentTax;
    private final byte[] json;

    State state;
    int pollsLeft;
    boolean endsInReview;
    /** Why the order waits (KPJG's Message while FPZT is 0). */
    String waitingBecause = "";
    String fpdm = "";
    String fphm = "";
    String kprq = "";
    String xym = "";
    /** A planted difference on the amount (the first line's and the total), for reconciliation tests. */
    BigDecimal difference = BigDecimal.ZERO;
    boolean voided;
    String voidedAt = "";
    /** The red invoice that reversed this one, once issued. */
    String chfpdm = "";
    String chfphm = "";

    Yun2Order(Yun2Enterprise enterprise, String xtlsh, String fpzl, long sequence, LocalDate received, JsonNode order,
              BigDecimal sentAmount, BigDecimal sentTax) {
        this.enterprise = enterprise;
        this.xtlsh = xtlsh;
        this.fpzl = fpzl;
        this.sequence = sequence;
        this.received = received;
        this.red = !order.path("YFPHM").asText("").isEmpty();
        this.sentAmount = sentAmount;
        this.sentTax = sentTax;
        try {
            this.json = Yun2Answer.JSON.writeValueAsBytes(order);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    JsonNode order() {
        try {
            return Yun2Answer.JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("stored order unreadable: " + xtlsh, e);
        }
    }

    /** The invoice number in full, as KPJG gives it: code and number for the older kinds, the 20 digits for 数电. */
    String number() {
        return fpdm + fphm;
    }

    /** The amount excluding tax as yun2 records it (with a planted difference). */
    BigDecimal amount() {
        return sentAmount.add(difference);
    }

    BigDecimal total() {
        return amount().add(sentTax);
    }

    String url() {
        return "/KPGL/PDFXZ?XYM=" + xym + "&FPZL=" + fpzl;
    }

    /** The QR text printed on the invoice: version, kind, code, number, amount, date, check code, checksum. */
    String qr() {
        String text = "01," + fpzl + "," + fpdm + "," + fphm + "," + amount().toPlainString() + ","
                + kprq.substring(0, 10).replace("-", "") + "," + xym + ",";
        String sum = Integer.toHexString(text.hashCode() & 0xFFFF).toUpperCase();
        return text + "0".repeat(4 - sum.length()) + sum + ",";
    }
}

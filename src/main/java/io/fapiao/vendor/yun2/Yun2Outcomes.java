package io.fapiao.vendor.yun2;

import io.fapiao.login.LoginNeeded;
import io.fapiao.order.NextStep;
import io.fapiao.order.Outcome;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What yun2's answers mean for each order, as its document says. */
public final class Yun2Outcomes {

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    /** {@link #DATE_TIME}, read strictly: a day or hour that does not exist is not it. */
    private static final DateTimeFormatter YUN2_FORM = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss")
            .withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter[] INPUT_DATE_TIMES = {
        DateTimeFormatter.ISO_LOCAL_DATE_TIME,
        DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSS][.SS][.S]"),
        DateTimeFormatter.ofPattern("yyyyMMddHHmmss"),
    };
    private static final DateTimeFormatter[] INPUT_DATES = {
        DateTimeFormatter.ISO_LOCAL_DATE, DateTimeFormatter.BASIC_ISO_DATE,
    };

    static final String AUTH_TIMEOUT = "身份认证已超时";

    private Yun2Outcomes() {
    }

    /**
     * The outcome of each order of an FPKJ call. Only a {@code SucessList} entry with an invoice number is certain
     * success; one without a number is still issuing. In {@code ErrList}: the repeated-order answer carries the
     * existing invoice; {@code HaveSave=1} means stored and still being issued (poll, never resubmit), unless it says
     * "身份认证已超时": stored and waiting for the seller's tax-bureau login (sent back with SHKP once logged in);
     * {@code HaveSave=0} means rejected and not stored. An order in neither list follows {@code Result}.
     */
    public static Map<String, Outcome> fpkj(Yun2Reply reply, List<String> orderNos) {
        Map<String, Outcome> out = new LinkedHashMap<>();
        // a call for one order may leave the number out of its entries: they are that order's
        String only = orderNos.size() == 1 ? orderNos.get(0) : "";
        for (Yun2Reply s : reply.list("SucessList")) {
            String xtlsh = s.text("xtlsh").isEmpty() ? only : s.text("xtlsh");
            String number = s.text("fpdm") + s.text("fphm");
            if (s.text("fphm").isEmpty()) {
                out.put(xtlsh, Outcome.pending("供应商已受理，正在开具 / accepted by the vendor, still issuing"));
            } else {
                out.put(xtlsh, Outcome.issued(number, date(s.text("kprq")), s.text("jym"), s.text("url"),
                        "开具成功 / issued"));
            }
        }
        for (Yun2Reply e : reply.list("ErrList")) {
            String xtlsh = e.text("XTLSH").isEmpty() ? only : e.text("XTLSH");
            if (xtlsh.isEmpty() || out.containsKey(xtlsh)) {
                continue;
            }
            out.put(xtlsh, error(e));
        }
        for (String orderNo : orderNos) {
            if (!out.containsKey(orderNo)) {
                out.put(orderNo, reply.ok()
                        ? Outcome.pending("供应商已受理，正在开具 / accepted by the vendor, still issuing")
                        : unsure(reply.message()));
            }
        }
        return out;
    }

    private static Outcome error(Yun2Reply e) {
        String msg = e.text("ErrMsg");
        String existing = e.text("FPHM");
        if (existing.isEmpty() && !e.text("fphm").isEmpty()) {
            existing = e.text("fpdm") + e.text("fphm");
        }
        if (!existing.isEmpty()) {
            String kprq = e.text("KPRQ").isEmpty() ? e.text("kprq") : e.text("KPRQ");
            String code = e.text("XYM").isEmpty() ? e.text("jym") : e.text("XYM");
            return Outcome.issued(existing, date(kprq), code, e.text("url"),
                    "此单据此前已开具，本次未重复开票 / already issued by the vendor earlier; not issued again");
        }
        if (msg.contains(AUTH_TIMEOUT) && !"0".equals(e.text("HaveSave"))) {
            // stored, waiting for the seller's tax-bureau login: sent back to issuing (SHKP) once logged in
            return LoginNeeded.resubmit();
        }
        return switch (e.text("HaveSave")) {
            case "1" -> Outcome.pending("供应商已保存，开具中遇到问题，正在查询结果 / stored by the vendor, issuing hit a problem; "
                    + "polling for the result: " + msg);
            case "0" -> Outcome.rejected(vendorSays(msg));
            default -> unsure(msg);
        };
    }

    /**
     * An error that does not say whether yun2 kept the order (no {@code HaveSave}): it may have, so it is asked about
     * (KPJG, then FPLIST) and FAILED only once yun2 confirms it has no such order.
     */
    private static Outcome unsure(String msg) {
        return Outcome.pending("供应商：" + msg + "；未说明是否已保存，正在查询 / vendor says: " + msg + "; it did not say whether "
                + "it kept the order, asking");
    }

    /**
     * The outcome a KPJG answer gives: issued with a number; FPZT=2 (or Result=1 without a number) still running;
     * FPZT=0 waiting for review; "身份认证已超时" waiting for the seller's tax-bureau login (then SHKP); else failed.
     * Returns a pending outcome whenever polling should go on.
     */
    public static Outcome kpjg(Yun2Reply reply) {
        String number = reply.text("FPHM");
        String fpzt = reply.text("FPZT");
        String msg = reply.message();
        if (reply.ok() && !number.isEmpty() && !"2".equals(fpzt) && !"0".equals(fpzt)) {
            return Outcome.issued(number, date(reply.text("KPRQ")), reply.text("XYM"), reply.text("URL"),
                    "开具成功 / issued");
        }
        if (msg.contains(AUTH_TIMEOUT)) {
            return LoginNeeded.resubmit();
        }
        if ("2".equals(fpzt) || reply.ok()) {
            return Outcome.pending("开具中 / still issuing");
        }
        if ("0".equals(fpzt)) {
            return Outcome.pending("待审核（重新投递该单据即提交重新审核）/ waiting for review (drop the order again to "
                    + "resubmit it): " + msg, NextStep.REVIEW);
        }
        return Outcome.failed(vendorSays(msg));
    }
    private static String vendorSays(String message) {
        return "供应商：" + message + " / vendor says: " + message;
    }

    /** yun2's dates ({@code 2019-01-12T11:20:33}, {@code 20211026}, {@code 2021-10-25 00:00:00.000}) in one form. */
    public static String date(String text) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty()) {
            return "";
        }
        if (t.length() == 19 && t.charAt(10) == ' ') {
            // yun2's own form (FPKJ, KPJG): a moment that exists is already as it is written, so it is only read
            try {
                LocalDateTime.parse(t, YUN2_FORM);
                return t;
            } catch (DateTimeParseException e) {
                // try the other forms
            }
        }
        for (DateTimeFormatter f : INPUT_DATE_TIMES) {
            try {
                return LocalDateTime.parse(t, f).format(DATE_TIME);
            } catch (DateTimeParseException e) {
                // try the next form
            }
        }
        for (DateTimeFormatter f : INPUT_DATES) {
            try {
                return LocalDate.parse(t, f).toString();
            } catch (DateTimeParseException e) {
                // try the next form
            }
        }
        return t;
    }
}

package io.fapiao.ledger;

import io.fapiao.order.NextStep;
import io.fapiao.order.OrderStatus;
import io.fapiao.order.Outcome;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The durable record of every order's state and outcome, unique per (seller, order number). It is written before
 * and after every vendor call, and it is where instances sharing one database coordinate: an order is claimed by
 * one drop at a time, a pending order is worked on by one instance at a time (a lease), and a state only moves
 * forward — RECEIVED → SUBMITTING → PENDING → ISSUED / REJECTED / FAILED — which every update checks in its own
 * WHERE clause, so a late writer can never turn an issued order back.
 */
public final class Ledger {

    private static final Logger LOG = LoggerFactory.getLogger(Ledger.class);
    private static final String MOVES_TO_PENDING = "status in ('SUBMITTING', 'PENDING')";
    private static final String MOVES_TO_SETTLED = "status in ('RECEIVED', 'SUBMITTING', 'PENDING')";

    private final Jdbc jdbc;
    private final Duration inFlightTimeout;
    private final Duration lease;
    /** This process: marks the rows it is working on. */
    private final String owner = UUID.randomUUID().toString();

    /**
     * @param inFlightTimeout an order another process claimed but has not touched for this long is taken over
     * @param lease           how long a pending order taken for polling is this process's alone
     */
    public Ledger(LedgerDatabase database, Duration inFlightTimeout, Duration lease) {
        this.jdbc = database.jdbc();
        this.inFlightTimeout = inFlightTimeout;
        this.lease = lease;
    }

    public String owner() {
        return owner;
    }

    /**
     * Claims an order for a drop. Granted for a new order, one whose earlier outcome was REJECTED or FAILED, or one
     * another process received but never sent. An order another process was sending when it stopped is not sent
     * again: its outcome is unknown, so it becomes PENDING and its vendor is asked ({@link Claim.Kind#KNOWN}).
     */
    public Claim claim(String seller, String orderNo, String vendor, long dropId, int seq) {
        return jdbc.inTransaction("cannot claim order " + orderNo, c -> claim(c, seller, orderNo, vendor, dropId, seq));
    }

    /**
     * What is sent for a checked order: written together with the claim of a new order, so its row says
     * {@code SUBMITTING} from its first write and one statement does the work of two.
     */
    public record Submission(String invoiceType, BigDecimal amount, BigDecimal tax, String orderJson) {
    }

    /**
     * Claims an order that is ready to be sent. A new order is inserted as {@code SUBMITTING} at once
     * ({@link Claim.Kind#SUBMITTING}: send it). An order the ledger knows is claimed as by
     * {@link #claim(String, String, String, long, int)}, and a {@link Claim.Kind#GRANTED} one still needs
     * {@link #submitting} before it is sent.
     */
    public Claim claim(String seller, String orderNo, String vendor, long dropId, int seq, Submission submission) {
        Instant now = Instant.now();
        try {
            jdbc.updateOrDuplicate("""
                    insert into fapiao_order (seller_tax_id, order_no, vendor, status, drop_id, drop_seq, owner,
                      invoice_type, total_amount, total_tax, order_json, submitted_at, created_at, updated_at)
                    values (?, ?, ?, 'SUBMITTING', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    seller, orderNo, vendor, dropId, seq, owner, submission.invoiceType(), submission.amount(),
                    submission.tax(), submission.orderJson(), now, now, now);
            jdbc.durable(() -> new ClaimLog.Entry(seller, orderNo, Instant.now(), vendor, dropId, seq,
                    submission.invoiceType(), submission.amount(), submission.tax(), submission.orderJson()));
            return new Claim(Claim.Kind.SUBMITTING, null);
        } catch (Jdbc.Duplicate e) {
            return jdbc.inTransaction("cannot claim order " + orderNo, c -> known(c, seller, orderNo, vendor, dropId,
                    seq, Instant.now()));
        }
    }

    private Claim claim(Connection c, String seller, String orderNo, String vendor, long dropId, int seq)
            throws SQLException {
        Instant now = Instant.now();
        try {
            Jdbc.update(c, """
                    insert into fapiao_order (seller_tax_id, order_no, vendor, status, drop_id, drop_seq, owner,
                      created_at, updated_at) values (?, ?, ?, 'RECEIVED', ?, ?, ?, ?, ?)""",
                    seller, orderNo, vendor, dropId, seq, owner, now, now);
            return new Claim(Claim.Kind.GRANTED, null);
        } catch (SQLException e) {
            if (!Jdbc.DUPLICATE_KEY.equals(e.getSQLState())) {
                throw e;
            }
            c.rollback();
        }
        return known(c, seller, orderNo, vendor, dropId, seq, now);
    }

    /** The claim of an order the ledger already has a row for, under that row's lock. */
    private Claim known(Connection c, String seller, String orderNo, String vendor, long dropId, int seq, Instant now)
            throws SQLException {
        LedgerOrder existing = Jdbc.first(c, "select * from fapiao_order where seller_tax_id = ? and order_no = ? for update",
                Ledger::order, seller, orderNo).orElseThrow(() -> new SQLException("order vanished while claiming it"));
        if (existing.dropId() == dropId && existing.dropSeq() != seq) {
            return new Claim(Claim.Kind.REPEATED_IN_INPUT, existing);
        }
        switch (existing.status()) {
            case REJECTED, FAILED -> {
                Jdbc.update(c, """
                        update fapiao_order set status = 'RECEIVED', vendor = ?, drop_id = ?, drop_seq = ?, owner = ?,
                          message = null, pending_action = null, vendor_ref = null, polls = 0, next_poll_at = null,
                          updated_at = ? where seller_tax_id = ? and order_no = ? and status in ('REJECTED', 'FAILED')""",
                        vendor, dropId, seq, owner, now, seller, orderNo);
                return new Claim(Claim.Kind.GRANTED, existing);
            }
            case RECEIVED -> {
                if (!abandoned(existing, now)) {
                    return new Claim(Claim.Kind.IN_FLIGHT, existing);
                }
                // received but never sent by a process that stopped: nothing reached the vendor
                Jdbc.update(c, """
                        update fapiao_order set vendor = ?, drop_id = ?, drop_seq = ?, owner = ?, updated_at = ?
                        where seller_tax_id = ? and order_no = ? and status = 'RECEIVED'""",
                        vendor, dropId, seq, owner, now, seller, orderNo);
                return new Claim(Claim.Kind.GRANTED, existing);
            }
            case SUBMITTING -> {
                if (!abandoned(existing, now)) {
                    return new Claim(Claim.Kind.IN_FLIGHT, existing);
                }
                Outcome unknown = unknownAfterStop();
                Jdbc.update(c, """
                        update fapiao_order set status = 'PENDING', pending_action = 'POLL', message = ?, owner = null,
                          next_poll_at = ?, updated_at = ? where seller_tax_id = ? and order_no = ? and status = 'SUBMITTING'""",
                        unknown.message(), now, now, seller, orderNo);
                return new Claim(Claim.Kind.KNOWN, Jdbc.first(c,
                        "select * from fapiao_order where seller_tax_id = ? and order_no = ?", Ledger::order, seller,
                        orderNo).orElseThrow());
            }
            default -> {
                return new Claim(Claim.Kind.KNOWN, existing);
            }
        }
    }

    private static Outcome unknownAfterStop() {
        return Outcome.pending("发送时程序中断，结果未知，正在向供应商查询 / the process stopped while sending this order; "
                + "its outcome is unknown, asking the vendor");
    }

    /** Left half-way: released at start-up, or held by another process that has not touched it for too long. */
    private boolean abandoned(LedgerOrder existing, Instant now) {
        return existing.owner() == null
                || !existing.owner().equals(owner) && existing.updatedAt().isBefore(now.minus(inFlightTimeout));
    }

    /**
     * Orders left half-way by processes that stopped: received ones are released (nothing was sent), ones being
     * sent become PENDING and are asked about at their vendor — never sent again blindly. With {@code all}, every
     * such order (an embedded ledger only this process can open); otherwise those untouched past the in-flight
     * timeout. Answers how many orders are now asked about.
     */
    public int releaseAbandoned(boolean all) {
        Instant now = Instant.now();
        Instant before = all ? now.plusSeconds(1) : now.minus(inFlightTimeout);
        String notMine = all ? "" : " and (owner is null or owner <> ?)";
        Object[] args = all ? new Object[] {before} : new Object[] {before, owner};
        jdbc.update("update fapiao_order set owner = null where status = 'RECEIVED' and updated_at < ?" + notMine, args);
        Outcome unknown = unknownAfterStop();
        Object[] pendingArgs = all ? new Object[] {unknown.message(), now, now, before}
                : new Object[] {unknown.message(), now, now, before, owner};
        return jdbc.update("""
                update fapiao_order set status = 'PENDING', pending_action = 'POLL', message = ?, owner = null,
                  next_poll_at = ?, updated_at = ? where status = 'SUBMITTING' and updated_at < ?""" + notMine,
                pendingArgs);
    }

    /**
     * A reading of a drop failed (the drop is read again): the orders this process had claimed for it are let go —
     * received ones may be claimed again at once, ones being sent are asked about — instead of waiting for the
     * in-flight timeout as if another process held them.
     */
    public void releaseDrop(long dropId) {
        Instant now = Instant.now();
        jdbc.update("update fapiao_order set owner = null where drop_id = ? and status = 'RECEIVED' and owner = ?",
                dropId, owner);
        jdbc.update("""
                update fapiao_order set status = 'PENDING', pending_action = 'POLL', message = ?, owner = null,
                  next_poll_at = ?, updated_at = ? where drop_id = ? and status = 'SUBMITTING' and owner = ?""",
                unknownAfterStop().message(), now, now, dropId, owner);
    }

    /**
     * Written just before the first vendor call: from here on the vendor may have the order. False when the claim
     * was lost meanwhile (another process took the order over): then nothing may be sent.
     */
    public boolean submitting(String seller, String orderNo, String invoiceType, BigDecimal amount, BigDecimal tax,
                              String orderJson) {
        Instant now = Instant.now();
        return sent(jdbc.update("""
                update fapiao_order set status = 'SUBMITTING', invoice_type = ?, total_amount = ?, total_tax = ?,
                  order_json = ?, submitted_at = ?, updated_at = ?
                where seller_tax_id = ? and order_no = ? and status = 'RECEIVED' and owner = ?""",
                invoiceType, amount, tax, orderJson, now, now, seller, orderNo, owner) == 1,
                // the row it was received with may not be in the ledger's file yet: the claim says all it holds
                () -> jdbc.first("select vendor, drop_id, drop_seq from fapiao_order where seller_tax_id = ? and order_no = ?",
                        r -> new ClaimLog.Entry(seller, orderNo, Instant.now(), r.getString(1), r.getLong(2),
                                r.getInt(3), invoiceType, amount, tax, orderJson), seller, orderNo)
                        .orElseGet(() -> ClaimLog.Entry.named(seller, orderNo)));
    }

    /** A write before a vendor call, made durable when it counted: the order may be at the vendor from here on. */
    private boolean sent(boolean written, Supplier<ClaimLog.Entry> entry) {
        if (written) {
            jdbc.durable(entry);
        }
        return written;
    }

    private boolean sent(boolean written, String seller, String orderNo) {
        return sent(written, () -> ClaimLog.Entry.named(seller, orderNo));
    }

    /**
     * Brings forward what the claim log of a stopped process says was about to be sent (see {@link ClaimLog}): an
     * order the ledger's file lacks is written as pending and asked about at its vendor; one the file holds in a state
     * from before its line (received, failed, held for review or a login) is asked about too, never sent again. An
     * order still {@code SUBMITTING} is left to {@link #releaseAbandoned}; one written after its line stands.
     */
    static void recover(Jdbc jdbc, List<ClaimLog.Entry> entries) {
        Outcome unknown = unknownAfterStop();
        int asked = jdbc.inTransaction("cannot bring the ledger's claims forward", c -> {
            int n = 0;
            for (ClaimLog.Entry e : entries) {
                Instant now = Instant.now();
                Optional<Standing> row = Jdbc.first(c, """
                        select status, pending_action, updated_at from fapiao_order
                        where seller_tax_id = ? and order_no = ? for update""",
                        r -> new Standing(r.getString(1), r.getString(2), Jdbc.instant(r, "updated_at")),
                        e.seller(), e.orderNo());
                if (row.isEmpty()) {
                    if (!e.complete()) {
                        continue;
                    }
                    Jdbc.update(c, """
                            insert into fapiao_order (seller_tax_id, order_no, vendor, status, pending_action, message,
                              drop_id, drop_seq, invoice_type, total_amount, total_tax, order_json, next_poll_at,
                              submitted_at, created_at, updated_at)
                            values (?, ?, ?, 'PENDING', 'POLL', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                            e.seller(), e.orderNo(), e.vendor(), unknown.message(), e.dropId(), e.seq(),
                            e.invoiceType(), e.amount(), e.tax(), e.orderJson(), now, e.at(), e.at(), now);
                    n++;
                    continue;
                }
                if (row.get().sendsAgain() && !row.get().updatedAt().isAfter(e.at())) {
                    Jdbc.update(c, """
                            update fapiao_order set status = 'PENDING', pending_action = 'POLL', message = ?, owner = null,
                              lease_owner = null, lease_until = null, next_poll_at = ?, submitted_at = ?, updated_at = ?,
                              invoice_type = coalesce(?, invoice_type), total_amount = coalesce(?, total_amount),
                              total_tax = coalesce(?, total_tax), order_json = coalesce(?, order_json)
                            where seller_tax_id = ? and order_no = ?""",
                            unknown.message(), now, e.at(), now, e.invoiceType(), e.amount(), e.tax(), e.orderJson(),
                            e.seller(), e.orderNo());
                    n++;
                }
            }
            return n;
        });
        if (asked > 0) {
            LOG.info("Ledger: {} orders were about to be sent when the last run stopped, and its file did not say "
                    + "so; their outcome is asked of their vendor, they are not sent again", asked);
        }
    }

    /** An order's row as {@link #recover} finds it. */
    private record Standing(String status, String pendingAction, Instant updatedAt) {

        /** A state the order could be sent from again: received, failed, or pending for anything but an answer. */
        boolean sendsAgain() {
            return switch (status) {
                case "RECEIVED", "REJECTED", "FAILED" -> true;
                case "PENDING" -> !"POLL".equals(pendingAction);
                default -> false;
            };
        }
    }

    /**
     * Holds a claimed order without sending it: its seller must log in to the tax bureau first. The checked order is
     * kept, so it can be sent once the seller is logged in. False when the claim was lost meanwhile.
     */
    public boolean hold(String seller, String orderNo, String invoiceType, BigDecimal amount, BigDecimal tax,
                        String orderJson, Outcome held) {
        Instant now = Instant.now();
        return jdbc.update("""
                update fapiao_order set status = 'PENDING', pending_action = ?, message = ?, invoice_type = ?,
                  total_amount = ?, total_tax = ?, order_json = ?, next_poll_at = null, owner = null, updated_at = ?
                where seller_tax_id = ? and order_no = ? and status = 'RECEIVED' and owner = ?""",
                held.next().name(), Jdbc.clip(held.message(), 2000), invoiceType, amount, tax, orderJson, now, seller,
                orderNo, owner) == 1;
    }

    /**
     * Written just before a pending order is sent again (it never reached the vendor, or it is sent back to issuing):
     * from here on it is to be asked about, never sent again blindly. False when this process no longer holds it.
     */
    public boolean resending(String seller, String orderNo) {
        Instant now = Instant.now();
        return sent(jdbc.update("""
                update fapiao_order set pending_action = 'POLL', submitted_at = ?, updated_at = ?
                where seller_tax_id = ? and order_no = ? and status = 'PENDING' and lease_owner = ?""",
                now, now, seller, orderNo, owner) == 1, seller, orderNo);
    }

    /**
     * Written just before an order the vendor holds for review is sent back to issuing: from here on it is asked
     * about. False when another drop is already sending it back.
     */
    public boolean resubmitting(String seller, String orderNo) {
        Instant now = Instant.now();
        return sent(jdbc.update("""
                update fapiao_order set pending_action = 'POLL', submitted_at = ?, next_poll_at = ?, updated_at = ?
                where seller_tax_id = ? and order_no = ? and status = 'PENDING' and pending_action = 'REVIEW'""",
                now, now.plusSeconds(5), now, seller, orderNo) == 1, seller, orderNo);
    }

    /**
     * Written just before an order whose seller logged in again is sent back to issuing at the vendor, which kept it:
     * from here on it is asked about. False when this process no longer holds it.
     */
    public boolean resubmittingDue(String seller, String orderNo) {
        Instant now = Instant.now();
        return sent(jdbc.update("""
                update fapiao_order set pending_action = 'POLL', submitted_at = ?, updated_at = ?
                where seller_tax_id = ? and order_no = ? and status = 'PENDING' and pending_action = 'RESUBMIT'
                  and lease_owner = ?""",
                now, now, seller, orderNo, owner) == 1, seller, orderNo);
    }

    /**
     * Records an outcome, moving the state forward only: a PENDING outcome replaces SUBMITTING or PENDING, a settled
     * one (ISSUED, REJECTED, FAILED) replaces any unsettled state. A pending order is polled again at
     * {@code nextPoll}; an issued one with a PDF to fetch is tried at {@code nextPoll}. False when the order had
     * already moved past it (a late writer): the caller reads the order as it stands.
     */
    public boolean outcome(String seller, String orderNo, Outcome o, Instant nextPoll) {
        String from = o.status() == OrderStatus.PENDING ? MOVES_TO_PENDING : MOVES_TO_SETTLED;
        return jdbc.update("""
                update fapiao_order set status = ?, invoice_no = ?, issued_at = ?, check_code = ?, pdf_url = ?,
                  message = ?, pending_action = ?, vendor_ref = coalesce(nullif(?, ''), vendor_ref), next_poll_at = ?, owner = null, lease_owner = null,
                  lease_until = null, updated_at = ?
                where seller_tax_id = ? and order_no = ?""" + " and " + from,
                o.status().name(), o.invoiceNo(), o.issuedAt(), Jdbc.clip(o.checkCode(), 40), Jdbc.clip(o.pdfUrl(), 1000),
                Jdbc.clip(o.message(), 2000), o.next() == null ? null : o.next().name(), Jdbc.clip(o.vendorRef(), 200),
                nextPoll, Instant.now(), seller, orderNo) == 1;
    }

    /** The invoice file is stored: nothing is left to fetch for this order. */
    public void pdfFile(String seller, String orderNo, String pdfFile) {
        jdbc.update(PDF_FILE, pdfFile, Instant.now(), seller, orderNo);
    }

    static final String PDF_FILE = """
            update fapiao_order set pdf_file = ?, next_poll_at = null, lease_owner = null, lease_until = null,
              updated_at = ? where seller_tax_id = ? and order_no = ? and status = 'ISSUED'""";

    /** One more poll of a pending order (or PDF attempt of an issued one) that settled nothing: when to try next. */
    public void polled(String seller, String orderNo, String message, Instant nextPoll) {
        jdbc.update("""
                update fapiao_order set polls = polls + 1, message = ?, next_poll_at = ?, lease_owner = null,
                  lease_until = null, updated_at = ?
                where seller_tax_id = ? and order_no = ? and status in ('PENDING', 'ISSUED')""",
                Jdbc.clip(message, 2000), nextPoll, Instant.now(), seller, orderNo);
    }

    public Optional<LedgerOrder> find(String seller, String orderNo) {
        return jdbc.first("select * from fapiao_order where seller_tax_id = ? and order_no = ?", Ledger::order, seller,
                orderNo);
    }

    /**
     * The order's row once no transaction is writing it: a read that waits for the row's lock. A drop whose line was
     * written while another drop or process had the order reads the row so, after writing its line. The one who
     * settles the order writes the row before it looks for lines to bring up to date, in the same transaction
     * ({@link DropLedger#orderDone}); a plain read could run between that look and its commit, and neither would see
     * the other — the line would keep its old outcome. Waiting for the lock, this read sees what that transaction
     * commits, or that transaction sees the line.
     */
    public Optional<LedgerOrder> findAfterWriters(String seller, String orderNo) {
        return jdbc.inTransaction("cannot read order " + orderNo, c -> Jdbc.first(c,
                "select * from fapiao_order where seller_tax_id = ? and order_no = ? for update", Ledger::order, seller,
                orderNo));
    }

    /** Every seller's order of this number (sellers number their orders independently). */
    public List<LedgerOrder> findAll(String orderNo) {
        return jdbc.query("select * from fapiao_order where order_no = ? order by seller_tax_id", Ledger::order, orderNo);
    }

    /**
     * Orders whose time has come, soonest first; looked for every poll interval, through fapiao_order_due (whose nulls,
     * the orders waiting for nothing, come last and are never read).
     */
    static final String DUE = """
            select * from fapiao_order where next_poll_at <= ? and (lease_until is null or lease_until < ?) and (
              status = 'PENDING' and pending_action in ('POLL', 'RESEND', 'RESUBMIT')
              or status = 'ISSUED' and pdf_file is null and pdf_url <> '' and polls < ?)
            order by next_poll_at, drop_id, drop_seq""";

    /**
     * Takes up to {@code limit} orders whose time has come — pending ones to ask about or send again, issued ones
     * whose PDF is still to be fetched — under a lease, so no other instance works on them meanwhile. The lease is
     * taken with a conditional update per row: portable, and only the instance whose update counted gets the row.
     */
    public List<LedgerOrder> takeDue(int limit, int maxPdfAttempts) {
        Instant now = Instant.now();
        List<LedgerOrder> candidates = jdbc.query(DUE + " fetch first " + limit + " rows only", Ledger::order, now, now,
                maxPdfAttempts);
        List<LedgerOrder> taken = new ArrayList<>();
        Instant until = now.plus(lease);
        for (LedgerOrder o : candidates) {
            int n = jdbc.update("""
                    update fapiao_order set lease_owner = ?, lease_until = ?
                    where seller_tax_id = ? and order_no = ? and status = ? and (lease_until is null or lease_until < ?)""",
                    owner, until, o.sellerTaxId(), o.orderNo(), o.status().name(), now);
            if (n == 1) {
                taken.add(o);
            }
        }
        return taken;
    }

    /** Gives a leased order back without recording anything (it is taken again when due). */
    public void release(String seller, String orderNo) {
        jdbc.update("update fapiao_order set lease_owner = null, lease_until = null where seller_tax_id = ? and order_no = ? "
                + "and lease_owner = ?", seller, orderNo, owner);
    }

    /** The seller's pending orders waiting for {@code step}, oldest drop and line first. */
    public List<LedgerOrder> waiting(String seller, NextStep step) {
        return jdbc.query(WAITING, Ledger::order, seller, step.name());
    }

    /** Through fapiao_order_waiting (pending_action, seller_tax_id): only the orders that wait are read. */
    static final String WAITING = """
            select * from fapiao_order where seller_tax_id = ? and status = 'PENDING' and pending_action = ?
            order by drop_id, drop_seq""";

    /** Makes the seller's orders waiting for {@code from} due now as {@code to} (e.g. LOGIN → RESEND once logged in). */
    public int release(String seller, NextStep from, NextStep to) {
        Instant now = Instant.now();
        return jdbc.update("""
                update fapiao_order set pending_action = ?, next_poll_at = ?, updated_at = ?
                where seller_tax_id = ? and status = 'PENDING' and pending_action = ?""",
                to.name(), now, now, seller, from.name());
    }

    /**
     * Makes the seller's orders at {@code vendor} held for its tax-bureau login due now, all at one time so they are
     * taken in input order: those the vendor does not have ({@link NextStep#LOGIN}) to be sent
     * ({@link NextStep#RESEND}), those it kept ({@link NextStep#LOGIN_RESUBMIT}) to be sent back to issuing
     * ({@link NextStep#RESUBMIT}). Answers how many.
     */
    public int releaseHeld(String seller, String vendor) {
        Instant now = Instant.now();
        return jdbc.update("""
                update fapiao_order set pending_action = case pending_action when 'LOGIN' then 'RESEND' else 'RESUBMIT' end,
                  next_poll_at = ?, updated_at = ?
                where seller_tax_id = ? and vendor = ? and status = 'PENDING' and pending_action in ('LOGIN', 'LOGIN_RESUBMIT')""",
                now, now, seller, vendor);
    }

    /** A seller whose orders at a vendor wait for its tax-bureau login, and how many. */
    public record Held(String sellerTaxId, String vendor, int orders) {
    }

    /** Every seller whose orders wait for its tax-bureau login ({@link NextStep#waitsForLogin()}), per vendor. */
    public List<Held> held() {
        return jdbc.query("""
                select seller_tax_id, vendor, count(*) from fapiao_order
                where pending_action in ('LOGIN', 'LOGIN_RESUBMIT') and status = 'PENDING'
                group by seller_tax_id, vendor""", r -> new Held(r.getString(1), r.getString(2), r.getInt(3)));
    }

    static LedgerOrder order(ResultSet r) throws SQLException {
        String next = r.getString("pending_action");
        return new LedgerOrder(r.getString("seller_tax_id"), r.getString("order_no"), r.getString("vendor"),
                Jdbc.text(r, "invoice_type"), OrderStatus.valueOf(r.getString("status")), Jdbc.text(r, "invoice_no"),
                Jdbc.text(r, "issued_at"), r.getBigDecimal("total_amount"), r.getBigDecimal("total_tax"),
                Jdbc.text(r, "check_code"), Jdbc.text(r, "pdf_url"), Jdbc.text(r, "pdf_file"), Jdbc.text(r, "message"),
                next == null ? null : NextStep.valueOf(next), Jdbc.text(r, "vendor_ref"), r.getLong("drop_id"),
                r.getInt("drop_seq"), r.getString("order_json"), r.getInt("polls"), Jdbc.instant(r, "next_poll_at"),
                Jdbc.instant(r, "submitted_at"), Jdbc.instant(r, "updated_at"), r.getString("owner"));
    }
}

package io.fapiao.ledger;

import io.fapiao.order.OrderStatus;
import io.fapiao.order.Outcome;
import io.fapiao.order.Problem;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Every input the bundle took in (a drop), its orders in input order with the outcome each was reported with, and
 * every rejection with line, field and both reasons. Result files are rendered from here — never accumulated in
 * memory — so they survive restarts and are written again whenever an order of the drop settles later, by the
 * instance whose outbox the drop belongs to.
 */
public final class DropLedger {

    private final Jdbc jdbc;

    public DropLedger(LedgerDatabase database) {
        this.jdbc = database.jdbc();
    }

    /**
     * Opens a drop for an input. An input this channel started before but never finished (the process stopped, or
     * the input failed) is the same drop started again: its lines are cleared and its attempts counted, so an input
     * that keeps failing can be set aside instead of looping. Any other input gets a new drop whose output name is
     * the file name, or the file name with a suffix when that name is taken — in the ledger or by {@code nameTaken}
     * (files already in the outbox or the archive) — so nothing written earlier is ever overwritten.
     *
     * @param size     the input's size in bytes, -1 when not known (a message)
     * @param modified the input's last-modified time in epoch ms, -1 when not known
     * @param outbox   which outbox renders the drop's files (this instance's)
     */
    public DropOpening open(String channel, String fileName, long size, long modified, String outbox,
                            Predicate<String> nameTaken) {
        return open(channel, fileName, size, modified, outbox, nameTaken, Integer.MAX_VALUE);
    }

    /**
     * As above; an unfinished drop started more than {@code maxStarts} times is answered as it stands (its lines
     * kept, so what it issued is reported) for the caller to set aside.
     */
    public DropOpening open(String channel, String fileName, long size, long modified, String outbox,
                            Predicate<String> nameTaken, int maxStarts) {
        String file = Jdbc.clip(fileName, 500);
        Optional<DropOpening> again = jdbc.inTransaction("cannot record the input " + fileName, c -> {
            Optional<DropOpening> same = Optional.empty();
            try (PreparedStatement p = c.prepareStatement("""
                    select id, output_name, source_size, source_modified, attempts from fapiao_drop
                    where channel = ? and file_name = ? and state = 'OPEN' for update""")) {
                Jdbc.bind(p, channel, file);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        long id = r.getLong(1);
                        if (same.isEmpty() && r.getLong(3) == size && r.getLong(4) == modified && size >= 0) {
                            int attempts = r.getInt(5) + 1;
                            same = Optional.of(new DropOpening(new Drop(id, channel, file, r.getString(2)), attempts));
                        } else {
                            supersede(c, id);
                        }
                    }
                }
            }
            if (same.isPresent()) {
                long id = same.get().drop().id();
                Jdbc.update(c, "update fapiao_drop set attempts = ?, received_at = ? where id = ?",
                        same.get().attempts(), Instant.now(), id);
                if (same.get().attempts() <= maxStarts) {
                    Jdbc.update(c, "delete from fapiao_drop_entry where drop_id = ?", id);
                    Jdbc.update(c, "delete from fapiao_drop_error where drop_id = ?", id);
                }
            }
            return same;
        });
        if (again.isPresent()) {
            return again.get();
        }
        return new DropOpening(insert(channel, file, size, modified, outbox, nameTaken), 1);
    }

    /** An unfinished drop whose input was replaced by another of the same name: it ends with what it has. */
    private static void supersede(Connection c, long id) throws SQLException {
        Jdbc.update(c, """
                update fapiao_drop set state = 'FAILED', stale = true, finished_at = ?,
                  problem = '输入文件在处理完成前被同名新文件替换 / the input was replaced by a new file of the same name before it finished'
                where id = ?""", Instant.now(), id);
    }

    private Drop insert(String channel, String file, long size, long modified, String outbox,
                        Predicate<String> nameTaken) {
        String base = baseName(file);
        long earlier = jdbc.first("select count(*) from fapiao_drop where outbox = ? and file_name = ?", r -> r.getLong(1),
                outbox, file).orElse(0L);
        for (long n = earlier == 0 ? 1 : earlier + 1; ; n++) {
            String name = Jdbc.clip(n == 1 ? base : suffixed(base, n), 300);
            if (nameTaken.test(name)) {
                continue;
            }
            try {
                long id = jdbc.inTransaction("cannot record the input " + file, c -> {
                    try (PreparedStatement p = c.prepareStatement("""
                            insert into fapiao_drop (channel, file_name, output_name, outbox, source_size,
                              source_modified, attempts, state, received_at) values (?, ?, ?, ?, ?, ?, 1, 'OPEN', ?)""",
                            new String[] {"id"})) {
                        Jdbc.bind(p, channel, file, name, outbox, size, modified, Instant.now());
                        p.executeUpdate();
                        try (ResultSet keys = p.getGeneratedKeys()) {
                            keys.next();
                            return keys.getLong(1);
                        }
                    }
                });
                return new Drop(id, channel, file, name);
            } catch (LedgerException e) {
                if (!(e.getCause() instanceof SQLException s) || !Jdbc.DUPLICATE_KEY.equals(s.getSQLState())) {
                    throw e;
                }
            }
        }
    }

    /** {@code orders.csv} → {@code orders.2.csv}: still opens as what it is, and sorts beside the first. */
    static String suffixed(String name, long n) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) + "." + n + name.substring(dot) : name + "." + n;
    }

    /** The input's own file name, without any folder. */
    static String baseName(String fileName) {
        String n = fileName.replace('\\', '/');
        return n.substring(n.lastIndexOf('/') + 1);
    }

    /** Counts one more failed reading of the drop's input; answers how many there were. */
    public int failed(long dropId) {
        jdbc.update("update fapiao_drop set failures = failures + 1 where id = ?", dropId);
        return jdbc.first("select failures from fapiao_drop where id = ?", r -> r.getInt(1), dropId).orElse(1);
    }

    /** The drop is done: every order has its line. {@code problem} says why an input failed, or is null. */
    public void finish(long dropId, boolean failed, String problem) {
        jdbc.update("update fapiao_drop set state = ?, problem = ?, finished_at = ?, stale = false where id = ?",
                failed ? "FAILED" : "DONE", Jdbc.clip(problem, 1000), Instant.now(), dropId);
        // its input leaves the inbox next: what the drop recorded must not be younger than that
        jdbc.durable();
    }

    public Optional<Drop> drop(long dropId) {
        return jdbc.first("select id, channel, file_name, output_name from fapiao_drop where id = ?", DropLedger::drop,
                dropId);
    }

    private static Drop drop(ResultSet r) throws SQLException {
        String output = r.getString(4);
        return new Drop(r.getLong(1), r.getString(2), r.getString(3), output == null ? baseName(r.getString(3)) : output);
    }

    /** Records an order's line in a drop, with the outcome it is reported with now. */
    public void entry(long dropId, ResultRow row) {
        jdbc.update(ENTRY, entryArgs(dropId, row));
    }

    // not "changed": the job that writes a line tells its channel right after (a stop in between reads the drop
    // again, lines and all); marked lines are the ones a later outcome reached, which a stale drop tells again
    private static final String ENTRY = """
            insert into fapiao_drop_entry (drop_id, seq, line, seller_tax_id, order_no, status, invoice_no,
              issued_at, total_amount, total_tax, pdf, message, changed)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, false)""";

    private static Object[] entryArgs(long dropId, ResultRow row) {
        return new Object[] {dropId, row.seq(), row.line(), Jdbc.clip(row.sellerTaxId(), 100), Jdbc.clip(row.orderNo(), 200),
            row.status().name(), Jdbc.clip(row.invoiceNo(), 24), Jdbc.clip(row.issuedAt(), 20), row.totalAmount(),
            row.totalTax(), Jdbc.clip(row.pdf(), 300), Jdbc.clip(row.message(), 2000)};
    }

    /**
     * Everything recorded when an order's line of a drop is written, in one transaction: the invoice file stored for
     * it ({@code fileStored}: recorded on the order, nothing left to fetch), its line, its rejections, and — when
     * {@code settled} is given — the order's lines still open in other drops brought up to that outcome (one
     * statement that changes nothing when no other drop holds the order).
     */
    public void orderDone(long dropId, ResultRow row, List<Problem> problems, boolean fileStored, Outcome settled) {
        jdbc.inTransaction("cannot record the line of order " + row.orderNo(), c -> {
            if (fileStored) {
                Jdbc.update(c, Ledger.PDF_FILE, row.pdf(), Instant.now(), row.sellerTaxId(), row.orderNo());
            }
            Jdbc.update(c, ENTRY, entryArgs(dropId, row));
            if (!problems.isEmpty()) {
                insertErrors(c, dropId, row.seq(), row.orderNo(), problems);
            }
            if (settled != null) {
                settle(c, row.sellerTaxId(), row.orderNo(), settled, row.pdf());
            }
            return null;
        });
    }

    public void errors(long dropId, int seq, String orderNo, List<Problem> problems) {
        jdbc.inTransaction("cannot record the errors of order " + orderNo, c -> {
            insertErrors(c, dropId, seq, orderNo, problems);
            return null;
        });
    }

    private static void insertErrors(Connection c, long dropId, int seq, String orderNo, List<Problem> problems)
            throws SQLException {
        try (PreparedStatement p = c.prepareStatement("""
                insert into fapiao_drop_error (drop_id, seq, line, order_no, field, reason_zh, reason_en)
                values (?, ?, ?, ?, ?, ?, ?)""")) {
            for (Problem problem : problems) {
                Jdbc.bind(p, dropId, seq, problem.line(), Jdbc.clip(orderNo, 200), Jdbc.clip(problem.field(), 100),
                        Jdbc.clip(problem.zh(), 1000), Jdbc.clip(problem.en(), 1000));
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    /**
     * Brings every line of an order that is still open up to its new outcome, and marks those lines to be told to
     * their channel and their finished drops' result files to be written again. Answers the drops whose lines changed.
     * One statement when no line is open — the usual case of an order that only its own drop holds, whose line was
     * written with its outcome.
     */
    public List<Long> settle(String seller, String orderNo, Outcome o, String pdf) {
        return jdbc.inTransaction("cannot settle the lines of order " + orderNo, c -> settle(c, seller, orderNo, o, pdf));
    }

    private static final String OPEN_LINES = """
            seller_tax_id = ? and order_no = ? and (status in ('PENDING', 'RECEIVED', 'SUBMITTING')
              or status = 'ISSUED' and coalesce(pdf, '') = '' and ? <> '')""";

    /**
     * The open lines of the order settled, their finished drops marked stale; the drops answered. The drops holding
     * an open line are locked first: a drop finishing meanwhile either finished before (it is marked stale here) or
     * waits for this transaction and then reads the settled lines. Without the lock it could read the lines before
     * this commit while this statement still saw it open, and its result file would keep the old outcome.
     */
    private static List<Long> settle(Connection c, String seller, String orderNo, Outcome o, String pdf)
            throws SQLException {
        List<Long> holding = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("select distinct drop_id from fapiao_drop_entry where " + OPEN_LINES)) {
            Jdbc.bind(p, seller, orderNo, pdf);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    holding.add(r.getLong(1));
                }
            }
        }
        List<Long> drops = new ArrayList<>();
        if (holding.isEmpty()) {
            // the usual case: no other line waits for this order (one that is written after this looks itself)
            return drops;
        }
        List<Long> finished = new ArrayList<>();
        String ids = String.join(", ", java.util.Collections.nCopies(holding.size(), "?"));
        try (PreparedStatement p = c.prepareStatement("select id, state from fapiao_drop where id in (" + ids + ") "
                + "order by id for update")) {
            Jdbc.bind(p, holding.toArray());
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    drops.add(r.getLong(1));
                    if (!"OPEN".equals(r.getString(2))) {
                        finished.add(r.getLong(1));
                    }
                }
            }
        }
        if (drops.isEmpty()) {
            return drops;
        }
        Jdbc.update(c, "update fapiao_drop_entry set status = ?, invoice_no = ?, issued_at = ?, pdf = ?, message = ?, "
                        + "changed = true where " + OPEN_LINES,
                o.status().name(), Jdbc.clip(o.invoiceNo(), 24), Jdbc.clip(o.issuedAt(), 20), Jdbc.clip(pdf, 300),
                Jdbc.clip(o.message(), 2000), seller, orderNo, pdf);
        for (long id : finished) {
            Jdbc.update(c, "update fapiao_drop set stale = true where id = ?", id);
        }
        return drops;
    }

    /** Finished drops of this outbox whose result files must be written again; each is unmarked as it is handed out. */
    public List<Drop> takeStale(String outbox, int limit) {
        List<Drop> stale = jdbc.query("select id, channel, file_name, output_name from fapiao_drop where stale = true "
                + "and outbox = ? order by id fetch first " + limit + " rows only", DropLedger::drop, outbox);
        stale.removeIf(d -> jdbc.update("update fapiao_drop set stale = false where id = ? and stale = true", d.id()) != 1);
        return stale;
    }

    /** The lines of a drop whose latest outcome its channel has not been told yet. */
    public List<ResultRow> changed(long dropId) {
        return jdbc.query("select * from fapiao_drop_entry where drop_id = ? and changed = true order by seq",
                DropLedger::row, dropId);
    }

    /** The line was told as {@code seen}; a change that came meanwhile stays to be told. */
    public void told(long dropId, ResultRow seen) {
        jdbc.update("""
                update fapiao_drop_entry set changed = false where drop_id = ? and seq = ? and status = ?
                  and coalesce(invoice_no, '') = ? and coalesce(pdf, '') = ? and coalesce(message, '') = ?""",
                dropId, seen.seq(), seen.status().name(), seen.invoiceNo(), seen.pdf(), Jdbc.clip(seen.message(), 2000));
    }

    /** A drop's result rows in input order, one at a time. */
    public void forEachResult(long dropId, Consumer<ResultRow> each) {
        jdbc.stream("select * from fapiao_drop_entry where drop_id = ? order by seq", DropLedger::row, each, dropId);
    }

    private static ResultRow row(ResultSet r) throws SQLException {
        return new ResultRow(r.getInt("seq"), r.getLong("line"), Jdbc.text(r, "seller_tax_id"),
                Jdbc.text(r, "order_no"), OrderStatus.valueOf(r.getString("status")), Jdbc.text(r, "invoice_no"),
                Jdbc.text(r, "issued_at"), r.getBigDecimal("total_amount"), r.getBigDecimal("total_tax"),
                Jdbc.text(r, "pdf"), Jdbc.text(r, "message"));
    }

    /** A drop's rejected rows in input order: order number and problem. */
    public void forEachError(long dropId, BiConsumer<String, Problem> each) {
        jdbc.stream("select * from fapiao_drop_error where drop_id = ? order by seq, id",
                r -> new Object[] {Jdbc.text(r, "order_no"), new Problem(r.getLong("line"), Jdbc.text(r, "field"),
                        Jdbc.text(r, "reason_zh"), Jdbc.text(r, "reason_en"))},
                row -> each.accept((String) row[0], (Problem) row[1]), dropId);
    }

    public int countErrors(long dropId) {
        return jdbc.first("select count(*) from fapiao_drop_error where drop_id = ?", r -> r.getInt(1), dropId).orElse(0);
    }

    /** Why a drop failed as a whole, or "". */
    public String problem(long dropId) {
        return jdbc.first("select problem from fapiao_drop where id = ?", r -> Jdbc.text(r, "problem"), dropId).orElse("");
    }

    /** The input line where a drop's order starts, once its line is written; 0 before. */
    public long lineOf(long dropId, int seq) {
        return jdbc.first("select line from fapiao_drop_entry where drop_id = ? and seq = ?", r -> r.getLong(1), dropId,
                seq).orElse(0L);
    }
}

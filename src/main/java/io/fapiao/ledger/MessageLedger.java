package io.fapiao.ledger;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Order messages in the ledger: the correlation of each order message (what its outcome messages carry back), and the
 * outcome messages the broker has not taken yet. Kept here rather than in memory so that neither a broker that is
 * down nor a restart loses an outcome. Outcome messages of one order leave in the order they were queued; instances
 * sharing the ledger never send one at the same time (the sender holds a lease on it).
 */
public final class MessageLedger {

    /** An outcome message waiting to be sent; {@code correlation} and {@code body} are JSON. */
    public record Waiting(long id, String channel, String orderNo, String status, String correlation, String body,
                          int attempts) {
    }

    private final Jdbc jdbc;
    private final String owner = UUID.randomUUID().toString();

    public MessageLedger(LedgerDatabase database) {
        this.jdbc = database.jdbc();
    }

    /** An order message was handed to issuing as the drop of {@code channel}; its correlation headers as JSON. */
    public void received(String channel, String correlation) {
        jdbc.update("insert into fapiao_message_drop (channel, correlation, received_at) values (?, ?, ?)", channel,
                correlation, Instant.now());
    }

    /** The correlation headers (JSON) of the order message of a drop; empty when the drop did not come as one. */
    public Optional<String> correlation(String channel) {
        return jdbc.first("select correlation from fapiao_message_drop where channel = ?", r -> r.getString(1), channel);
    }

    /**
     * Notes the status of an outcome of the order message of {@code channel}; answers whether it is news to the sender
     * of the order message: false only for PENDING after PENDING (the order's reason changed, not its state).
     */
    public boolean news(String channel, String status) {
        return jdbc.update("""
                update fapiao_message_drop set last_status = ?
                where channel = ? and not (? = 'PENDING' and coalesce(last_status, '') = 'PENDING')""",
                status, channel, status) == 1;
    }

    /** Keeps an outcome message until it is sent. */
    public void queue(String channel, String orderNo, String status, String correlation, String body) {
        Instant now = Instant.now();
        jdbc.update("""
                insert into fapiao_message_outbox (channel, order_no, status, correlation, body, next_attempt_at,
                  created_at) values (?, ?, ?, ?, ?, ?, ?)""",
                channel, Jdbc.clip(orderNo, 200), status, correlation, body, now, now);
    }

    /**
     * Takes up to {@code limit} outcome messages whose time has come, oldest first, under a lease; a message waits
     * while an older one of the same order is still unsent.
     */
    public List<Waiting> takeDue(int limit, Duration lease) {
        Instant now = Instant.now();
        List<Waiting> candidates = jdbc.query("""
                select * from fapiao_message_outbox o
                where o.next_attempt_at <= ? and (o.lease_until is null or o.lease_until < ?)
                  and not exists (select 1 from fapiao_message_outbox e
                                  where e.channel = o.channel and e.order_no = o.order_no and e.id < o.id)
                order by o.id fetch first""" + " " + limit + " rows only", MessageLedger::waiting, now, now);
        List<Waiting> taken = new ArrayList<>();
        for (Waiting w : candidates) {
            if (jdbc.update("""
                    update fapiao_message_outbox set lease_owner = ?, lease_until = ?
                    where id = ? and (lease_until is null or lease_until < ?)""",
                    owner, now.plus(lease), w.id(), now) == 1) {
                taken.add(w);
            }
        }
        return taken;
    }

    private static Waiting waiting(ResultSet r) throws SQLException {
        return new Waiting(r.getLong("id"), r.getString("channel"), r.getString("order_no"), r.getString("status"),
                r.getString("correlation"), r.getString("body"), r.getInt("attempts"));
    }

    /** The broker took it. */
    public void sent(long id) {
        jdbc.update("delete from fapiao_message_outbox where id = ?", id);
    }

    /** Sending failed: tried again at {@code next}; {@code problem} says why (never a secret). */
    public void failed(long id, Instant next, String problem) {
        jdbc.update("""
                update fapiao_message_outbox set attempts = attempts + 1, next_attempt_at = ?, problem = ?,
                  lease_owner = null, lease_until = null where id = ?""", next, Jdbc.clip(problem, 1000), id);
    }

    /** Gives a taken message back without trying it. */
    public void release(long id) {
        jdbc.update("update fapiao_message_outbox set lease_owner = null, lease_until = null where id = ? and lease_owner = ?",
                id, owner);
    }

    /** How many outcome messages wait. */
    public int waitingCount() {
        return jdbc.first("select count(*) from fapiao_message_outbox", r -> r.getInt(1)).orElse(0);
    }

    /**
     * When the next waiting outcome message can be taken, if any waits: the oldest of each order only (the others wait
     * for it), once its pause is over and no other sender holds it.
     */
    public Optional<Instant> nextDue() {
        return jdbc.query("""
                select min(greatest(o.next_attempt_at, coalesce(o.lease_until, o.next_attempt_at))) as due
                from fapiao_message_outbox o
                where not exists (select 1 from fapiao_message_outbox e
                                  where e.channel = o.channel and e.order_no = o.order_no and e.id < o.id)""",
                r -> Jdbc.instant(r, "due")).stream().filter(java.util.Objects::nonNull).findFirst();
    }
}

package io.fapiao.messages;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fapiao.flow.ReplySink;
import io.fapiao.ledger.Drop;
import io.fapiao.ledger.MessageLedger;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How outcomes go back to the broker (channel kind {@code message}): the outcome of an order that came as a message
 * — the first one, and again when a PENDING order settles later — becomes an outcome message, kept in the ledger until
 * the broker took it ({@link OutcomeMessages}), with the correlation headers of the order message. A PENDING order
 * whose reason changes while it waits is not answered again. While the order
 * message is being processed, its latest outcome is also kept here for the reply a requester may wait for.
 */
public final class MessageReplies implements ReplySink {

    static final String KIND = "message";

    private final MessageLedger ledger;
    /** Null when no {@code fapiao.messages.outcome-uri} is set: outcomes then only go back as replies. */
    private final OutcomeMessages outcomes;
    /** The latest outcome of each order message being processed right now, by its drop's channel. */
    private final Map<String, ObjectNode> inProcess = new ConcurrentHashMap<>();

    public MessageReplies(MessageLedger ledger, OutcomeMessages outcomes) {
        this.ledger = ledger;
        this.outcomes = outcomes;
    }

    @Override
    public void outcome(Drop drop, ObjectNode report) {
        ObjectNode outcome = report.deepCopy();
        outcome.put("status", contractStatus(outcome.path("status").asText()));
        inProcess.computeIfPresent(drop.channel(), (k, old) -> outcome);
        String status = outcome.path("status").asText();
        if (outcomes != null && ledger.news(drop.channel(), status)) {
            String correlation = ledger.correlation(drop.channel()).orElse("{}");
            outcomes.queue(drop.channel(), outcome.path("order_no").asText(), status, correlation, outcome.toString());
        }
    }

    /** The ledger's RECEIVED and SUBMITTING are PENDING to the outside: the contract knows four states. */
    static String contractStatus(String status) {
        return status.equals("RECEIVED") || status.equals("SUBMITTING") ? "PENDING" : status;
    }

    /** An order message of this channel is being processed: keep its outcomes for the reply. */
    void processing(String channel) {
        inProcess.put(channel, MessageIntake.NO_OUTCOME);
    }

    /** The latest outcome told for an order message being processed, or null when none was told. */
    ObjectNode latest(String channel) {
        ObjectNode n = inProcess.get(channel);
        return n == MessageIntake.NO_OUTCOME ? null : n;
    }

    void done(String channel) {
        inProcess.remove(channel);
    }
}

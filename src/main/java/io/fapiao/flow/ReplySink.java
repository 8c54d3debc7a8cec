package io.fapiao.flow;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fapiao.ledger.Drop;

/**
 * How outcomes go back to the channel a drop came from. Every drop's files are written to the local outbox first
 * (that is the local drop's whole answer); a channel adds its own way back: an SFTP inbox uploads the files, a
 * message channel sends the outcome as a message, the REST API answers the waiting caller. One sink per kind of
 * channel ({@link Drop#kind()}); a sink must not lose what it is given — what it cannot deliver now it keeps and
 * delivers later.
 */
public interface ReplySink {

    /** A file of this drop was written (or written again) in the local outbox; {@code relativePath} is under it. */
    default void fileWritten(Drop drop, String relativePath) {
    }

    /** An order of this drop has a new outcome: {@code report} is its {@code results/<order_no>.json}. */
    default void outcome(Drop drop, ObjectNode report) {
    }

    /** The drop finished: every order has its outcome line. */
    default void finished(Drop drop) {
    }
}

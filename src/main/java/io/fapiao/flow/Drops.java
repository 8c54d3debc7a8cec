package io.fapiao.flow;

import io.fapiao.ledger.Drop;
import io.fapiao.ledger.Ledger;
import io.fapiao.order.OrderCsvReader;
import io.fapiao.order.OrderJsonReader;
import io.fapiao.order.OrderStatus;
import io.fapiao.order.TextDecoding;
import io.fapiao.order.UnreadableInputException;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The steps of a drop — one input file: record it in the ledger, stream its orders, and when every order has an
 * outcome write its result and error files. A file that cannot be read at all is reported and set aside in
 * {@code .failed}; every other file goes to {@code .done}.
 */
public final class Drops {

    static final String DROP = "fapiaoDrop";
    /** The folder (under the inbox) the input is moved to once done: the file endpoint's {@code move} reads it. */
    static final String MOVE_TO = "fapiaoMoveTo";
    private static final Logger LOG = LoggerFactory.getLogger(Drops.class);

    private final Ledger ledger;
    private final ResultFiles results;
    private final char delimiter;

    public Drops(Ledger ledger, ResultFiles results, char delimiter) {
        this.ledger = ledger;
        this.results = results;
        this.delimiter = delimiter;
    }

    public void open(Exchange exchange) {
        String channel = exchange.getProperty("fapiaoChannel", "local", String.class);
        String name = exchange.getIn().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        Drop drop = ledger.openDrop(channel, name == null ? "unnamed" : name);
        exchange.setProperty(DROP, drop);
        exchange.setProperty(MOVE_TO, ".done");
        LOG.info("File {} ({}): reading orders", drop.fileName(), channel);
    }

    /** The orders of the file, streamed; the splitter closes the reader when it is done. */
    public Iterator<?> orders(Exchange exchange) throws IOException, org.apache.camel.InvalidPayloadException {
        Drop drop = exchange.getProperty(DROP, Drop.class);
        InputStream in = exchange.getIn().getMandatoryBody(InputStream.class);
        if (drop.fileName().toLowerCase(Locale.ROOT).endsWith(".json")) {
            return new OrderJsonReader(drop.fileName(), TextDecoding.open(in));
        }
        OrderCsvReader reader = new OrderCsvReader(drop.fileName(), in, delimiter);
        LOG.info("File {}: header read as {}", drop.fileName(), reader.encoding());
        if (!reader.unknownColumns().isEmpty()) {
            LOG.info("File {}: ignoring unknown columns {}", drop.fileName(), reader.unknownColumns());
        }
        return reader;
    }

    /** The file cannot be read as orders (from some line on): say why in its error file and set it aside. */
    public void unreadable(Exchange exchange) {
        Drop drop = exchange.getProperty(DROP, Drop.class);
        UnreadableInputException e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, UnreadableInputException.class);
        ledger.errors(drop.id(), Integer.MAX_VALUE, "", List.of(e.problem()));
        exchange.setProperty(MOVE_TO, ".failed");
        LOG.warn("File {} cannot be read: {} (line {}); moved to .failed", drop.fileName(), e.problem().en(),
                e.problem().line());
    }

    public void finish(Exchange exchange) {
        Drop drop = exchange.getProperty(DROP, Drop.class);
        Map<OrderStatus, Integer> counts = results.writeDrop(drop);
        ledger.finishDrop(drop.id());
        LOG.info("File {}: {} orders — {}", drop.fileName(), counts.values().stream().mapToInt(Integer::intValue).sum(),
                counts);
    }
}

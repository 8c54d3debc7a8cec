package io.fapiao.flow;

import io.fapiao.ledger.Drop;
import io.fapiao.ledger.DropLedger;
import io.fapiao.ledger.DropOpening;
import io.fapiao.ledger.Ledger;
import io.fapiao.order.OrderCsvReader;
import io.fapiao.order.OrderDraft;
import io.fapiao.order.OrderReader;
import io.fapiao.order.OrderStatus;
import io.fapiao.order.Problem;
import io.fapiao.order.UnreadableInputException;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Predicate;

/**
 * The steps of a drop — one input: record it in the ledger, stream its orders, and when every order has an outcome
 * write its result and error files. An input that cannot be read as orders at all, is empty, or stopped processing
 * twice is reported and set aside in {@code .failed}; every other input goes to {@code .done}, under its output
 * name (the file name, with a suffix when that name came before). No input ever loops.
 */
public final class Drops {

    static final String DROP = "fapiaoDrop";
    /** The folder (under the inbox) the input is moved to once done: the file endpoint's {@code move} reads it. */
    static final String MOVE_TO = "fapiaoMoveTo";
    /** The name the input is archived under. */
    static final String ARCHIVE_NAME = "fapiaoArchiveName";
    static final String READER = "fapiaoReader";
    static final String ATTEMPTS = "fapiaoAttempts";
    /** An input that failed this many times is set aside instead of being read again. */
    static final int MAX_FAILURES = 2;
    /** An input that was started this many times without finishing (it keeps stopping the process) is set aside. */
    static final int MAX_STARTS = 5;
    private static final Logger LOG = LoggerFactory.getLogger(Drops.class);

    private final DropLedger drops;
    private final Ledger ledger;
    private final ResultFiles results;
    private final char delimiter;
    private final Map<String, String> channels;
    private final Path inbox;
    private final ProgressBoard board;

    /** The CSV delimiter {@code fapiao.csv.delimiter} names: its first character, or a tab for {@code \t}. */
    public static char delimiter(String setting) {
        return setting.equals("\\t") ? '\t' : setting.charAt(0);
    }

    /**
     * @param channels the full channel name of each intake that names itself briefly (e.g. {@code local} →
     *                 {@code local:<host>:<inbox>}), so that two instances' inputs of the same name never meet
     */
    public Drops(DropLedger drops, Ledger ledger, ResultFiles results, char delimiter, Map<String, String> channels,
                 Path inbox, ProgressBoard board) {
        this.drops = drops;
        this.ledger = ledger;
        this.results = results;
        this.delimiter = delimiter;
        this.channels = Map.copyOf(channels);
        this.inbox = inbox;
        this.board = board;
    }

    /** The local drop folder: its {@code .done} and {@code .failed} hold the archived inputs. */
    public Path localInbox() {
        return inbox;
    }

    /** Opens the drop of an input; answers false when the input is set aside without being read. */
    public boolean open(Exchange exchange) {
        String given = exchange.getProperty("fapiaoChannel", "local", String.class);
        String channel = channels.getOrDefault(given, given);
        String name = exchange.getIn().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        name = name == null || name.isBlank() ? "unnamed" : name;
        long size = exchange.getIn().getHeader(Exchange.FILE_LENGTH, -1L, Long.class);
        long modified = exchange.getIn().getHeader(Exchange.FILE_LAST_MODIFIED, -1L, Long.class);
        Path archive = exchange.getProperty("fapiaoArchiveDir", Path.class);
        Predicate<String> taken = output -> results.taken(output) || archive != null
                && (Files.exists(archive.resolve(".done").resolve(output))
                || Files.exists(archive.resolve(".failed").resolve(output)));
        DropOpening opening = drops.open(channel, name, size, modified, results.outboxKey(), taken, MAX_STARTS);
        Drop drop = opening.drop();
        exchange.setProperty(DROP, drop);
        exchange.setProperty(MOVE_TO, ".done");
        exchange.setProperty(ARCHIVE_NAME, drop.outputName());
        exchange.setProperty(ATTEMPTS, opening.attempts());
        if (!drop.outputName().equals(name)) {
            LOG.info("File {} came before: this one's results and archive are named {}", name, drop.outputName());
        }
        if (opening.attempts() > MAX_STARTS) {
            setAside(exchange, new Problem(Long.MAX_VALUE, "",
                    "处理该文件时程序已" + MAX_STARTS + "次中断，已移入.failed，以免反复处理；此前已读出的单据见结果文件",
                    "the process stopped " + MAX_STARTS + " times while reading this file; it is set aside in .failed so "
                            + "it cannot loop; the orders read from it so far are in its result file"));
            return false;
        }
        if (size == 0) {
            setAside(exchange, new Problem(1, "", "文件为空（0字节），没有表头和单据", "the file is empty (0 bytes): no header, no orders"));
            return false;
        }
        board.open(drop, size);
        LOG.info("File {} ({}): reading orders{}", name, drop.kind(),
                opening.attempts() > 1 ? " (attempt " + opening.attempts() + ")" : "");
        return true;
    }

    /** Sets the input aside in {@code .failed}, with its reason in its error file if the outbox can be written. */
    private void setAside(Exchange exchange, Problem why) {
        Drop drop = exchange.getProperty(DROP, Drop.class);
        board.done(drop);
        drops.errors(drop.id(), Integer.MAX_VALUE, "", List.of(why));
        exchange.setProperty(MOVE_TO, ".failed");
        try {
            finishDrop(drop, true, why.text());
        } catch (RuntimeException e) {
            // the input leaves the inbox even so: a file that can never be reported must not loop either
            LOG.warn("File {}: its result files cannot be written ({})", drop.fileName(), e.getMessage());
        }
        LOG.warn("File {} set aside in .failed: {}", drop.fileName(), why.en());
    }

    /**
     * The orders of the input, streamed; the splitter closes the reader when it is done. The iteration never
     * throws: an input that cannot be read on from some line ends there, and {@link #finish} reports it once every
     * order read so far has its outcome.
     */
    public Iterator<Object> orders(Exchange exchange) throws IOException, org.apache.camel.InvalidPayloadException {
        Drop drop = exchange.getProperty(DROP, Drop.class);
        InputStream in = board.counted(drop, exchange.getIn().getMandatoryBody(InputStream.class));
        Readable reader = new Readable(drop, board);
        exchange.setProperty(READER, reader);
        try {
            OrderReader orders = OrderReader.open(drop.fileName(), in, delimiter);
            if (orders instanceof OrderCsvReader csv) {
                LOG.info("File {}: header read as {}", drop.fileName(), csv.encoding());
                if (!csv.unknownColumns().isEmpty()) {
                    LOG.info("File {}: ignoring unknown columns {}", drop.fileName(), csv.unknownColumns());
                }
            }
            reader.orders = orders;
        } catch (UnreadableInputException e) {
            reader.problem = e.problem();
            in.close();
        }
        return reader;
    }

    /** The input failed while being read: set it aside if this was its last attempt, otherwise let it be read again. */
    public void failedAttempt(Exchange exchange) throws Exception {
        Drop drop = exchange.getProperty(DROP, Drop.class);
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        int failures = drops.failed(drop.id());
        ledger.releaseDrop(drop.id());
        board.done(drop);
        LOG.warn("File {}: processing failed ({}){}", drop.fileName(), e == null ? "?" : e.getMessage(),
                failures < MAX_FAILURES ? "; it is read again" : "");
        if (failures < MAX_FAILURES) {
            throw e == null ? new IllegalStateException("processing failed") : e;
        }
        setAside(exchange, new Problem(Long.MAX_VALUE, "", "处理该文件时两次出错（内部错误，运维日志中有详情），已移入.failed；已读出的单据均有结果",
                "processing this file failed twice (an internal error; the operators' log has the details); it is set "
                        + "aside in .failed; every order read from it has its outcome"));
    }

    public void finish(Exchange exchange) {
        Drop drop = exchange.getProperty(DROP, Drop.class);
        Readable reader = exchange.getProperty(READER, Readable.class);
        boolean failed = reader != null && reader.problem != null;
        if (failed) {
            drops.errors(drop.id(), Integer.MAX_VALUE, "", List.of(reader.problem));
            exchange.setProperty(MOVE_TO, ".failed");
            LOG.warn("File {} cannot be read on from line {}: {}; moved to .failed", drop.fileName(),
                    reader.problem.line(), reader.problem.en());
        }
        Map<OrderStatus, Integer> counts = finishDrop(drop, failed, failed ? reader.problem.text() : null);
        String summary = board.summary(drop, counts, whereResultsWent(exchange, drop));
        if (ProgressBoard.oneOrder(drop)) {
            // a message or an API call: its order's own line said it all
            LOG.debug("Input {} done: {}", drop.fileName(), summary);
        } else {
            LOG.info("File {} done: {}", drop.fileName(), summary);
        }
    }

    /** The drop's result file, its error file if it has one, where the input was moved, and where they were sent. */
    private String whereResultsWent(Exchange exchange, Drop drop) {
        String name = drop.outputName();
        StringBuilder where = new StringBuilder("results/").append(name).append(".result.csv");
        if (Files.exists(results.outbox().resolve("errors").resolve(name + ".errors.csv"))) {
            where.append(", errors/").append(name).append(".errors.csv");
        }
        where.append(" in the outbox");
        if (!ProgressBoard.oneOrder(drop)) {
            where.append(", the input to ").append(exchange.getProperty(MOVE_TO, ".done", String.class)).append('/')
                    .append(exchange.getProperty(ARCHIVE_NAME, name, String.class));
        }
        if (!drop.kind().equals("local") && !ProgressBoard.oneOrder(drop)) {
            where.append("; sent to ").append(drop.channel());
        }
        return where.toString();
    }

    /** Marks the drop finished first, so an order settling meanwhile marks it to be written again; then writes it. */
    private Map<OrderStatus, Integer> finishDrop(Drop drop, boolean failed, String problem) {
        drops.finish(drop.id(), failed, problem);
        Map<OrderStatus, Integer> counts = results.writeDrop(drop);
        results.sinks().of(drop).finished(drop);
        return counts;
    }

    /** The orders of an input as the splitter sees them: ends at the first line that cannot be read. */
    static final class Readable implements Iterator<Object>, Closeable {

        private final String name;
        private final Drop drop;
        private final ProgressBoard board;
        /** Null when the input could not be read at all ({@link #problem}). */
        private OrderReader orders;
        private OrderDraft ahead;
        Problem problem;

        Readable(Drop drop, ProgressBoard board) {
            this.name = drop.fileName();
            this.drop = drop;
            this.board = board;
        }

        @Override
        public boolean hasNext() {
            if (ahead != null) {
                return true;
            }
            if (orders == null || problem != null) {
                return false;
            }
            try {
                // the next order is read here, whole: a line that cannot be read ends the input before it
                ahead = orders.hasNext() ? orders.next() : null;
                return ahead != null;
            } catch (UnreadableInputException e) {
                problem = e.problem();
                return false;
            } catch (RuntimeException e) {
                LOG.warn("File {}: reading stopped: {}", name, e.getMessage());
                problem = new Problem(Long.MAX_VALUE, "", "文件读取中断，其余部分无法读取", "reading the file broke off; the rest "
                        + "cannot be read");
                return false;
            }
        }

        @Override
        public Object next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            OrderDraft next = ahead;
            ahead = null;
            board.read(drop, next.rows().get(next.rows().size() - 1).line());
            return next;
        }

        @Override
        public void close() throws IOException {
            if (orders != null) {
                orders.close();
            }
        }
    }
}

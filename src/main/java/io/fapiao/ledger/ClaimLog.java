package io.fapiao.ledger;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The orders that may be at their vendor, each written to a file of its own beside an embedded H2 ledger before its
 * vendor call: what makes a claim survive the process being killed. H2 writes its commits in the background, so a
 * claim had to be followed by a CHECKPOINT, and H2 writes a chunk of the file for each one: at full speed a thousand
 * a second, each rewriting every page the orders in flight changed, and H2 keeps the bookkeeping of every chunk for
 * 45 seconds. A line appended here reaches the operating system as the CHECKPOINT's chunk did (neither is synced to
 * the disk: both survive the process, not the power), at a fraction of the cost.
 *
 * <p>The lines go to numbered segments, {@code <database>.claims.<n>}. Every {@link #ROTATE_MS} the segment written to
 * is closed, one CHECKPOINT writes everything committed so far, and the closed segment is deleted: each of its lines
 * was appended after its order's row was committed, so the CHECKPOINT holds them all. When the ledger is opened, the
 * segments left by a process that stopped are read before anything else ({@link Ledger#recover}): an order they name
 * that the file lacks, or holds in a state from before its line, is made pending and asked about at its vendor,
 * never sent again.
 */
final class ClaimLog {

    /**
     * One order that may be at its vendor from {@code at} on. A new order's line carries what its row needs, for a
     * ledger file that lacks it; an order already in the ledger before is named only.
     */
    record Entry(String seller, String orderNo, Instant at, String vendor, Long dropId, Integer seq,
                 String invoiceType, BigDecimal amount, BigDecimal tax, String orderJson) {

        static Entry named(String seller, String orderNo) {
            return new Entry(seller, orderNo, Instant.now(), null, null, null, null, null, null, null);
        }

        /** Whether the line says enough to write the order's row anew. */
        boolean complete() {
            return vendor != null && dropId != null && seq != null;
        }
    }

    /** How often a segment is closed, its orders made part of the ledger's file and it is deleted. */
    static final long ROTATE_MS = 200;
    /** After this many idle rotations (5 s) the log checks that its database is still open. */
    private static final int IDLE_PROBE = 25;

    private static final Logger LOG = LoggerFactory.getLogger(ClaimLog.class);
    /** Entries as JSON, {@code at} as ISO-8601 text (the JDK's own form of an Instant). */
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new SimpleModule()
            .addSerializer(Instant.class, ToStringSerializer.instance)
            .addDeserializer(Instant.class, new StdDeserializer<>(Instant.class) {
                @Override
                public Instant deserialize(JsonParser p, DeserializationContext context) throws IOException {
                    return Instant.parse(p.getValueAsString());
                }
            }));
    private static final byte[] NEWLINE = {'\n'};
    /** The logs open in this process, one per database file (two opens of one ledger share the database). */
    private static final Map<Path, ClaimLog> OPEN = new ConcurrentHashMap<>();
    private static final ScheduledExecutorService ROTATION = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ledger-claim-log");
        t.setDaemon(true);
        return t;
    });

    private final Path database;
    private final Jdbc jdbc;
    private FileChannel segment;
    private Path segmentPath;
    private long number;
    private boolean written;
    private boolean closed;
    /** Whether the last rotation could not start a new segment (claims go on in the one before). */
    private boolean stuck;
    /** Rotations in a row that found nothing written. */
    private int idle;
    private ScheduledFuture<?> rotation;

    private ClaimLog(Path database, Jdbc jdbc) {
        this.database = database;
        this.jdbc = jdbc;
    }

    /**
     * Opens the log of the ledger whose database file is {@code database} (its path without H2's suffix): the lines
     * left by the last process are handed to {@code recover}, made part of the ledger's file and deleted, then lines
     * are taken. A log this process had open for the same file is closed first.
     */
    static ClaimLog open(Path database, Jdbc jdbc, Consumer<List<Entry>> recover) {
        ClaimLog earlier = OPEN.remove(database);
        if (earlier != null) {
            earlier.close();
        }
        ClaimLog log = new ClaimLog(database, jdbc);
        TreeMap<Long, Path> left = segments(database);
        List<Entry> entries = new ArrayList<>();
        left.forEach((n, path) -> read(path, entries));
        if (!entries.isEmpty()) {
            recover.accept(entries);
            // what recover wrote is in the file before the lines it came from go
            jdbc.checkpointNow();
        }
        for (Path path : left.values()) {
            delete(path);
        }
        log.number = left.isEmpty() ? 0 : left.lastKey();
        log.next();
        log.rotation = ROTATION.scheduleWithFixedDelay(log::rotate, ROTATE_MS, ROTATE_MS, TimeUnit.MILLISECONDS);
        OPEN.put(database, log);
        return log;
    }

    Path database() {
        return database;
    }

    /** The log open in this process for that database file, if any. */
    static ClaimLog find(Path database) {
        return OPEN.get(database);
    }

    /**
     * Writes the line of an order about to be sent; answers once the operating system has it. False when the log is
     * closed (the caller makes the claim durable another way). A log that cannot be written closes for good: a line
     * written in part would run into the next one, and the reading would skip both; its segment stays, for the next
     * opening, and this process writes each claim to the ledger's file from then on.
     */
    boolean append(Entry entry) {
        byte[] line;
        try {
            line = JSON.writeValueAsBytes(entry);
        } catch (JsonProcessingException e) {
            throw new LedgerException("the claim of order " + entry.orderNo() + " could not be written", e);
        }
        synchronized (this) {
            if (closed) {
                return false;
            }
            try {
                ByteBuffer[] buffers = {ByteBuffer.wrap(line), ByteBuffer.wrap(NEWLINE)};
                while (buffers[1].hasRemaining()) {
                    segment.write(buffers);
                }
                written = true;
                return true;
            } catch (IOException e) {
                LOG.warn("Ledger: the claim of order {} could not be written to {} ({}); each claim is written to the "
                        + "ledger's file from now on", entry.orderNo(), segmentPath.getFileName(),
                        e.getMessage() == null ? "the file is no longer open" : e.getMessage());
                close();
                return false;
            }
        }
    }

    /**
     * Closes the segment written to, makes its orders part of the ledger's file, deletes it. With nothing written, it
     * now and then checks that the ledger is still open.
     */
    private void rotate() {
        FileChannel full;
        Path fullPath;
        synchronized (this) {
            if (closed) {
                return;
            }
            if (!written) {
                full = null;
                fullPath = null;
            } else {
                idle = 0;
                full = segment;
                fullPath = segmentPath;
                try {
                    next();
                    if (stuck) {
                        stuck = false;
                        LOG.info("Ledger: claims go to {} again", segmentPath.getFileName());
                    }
                } catch (LedgerException e) {
                    if (!stuck) {
                        // said once, not every 200 ms while the folder refuses new files
                        stuck = true;
                        LOG.warn("Ledger: {}; claims go on in {}", e.getMessage(), fullPath.getFileName());
                    }
                    segment = full;
                    segmentPath = fullPath;
                    written = true;
                    return;
                }
            }
        }
        if (full == null) {
            if (++idle % IDLE_PROBE == 0) {
                probe();
            }
            return;
        }
        closeQuietly(full);
        try {
            jdbc.checkpointNow();
        } catch (RuntimeException e) {
            // the database is closed or failing: the segment stays, read when the ledger is opened next
            LOG.debug("Ledger: claims kept in {} ({})", fullPath.getFileName(), e.getMessage());
            close();
            return;
        }
        delete(fullPath);
    }

    /** Whether the ledger is still open: a log whose database was closed closes too (its segment holds nothing). */
    private void probe() {
        try {
            jdbc.checkpointNow();
        } catch (RuntimeException e) {
            close();
        }
    }

    /**
     * The ledger is about to close: no more lines, one last CHECKPOINT, and the segment goes. Left in place when the
     * CHECKPOINT fails (the next opening reads it). A rotation running meanwhile deletes only the segment it closed.
     */
    void finish() {
        Path last = close();
        if (last == null) {
            return;
        }
        try {
            jdbc.checkpointNow();
        } catch (RuntimeException e) {
            LOG.debug("Ledger: claims kept in {} ({})", last.getFileName(), e.getMessage());
            return;
        }
        delete(last);
    }

    /**
     * Takes no more lines and stops rotating; the segments stay for the next opening of the ledger, which reads them.
     * Answers the segment written to, or null when closed already.
     */
    Path close() {
        Path last;
        synchronized (this) {
            if (closed) {
                return null;
            }
            closed = true;
            if (rotation != null) {
                rotation.cancel(false);
            }
            closeQuietly(segment);
            last = segmentPath;
        }
        OPEN.remove(database, this);
        return last;
    }

    private void next() {
        number++;
        segmentPath = database.resolveSibling(database.getFileName() + ".claims." + number);
        try {
            segment = FileChannel.open(segmentPath, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            number--;
            throw new LedgerException("cannot write the ledger's claims to " + segmentPath, e);
        }
        written = false;
    }

    private static TreeMap<Long, Path> segments(Path database) {
        TreeMap<Long, Path> found = new TreeMap<>();
        Path dir = database.toAbsolutePath().getParent();
        String prefix = database.getFileName() + ".claims.";
        if (dir == null || !Files.isDirectory(dir)) {
            return found;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, prefix + "*")) {
            for (Path f : files) {
                String n = f.getFileName().toString().substring(prefix.length());
                if (n.matches("\\d{1,18}")) {
                    found.put(Long.parseLong(n), f);
                }
            }
        } catch (IOException e) {
            throw new LedgerException("cannot read the ledger's claims in " + dir, e);
        }
        return found;
    }

    /** The whole lines of a segment; a line cut short by the process stopping was never answered, so never sent. */
    private static void read(Path path, List<Entry> into) {
        try (BufferedReader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    into.add(JSON.readValue(line, Entry.class));
                } catch (JsonProcessingException | RuntimeException e) {
                    LOG.warn("Ledger: an unfinished line in {} is skipped (its order was not sent)", path.getFileName());
                }
            }
        } catch (IOException e) {
            throw new LedgerException("cannot read the ledger's claims in " + path, e);
        }
    }

    private static void delete(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.warn("Ledger: cannot delete {} ({}); it is read again at the next start", path.getFileName(),
                    e.getMessage());
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            LOG.debug("Ledger: closing a claims segment: {}", e.getMessage());
        }
    }
}

package io.fapiao.flow;

import io.fapiao.testing.TestOrders;
import io.fapiao.testing.LogCapture;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * When the local drop takes a file (InboxReadLock): a file renamed into the inbox once written is taken at the first
 * look, one written in place only once it was last written the min age ago, however it pauses while it writes.
 */
class IntakePickupTest extends RouteTestSupport {

    private static final long MIN_AGE_MS = 1500;

    @Override
    protected void more(Properties p) {
        p.put("fapiao.inbox.read-lock-check-ms", "100");
        p.put("fapiao.inbox.read-lock-min-age-ms", Long.toString(MIN_AGE_MS));
    }

    @Test
    void aFileRenamedIntoTheInboxIsTakenAtTheFirstLook() throws Exception {
        try (LogCapture log = new LogCapture()) {
            Files.createDirectories(inbox());
            Path hidden = inbox().resolve(".renamed.csv");
            Files.writeString(hidden, TestOrders.orders("RN", 2));
            // written a while before it is renamed in, as an ERP that writes under a temporary name does
            Files.setLastModifiedTime(hidden, FileTime.from(Instant.now().minusSeconds(10)));
            Instant renamed = Instant.now();
            Files.move(hidden, inbox().resolve("renamed.csv"), StandardCopyOption.ATOMIC_MOVE);
            Instant taken = takenAt(log, "renamed.csv");
            assertTrue(Duration.between(renamed, taken).toMillis() < MIN_AGE_MS,
                    "taken " + Duration.between(renamed, taken).toMillis() + " ms after the rename, without waiting for the min age");
            awaitDone("renamed.csv");
        }
    }

    @Test
    void aFileWrittenInPlaceIsTakenOnlyOnceItWasLastWrittenTheMinAgeAgo() throws Exception {
        try (LogCapture log = new LogCapture()) {
            Files.createDirectories(inbox());
            Path file = inbox().resolve("in-place.csv");
            Files.writeString(file, TestOrders.orders("IP", 2));
            Instant written = Files.getLastModifiedTime(file).toInstant();
            Instant taken = takenAt(log, "in-place.csv");
            assertTrue(!taken.isBefore(written.plusMillis(MIN_AGE_MS)),
                    "taken " + Duration.between(written, taken).toMillis() + " ms after its last write");
            awaitDone("in-place.csv");
        }
    }

    @Test
    void aFileWrittenThenRenamedAtOnceIsNotKeptWaitingForTheMinAge() throws Exception {
        try (LogCapture log = new LogCapture()) {
            Files.createDirectories(inbox());
            Path temporary = inbox().resolve("at-once.csv.tmp");
            Files.writeString(temporary, TestOrders.orders("AO", 2));
            // the file system's clock moves in steps of a few ms: a rename in the same step would look like a write
            Thread.sleep(30);
            Instant renamed = Instant.now();
            Files.move(temporary, inbox().resolve("at-once.csv"), StandardCopyOption.ATOMIC_MOVE);
            Instant taken = takenAt(log, "at-once.csv");
            assertTrue(Duration.between(renamed, taken).toMillis() < MIN_AGE_MS / 2,
                    "taken " + Duration.between(renamed, taken).toMillis() + " ms after the rename");
            awaitDone("at-once.csv");
        }
    }

    @Test
    void aFileStillBeingWrittenInPlaceIsNeverTakenHalfWay() throws Exception {
        try (LogCapture log = new LogCapture()) {
            Files.createDirectories(inbox());
            Path file = inbox().resolve("slow.csv");
            String[] lines = TestOrders.orders("SW", 6).split("(?<=\n)");
            // an ERP that writes a line, pauses a moment, writes the next: each pause shorter than the min age
            for (String line : lines) {
                Files.writeString(file, line, java.nio.file.StandardOpenOption.CREATE,
                        java.nio.file.StandardOpenOption.APPEND);
                Thread.sleep(250);
            }
            Instant lastWrite = Files.getLastModifiedTime(file).toInstant();
            Instant taken = takenAt(log, "slow.csv");
            assertTrue(!taken.isBefore(lastWrite.plusMillis(MIN_AGE_MS)),
                    "taken " + Duration.between(lastWrite, taken).toMillis() + " ms after its last write");
            awaitDone("slow.csv");
            assertTrue(awaitResults("slow.csv", RouteTestSupport::allSettled).size() == 6, "every order of the file");
        }
    }

    /** When the drop logged that it started reading the file. */
    private static Instant takenAt(LogCapture log, String name) {
        String line = "File " + name + " (local): reading orders";
        return await(() -> log.events().stream().filter(e -> e.line().contains(line)).map(LogCapture.Event::at)
                .findFirst().orElse(null), name + " to be taken");
    }
}

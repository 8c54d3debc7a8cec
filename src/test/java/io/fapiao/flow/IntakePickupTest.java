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
 * When the local drop takes a file (readLock=changed with a min age): a file renamed into the inbox once written is
 * taken at the first look, one written in place only once it was last written the min age ago.
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

    /** When the drop logged that it started reading the file. */
    private static Instant takenAt(LogCapture log, String name) {
        String line = "File " + name + " (local): reading orders";
        return await(() -> log.events().stream().filter(e -> e.line().contains(line)).map(LogCapture.Event::at)
                .findFirst().orElse(null), name + " to be taken");
    }
}

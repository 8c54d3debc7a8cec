package io.fapiao.files;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InboxReadLockTest {

    @Test
    void onlyAFileWhoseStatusChangedAfterItsLastWriteCountsAsRenamedIn(@TempDir Path dir) throws Exception {
        Path temporary = dir.resolve("orders.csv.part");
        Files.writeString(temporary, "order_no\n");
        assertFalse(InboxReadLock.renamedAfterWriting(temporary), "written: content and status changed together");
        Thread.sleep(30);
        Path delivered = Files.move(temporary, dir.resolve("orders.csv"));
        assertTrue(InboxReadLock.renamedAfterWriting(delivered), "renamed once written");
        Thread.sleep(30);
        Files.writeString(delivered, "A1\n", StandardOpenOption.APPEND);
        assertFalse(InboxReadLock.renamedAfterWriting(delivered), "written again after the rename");
        assertFalse(InboxReadLock.renamedAfterWriting(dir.resolve("gone.csv")), "a file that is not there");
    }
}

package io.fapiao.files;

import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileEndpoint;
import org.apache.camel.component.file.GenericFileExclusiveReadLockStrategy;
import org.apache.camel.component.file.GenericFileOperations;
import org.apache.camel.component.file.strategy.FileChangedExclusiveReadLockStrategy;
import org.apache.camel.component.file.strategy.MarkerFileExclusiveReadLockStrategy;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

/**
 * When a file of the local inbox may be read. A file whose status changed after its content last did — renamed or
 * moved into the inbox once written, the way careful ERPs and most transfer tools deliver — is whole and taken at
 * once: writing changes a file's content and status time together, so while anything still writes it the two are
 * equal. Any other file is left to Camel's {@code changed} read lock: taken once it was last written the min age
 * ago, looked at again every check interval. Either way a {@code .camelLock} marker keeps a second reader off.
 * The status time is the POSIX {@code ctime}; where the file system has none, every file waits for its min age.
 */
public final class InboxReadLock implements GenericFileExclusiveReadLockStrategy<File> {

    private final MarkerFileExclusiveReadLockStrategy renamed = new MarkerFileExclusiveReadLockStrategy();
    private final FileChangedExclusiveReadLockStrategy changed = new FileChangedExclusiveReadLockStrategy();
    private final boolean renamedAtOnce;

    /**
     * @param checkIntervalMs how often a file still being written is looked at again
     * @param minAgeMs        how long ago a file must have been last written (0: two looks see it unchanged)
     * @param timeoutMs       how long one look waits for a file before it is left for the next poll
     * @param renamedAtOnce   whether a file renamed into the inbox once written is taken without waiting
     */
    public InboxReadLock(long checkIntervalMs, long minAgeMs, long timeoutMs, boolean renamedAtOnce) {
        this.renamedAtOnce = renamedAtOnce;
        changed.setCheckInterval(checkIntervalMs);
        changed.setMinAge(minAgeMs);
        changed.setMinLength(0);
        changed.setTimeout(timeoutMs);
    }

    /** Whether the file's status changed after its content: it was renamed, moved or had its times set once written. */
    static boolean renamedAfterWriting(Path file) {
        try {
            FileTime status = (FileTime) Files.getAttribute(file, "unix:ctime");
            FileTime content = Files.getLastModifiedTime(file);
            return status.compareTo(content) > 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            return false;
        }
    }

    @Override
    public void prepareOnStartup(GenericFileOperations<File> operations, GenericFileEndpoint<File> endpoint)
            throws Exception {
        changed.prepareOnStartup(operations, endpoint);
    }

    @Override
    public boolean acquireExclusiveReadLock(GenericFileOperations<File> operations, GenericFile<File> file,
            Exchange exchange) throws Exception {
        if (renamedAtOnce && renamedAfterWriting(Path.of(file.getAbsoluteFilePath()))) {
            return renamed.acquireExclusiveReadLock(operations, file, exchange);
        }
        return changed.acquireExclusiveReadLock(operations, file, exchange);
    }

    // both delegates keep their lock state on the exchange and release it the same way

    @Override
    public void releaseExclusiveReadLockOnAbort(GenericFileOperations<File> operations, GenericFile<File> file,
            Exchange exchange) throws Exception {
        changed.releaseExclusiveReadLockOnAbort(operations, file, exchange);
    }

    @Override
    public void releaseExclusiveReadLockOnRollback(GenericFileOperations<File> operations, GenericFile<File> file,
            Exchange exchange) throws Exception {
        changed.releaseExclusiveReadLockOnRollback(operations, file, exchange);
    }

    @Override
    public void releaseExclusiveReadLockOnCommit(GenericFileOperations<File> operations, GenericFile<File> file,
            Exchange exchange) throws Exception {
        changed.releaseExclusiveReadLockOnCommit(operations, file, exchange);
    }

    @Override
    public void setTimeout(long timeout) {
        changed.setTimeout(timeout);
    }

    @Override
    public void setCheckInterval(long checkInterval) {
        changed.setCheckInterval(checkInterval);
    }

    @Override
    public void setReadLockLoggingLevel(LoggingLevel level) {
        renamed.setReadLockLoggingLevel(level);
        changed.setReadLockLoggingLevel(level);
    }

    @Override
    public void setMarkerFiler(boolean markerFile) {
        renamed.setMarkerFiler(markerFile);
        changed.setMarkerFiler(markerFile);
    }

    @Override
    public void setDeleteOrphanLockFiles(boolean deleteOrphanLockFiles) {
        renamed.setDeleteOrphanLockFiles(deleteOrphanLockFiles);
        changed.setDeleteOrphanLockFiles(deleteOrphanLockFiles);
    }
}

package io.fapiao.sftp;

import org.apache.camel.Exchange;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileEndpoint;
import org.apache.camel.component.file.GenericFileExclusiveReadLockStrategy;
import org.apache.camel.component.file.GenericFileOperationFailedException;
import org.apache.camel.component.file.GenericFileOperations;
import org.apache.camel.component.file.remote.RemoteFileConfiguration;
import org.apache.camel.component.file.remote.RemoteFileEndpoint;
import org.apache.camel.component.file.remote.RemoteFileOperations;
import org.apache.camel.component.file.remote.SftpRemoteFile;
import org.apache.camel.component.file.remote.strategy.SftpChangedExclusiveReadLockStrategy;
import org.apache.camel.component.file.strategy.GenericFileExpressionRenamer;
import org.apache.camel.component.file.strategy.GenericFileRenameProcessStrategy;
import org.apache.camel.util.ObjectHelper;
import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.SftpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.Set;

/**
 * How the SFTP intake takes and archives a file: Camel's own rename strategy (the endpoint's {@code readLock=changed}
 * look at size and time, then {@code move} once the route finished), except that archiving never overwrites. Camel
 * deletes a file already at the {@code move} target; an ERP that uploads {@code orders.csv} every hour would lose every
 * earlier one from {@code .done/}. Here the later file gets a suffix instead: {@code orders.2.csv}, {@code orders.3.csv}.
 * <p>
 * Used as the endpoint's {@code processStrategy}; it reads the read-lock and move options from the endpoint, so they
 * stay in the route file where a reader expects them.
 */
public final class SftpArchiving extends GenericFileRenameProcessStrategy<SftpRemoteFile> {

    private static final Logger LOG = LoggerFactory.getLogger(SftpArchiving.class);

    private volatile boolean configured;
    private RemoteFileConfiguration configuration;

    @Override
    public void prepareOnStartup(GenericFileOperations<SftpRemoteFile> operations,
                                 GenericFileEndpoint<SftpRemoteFile> endpoint) throws Exception {
        configure(endpoint);
        super.prepareOnStartup(operations, endpoint);
    }

    @Override
    public boolean begin(GenericFileOperations<SftpRemoteFile> operations, GenericFileEndpoint<SftpRemoteFile> endpoint,
                         Exchange exchange, GenericFile<SftpRemoteFile> file) throws Exception {
        configure(endpoint);
        return super.begin(operations, endpoint, exchange, file);
    }

    /** The same read lock and renamers Camel's {@code SftpProcessStrategyFactory} would make from these options. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private synchronized void configure(GenericFileEndpoint<SftpRemoteFile> endpoint) {
        if (configured) {
            return;
        }
        String readLock = endpoint.getReadLock();
        if ("changed".equals(readLock)) {
            SftpChangedExclusiveReadLockStrategy lock = new SftpChangedExclusiveReadLockStrategy();
            lock.setCheckInterval(endpoint.getReadLockCheckInterval());
            lock.setTimeout(endpoint.getReadLockTimeout());
            lock.setMinLength(endpoint.getReadLockMinLength());
            lock.setMinAge(endpoint.getReadLockMinAge());
            lock.setReadLockLoggingLevel(endpoint.getReadLockLoggingLevel());
            lock.setFastExistsCheck(((RemoteFileEndpoint<?>) endpoint).isFastExistsCheck());
            // Camel declares this strategy for JSch's LsEntry although it is handed SftpRemoteFiles, as in its factory
            setExclusiveReadLockStrategy((GenericFileExclusiveReadLockStrategy) lock);
        } else if (readLock != null && !readLock.equals("none") && !readLock.equals("false")) {
            throw new IllegalArgumentException("the SFTP intake knows readLock=changed or none, not " + readLock);
        }
        if (endpoint.getMove() != null) {
            GenericFileExpressionRenamer<SftpRemoteFile> renamer = new GenericFileExpressionRenamer<>();
            renamer.setExpression(endpoint.getMove());
            setCommitRenamer(renamer);
        }
        if (endpoint.getMoveFailed() != null) {
            GenericFileExpressionRenamer<SftpRemoteFile> renamer = new GenericFileExpressionRenamer<>();
            renamer.setExpression(endpoint.getMoveFailed());
            setFailureRenamer(renamer);
        }
        configuration = ((RemoteFileEndpoint<?>) endpoint).getConfiguration();
        configured = true;
    }

    @Override
    protected GenericFile<SftpRemoteFile> renameFile(GenericFileOperations<SftpRemoteFile> operations,
                                                     GenericFile<SftpRemoteFile> from, GenericFile<SftpRemoteFile> to) {
        if (operations instanceof RemoteFileOperations<SftpRemoteFile> remote && !remote.isConnected()) {
            // the server restarted or the line dropped while the drop was being issued
            remote.connect(configuration, null);
        }
        String name = to.getFileNameOnly();
        Set<String> taken = namesIn(operations, to.getParent());
        String free = freeName(name, taken);
        if (!free.equals(name)) {
            to.changeFileName(to.getFileName().substring(0, to.getFileName().length() - name.length()) + free);
            LOG.info("{} was archived before: this one is archived as {}", name, free);
        }
        return super.renameFile(operations, from, to);
    }

    /** What is in the archive folder; an error other than "no such folder" stops the move rather than risk a loss. */
    private static Set<String> namesIn(GenericFileOperations<SftpRemoteFile> operations, String folder) {
        Set<String> names = new HashSet<>();
        try {
            for (SftpRemoteFile f : operations.listFiles(folder)) {
                names.add(f.getFilename());
            }
        } catch (GenericFileOperationFailedException e) {
            SftpException cause = ObjectHelper.getException(SftpException.class, e);
            if (cause == null || cause.id != ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                throw e;
            }
        }
        return names;
    }

    /** {@code orders.csv} when free, else {@code orders.2.csv}, {@code orders.3.csv}, … whichever is free first. */
    static String freeName(String name, Set<String> taken) {
        if (!taken.contains(name)) {
            return name;
        }
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : "";
        for (int n = 2; ; n++) {
            String candidate = stem + "." + n + ext;
            if (!taken.contains(candidate)) {
                return candidate;
            }
        }
    }
}

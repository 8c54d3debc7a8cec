package io.fapiao.files;

import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.OptimizedFileFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The file consumer's {@code filter}: a name from a directory listing is refused before Camel builds any path from
 * it (no read lock, no download, no move), and said once in the log as an error the operator can act on. This is what
 * keeps a server that lists {@code ../x.csv} (camel-ftp 4.18.0's path-traversal advisory) from reaching a folder
 * outside the inbox, here or on the server. Names the intake would take as inputs (see {@link #setInputs}) must also
 * leave room for the names of their result files.
 */
public final class SafeNameFilter implements OptimizedFileFilter {

    private static final Logger LOG = LoggerFactory.getLogger(SafeNameFilter.class);
    private static final int REMEMBERED = 1_000;

    private String channel = "?";
    private Pattern inputs = Pattern.compile("(?i).*\\.(csv|json)");
    private final Set<String> reported = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    });

    /** A filter for the inputs of a channel, {@code *.csv} and {@code *.json}. */
    public static SafeNameFilter of(String channel) {
        SafeNameFilter f = new SafeNameFilter();
        f.setChannel(channel);
        return f;
    }

    /** Where the names come from, for the log: {@code local}, {@code sftp:erp-a}. */
    public void setChannel(String channel) {
        this.channel = channel;
    }

    /** The names the intake takes as inputs (the consumer's {@code include}). */
    public void setInputs(String regex) {
        this.inputs = Pattern.compile(regex);
    }

    /**
     * Camel calls this form where it has no name-only path, notably when it deletes orphan {@code .camelLock} files
     * at start-up: {@link OptimizedFileFilter}'s default answers {@code false}, which would keep the lock of a file
     * whose run was killed and leave that file in the inbox for ever.
     */
    @Override
    public boolean accept(GenericFile file) {
        return accept(file.getFileNameOnly());
    }

    @Override
    public Boolean accept(String name) {
        Optional<String> why = inputs.matcher(name).matches() ? SafeNames.inputProblem(name) : SafeNames.problem(name);
        if (why.isEmpty()) {
            return true;
        }
        boolean first;
        synchronized (reported) {
            first = reported.add(name);
        }
        if (first) {
            LOG.error("Inbox {}: file name '{}' refused: it {}. The file is neither read nor moved; rename or remove "
                    + "it where the ERP put it.", channel, SafeNames.shown(name), why.get());
        }
        return false;
    }
}

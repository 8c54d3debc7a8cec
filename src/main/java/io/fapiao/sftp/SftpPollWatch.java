package io.fapiao.sftp;

import com.jcraft.jsch.JSchException;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.spi.ExceptionHandler;
import org.apache.camel.component.file.remote.RemoteFilePollingConsumerPollStrategy;
import org.apache.camel.util.ObjectHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

/**
 * The intake's poll strategy: Camel's own recovery (disconnect, log in again at the next poll), plus one line that
 * says in plain words why a poll failed — Camel's own line hides the cause — once per new reason, and the inbox's
 * state for {@link SftpHealth}. As the consumer's exception handler it keeps Camel's repeated "Failed polling
 * endpoint" line (a long URI, no cause) out of the log, and says other trouble in one line.
 */
public final class SftpPollWatch extends RemoteFilePollingConsumerPollStrategy implements ExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(SftpPollWatch.class);

    private String inbox = "?";
    private SftpHealth health;
    private volatile String lastReason;

    public void setInbox(String inbox) {
        this.inbox = inbox;
    }

    public void setHealth(SftpHealth health) {
        this.health = health;
    }

    @Override
    public void commit(Consumer consumer, Endpoint endpoint, int polledMessages) {
        if (lastReason != null) {
            LOG.info("SFTP inbox {}: the server answers again", inbox);
            lastReason = null;
        }
        if (health != null) {
            health.inboxReached(inbox);
        }
        super.commit(consumer, endpoint, polledMessages);
    }

    @Override
    public boolean rollback(Consumer consumer, Endpoint endpoint, int retryCounter, Exception e) throws Exception {
        String why = reason(e);
        if (!why.equals(lastReason)) {
            LOG.error("SFTP inbox {}: {}; trying again at the next poll", inbox, why);
            lastReason = why;
        }
        if (health != null) {
            health.inboxUnreachable(inbox, why);
        }
        return super.rollback(consumer, endpoint, retryCounter, e);
    }

    @Override
    public void handleException(Throwable exception) {
        handleException(null, null, exception);
    }

    @Override
    public void handleException(String message, Throwable exception) {
        handleException(message, null, exception);
    }

    @Override
    public void handleException(String message, Exchange exchange, Throwable exception) {
        if (message != null && message.startsWith("Failed polling endpoint")) {
            LOG.debug("SFTP inbox {}: {}", inbox, message, exception);
            return;
        }
        LOG.warn("SFTP inbox {}: {}: {}", inbox, message == null ? "trouble" : message,
                exception == null ? "" : reason(exception));
    }

    /** The cause of a failed poll, as an operator would want to read it. */
    static String reason(Throwable e) {
        JSchException jsch = ObjectHelper.getException(JSchException.class, e);
        String m = jsch != null && jsch.getMessage() != null ? jsch.getMessage() : "";
        if (m.contains("HostKey has been changed") || m.contains("reject HostKey")) {
            return "the server's host key is not the one in the known-hosts file (" + m + "): someone may be posing as "
                    + "the server, or its key was changed; compare the fingerprint with the server's administrator";
        }
        if (m.startsWith("Auth fail") || m.startsWith("Auth cancel")) {
            return "the login was refused (user name, password or private key)";
        }
        if (m.contains("invalid privatekey")) {
            return "the private key file cannot be read as a key (" + m + ")";
        }
        if (ObjectHelper.getException(UnknownHostException.class, e) != null) {
            return "unknown host name";
        }
        if (ObjectHelper.getException(ConnectException.class, e) != null
                || ObjectHelper.getException(NoRouteToHostException.class, e) != null) {
            return "the server cannot be reached (connection refused)";
        }
        if (ObjectHelper.getException(SocketTimeoutException.class, e) != null || m.contains("timeout")) {
            return "the server did not answer in time";
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return e.getMessage() + (root != e ? " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")" : "");
    }
}

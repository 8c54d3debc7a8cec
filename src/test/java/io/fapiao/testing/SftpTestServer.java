package io.fapiao.testing;

import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.apache.sshd.sftp.server.SftpFileSystemAccessor;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.apache.sshd.sftp.server.SftpSubsystemProxy;
import org.apache.sshd.common.util.buffer.Buffer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A real SFTP server for tests: Apache MINA SSHD with its SFTP subsystem, rooted at a temporary folder (the same
 * server camel-ftp's own tests use). It has one user who may log in with a password or with a key, a generated host
 * key that {@link #writeKnownHosts} puts in a known_hosts file (and {@link #writeWrongKnownHosts} replaces with a
 * stranger's), and it can be stopped and started again on the same port with the same host key and files.
 * <p>
 * Uploads go through the SFTP protocol, as an ERP would send them: whole, slowly, under a temporary name, or followed
 * by a done marker.
 */
public final class SftpTestServer implements AutoCloseable {

    public static final String USER = "erp";
    /** With the characters a URI would mangle: the bundle must pass it on exactly. */
    public static final String PASSWORD = "erp+se&cr%t 42";

    private final Path root;
    private final int port;
    private final KeyPair hostKey;
    private final KeyPair userKey;
    private SshServer server;
    private SshClient client;

    private SftpTestServer(Path root, int port) throws GeneralSecurityException {
        this.root = root;
        this.port = port;
        this.hostKey = newKey();
        this.userKey = newKey();
    }

    /** A started server on a free loopback port, its files under {@code root}. */
    public static SftpTestServer start(Path root) throws IOException {
        try {
            Files.createDirectories(root);
            SftpTestServer s = new SftpTestServer(root, freePort());
            s.startServer();
            return s;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public int port() {
        return port;
    }

    public String host() {
        return "127.0.0.1";
    }

    /** The server's files as the SFTP user sees them: {@code path("inbox/a.csv")}. */
    public Path path(String relative) {
        return root.resolve(relative);
    }

    public void stop() throws IOException {
        closeClient();
        if (server != null) {
            server.stop(true);
            server = null;
        }
    }

    /** Stops and starts again: same port, same host key, same files. */
    public void restart() throws IOException {
        stop();
        startServer();
    }

    public boolean isRunning() {
        return server != null && server.isStarted();
    }

    /** {@code [127.0.0.1]:port <key>}: the server's real host key, as OpenSSH writes it. */
    public Path writeKnownHosts(Path file) throws IOException {
        return knownHosts(file, hostKey);
    }

    /** A known_hosts file naming this host and port with another key: a man in the middle, as the client sees it. */
    public Path writeWrongKnownHosts(Path file) throws IOException {
        try {
            return knownHosts(file, newKey());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The user's private key in OpenSSH format (what {@code ssh-keygen} writes), unencrypted. */
    public Path writeUserPrivateKey(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(userKey, "erp@test", null, out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return file;
    }

    /** Uploads in one go under the final name. */
    public void upload(String path, byte[] content) throws IOException {
        uploadSlowly(path, content, 32 * 1024, Duration.ZERO);
    }

    public void upload(String path, String utf8) throws IOException {
        upload(path, utf8.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Uploads under the final name a chunk at a time, pausing after each: a slow line or a slow ERP. Returns when the
     * last byte is written.
     */
    public void uploadSlowly(String path, byte[] content, int chunk, Duration pause) throws IOException {
        SftpClient sftp = sftp();
        mkdirs(sftp, path);
        try (OutputStream out = sftp.write(path, Math.max(chunk, 32 * 1024), EnumSet.of(SftpClient.OpenMode.Write, SftpClient.OpenMode.Create,
                SftpClient.OpenMode.Truncate))) {
            for (int i = 0; i < content.length; i += chunk) {
                out.write(content, i, Math.min(chunk, content.length - i));
                out.flush();
                if (!pause.isZero()) {
                    Thread.sleep(pause.toMillis());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** The ERP habit of uploading under a temporary name and renaming when complete. */
    public void rename(String from, String to) throws IOException {
        sftp().rename(from, to);
    }

    public void closeClient() {
        if (client != null) {
            client.stop();
            client = null;
            sftp = null;
            session = null;
        }
    }

    @Override
    public void close() throws IOException {
        stop();
    }

    private SftpClient sftp;
    private ClientSession session;
    private final Map<String, String> reportedNames = new ConcurrentHashMap<>();

    /**
     * Makes the server hostile: a directory listing shows the file stored as {@code stored} under the name
     * {@code reported} instead, such as {@code ../x.csv} or {@code /etc/passwd}, names no honest server lists.
     */
    public void reportNameAs(String stored, String reported) {
        reportedNames.put(stored, reported);
    }

    private SftpClient sftp() throws IOException {
        if (sftp != null && sftp.isOpen() && session.isOpen()) {
            return sftp;
        }
        closeClient();
        client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
        client.start();
        session = client.connect(USER, host(), port).verify(Duration.ofSeconds(10)).getSession();
        session.addPasswordIdentity(PASSWORD);
        session.auth().verify(Duration.ofSeconds(10));
        sftp = SftpClientFactory.instance().createSftpClient(session);
        return sftp;
    }

    private static void mkdirs(SftpClient sftp, String path) throws IOException {
        String[] parts = path.split("/");
        StringBuilder dir = new StringBuilder();
        for (int i = 0; i < parts.length - 1; i++) {
            dir.append(i == 0 ? "" : "/").append(parts[i]);
            try {
                sftp.stat(dir.toString());
            } catch (IOException missing) {
                sftp.mkdir(dir.toString());
            }
        }
    }

    private void startServer() throws IOException {
        SshServer s = SshServer.setUpDefaultServer();
        s.setHost(host());
        s.setPort(port);
        s.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        SftpFileSystemAccessor hostile = new SftpFileSystemAccessor() {
            @Override
            public void putRemoteFileName(SftpSubsystemProxy subsystem, Path path, Buffer buffer, String name,
                                          boolean shortName) throws IOException {
                buffer.putString(shortName ? reportedNames.getOrDefault(name, name) : name);
            }
        };
        s.setSubsystemFactories(List.of(new SftpSubsystemFactory.Builder().withFileSystemAccessor(hostile).build()));
        s.setFileSystemFactory(new VirtualFileSystemFactory(root.toAbsolutePath()));
        s.setPasswordAuthenticator((user, password, session) -> USER.equals(user) && PASSWORD.equals(password));
        s.setPublickeyAuthenticator((user, key, session) -> USER.equals(user)
                && KeyUtils.compareKeys(key, userKey.getPublic()));
        s.setKeyboardInteractiveAuthenticator(null);
        IOException last = null;
        for (int attempt = 0; attempt < 50; attempt++) {
            try {
                s.start();
                server = s;
                return;
            } catch (IOException e) {
                // the port of the last run may linger for a moment after a restart
                last = e;
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IOException(ie);
                }
            }
        }
        throw last;
    }

    private Path knownHosts(Path file, KeyPair key) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        String line = "[" + host() + "]:" + port + " " + PublicKeyEntry.toString(key.getPublic()) + "\n";
        Files.writeString(file, line, StandardCharsets.US_ASCII);
        return file;
    }

    private static KeyPair newKey() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

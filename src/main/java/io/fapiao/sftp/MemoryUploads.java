package io.fapiao.sftp;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link Uploads} kept in memory: nothing is lost while the bundle runs, but a restart forgets what was not yet
 * uploaded (the files stay in the local outbox). The ledger's table replaces it.
 */
public final class MemoryUploads implements Uploads {

    private final Map<String, Upload> byKey = new LinkedHashMap<>();

    @Override
    public synchronized void request(String inbox, String path) {
        Instant now = Instant.now();
        Upload old = byKey.get(key(inbox, path));
        long generation = old == null ? 1 : old.generation() + 1;
        byKey.put(key(inbox, path), new Upload(inbox, path, generation, now, old == null ? 0 : old.attempts(), now,
                old == null ? null : old.lastError()));
    }

    @Override
    public synchronized List<Upload> due(Instant now, int max) {
        return byKey.values().stream().filter(u -> !u.nextAttemptAt().isAfter(now))
                .sorted(Comparator.comparing(Upload::requestedAt)).limit(max).toList();
    }

    @Override
    public synchronized void succeeded(Upload upload) {
        Upload now = byKey.get(key(upload.inbox(), upload.path()));
        if (now != null && now.generation() == upload.generation()) {
            byKey.remove(key(upload.inbox(), upload.path()));
        }
    }

    @Override
    public synchronized void failed(Upload upload, String reason, Instant retryAt) {
        Upload now = byKey.get(key(upload.inbox(), upload.path()));
        if (now == null) {
            return;
        }
        if (now.generation() == upload.generation()) {
            byKey.put(key(upload.inbox(), upload.path()), new Upload(now.inbox(), now.path(), now.generation(),
                    now.requestedAt(), now.attempts() + 1, retryAt, reason));
        } else {
            // asked for again while failing: keep the new request due now, but remember the trouble
            byKey.put(key(upload.inbox(), upload.path()), new Upload(now.inbox(), now.path(), now.generation(),
                    now.requestedAt(), upload.attempts() + 1, now.nextAttemptAt(), reason));
        }
    }

    @Override
    public synchronized List<Upload> pending() {
        return new ArrayList<>(byKey.values());
    }

    private static String key(String inbox, String path) {
        return inbox + "\u0000" + path;
    }
}

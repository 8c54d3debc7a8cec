package io.fapiao.sftp;

import java.time.Instant;

/**
 * One outbox file that must reach an SFTP inbox's outbox dir.
 *
 * @param path        relative to the local outbox, as on the server: {@code results/orders.csv.result.csv}
 * @param generation  how often the file was asked for; an upload that began before the last request does not end it
 * @param attempts    failed attempts in a row (health shows an upload that keeps failing)
 */
public record Upload(String inbox, String path, long generation, Instant requestedAt, int attempts,
                     Instant nextAttemptAt, String lastError) {
}

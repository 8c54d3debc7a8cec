package io.fapiao.api;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What {@code GET /api/health} reports: each part of the bundle (the ledger, each vendor, each seller's tax-bureau
 * login, each SFTP outbox…) says whether it works, and why not. A part that never reported is not shown.
 */
public final class HealthBoard {

    /** One part's state: {@code up}, and when down, why (never a secret). */
    public record Part(boolean up, String reason, Instant since) {
    }

    private final Map<String, Part> parts = new ConcurrentHashMap<>();

    /** The part works; nothing changes if it already did. */
    public void up(String part) {
        parts.compute(part, (k, old) -> old != null && old.up() ? old : new Part(true, "", Instant.now()));
    }

    /** The part does not work, for this reason. */
    public void down(String part, String reason) {
        parts.compute(part, (k, old) -> old != null && !old.up() && old.reason().equals(reason) ? old
                : new Part(false, reason, Instant.now()));
    }

    /** Forgets a part (it is no longer configured). */
    public void remove(String part) {
        parts.remove(part);
    }

    public Map<String, Part> parts() {
        return new TreeMap<>(parts);
    }

    public boolean allUp() {
        return parts.values().stream().allMatch(Part::up);
    }
}

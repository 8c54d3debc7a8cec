package io.fapiao.flow;

import io.fapiao.ledger.Drop;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The reply sink of each kind of channel; a kind without one (the local drop) needs nothing beyond the outbox. */
public final class ReplySinks {

    private static final ReplySink OUTBOX_ONLY = new ReplySink() {
    };

    private final Map<String, ReplySink> byKind = new ConcurrentHashMap<>();

    public ReplySinks register(String kind, ReplySink sink) {
        byKind.put(kind, sink);
        return this;
    }

    public ReplySink of(Drop drop) {
        return byKind.getOrDefault(drop.kind(), OUTBOX_ONLY);
    }
}

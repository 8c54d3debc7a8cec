package io.fapiao.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A simulator's trouble switches, so tests and users can rehearse failures: set by name as properties
 * {@code sandbox.<key>.<name>} at start-up ({@link SandboxSetup#applyTrouble}) or at run time through
 * {@code POST …/<key>/_trouble} ({@link #handle}), shown as a JSON object. Every simulator has {@link #latencyMs};
 * the others are public fields of the subclass, which the simulator reads on every call.
 */
public abstract class SandboxTrouble {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Milliseconds every call waits before it is answered. */
    public volatile long latencyMs;

    /**
     * Sets a switch; the name may use {@code _} for {@code -} and any case, the value is stripped.
     *
     * @throws IllegalArgumentException for a name that is no switch or a value the switch cannot take
     */
    public final void set(String name, String value) {
        String key = name.toLowerCase(Locale.ROOT).replace('_', '-');
        String v = value == null ? "" : value.strip();
        if (key.equals("latency-ms")) {
            latencyMs = Long.parseLong(v);
        } else if (!apply(key, v)) {
            throw new IllegalArgumentException("unknown sandbox switch: " + name);
        }
    }

    public final void setAll(Map<String, String> values) {
        values.forEach(this::set);
    }

    /** Clears the failures. */
    public final void reset() {
        latencyMs = 0;
        clear();
    }

    /** The switches by name, as properties and the trouble endpoint spell them. */
    public final List<String> names() {
        return List.copyOf(switches().keySet());
    }

    /** Waits {@link #latencyMs}, as every call does. */
    public final void pause() {
        long ms = latencyMs;
        if (ms > 0) {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Answers {@code /_trouble}: a POST sets the switches of its JSON object, after {@code "reset": true} cleared the
     * whole simulator; any request answers the switches as they are now; a body that is not JSON, or a switch or value
     * the simulator does not know, answers 400 {@code {"error": …}}.
     *
     * @param resetAll the simulator's reset (its state and the switches)
     * @param actions  keys of the body that act once instead of setting a switch (e.g. {@code expire})
     */
    public final SandboxResponse handle(SandboxRequest req, Runnable resetAll, Map<String, Consumer<String>> actions) {
        if ("POST".equals(req.method())) {
            try {
                JsonNode n = JSON.readTree(req.body().isBlank() ? "{}" : req.body());
                if (n.path("reset").asBoolean(false)) {
                    resetAll.run();
                }
                n.fields().forEachRemaining(e -> {
                    String value = e.getValue().asText();
                    if (actions.containsKey(e.getKey())) {
                        actions.get(e.getKey()).accept(value);
                    } else if (!e.getKey().equals("reset")) {
                        set(e.getKey(), value);
                    }
                });
            } catch (Exception e) {
                String error = JSON.createObjectNode().put("error", String.valueOf(e.getMessage())).toString();
                return SandboxResponse.json(400, error);
            }
        }
        return SandboxResponse.json(toString());
    }

    /** The switches and their values as a JSON object, in the order of {@link #names()}. */
    @Override
    public final String toString() {
        return JSON.valueToTree(switches()).toString();
    }

    private Map<String, Object> switches() {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("latency-ms", latencyMs);
        describe(all);
        return all;
    }

    /**
     * Sets one of the subclass's switches.
     *
     * @param name  lower case, words joined by {@code -}
     * @param value stripped, never null
     * @return false when there is no such switch
     */
    protected abstract boolean apply(String name, String value);

    /** Clears the subclass's failures ({@link #latencyMs} is cleared already). */
    protected abstract void clear();

    /** Puts the subclass's switches and their values into {@code switches}, in the order they are listed. */
    protected abstract void describe(Map<String, Object> switches);
}

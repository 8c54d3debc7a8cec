package io.fapiao.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A simulator's trouble switches, so tests and users can rehearse failures: set by name as properties
 * {@code sandbox.<key>.<name>} at start-up ({@link SandboxSetup#applyTrouble}) or at run time through
 * {@code POST …/<key>/_trouble} ({@link #handle}), shown as a JSON object. Every simulator has {@link #latencyMs};
 * the others are public fields of the subclass, which the simulator reads on every call, and which the subclass's
 * constructor names once each with {@link #failure} or {@link #setting}.
 */
public abstract class SandboxTrouble {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One switch: how its text is read, and the field it stands for; {@code cleared} null = reset keeps it. */
    private record Switch<T>(Function<String, T> parse, Supplier<T> get, Consumer<T> set, T cleared) {

        void set(String value) {
            set.accept(parse.apply(value));
        }

        void clear() {
            if (cleared != null) {
                set.accept(cleared);
            }
        }
    }

    /** In the order they are listed. */
    private final Map<String, Switch<?>> switches = new LinkedHashMap<>();

    /** Milliseconds every call waits before it is answered. */
    public volatile long latencyMs;

    protected SandboxTrouble() {
        failure("latency-ms", Long::parseLong, () -> latencyMs, v -> latencyMs = v);
    }

    /**
     * Adds a switch that {@link #reset} returns to the value its field has now.
     *
     * @param name  lower case, words joined by {@code -}
     * @param parse reads the stripped text (never null); throws {@link IllegalArgumentException} for a value the
     *              switch cannot take
     */
    protected final <T> void failure(String name, Function<String, T> parse, Supplier<T> get, Consumer<T> set) {
        add(name, new Switch<>(parse, get, set, get.get()));
    }

    /** Adds a switch that is configuration rather than a failure: {@link #reset} keeps it. */
    protected final <T> void setting(String name, Function<String, T> parse, Supplier<T> get, Consumer<T> set) {
        add(name, new Switch<>(parse, get, set, null));
    }

    private void add(String name, Switch<?> s) {
        if (switches.putIfAbsent(name, s) != null) {
            throw new IllegalStateException("sandbox switch named twice: " + name);
        }
    }

    /**
     * Sets a switch; the name may use {@code _} for {@code -} and any case, the value is stripped.
     *
     * @throws IllegalArgumentException for a name that is no switch or a value the switch cannot take
     */
    public final void set(String name, String value) {
        Switch<?> s = switches.get(spelled(name));
        if (s == null) {
            throw new IllegalArgumentException("unknown sandbox switch: " + name);
        }
        s.set(value == null ? "" : value.strip());
    }

    /** A switch's or action's name as it is listed: lower case, {@code -} for {@code _}. */
    private static String spelled(String name) {
        return name.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public final void setAll(Map<String, String> values) {
        values.forEach(this::set);
    }

    /** Clears the failures. */
    public final void reset() {
        switches.values().forEach(Switch::clear);
    }

    /** The switches by name, as properties and the trouble endpoint spell them. */
    public final List<String> names() {
        return List.copyOf(switches.keySet());
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
     * @param actions  keys of the body that act once instead of setting a switch (e.g. {@code expire}), spelled as
     *                 listed; the body may spell them like switch names
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
                    Consumer<String> action = actions.get(spelled(e.getKey()));
                    if (action != null) {
                        action.accept(value);
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
        Map<String, Object> values = new LinkedHashMap<>();
        switches.forEach((name, s) -> values.put(name, s.get().get()));
        return JSON.valueToTree(values).toString();
    }
}

package io.fapiao.sandbox;

import io.fapiao.config.Settings;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * What sandbox mode is made of, collected from every feature before any property is read: the simulators served on
 * the bundle's own port under {@code /sandbox/<key>}, the properties that point each vendor at its simulator
 * (ahead of the properties files, so a sandbox run never reaches a real vendor), and the beans tests look up.
 */
public final class SandboxSetup {

    private final String host;
    private final int port;
    private final String sellerTaxId;
    private final Settings settings;
    private final Map<String, String> properties = new HashMap<>();
    private final Map<String, UnaryOperator<String>> sellerProperties = new HashMap<>();
    private final Map<String, Function<SandboxRequest, SandboxResponse>> simulators = new HashMap<>();
    private final Map<String, Object> beans = new HashMap<>();

    public SandboxSetup(String host, int port, String sellerTaxId, Settings settings) {
        this.host = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
        this.port = port;
        this.sellerTaxId = sellerTaxId;
        this.settings = settings;
    }

    /** The default seller the simulators serve. */
    public String sellerTaxId() {
        return sellerTaxId;
    }

    /** Where a simulator is served: {@code http://host:port/sandbox/<key>}. */
    public String baseUrl(String key) {
        return "http://" + host + ":" + port + SandboxHttp.PREFIX + key;
    }

    /** Serves a simulator under {@code /sandbox/<key>}. */
    public void serve(String key, Function<SandboxRequest, SandboxResponse> simulator) {
        simulators.put(key, simulator);
    }

    /** A property the sandbox answers ahead of the properties files (an explicit {@code -D} still wins). */
    public void property(String key, String value) {
        properties.put(key, value);
    }

    /** A per-seller property ({@code fapiao.sellers.<taxId>.<name>}) the sandbox answers for every seller. */
    public void sellerProperty(String name, UnaryOperator<String> valueForTaxId) {
        sellerProperties.put(name, valueForTaxId);
    }

    /** A sandbox object tests look up by name (the simulator itself). */
    public void bean(String name, Object bean) {
        beans.put(name, bean);
    }

    /**
     * The bundle's properties as configured, without the sandbox's own answers (they are added once every feature
     * has set up): what a feature reads to let a configured value win over its sandbox default.
     */
    public Settings settings() {
        return settings;
    }

    /** The value of {@code sandbox.<vendor>.<switch>}, to set a trouble switch at start-up. */
    public Optional<String> trouble(String vendor, String name) {
        return settings.find("sandbox." + vendor + "." + name);
    }

    /** Sets every switch configured as {@code sandbox.<vendor>.<switch>}, at start-up. */
    public void applyTrouble(String vendor, SandboxTrouble switches) {
        for (String name : switches.names()) {
            trouble(vendor, name).ifPresent(v -> switches.set(name, v));
        }
    }

    public Map<String, String> properties() {
        return properties;
    }

    public Map<String, UnaryOperator<String>> sellerProperties() {
        return sellerProperties;
    }

    public Map<String, Function<SandboxRequest, SandboxResponse>> simulators() {
        return simulators;
    }

    public Map<String, Object> beans() {
        return beans;
    }
}

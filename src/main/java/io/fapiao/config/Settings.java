package io.fapiao.config;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The bundle's properties as the contract names them: from {@code -Dkey=value}, environment variables (upper case,
 * {@code .} and {@code -} as {@code _}), {@code application.properties} beside the working directory, or the
 * defaults inside the jar. Secret values are never part of an error message: only key names are.
 */
public final class Settings {

    private final PropertiesComponent properties;

    public Settings(CamelContext context) {
        this.properties = context.getPropertiesComponent();
    }

    public Optional<String> find(String key) {
        Optional<String> v = properties.resolveProperty(key).map(String::strip).filter(s -> !s.isEmpty());
        if (v.isEmpty()) {
            String env = System.getenv(key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
            v = Optional.ofNullable(env).map(String::strip).filter(s -> !s.isEmpty());
        }
        return v;
    }

    public String get(String key, String fallback) {
        return find(key).orElse(fallback);
    }

    public int getInt(String key, int fallback) {
        String v = get(key, Integer.toString(fallback));
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new ConfigurationException(key + " must be a whole number, not '" + v + "'");
        }
    }

    /** A value the configuration cannot do without; the message names the key and why it is needed. */
    public String required(String key, String why) {
        return find(key).orElseThrow(() -> new ConfigurationException("missing property " + key + " (" + why
                + "): give it as -D" + key + "=…, as environment variable "
                + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_') + ", or in application.properties"));
    }

    public Mode mode() {
        String m = get("fapiao.mode", "sandbox").toLowerCase(Locale.ROOT);
        return switch (m) {
            case "sandbox" -> Mode.SANDBOX;
            case "live" -> Mode.LIVE;
            default -> throw new ConfigurationException("fapiao.mode must be sandbox or live, not '" + m + "'");
        };
    }

    /**
     * Sellers configured as {@code fapiao.sellers.<taxId>.vendor}, from every source: tax id → vendor key.
     */
    public Map<String, String> sellerVendors() {
        Map<String, String> out = new TreeMap<>();
        Properties loaded = properties.loadProperties(k -> k.startsWith("fapiao.sellers."));
        loaded.forEach((k, v) -> collectSeller(out, k.toString(), v.toString()));
        if (properties instanceof org.apache.camel.component.properties.PropertiesComponent pc) {
            for (Properties p : new Properties[] {pc.getInitialProperties(), pc.getOverrideProperties()}) {
                if (p != null) {
                    p.forEach((k, v) -> collectSeller(out, k.toString(), v.toString()));
                }
            }
        }
        System.getProperties().forEach((k, v) -> collectSeller(out, k.toString(), v.toString()));
        System.getenv().forEach((k, v) -> {
            if (k.startsWith("FAPIAO_SELLERS_") && k.endsWith("_VENDOR")) {
                out.put(k.substring("FAPIAO_SELLERS_".length(), k.length() - "_VENDOR".length()), v.strip());
            }
        });
        return out;
    }

    /**
     * Every key starting with {@code prefix} that some source sets: properties files, {@code -D}, initial and
     * override properties. Environment variables are not listed here (their names lose the {@code .}/{@code -}
     * difference); {@link #find} still reads them for a known key.
     */
    public Set<String> keysStartingWith(String prefix) {
        Set<String> out = new TreeSet<>();
        properties.loadProperties(k -> k.startsWith(prefix)).keySet().forEach(k -> out.add(k.toString()));
        if (properties instanceof org.apache.camel.component.properties.PropertiesComponent pc) {
            for (Properties p : new Properties[] {pc.getInitialProperties(), pc.getOverrideProperties()}) {
                if (p != null) {
                    p.keySet().stream().map(Object::toString).filter(k -> k.startsWith(prefix)).forEach(out::add);
                }
            }
        }
        System.getProperties().keySet().stream().map(Object::toString).filter(k -> k.startsWith(prefix))
                .forEach(out::add);
        return out;
    }

    private static void collectSeller(Map<String, String> out, String key, String value) {
        if (key.startsWith("fapiao.sellers.") && key.endsWith(".vendor")) {
            String taxId = key.substring("fapiao.sellers.".length(), key.length() - ".vendor".length());
            out.put(taxId.toUpperCase(Locale.ROOT), value.strip().toLowerCase(Locale.ROOT));
        }
    }
}

package io.fapiao.config;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.component.properties.PropertiesLocation;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.Optional;
import java.util.Properties;

/**
 * The bundle's properties as the contract names them: from {@code -Dkey=value}, environment variables (upper case,
 * {@code .} and {@code -} as {@code _}), {@code application.properties} beside the working directory, or the
 * defaults inside the jar. Secret values are never part of an error message: only key names are.
 */
public final class Settings {

    private static final String SELLERS = "fapiao.sellers.";

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
     * The tax ids named by any {@code fapiao.sellers.<taxId>.<key>} property, from every source: {@code -D},
     * environment ({@code FAPIAO_SELLERS_<TAXID>_<KEY>}), the properties files.
     */
    public Set<String> sellerTaxIds() {
        Set<String> out = new TreeSet<>();
        keysStartingWith(SELLERS).forEach(k -> collectSeller(out, k));
        System.getenv().forEach((k, v) -> {
            if (k.startsWith("FAPIAO_SELLERS_")) {
                String rest = k.substring("FAPIAO_SELLERS_".length());
                int last = rest.lastIndexOf('_');
                if (last > 0 && Arrays.asList(Sellers.KEYS).contains(rest.substring(last + 1).toLowerCase(Locale.ROOT))) {
                    out.add(rest.substring(0, last).toUpperCase(Locale.ROOT));
                }
            }
        });
        return out;
    }

    /**
     * Every key starting with {@code prefix} that some source sets: the properties files, {@code -D}, initial and
     * override properties. Environment variables are not listed here (their names lose the {@code .}/{@code -}
     * difference); {@link #find} still reads them for a known key.
     */
    public Set<String> keysStartingWith(String prefix) {
        Set<String> out = new TreeSet<>();
        properties.loadProperties(k -> k.startsWith(prefix)).keySet().forEach(k -> out.add(k.toString()));
        List<Properties> sources = new ArrayList<>(locationFiles());
        if (properties instanceof org.apache.camel.component.properties.PropertiesComponent pc) {
            sources.add(pc.getInitialProperties());
            sources.add(pc.getOverrideProperties());
        }
        sources.add(System.getProperties());
        for (Properties p : sources) {
            if (p != null) {
                p.keySet().stream().map(Object::toString).filter(k -> k.startsWith(prefix)).forEach(out::add);
            }
        }
        return out;
    }

    /** The properties files the component reads ({@code file:} and {@code classpath:} locations), read for their keys. */
    private List<Properties> locationFiles() {
        List<Properties> files = new ArrayList<>();
        if (!(properties instanceof org.apache.camel.component.properties.PropertiesComponent pc)) {
            return files;
        }
        for (String text : pc.getLocations()) {
            PropertiesLocation location = new PropertiesLocation(text);
            Properties p = new Properties();
            try (InputStream in = open(location)) {
                if (in != null) {
                    p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
                    files.add(p);
                }
            } catch (IOException e) {
                // an optional file that is not there, or one Camel itself will complain about
            }
        }
        return files;
    }

    private static InputStream open(PropertiesLocation location) throws IOException {
        String path = location.getPath();
        if ("file".equals(location.getResolver())) {
            Path file = Path.of(path);
            return Files.isReadable(file) ? Files.newInputStream(file) : null;
        }
        if ("classpath".equals(location.getResolver())) {
            return Settings.class.getClassLoader().getResourceAsStream(path.startsWith("/") ? path.substring(1) : path);
        }
        return null;
    }

    private static void collectSeller(Set<String> out, String key) {
        if (key.startsWith(SELLERS)) {
            String rest = key.substring(SELLERS.length());
            int dot = rest.lastIndexOf('.');
            if (dot > 0 && Arrays.asList(Sellers.KEYS).contains(rest.substring(dot + 1))) {
                out.add(rest.substring(0, dot).toUpperCase(Locale.ROOT));
            }
        }
    }
}

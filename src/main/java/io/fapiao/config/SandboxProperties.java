package io.fapiao.config;

import org.apache.camel.Ordered;
import org.apache.camel.spi.PropertiesSource;

import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * In sandbox mode, the vendors' properties that point at the embedded simulators. Consulted before the properties
 * files, so a sandbox run never reaches a real vendor configured there; an explicit {@code -D} still wins. Per-seller
 * properties ({@code fapiao.sellers.<taxId>.<name>}) can be answered for every seller (a simulator enrols it).
 */
public final class SandboxProperties implements PropertiesSource, Ordered {

    private static final String SELLERS = "fapiao.sellers.";

    private final Map<String, String> values;
    private final Map<String, UnaryOperator<String>> sellerValues;

    public SandboxProperties(Map<String, String> values, Map<String, UnaryOperator<String>> sellerValues) {
        this.values = Map.copyOf(values);
        this.sellerValues = Map.copyOf(sellerValues);
    }

    @Override
    public String getName() {
        return "fapiao-sandbox";
    }

    @Override
    public String getProperty(String name) {
        String v = values.get(name);
        if (v == null && name.startsWith(SELLERS)) {
            int dot = name.lastIndexOf('.');
            UnaryOperator<String> perSeller = dot > SELLERS.length() ? sellerValues.get(name.substring(dot + 1)) : null;
            if (perSeller != null) {
                return perSeller.apply(name.substring(SELLERS.length(), dot).toUpperCase(Locale.ROOT));
            }
        }
        return v;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST;
    }
}

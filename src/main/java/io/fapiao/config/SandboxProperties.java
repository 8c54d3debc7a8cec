package io.fapiao.config;

import org.apache.camel.Ordered;
import org.apache.camel.spi.PropertiesSource;

import java.util.Map;

/**
 * In sandbox mode, the vendors' properties that point at the embedded simulators. Consulted before the properties
 * files, so a sandbox run never reaches a real vendor configured there; an explicit {@code -D} still wins.
 */
public final class SandboxProperties implements PropertiesSource, Ordered {

    private final Map<String, String> values;

    public SandboxProperties(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    @Override
    public String getName() {
        return "fapiao-sandbox";
    }

    @Override
    public String getProperty(String name) {
        return values.get(name);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST;
    }
}

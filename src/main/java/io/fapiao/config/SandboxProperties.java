package io.fapiao.config;

import org.apache.camel.Ordered;
import org.apache.camel.spi.PropertiesSource;

import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * In sandbox mode, the vendors' properties that point at the embedded simulators. Consulted before the properties
 * files, so a sandbox run never reaches a real vendor configured there; an explicit {@code -D} still wins. Every
 * seller has a yun2 enterprise in the sandbox: {@code fapiao.sellers.<taxId>.spid} is answered by the simulator.
 */
public final class SandboxProperties implements PropertiesSource, Ordered {

    private static final Pattern SELLER_SPID = Pattern.compile("fapiao\\.sellers\\.([^.]+)\\.spid");

    private final Map<String, String> values;
    private final Function<String, String> sellerSpid;

    /** @param sellerSpid the simulator's enterprise id for a seller's tax id */
    public SandboxProperties(Map<String, String> values, Function<String, String> sellerSpid) {
        this.values = Map.copyOf(values);
        this.sellerSpid = sellerSpid;
    }

    @Override
    public String getName() {
        return "fapiao-sandbox";
    }

    @Override
    public String getProperty(String name) {
        String v = values.get(name);
        if (v == null) {
            Matcher m = SELLER_SPID.matcher(name);
            if (m.matches()) {
                return sellerSpid.apply(m.group(1).toUpperCase(java.util.Locale.ROOT));
            }
        }
        return v;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST;
    }
}

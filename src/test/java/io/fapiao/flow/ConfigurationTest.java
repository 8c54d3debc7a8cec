package io.fapiao.flow;

import io.fapiao.FapiaoConfiguration;
import io.fapiao.config.ConfigurationException;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigurationTest {

    private static ConfigurationException startWith(Properties p) {
        DefaultCamelContext context = new DefaultCamelContext();
        try {
            context.getPropertiesComponent().setOverrideProperties(p);
            return assertThrows(ConfigurationException.class, () -> new FapiaoConfiguration().configure(context));
        } finally {
            context.stop();
        }
    }

    @Test
    void liveModeNamesTheMissingKeyAndNoSecret() {
        Properties p = new Properties();
        p.put("fapiao.mode", "live");
        p.put("fapiao.seller.tax-id", "91310115MA1K4B2X34");
        p.put("vendor.yun2.base-url", "https://pbs.example.invalid");
        p.put("vendor.yun2.password", "very-secret");
        ConfigurationException e = startWith(p);
        assertTrue(e.getMessage().contains("vendor.yun2.username"), e.getMessage());
        assertTrue(e.getMessage().contains("VENDOR_YUN2_USERNAME"), e.getMessage());
        assertFalse(e.getMessage().contains("very-secret"));
    }

    @Test
    void listeningBeyondLoopbackNeedsAnApiToken() {
        Properties p = new Properties();
        p.put("fapiao.http.host", "0.0.0.0");
        assertTrue(startWith(p).getMessage().contains("fapiao.api.token"));
    }

    @Test
    void aSandboxLedgerNeverServesALiveRun(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("shared").toAbsolutePath();
        Properties sandbox = new Properties();
        sandbox.put("fapiao.ledger.url", url);
        sandbox.put("fapiao.inbox", dir.resolve("in").toString());
        sandbox.put("fapiao.outbox", dir.resolve("out").toString());
        DefaultCamelContext first = new DefaultCamelContext();
        first.getPropertiesComponent().setOverrideProperties(sandbox);
        new FapiaoConfiguration().configure(first);
        // the ledger is opened beside the start-up; a first use waits for it
        first.getRegistry().lookupByNameAndType("ledger", io.fapiao.ledger.Ledger.class).find("91310115MA1K4B2X34", "X");
        first.stop();
        Properties live = new Properties();
        live.putAll(sandbox);
        live.put("fapiao.mode", "live");
        live.put("fapiao.seller.tax-id", "91310115MA1K4B2X34");
        live.put("vendor.yun2.base-url", "https://pbs.example.invalid");
        live.put("vendor.yun2.username", "u");
        live.put("vendor.yun2.password", "p");
        live.put("vendor.yun2.spid", "s");
        // the ledger is opened beside the start-up: its refusal is every use's answer (and stops the start)
        DefaultCamelContext second = new DefaultCamelContext();
        second.getPropertiesComponent().setOverrideProperties(live);
        new FapiaoConfiguration().configure(second);
        io.fapiao.ledger.Ledger ledger = second.getRegistry().lookupByNameAndType("ledger", io.fapiao.ledger.Ledger.class);
        Exception failed = assertThrows(Exception.class, () -> ledger.find("91310115MA1K4B2X34", "X"));
        second.stop();
        Throwable e = failed;
        while (!(e instanceof ConfigurationException) && e.getCause() != null) {
            e = e.getCause();
        }
        assertTrue(e instanceof ConfigurationException, failed::toString);
        assertTrue(e.getMessage().contains("sandbox-mode orders") && e.getMessage().contains("fapiao.ledger.url"),
                e.getMessage());
    }

    @Test
    void eachModeHasItsOwnDefaultLedger() throws Exception {
        String sandbox = new String(FapiaoConfiguration.class.getResourceAsStream("/application.properties").readAllBytes());
        assertFalse(sandbox.contains("fapiao.ledger.url"), "the default ledger depends on the mode, not on the file");
    }

    @Test
    void anUnknownVendorIsNamed() {
        Properties p = new Properties();
        p.put("fapiao.seller.vendor", "acme");
        assertTrue(startWith(p).getMessage().contains("acme"));
    }
}

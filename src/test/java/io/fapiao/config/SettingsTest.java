package io.fapiao.config;

import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SettingsTest {

    @TempDir
    Path dir;

    @Test
    void sellersAreFoundInEverySource() throws Exception {
        Path file = dir.resolve("application.properties");
        Files.writeString(file, "fapiao.sellers.91350100M000100Y43.vendor=jumdata\nfapiao.sellers.91110000802100433b.region=1100\n");
        DefaultCamelContext context = new DefaultCamelContext();
        context.getPropertiesComponent().setLocation("file:" + file.toAbsolutePath());
        Properties override = new Properties();
        override.put("fapiao.sellers.91440300MA5G0Q8B4E.spid", "abc");
        context.getPropertiesComponent().setOverrideProperties(override);
        System.setProperty("fapiao.sellers.91310115MA1K4B2X34.vendor", "yun2");
        try {
            assertEquals(Set.of("91350100M000100Y43", "91110000802100433B", "91440300MA5G0Q8B4E", "91310115MA1K4B2X34"),
                    new Settings(context).sellerTaxIds());
        } finally {
            System.clearProperty("fapiao.sellers.91310115MA1K4B2X34.vendor");
            context.stop();
        }
    }
}

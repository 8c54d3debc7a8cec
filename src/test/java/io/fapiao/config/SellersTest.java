package io.fapiao.config;

import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SellersTest {

    private static Sellers sellers(Properties p) {
        DefaultCamelContext context = new DefaultCamelContext();
        context.getPropertiesComponent().setOverrideProperties(p);
        try {
            return new Sellers(new Settings(context), false);
        } finally {
            context.stop();
        }
    }

    /**
     * A yun2 spid is one enterprise: a second seller configured with the first one's spid (copied from its block)
     * had its orders issued as the first company's invoices. Start-up refuses it, naming both keys.
     */
    @Test
    void twoSellersWithOneSpidStopStartUp() {
        Properties p = new Properties();
        p.put("fapiao.seller.tax-id", "91310115MA1K4B2X34");
        p.put("vendor.yun2.spid", "5a1d0c3e9b7f4a2c8e6d0b1f3a5c7e9d");
        p.put("fapiao.sellers.91440300MA5FQQQQ1J.vendor", "yun2");
        p.put("fapiao.sellers.91440300MA5FQQQQ1J.spid", "5a1d0c3e9b7f4a2c8e6d0b1f3a5c7e9d");
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> sellers(p));
        assertTrue(e.getMessage().contains("fapiao.sellers.91440300MA5FQQQQ1J.spid"), e.getMessage());
        assertTrue(e.getMessage().contains("91310115MA1K4B2X34"), e.getMessage());
    }

    @Test
    void sellersWithTheirOwnSpidsStart() {
        Properties p = new Properties();
        p.put("fapiao.seller.tax-id", "91310115MA1K4B2X34");
        p.put("fapiao.seller.spid", "aaaa");
        p.put("fapiao.sellers.91440300MA5FQQQQ1J.vendor", "yun2");
        p.put("fapiao.sellers.91440300MA5FQQQQ1J.spid", "bbbb");
        p.put("fapiao.sellers.91350100M000100Y43.vendor", "yun2");
        Sellers sellers = sellers(p);
        assertEquals("bbbb", sellers.of("91440300MA5FQQQQ1J").orElseThrow().spid());
        assertEquals("aaaa", sellers.of("91310115MA1K4B2X34").orElseThrow().spid(), "the default seller keeps its own");
    }
}

package io.fapiao.tax;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

class TaxRateTest {

    @ParameterizedTest
    @CsvSource({"0.13,0.13", "13%,0.13", "13,0.13", "0.130,0.13", "6%,0.06", "6,0.06", "0,0", "0%,0", "1%,0.01",
        "1,0.01", "1.5%,0.015", "9 %,0.09", "13％,0.13"})
    void readsTheFormsErpsWrite(String text, String rate) {
        assertEquals(new BigDecimal(rate), TaxRate.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"7%", "0.07", "20", "0.2"})
    void knowsWhichRatesExist(String text) {
        assertFalse(TaxRate.isKnown(TaxRate.parse(text)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "", "%"})
    void noNumberIsNoRate(String text) {
        assertNull(TaxRate.parse(text));
    }
}

package io.fapiao.tax;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CreditCodeTest {

    @ParameterizedTest
    @ValueSource(strings = {"91350100M000100Y43", "91110000802100433B", "91310115MA1K4B2X34", "91330100MA27WQ8K3B"})
    void acceptsValidCodes(String code) {
        assertTrue(CreditCode.isValid(code));
    }

    @ParameterizedTest
    @ValueSource(strings = {"91350100M000100Y44", "91110000802100433A", "9135010M000100Y43", "91350100M000100Y433",
        "91350100I000100Y43", "91350100O000100Y43", "91350100Z000100Y43", "91350100m000100Y43", ""})
    void rejectsWrongCheckCharacterLengthOrCharacters(String code) {
        assertFalse(CreditCode.isValid(code));
    }

    @Test
    void computesTheCheckCharacter() {
        assertEquals('3', CreditCode.checkCharacter("91350100M000100Y4"));
        assertEquals('B', CreditCode.checkCharacter("91110000802100433"));
    }
}

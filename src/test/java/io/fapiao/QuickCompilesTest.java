package io.fapiao;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QuickCompilesTest {

    @Test
    void fewCoresWithoutAChosenCompilerGetTheHint() {
        String hint = QuickCompiles.hint(false, 2).orElseThrow();
        assertTrue(hint.contains("-XX:TieredStopAtLevel=1") && hint.contains("2 cores"), hint);
        assertTrue(QuickCompiles.hint(false, 1).orElseThrow().contains("1 core:"));
    }

    @Test
    void aChosenCompilerOrMoreCoresNeedNoHint() {
        assertFalse(QuickCompiles.hint(true, 2).isPresent());
        assertFalse(QuickCompiles.hint(true, 1).isPresent());
        assertFalse(QuickCompiles.hint(false, 4).isPresent());
    }

    @Test
    void thisJvmsCompilerIsItsDefault() {
        // the tests' JVM is started without a compiler flag: what the bundle in one JVM meets
        assertFalse(SecondJvm.compilerChosen());
    }
}

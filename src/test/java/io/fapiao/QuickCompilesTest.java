package io.fapiao;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QuickCompilesTest {

    @Test
    void fewCoresWithoutTheFlagGetTheHint() {
        String hint = QuickCompiles.hint(List.of("-Xmx64m"), 2).orElseThrow();
        assertTrue(hint.contains("-XX:TieredStopAtLevel=1") && hint.contains("2 cores"), hint);
        assertTrue(QuickCompiles.hint(List.of(), 1).orElseThrow().contains("1 core:"));
    }

    @Test
    void theFlagOrMoreCoresNeedNoHint() {
        assertFalse(QuickCompiles.hint(List.of("-Xmx64m", "-XX:TieredStopAtLevel=1"), 2).isPresent());
        assertFalse(QuickCompiles.hint(List.of("-XX:TieredStopAtLevel=4"), 1).isPresent());
        assertFalse(QuickCompiles.hint(List.of(), 4).isPresent());
    }
}

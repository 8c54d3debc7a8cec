package io.fapiao.files;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SafeNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"orders.csv", "订单-2026-11-22.csv", "ORDERS 1.JSON", "a", ".hidden.csv", "x..y.csv",
            "发票 (2).csv", "console.csv"})
    void ordinaryNamesPass(String name) {
        assertEquals(name, SafeNames.fileName(name));
        assertTrue(SafeNames.problem(name).isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x.csv", "/etc/passwd", "a\u0000b", "..\\x", "..", ".", "", "C:x.csv", "c:\\temp\\x.csv",
            "a/b.csv", "x.csv:stream", "tab\there.csv", "new\nline.csv", "bell\u0007.csv", "del\u007f.csv",
            "c1\u0085.csv", "invoice\u202Evsc.exe", "rtl\u200F.csv", "CON", "nul.csv", "LPT1.txt", "con.csv.bak", "trailing.",
            "trailing ", "bad\uFFFD.csv", "lone\uD800.csv"})
    void hostileNamesAreRefused(String name) {
        UnsafeNameException e = assertThrows(UnsafeNameException.class, () -> SafeNames.fileName(name));
        assertTrue(e.getMessage().startsWith("file name '"), e.getMessage());
        assertFalse(e.getMessage().chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == 0x202E),
                "the message itself carries no control character: " + e.getMessage());
    }

    @Test
    void namesOver255BytesAreRefusedCountingUtf8() {
        assertEquals("x".repeat(255), SafeNames.fileName("x".repeat(255)));
        assertTrue(SafeNames.problem("x".repeat(256)).orElseThrow().contains("256 bytes"));
        // 85 Chinese characters are 255 bytes; 86 are 258
        assertEquals("票".repeat(85), SafeNames.fileName("票".repeat(85)));
        assertTrue(SafeNames.problem("票".repeat(86)).orElseThrow().contains("258 bytes"));
    }

    @Test
    void inputNamesLeaveRoomForTheirResultFiles() {
        String longest = "x".repeat(SafeNames.MAX_INPUT_BYTES - 4) + ".csv";
        assertEquals(Optional.empty(), SafeNames.inputProblem(longest));
        assertTrue(SafeNames.inputProblem("x" + longest).orElseThrow().contains("bytes"));
        assertTrue(SafeNames.fileName(longest + ".result.csv").endsWith(".result.csv"));
    }

    @Test
    void relativePathsAreSafeNamesJoinedBySlashes() {
        assertEquals("results/orders.csv.result.csv", SafeNames.relativePath("results/orders.csv.result.csv"));
        for (String bad : new String[] {"/results/x.csv", "results/../../x.csv", "results//x.csv", "results\\x.csv",
                "results/", "", "a/b/c/d/e/f/g/h/i.csv", "results/C:x"}) {
            assertThrows(UnsafeNameException.class, () -> SafeNames.relativePath(bad), bad);
        }
    }

    @Test
    void resolvedPathsStayInsideTheirRoot() {
        Path root = Path.of("/tmp/outbox");
        assertEquals(Path.of("/tmp/outbox/pdf/A_1.pdf"), SafeNames.resolve(root, "pdf/A_1.pdf"));
        assertThrows(UnsafeNameException.class, () -> SafeNames.resolve(root, "../etc/passwd"));
        assertThrows(UnsafeNameException.class, () -> SafeNames.resolve(root, "/etc/passwd"));
    }

    @Test
    void namesAreShownEscaped() {
        assertEquals("a\\u0000b\\u202E\\u0027", SafeNames.shown("a\u0000b\u202E'"));
        assertTrue(SafeNames.shown("x".repeat(500)).length() < 130);
    }
}

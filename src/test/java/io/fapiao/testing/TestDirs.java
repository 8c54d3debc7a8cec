package io.fapiao.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** The folders tests make for themselves, removed when the tests are over so that runs do not fill the disk. */
public final class TestDirs {

    private TestDirs() {
    }

    /**
     * Deletes the folder and everything in it, as far as it can: a cleanup that fails leaves files behind, it does
     * not fail the tests that made them. Nothing when the folder is null or already gone.
     */
    public static void delete(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(dir)) {
            paths = walk.sorted(Comparator.reverseOrder()).toList();
        } catch (IOException | RuntimeException e) {
            return;
        }
        for (Path p : paths) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                // left behind; the rest still goes
            }
        }
    }
}

package dev.plmlab.forge.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The copies under src/test/resources must not drift from the shared fixtures they were taken from. */
class GoldenFixturesTest {

    @ParameterizedTest
    @ValueSource(strings = {"esm2", "esm1b", "esm1", "carp"})
    void bundledCopiesEqualTheSharedFixtures(String family) throws Exception {
        String shared = System.getProperty("plmlab.shared.data");
        assumeTrue(shared != null && Files.isDirectory(Path.of(shared, "golden", family)),
                "shared fixtures not available here; nothing to compare");
        Path sharedDir = Path.of(shared, "golden", family);
        List<Path> files;
        try (Stream<Path> listing = Files.list(sharedDir)) {
            files = listing.filter(Files::isRegularFile).sorted().toList();
        }
        assertTrue(files.size() >= 3, "shared fixture folder " + sharedDir + " looks empty");
        for (Path source : files) {
            Path copy = GoldenFixtures.dir(family).resolve(source.getFileName().toString());
            assertTrue(Files.isRegularFile(copy), "missing bundled copy of " + source);
            assertArrayEquals(Files.readAllBytes(source), Files.readAllBytes(copy), "stale copy of " + source);
        }
    }
}

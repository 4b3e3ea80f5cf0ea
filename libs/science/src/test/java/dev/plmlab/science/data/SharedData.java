package dev.plmlab.science.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/** Locates the repo's shared/data folder for tests (the real FLIP files live there). */
public final class SharedData {
    private SharedData() {
    }

    /** System property plmlab.shared.data (set by the parent pom), else the nearest shared/data above cwd. */
    public static Path folder() {
        String property = System.getProperty(DatasetLocator.SHARED_DATA_PROPERTY);
        if (property != null && Files.isDirectory(Path.of(property))) {
            return Path.of(property).normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("data");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("shared/data not found: set -D" + DatasetLocator.SHARED_DATA_PROPERTY);
    }

    /**
     * The shared data folder, or the test is skipped, saying why, when this checkout has none (a
     * fresh clone without ../shared/data).
     */
    public static Path folderOrSkip() {
        Optional<Path> found = find();
        Assumptions.assumeTrue(found.isPresent(), "skipped: no shared/data folder above " + Path.of("").toAbsolutePath()
                + " and -D" + DatasetLocator.SHARED_DATA_PROPERTY + " is not set");
        return found.get();
    }

    private static Optional<Path> find() {
        try {
            return Optional.of(folder());
        } catch (IllegalStateException e) {
            return Optional.empty();
        }
    }

    public static Path gb1Splits() {
        return folder().resolve(FlipFiles.GB1_SPLITS.relativePath());
    }
}

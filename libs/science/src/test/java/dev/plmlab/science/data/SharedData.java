package dev.plmlab.science.data;

import java.nio.file.Files;
import java.nio.file.Path;

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

    public static Path gb1Splits() {
        return folder().resolve(FlipFiles.GB1_SPLITS.relativePath());
    }
}

package dev.plmlab.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Where a checkout keeps what the local mode needs: the built services and the shared data. */
public record RepoLayout(Path root) {

    public static final String HOME_PROPERTY = "plmlab.home";

    /** The checkout named by {@value #HOME_PROPERTY} (the launcher sets it), else the nearest one above the working directory. */
    public static RepoLayout locate() {
        String home = System.getProperty(HOME_PROPERTY);
        if (home != null && !home.isBlank()) {
            return new RepoLayout(Path.of(home).toAbsolutePath().normalize());
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("services")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return new RepoLayout(dir);
            }
        }
        throw new IllegalStateException("cannot find the plmlab checkout: set -D" + HOME_PROPERTY + " or run inside it");
    }

    public Path serviceJar(String service) {
        return root.resolve("services").resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
    }

    /** The repo's {@code ../shared/data}, when present (see shared/data/README.md). */
    public Optional<Path> sharedData() {
        Path shared = root.resolveSibling("shared").resolve("data");
        return Files.isDirectory(shared) ? Optional.of(shared) : Optional.empty();
    }
}

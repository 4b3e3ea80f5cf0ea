package dev.plmlab.containers;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the repository and the shared data are, as the build tells the tests. */
final class Repo {

    private Repo() {
    }

    static Path root() {
        Path root = Path.of(System.getProperty("plmlab.repo.root", "../..")).toAbsolutePath().normalize();
        if (!Files.isRegularFile(root.resolve("deploy/images/build-images.sh"))) {
            throw new IllegalStateException("not the plmlab repository: " + root + " (set -Dplmlab.repo.root)");
        }
        return root;
    }

    /** The FLIP splits and golden fixtures (../shared/data beside the repository). */
    static Path sharedData() {
        Path shared = Path.of(System.getProperty("plmlab.shared.data", root().resolveSibling("shared/data").toString()))
                .toAbsolutePath().normalize();
        if (!Files.isDirectory(shared)) {
            throw new IllegalStateException("the shared data folder " + shared + " does not exist (set -Dplmlab.shared.data)");
        }
        return shared;
    }
}

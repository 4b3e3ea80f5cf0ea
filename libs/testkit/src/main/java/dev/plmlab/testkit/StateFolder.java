package dev.plmlab.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The folder a piece of infrastructure keeps its data in: either one the caller owns (kept and
 * reused by the next run, so the local mode resumes) or a temporary one (deleted on close, so
 * tests leave nothing behind).
 */
final class StateFolder implements AutoCloseable {

    private final Path path;
    private final boolean temporary;

    private StateFolder(Path path, boolean temporary) {
        this.path = path;
        this.temporary = temporary;
    }

    /** {@code requested} when given (created if missing, never deleted), else a fresh temp folder. */
    static StateFolder of(Path requested, String tempPrefix) {
        try {
            if (requested != null) {
                return new StateFolder(Files.createDirectories(requested.toAbsolutePath()), false);
            }
            return new StateFolder(Files.createTempDirectory(tempPrefix), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the state folder "
                    + (requested != null ? requested : "(temporary, " + tempPrefix + ")"), e);
        }
    }

    Path path() {
        return path;
    }

    boolean isTemporary() {
        return temporary;
    }

    @Override
    public void close() {
        if (temporary) {
            deleteRecursively(path);
        }
    }

    static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // a child may still be writing its last log line; what is left is in the temp dir
                }
            });
        } catch (IOException e) {
            // best effort: the folder lives under the system temp dir
        }
    }
}

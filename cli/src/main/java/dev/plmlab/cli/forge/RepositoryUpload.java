package dev.plmlab.cli.forge;

import dev.plmlab.store.ObjectStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** Copies one model folder of a local Triton repository into an object store. */
public final class RepositoryUpload {

    private static final String CONFIG = "config.pbtxt";

    private RepositoryUpload() {
    }

    /**
     * Uploads every file under {@code modelDir} to {@code <location>/<model folder name>/<relative path>}.
     * config.pbtxt goes last, so a Triton polling the repository does not see a config before the model
     * it describes. Objects left under that folder from an earlier forge that this one did not write
     * (a {@code model.onnx.data} sidecar from a larger model) are removed afterwards, since Triton would
     * otherwise download them along with the model.
     *
     * @return the keys written, in upload order
     */
    public static List<String> upload(ObjectStore store, Path modelDir, S3Location location) throws IOException {
        String folder = location.key(modelDir.getFileName().toString());
        List<Path> files;
        try (Stream<Path> walk = Files.walk(modelDir)) {
            files = new ArrayList<>(walk.filter(Files::isRegularFile)
                    .sorted(Comparator.comparing((Path p) -> p.getFileName().toString().equals(CONFIG))
                            .thenComparing(Path::toString))
                    .toList());
        }
        store.ensureBucket();
        List<String> written = new ArrayList<>();
        for (Path file : files) {
            String key = folder + "/" + relativeKey(modelDir, file);
            store.put(key, file);
            written.add(key);
        }
        Set<String> current = new HashSet<>(written);
        for (String key : store.list(folder + "/")) {
            if (!current.contains(key)) {
                store.delete(key);
            }
        }
        return written;
    }

    private static String relativeKey(Path root, Path file) {
        List<String> parts = new ArrayList<>();
        root.relativize(file).forEach(part -> parts.add(part.toString()));
        return String.join("/", parts);
    }
}

package dev.plmlab.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Copies one model folder of a local Triton repository ({@code <name>/config.pbtxt}, {@code <name>/1/...}) into
 * a Triton model repository in an object store: what {@code plmlab forge --out s3://...} and the embedder
 * publish.
 */
public final class RepositoryUpload {

    public static final String CONFIG = "config.pbtxt";

    private RepositoryUpload() {
    }

    /** {@code <prefix>/<name>}, or {@code <name>} for an empty prefix: the folder of entry {@code name}. */
    public static String entryKey(String prefix, String name) {
        String trimmed = prefix == null ? "" : prefix.replaceAll("^/+|/+$", "");
        return trimmed.isEmpty() ? name : trimmed + "/" + name;
    }

    /**
     * Uploads every file under {@code modelDir} to {@code <prefix>/<model folder name>/<relative path>}.
     * config.pbtxt goes last, so neither a Triton polling the repository nor a publisher that takes a present
     * config.pbtxt for a complete entry sees a config before the model it describes. Objects left under that
     * folder from an earlier upload that this one did not write (a {@code model.onnx.data} sidecar from a
     * larger model) are removed afterwards, since Triton would otherwise download them along with the model.
     *
     * @return the keys written, in upload order
     */
    public static List<String> upload(ObjectStore store, Path modelDir, String prefix) throws IOException {
        String folder = entryKey(prefix, modelDir.getFileName().toString());
        List<Path> files;
        try (Stream<Path> walk = Files.walk(modelDir)) {
            files = new ArrayList<>(walk.filter(Files::isRegularFile)
                    .sorted(Comparator.comparing((Path p) -> modelDir.relativize(p).toString().equals(CONFIG))
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

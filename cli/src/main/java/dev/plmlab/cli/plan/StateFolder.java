package dev.plmlab.cli.plan;

import dev.plmlab.model.ObjectKeys;
import dev.plmlab.model.data.StoredFeatures;
import dev.plmlab.model.messages.Messages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What a local state folder ({@code plmlab run --state DIR}) already stores, read from its files without
 * starting anything: local mode keeps the object store with S3Proxy's filesystem backend, one directory per
 * bucket under {@code <state>/s3/data/} and each object at its key below it
 * ({@code dev.plmlab.testkit.S3ProxyProcess}, {@code dev.plmlab.cli.local.LocalStack#BUCKET}).
 */
public final class StateFolder {

    /** Where {@code LocalStack} starts S3Proxy and which bucket it uses: {@code <state>/s3/data/plmlab}. */
    public static Path objectsOf(Path state) {
        return state.resolve("s3").resolve("data").resolve(dev.plmlab.cli.local.LocalStack.BUCKET);
    }

    /** An embedding job's stored manifest, and when it was written. */
    record Manifest(StoredFeatures features, FileTime written) {
    }

    private final Path state;
    private final Path objects;
    private Map<String, Manifest> manifests;

    public StateFolder(Path state) {
        this.state = state;
        this.objects = objectsOf(state);
    }

    public Path state() {
        return state;
    }

    /** Whether the folder holds an object store at all (a state folder that never ran holds none). */
    boolean present() {
        return Files.isDirectory(objects);
    }

    boolean exists(String key) {
        return Files.isRegularFile(objects.resolve(key));
    }

    Optional<byte[]> read(String key) throws IOException {
        Path file = objects.resolve(key);
        return Files.isRegularFile(file) ? Optional.of(Files.readAllBytes(file)) : Optional.empty();
    }

    /**
     * Every embedding manifest stored, by features id. An embedding job's features id hashes its job id with
     * the content id of the model that computed it (the checkpoint's sha256, ...), which only the embedder
     * derives; the manifests name both, so a job is found stored by trying each model id they hold.
     */
    Map<String, Manifest> manifests() throws IOException {
        if (manifests != null) {
            return manifests;
        }
        manifests = new LinkedHashMap<>();
        Path embeddings = objects.resolve("embeddings");
        if (!Files.isDirectory(embeddings)) {
            return manifests;
        }
        String manifestName = Path.of(ObjectKeys.embeddingManifest("x")).getFileName().toString();
        List<Path> folders = new ArrayList<>();
        try (Stream<Path> list = Files.list(embeddings)) {
            list.forEach(folders::add);
        }
        for (Path folder : folders) {
            Path file = folder.resolve(manifestName);
            if (!Files.isRegularFile(file)) {
                continue;
            }
            try {
                StoredFeatures features = Messages.mapper().readValue(file.toFile(), StoredFeatures.class);
                if (features.featuresId() != null && features.modelId() != null
                        && ObjectKeys.embeddingManifest(features.featuresId()).equals("embeddings/" + folder.getFileName() + "/" + manifestName)) {
                    manifests.put(features.featuresId(), new Manifest(features, Files.getLastModifiedTime(file)));
                }
            } catch (IOException | RuntimeException e) {
                // a damaged manifest is not a stored job: the embedder recomputes it
            }
        }
        return manifests;
    }
}

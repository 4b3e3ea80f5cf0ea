package dev.plmlab.testkit;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a {@link KServeServer} finds its models: a Triton-layout repository, {@code <name>/config.pbtxt} plus
 * {@code <name>/1/model.onnx} (and its {@code .data}), in a folder or under an S3 prefix.
 */
public interface ModelRepository extends AutoCloseable {

    /** The entries that hold a {@code config.pbtxt}, sorted. */
    List<String> names() throws IOException;

    /**
     * A local folder named {@code name} holding the entry, ready for ONNX Runtime; {@link #release} hands it back.
     *
     * @throws java.nio.file.NoSuchFileException if the repository has no such entry
     */
    Path fetch(String name) throws IOException;

    /** The model's session is closed: a copy {@link #fetch} made for it may go. */
    void release(String name, Path fetched);

    /** Where the repository is, for messages and logs. */
    String describe();

    @Override
    default void close() {
    }

    static ModelRepository folder(Path folder) {
        return new FolderModelRepository(folder);
    }

    static ModelRepository s3(S3ModelRepository.Location location) {
        return new S3ModelRepository(location);
    }
}

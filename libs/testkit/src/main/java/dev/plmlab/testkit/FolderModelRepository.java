package dev.plmlab.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** A Triton repository in a local folder: entries are served in place. */
final class FolderModelRepository implements ModelRepository {

    private final Path folder;

    FolderModelRepository(Path folder) {
        this.folder = folder;
    }

    @Override
    public List<String> names() throws IOException {
        try (Stream<Path> dirs = Files.list(folder)) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve("config.pbtxt")))
                    .map(d -> d.getFileName().toString()).sorted().toList();
        }
    }

    @Override
    public Path fetch(String name) throws IOException {
        Path entry = folder.resolve(name).normalize();
        if (!entry.getParent().equals(folder.normalize()) || !Files.isRegularFile(entry.resolve("config.pbtxt"))) {
            throw new NoSuchFileException(entry.resolve("config.pbtxt").toString());
        }
        return entry;
    }

    @Override
    public void release(String name, Path fetched) {
        // served in place: nothing was copied
    }

    @Override
    public String describe() {
        return folder.toString();
    }
}

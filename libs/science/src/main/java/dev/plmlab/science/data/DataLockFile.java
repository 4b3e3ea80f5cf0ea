package dev.plmlab.science.data;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The sha256 of every download that has no published checksum, keyed by URL: a JSON object,
 * sorted by URL, one entry a line, so that a user can commit it and review its diffs.
 *
 * <p>The first time such a file is seen its sha256 is recorded here; from then on every download
 * and every cached copy of that URL must have the same sha256. The file is re-read on every
 * lookup, so an edit (or a {@code git checkout}) takes effect at once.
 */
public final class DataLockFile {
    /** The name plmlab uses when it picks the lock file's place itself. */
    public static final String DEFAULT_NAME = "plmlab-data.lock";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path path;

    public DataLockFile(Path path) {
        this.path = path;
    }

    public Path path() {
        return path;
    }

    /** The sha256 recorded for {@code url}, if any. */
    public synchronized Optional<String> sha256(URI url) {
        return Optional.ofNullable(entries().get(url.toString()));
    }

    /** Records the sha256 of {@code url}; refuses to overwrite a different one. */
    public synchronized void record(URI url, String sha256) {
        Map<String, String> entries = entries();
        String previous = entries.get(url.toString());
        if (previous != null && !previous.equals(sha256)) {
            throw new DatasetException(url + " " + mismatch(url, previous, sha256));
        }
        if (previous != null) {
            return;
        }
        entries.put(url.toString(), sha256);
        try {
            Path parent = path.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path partial = Files.createTempFile(parent, path.getFileName().toString(), ".part");
            Files.writeString(partial, JSON.writeValueAsString(entries) + "\n", StandardCharsets.UTF_8);
            Files.move(partial, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new DatasetException("cannot write the data lock file " + path + ": " + e.getMessage(), e);
        }
    }

    /** What to say of content that differs from what the lock file recorded ("has sha256 … but …"). */
    public String mismatch(URI url, String recorded, String actual) {
        return "has sha256 " + actual + " but the lock file " + path + " recorded " + recorded + " for " + url
                + " when it was first downloaded: the source changed or the file is corrupt (remove the entry"
                + " from the lock file only if you trust the new content)";
    }

    private TreeMap<String, String> entries() {
        if (!Files.isRegularFile(path)) {
            return new TreeMap<>();
        }
        try {
            Map<String, String> read = JSON.readValue(path.toFile(), new TypeReference<Map<String, String>>() { });
            return new TreeMap<>(read == null ? Map.of() : read);
        } catch (IOException e) {
            throw new DatasetException("cannot read the data lock file " + path
                    + " (a JSON object of URL to sha256): " + e.getMessage(), e);
        }
    }
}

package dev.plmlab.service;

import dev.plmlab.model.upload.UploadedFile;
import dev.plmlab.store.ObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Local copies of files a client uploaded for its spec ({@link UploadedFile}), kept under
 * {@code <cache>/uploads/<sha256>/<name>}. A copy is checked against its sha256 before it gets its final
 * name, so a file under that name is always whole and always the content the spec names; a second job
 * of the same file reuses it.
 */
public final class UploadedFiles {

    private final ObjectStore store;
    private final Path cache;
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    public UploadedFiles(ObjectStore store, Path cache) {
        this.store = store;
        this.cache = cache;
    }

    /**
     * The local copy of {@code reference} ({@code store:uploads/<sha256>/<name>}), fetched from the store
     * the first time.
     *
     * @param what what the file is, for messages: "task gb1: dataset file"
     * @throws IllegalArgumentException when the reference is malformed, not in the store, or its bytes do not
     *                                  match its sha256
     */
    public Path local(String reference, String what) {
        UploadedFile file;
        try {
            file = UploadedFile.parse(reference);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
        }
        Path target = cache.resolve("uploads").resolve(file.sha256()).resolve(file.fileName());
        synchronized (locks.computeIfAbsent(file.key(), k -> new Object())) {
            if (Files.isRegularFile(target)) {
                return target;
            }
            if (!store.exists(file.key())) {
                throw new IllegalArgumentException(what + " " + reference + " is not in the object store (key " + file.key()
                        + "): upload it again with `plmlab submit`");
            }
            try {
                Files.createDirectories(target.getParent());
                Path part = Files.createTempFile(target.getParent(), file.fileName(), ".part");
                try {
                    store.download(file.key(), part);
                    String actual = UploadedFile.sha256Of(part);
                    if (!actual.equals(file.sha256())) {
                        throw new IllegalArgumentException(what + " " + reference + ": the stored object has sha256 " + actual
                                + ", not the one it is named by; upload it again");
                    }
                    Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    Files.deleteIfExists(part);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot keep a local copy of " + reference + " in " + target.getParent(), e);
            }
            return target;
        }
    }
}

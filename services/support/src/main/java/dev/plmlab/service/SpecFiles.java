package dev.plmlab.service;

import dev.plmlab.model.upload.UploadedFile;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a file a spec names ({@code file:}, {@code sequences:}, {@code mask:}, {@code checkpoint:}) is read
 * from on a service: an uploaded file ({@code store:uploads/<sha256>/<name>}) from the store, through a local
 * copy; a path only where this host allows paths ({@link DataConfig#localPaths()}, the services' own tests).
 */
public final class SpecFiles {

    private final UploadedFiles uploads;
    private final Path baseDir;
    private final boolean localPaths;

    public SpecFiles(UploadedFiles uploads, Path baseDir, boolean localPaths) {
        this.uploads = uploads;
        this.baseDir = baseDir;
        this.localPaths = localPaths;
    }

    /** Paths refused; only uploaded files are read. */
    public static SpecFiles uploadsOnly(UploadedFiles uploads) {
        return new SpecFiles(uploads, Path.of("."), false);
    }

    /**
     * @param what what the file is, for messages: "task gb1: dataset file"
     * @throws IllegalArgumentException naming {@code what} when the file cannot be had
     */
    public Path resolve(String specValue, String what) {
        if (UploadedFile.isReference(specValue)) {
            return uploads.local(specValue, what);
        }
        if (!localPaths) {
            throw new IllegalArgumentException(UploadedFile.notUploadedMessage(what, specValue));
        }
        Path file = baseDir.resolve(specValue);
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(what + " " + file + " is a folder, not a file");
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(what + " " + file + " does not exist");
        }
        return file;
    }

    /** Whether the value names content (an upload) rather than a path whose file may change. */
    public static boolean isContentPinned(String specValue) {
        return UploadedFile.isReference(specValue);
    }
}

package dev.plmlab.science.data;

import dev.plmlab.science.data.tape.TapeFiles;
import dev.plmlab.science.data.tape.TapeFormat;
import dev.plmlab.science.data.tape.TapeTask;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pinned public files the known datasets are read from, keyed by their relative path. The
 * public catalogue ({@link #PUBLIC}) is what users get; a test moves it onto a loopback server
 * ({@link #rebasedOnto}) and pins its own fixture archives ({@link #with}), so the production
 * constants stay untouched.
 */
public final class DatasetCatalogue {
    public static final DatasetCatalogue PUBLIC = new DatasetCatalogue(publicFiles());

    private final Map<String, PinnedFile> files;

    private DatasetCatalogue(Map<String, PinnedFile> files) {
        this.files = Map.copyOf(files);
    }

    private static Map<String, PinnedFile> publicFiles() {
        Map<String, PinnedFile> files = new LinkedHashMap<>();
        for (PinnedFile file : List.of(FlipFiles.GB1_SPLITS, FlipFiles.AAV_SPLITS, FlipFiles.MELTOME_SPLITS,
                FlipFiles.SCL_SPLITS, FlipFiles.SECONDARY_STRUCTURE_SPLITS)) {
            files.put(file.relativePath(), file);
        }
        for (TapeTask task : TapeTask.values()) {
            for (TapeFormat format : TapeFormat.values()) {
                PinnedFile file = TapeFiles.archive(task, format);
                files.put(file.relativePath(), file);
            }
        }
        return files;
    }

    /** This catalogue's version of a public file (same relative path). */
    public PinnedFile pinned(PinnedFile publicFile) {
        PinnedFile file = files.get(publicFile.relativePath());
        if (file == null) {
            throw new IllegalArgumentException("not in the catalogue: " + publicFile.relativePath());
        }
        return file;
    }

    /** Every file served from {@code base} (scheme, host, port) with the same paths and checksums. */
    public DatasetCatalogue rebasedOnto(URI base) {
        Map<String, PinnedFile> moved = new LinkedHashMap<>();
        files.forEach((path, file) -> moved.put(path, file.rebasedOnto(base)));
        return new DatasetCatalogue(moved);
    }

    /** This catalogue with {@code file} replacing the entry of the same relative path. */
    public DatasetCatalogue with(PinnedFile file) {
        if (!files.containsKey(file.relativePath())) {
            throw new IllegalArgumentException("not in the catalogue: " + file.relativePath());
        }
        Map<String, PinnedFile> changed = new LinkedHashMap<>(files);
        changed.put(file.relativePath(), file);
        return new DatasetCatalogue(changed);
    }
}

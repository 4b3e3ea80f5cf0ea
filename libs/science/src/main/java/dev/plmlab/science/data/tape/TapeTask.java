package dev.plmlab.science.data.tape;

import java.util.List;

/**
 * TAPE's downstream tasks plmlab reads, with the file names inside their archives: each archive
 * holds {@code <task>/<task>_<split>.lmdb} (an LMDB environment) or {@code <task>/<task>_<split>.json}.
 */
public enum TapeTask {
    SECONDARY_STRUCTURE("secondary_structure", List.of("train", "valid", "cb513", "ts115", "casp12")),
    FLUORESCENCE("fluorescence", List.of("train", "valid", "test")),
    STABILITY("stability", List.of("train", "valid", "test"));

    private final String archiveName;
    private final List<String> files;

    TapeTask(String archiveName, List<String> files) {
        this.archiveName = archiveName;
        this.files = files;
    }

    /** The archive's base name, {@code secondary_structure} etc. */
    public String archiveName() {
        return archiveName;
    }

    /** The splits the archive holds a file for. */
    public List<String> files() {
        return files;
    }

    /** The file's base name inside the archive, e.g. {@code secondary_structure_cb513}. */
    public String fileName(String split) {
        if (!files.contains(split)) {
            throw new IllegalArgumentException("TAPE " + archiveName + " has no '" + split + "' file; it has " + files);
        }
        return archiveName + "_" + split;
    }
}

package dev.plmlab.science.data;

import java.nio.file.Files;
import java.nio.file.Path;

/** Checks a user-named data file before it is opened, so that the message says what is wrong. */
public final class DataFiles {
    private DataFiles() {
    }

    /** @throws DatasetException naming the path when it does not exist, is a directory or cannot be read */
    public static void checkReadable(Path file) {
        if (Files.isDirectory(file)) {
            throw new DatasetException(file + " is a directory, not a data file: name the CSV or FASTA file inside it");
        }
        if (!Files.exists(file)) {
            throw new DatasetException(file + " does not exist");
        }
        if (!Files.isRegularFile(file)) {
            throw new DatasetException(file + " is not a regular file");
        }
        if (!Files.isReadable(file)) {
            throw new DatasetException(file + " cannot be read (permission denied)");
        }
    }
}

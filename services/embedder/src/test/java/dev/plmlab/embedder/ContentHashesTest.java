package dev.plmlab.embedder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.plmlab.model.messages.JobIds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentHashesTest {

    @TempDir
    Path dir;

    @Test
    void anUnchangedFileIsHashedOnceEvenAcrossInstances() throws IOException {
        Path file = Files.write(dir.resolve("model.pt"), new byte[] {1, 2, 3});
        ContentHashes first = new ContentHashes(dir.resolve("hashes"));
        assertEquals(JobIds.sha256(new byte[] {1, 2, 3}), first.sha256(file));
        assertEquals(first.sha256(file), first.sha256(file));
        assertEquals(1, first.filesHashed());

        ContentHashes restarted = new ContentHashes(dir.resolve("hashes"));
        assertEquals(JobIds.sha256(new byte[] {1, 2, 3}), restarted.sha256(file));
        assertEquals(0, restarted.filesHashed(), "remembered on disk, keyed by path and stamp");
    }

    @Test
    void theSameSizeAndTimeWithOtherBytesInAnotherFileIsHashedAgain() throws IOException {
        Path file = Files.write(dir.resolve("model.pt"), new byte[] {1, 2, 3});
        FileTime time = Files.getLastModifiedTime(file);
        ContentHashes hashes = new ContentHashes(dir.resolve("hashes"));
        String before = hashes.sha256(file);

        // replaced by another file (another inode) of the same size, with the old time put back
        Path replacement = Files.write(dir.resolve("new.pt"), new byte[] {9, 9, 9});
        Files.setLastModifiedTime(replacement, time);
        Files.move(replacement, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertEquals(time, Files.getLastModifiedTime(file));

        assertNotEquals(before, hashes.sha256(file));
        assertEquals(JobIds.sha256(new byte[] {9, 9, 9}), hashes.sha256(file));
        assertEquals(2, hashes.filesHashed());
    }

    @Test
    void aFileEditedInPlaceIsHashedAgain() throws IOException {
        Path file = Files.write(dir.resolve("model.pt"), new byte[] {1, 2, 3});
        ContentHashes hashes = new ContentHashes(dir.resolve("hashes"));
        hashes.sha256(file);
        Files.write(file, new byte[] {1, 2, 4});
        Files.setLastModifiedTime(file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 5000));
        assertEquals(JobIds.sha256(new byte[] {1, 2, 4}), hashes.sha256(file));
    }
}

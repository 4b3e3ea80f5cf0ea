package dev.plmlab.science.data.fasta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plmlab.science.data.DataParts;
import dev.plmlab.science.data.DataRecord;
import dev.plmlab.science.data.FlipFiles;
import dev.plmlab.science.data.SharedData;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** FLIP's real secondary-structure and bind splits from shared/data, read through the FASTA layout. */
class RealFlipFastaTest {
    private static final String LETTERS = "ACDEFGHIKLMNPQRSTVWYBXZUOJ";

    @TempDir
    Path temp;

    @Test
    void secondaryStructureSampledHasThePublishedSizesAndMasks() {
        Path zip = SharedData.folderOrSkip().resolve(FlipFiles.SECONDARY_STRUCTURE_SPLITS.relativePath());
        DataParts parts = FlipFastaLayout.combine(FastaReader.readZipEntry(zip, FlipFiles.SECONDARY_STRUCTURE_LABELS),
                FastaReader.readZipEntry(zip, FlipFiles.SECONDARY_STRUCTURE_SEQUENCES),
                FastaReader.readZipEntry(zip, FlipFiles.SECONDARY_STRUCTURE_MASK), LETTERS, 0);
        assertEquals(9712, parts.train().size());
        assertEquals(1080, parts.validation().size());
        assertEquals(364, parts.test().size());
        assertEquals(List.of("C", "E", "H"), parts.labelLetters());
        assertEquals(List.of(), parts.notes());
        // the file's first protein, checked by eye against the zip: unresolved first two residues
        DataRecord first = parts.train().get(0);
        assertEquals("1es5-A", first.id());
        assertTrue(first.sequence().startsWith("VTKPTIAAVGG"), first.sequence());
        assertTrue(first.labels().startsWith("CCCCCCCCCEEEEEE"), first.labels());
        assertTrue(first.mask().startsWith("0011111"), first.mask());
        assertEquals(first.sequence().length(), first.mask().length());
    }

    @Test
    void bindOneVsManyReadsAsTheUsersOwnFastaLayout() throws IOException {
        Path folder = unzip(SharedData.folderOrSkip().resolve("flip/bind/splits.zip"));
        DataParts parts = FlipFastaLayout.combine(FastaReader.read(folder.resolve("splits/one_vs_many.fasta")),
                FastaReader.read(folder.resolve("splits/sequences.fasta")), null, LETTERS, 0);
        // the file has 1,360 records for 1,314 ids: 33 exact repeats, 13 ids in both train and test (left
        // out); counts checked independently with a few lines of Python over the same file
        assertEquals(954, parts.train().size());
        assertEquals(110, parts.validation().size());
        assertEquals(237, parts.test().size());
        assertEquals(3, parts.notes().size(), parts.notes().toString());
        assertEquals(1, parts.warnings().size(), parts.warnings().toString());
        assertTrue(parts.notes().get(0).contains(": 33 record(s) repeat an earlier record exactly"), parts.notes().get(0));
        assertTrue(parts.notes().get(1).contains(": 13 protein(s) appear with two different SET/VALIDATION"), parts.notes().get(1));
        assertTrue(parts.notes().get(2).contains(": 46 sequence(s) have no labels"), parts.notes().get(2));
        // FLIP's own file gives two pairs of identical sequences (histone H3 P84229/P84233, H4 P62801/P62799)
        // different labels in one part: a warning naming both records, so FLIP's split still reads
        assertTrue(parts.warnings().get(0).startsWith("warning: ") && parts.warnings().get(0).contains(
                ": 2 sequence(s) appear twice in one part with conflicting targets"), parts.warnings().get(0));
        assertTrue(parts.warnings().get(0).contains("one_vs_many.fasta:2571: id P84233 repeats the sequence of ")
                && parts.warnings().get(0).contains("one_vs_many.fasta:2545: id P84229"), parts.warnings().get(0));
        assertTrue(List.of("0", "1", "2", "3", "4", "5", "6", "7").containsAll(parts.labelLetters()), parts.labelLetters().toString());
        assertEquals("Q5LL55", parts.train().get(0).id());
    }

    private Path unzip(Path zip) throws IOException {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                Path target = temp.resolve(entry.getName()).normalize();
                if (!target.startsWith(temp)) {
                    throw new IOException("zip entry outside the folder: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy((InputStream) in, target);
                }
            }
        }
        return temp;
    }
}

package dev.plmlab.datasetprep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plmlab.model.catalog.TaskType;
import dev.plmlab.model.data.Example;
import dev.plmlab.model.data.PreparedDataset;
import dev.plmlab.model.spec.TaskSpec;
import dev.plmlab.science.data.DatasetException;
import dev.plmlab.science.data.DatasetLocator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The user's own files, relative to the spec's folder, and the known datasets kept in shared/data. */
class OwnAndSharedDataTest {
    @TempDir
    Path specFolder;

    private DatasetPreparation preparation() {
        return new DatasetPreparation(DatasetLocator.builder().cacheFolder(specFolder.resolve("cache")).offline().build(),
                specFolder);
    }

    private static TaskSpec own(String file, Map<String, String> columns, TaskType type) {
        return new TaskSpec("mine", null, null, file, null, null, columns, type, 0);
    }

    private static TaskSpec fasta(String labels, String sequences, String mask) {
        return new TaskSpec("binding_sites", null, null, labels, null, null, Map.of(), TaskType.PER_RESIDUE_CLASSIFICATION,
                0, sequences, mask);
    }

    private Path write(String relative, String text) throws IOException {
        Path file = specFolder.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    @Test
    void aRegressionCsvWithRenamedColumns() throws IOException {
        write("data/fitness.csv", "\uFEFFseq,\"log fitness\",split,is_val\r\n\"MKV\",1.5,train,False\r\nACD,2,train,True\r\nWY,3,test,\r\n");
        PreparedDataset data = preparation().prepare(own("data/fitness.csv",
                Map.of("sequence", "seq", "target", "log fitness", "set", "split", "validation", "is_val"), TaskType.REGRESSION));
        assertEquals(List.of(new Example(null, "MKV", 1.5, null, null)), data.train());
        assertEquals(List.of(2.0, 3.0), List.of(data.val().get(0).target(), data.test().get(0).target()));
        assertEquals("mine", data.task());
    }

    @Test
    void aClassificationCsvWithClassNames() throws IOException {
        write("loc.csv", "sequence,target,set,validation\nMKV,membrane,train,\nACD,cytoplasm,train,True\nWY,nucleus,test,\n");
        PreparedDataset data = preparation().prepare(own("loc.csv", Map.of(), TaskType.CLASSIFICATION));
        assertEquals(List.of("cytoplasm", "membrane", "nucleus"), data.classes());
        assertEquals(List.of(1.0, 0.0, 2.0), List.of(data.train().get(0).target(), data.val().get(0).target(),
                data.test().get(0).target()));
    }

    @Test
    void aPerResidueCsvNeedsOneLabelPerResidue() throws IOException {
        write("ss.csv", "sequence,labels,set\nMKV,HEC,train\nACDE,CCHH,test\n");
        PreparedDataset data = preparation().prepare(own("ss.csv", Map.of(), TaskType.PER_RESIDUE_CLASSIFICATION));
        assertEquals(List.of("C", "E", "H"), data.classes());
        assertEquals("CCHH", data.test().get(0).labels());
        Path bad = write("bad.csv", "sequence,labels,set\nMKV,HEC,train\nACDE,CCH,test\n");
        DatasetException e = assertThrows(DatasetException.class,
                () -> preparation().prepare(own("bad.csv", Map.of(), TaskType.PER_RESIDUE_CLASSIFICATION)));
        assertTrue(e.getMessage().contains(bad + ":3: 3 labels for 4 residues"), e.getMessage());
    }

    @Test
    void theFastaLayoutResolvesAgainstTheSpecFolderAndNamesWhatIsWrong() throws IOException {
        write("data/labels.fasta", ">a SET=train VALIDATION=False\n0110\n>b SET=test VALIDATION=False\n01\n");
        write("data/sequences.fasta", ">a\nMKVL\n>b\nAC\n");
        write("data/mask.fasta", ">a\n1110\n>b\n11\n");
        PreparedDataset data = preparation().prepare(fasta("data/labels.fasta", "data/sequences.fasta", "data/mask.fasta"));
        assertEquals(List.of(new Example("a", "MKVL", null, "0110", "1110")), data.train());
        assertEquals(List.of("0", "1"), data.classes());

        Path labels = write("data/broken.fasta", ">a SET=train VALIDATION=False\n011\n>c SET=valid VALIDATION=False\n01\n");
        DatasetException e = assertThrows(DatasetException.class,
                () -> preparation().prepare(fasta("data/broken.fasta", "data/sequences.fasta", null)));
        assertTrue(e.getMessage().contains(labels + ":1: id a: 3 labels but the sequence in "), e.getMessage());
        assertTrue(e.getMessage().contains(labels + ":3: id c: SET must be train or test, got 'valid'"), e.getMessage());
        assertTrue(e.getMessage().contains(labels + ":3: id c: no sequence with this id"), e.getMessage());
        DatasetException missing = assertThrows(DatasetException.class,
                () -> preparation().prepare(fasta("data/labels.fasta", "data/nope.fasta", null)));
        assertTrue(missing.getMessage().contains("sequences " + specFolder.resolve("data/nope.fasta") + " does not exist"),
                missing.getMessage());
    }

    private static Path sharedOrSkip() {
        Path shared = DatasetLocator.sharedDataFromEnvironment().filter(Files::isDirectory).orElse(null);
        Assumptions.assumeTrue(shared != null, "skipped: no shared data folder (-D" + DatasetLocator.SHARED_DATA_PROPERTY + ")");
        return shared;
    }

    @Test
    void flipSecondaryStructureSampledFromSharedData() {
        sharedOrSkip();
        PreparedDataset data = preparation().prepare(new TaskSpec("ss3/sampled", "ss3", "sampled", null, null, null,
                Map.of(), TaskType.PER_RESIDUE_CLASSIFICATION, 0));
        assertEquals(List.of(9712, 1080, 364), List.of(data.train().size(), data.val().size(), data.test().size()));
        assertEquals(List.of("C", "E", "H"), data.classes());
        assertTrue(data.train().stream().allMatch(e -> e.mask().length() == e.sequence().length()
                && e.labels().length() == e.sequence().length()));
    }

    @Test
    void flipBindOneVsManyAsTheUsersOwnFastaLayout() throws IOException {
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(sharedOrSkip().resolve("flip/bind/splits.zip")))) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                if (entry.getName().equals("splits/one_vs_many.fasta") || entry.getName().equals("splits/sequences.fasta")) {
                    Path target = Files.createDirectories(specFolder.resolve("bind")).resolve(Path.of(entry.getName()).getFileName());
                    Files.copy((InputStream) zip, target);
                }
            }
        }
        DatasetPreparation.Prepared prepared = preparation().prepareWithNotes(
                fasta("bind/one_vs_many.fasta", "bind/sequences.fasta", null));
        PreparedDataset data = prepared.dataset();
        assertEquals(List.of(954, 110, 237), List.of(data.train().size(), data.val().size(), data.test().size()));
        assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7"), data.classes());
        // three notes of what was done, and the warning about what was kept (conflicting targets), for the report
        assertEquals(4, prepared.notes().size(), prepared.notes().toString());
        assertTrue(prepared.notes().get(3).startsWith("warning: ") && prepared.notes().get(3).contains("conflicting targets"),
                prepared.notes().get(3));
    }
}

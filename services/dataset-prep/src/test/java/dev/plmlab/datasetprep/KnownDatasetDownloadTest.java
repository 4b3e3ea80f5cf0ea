package dev.plmlab.datasetprep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plmlab.model.catalog.TaskType;
import dev.plmlab.model.data.Example;
import dev.plmlab.model.data.PreparedDataset;
import dev.plmlab.model.spec.TaskSpec;
import dev.plmlab.science.data.DatasetCatalogue;
import dev.plmlab.science.data.DatasetException;
import dev.plmlab.science.data.DatasetLocator;
import dev.plmlab.science.data.FlipFiles;
import dev.plmlab.science.data.PinnedFile;
import dev.plmlab.science.data.tape.TapeFiles;
import dev.plmlab.science.data.tape.TapeFormat;
import dev.plmlab.science.data.tape.TapeTask;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every known dataset that is not on this machine, downloaded from a loopback server that serves
 * archives in the real formats (FLIP's zip of CSVs, TAPE's tar.gz of LMDB and of JSON), through
 * the public catalogue moved onto the server; checksums (md5 and lock file) are enforced.
 */
class KnownDatasetDownloadTest {
    private static final String VP1_END = "MAADGYLPDWLEDTLSEGIRQWWKLKPGPPPPKPAERHKDDSRGLVLPGYKYLGPFNGLDKGEPVNEADAAALEHDKAYDR";

    @TempDir
    Path temp;

    private LoopbackServer server;
    private DatasetCatalogue catalogue;

    @BeforeEach
    void start() {
        server = new LoopbackServer();
        catalogue = DatasetCatalogue.PUBLIC.rebasedOnto(server.base());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private DatasetPreparation preparation(TapeFormat tape, Path lockFile) throws IOException {
        DatasetLocator locator = DatasetLocator.builder().sharedData(Files.createDirectories(temp.resolve("no-shared")))
                .cacheFolder(temp.resolve("cache-" + System.nanoTime())).lockFile(lockFile).build();
        return new DatasetPreparation(locator, catalogue, tape, temp);
    }

    private DatasetPreparation preparation() throws IOException {
        return preparation(TapeFormat.LMDB, temp.resolve("plmlab-data.lock"));
    }

    /** Serves {@code body} at the pinned file's path and pins it by the body's md5 (as the real md5 pins it). */
    private void serveWithMd5(PinnedFile publicFile, byte[] body) {
        PinnedFile moved = catalogue.pinned(publicFile);
        server.serve(moved.url(), body);
        catalogue = catalogue.with(moved.withMd5(FixtureArchives.md5(body)));
    }

    private static TaskSpec known(String dataset, String split) {
        return new TaskSpec(dataset + "/" + split, dataset, split, null, null, null, Map.of(), null, 0);
    }

    @Test
    void aavKeepsWholeSequencesAndCountsRowsOutsideTheSplit() throws IOException {
        String longVariant = VP1_END.repeat(10); // 800 residues: longer than VP1, kept whole here
        serveWithMd5(FlipFiles.AAV_SPLITS, FixtureArchives.flipZip(Map.of("splits/one_vs_many.csv",
                "sequence,target,set,validation\n" + longVariant + ",0.5,train,\nMAADGYLPDA,-1.25,train,True\n"
                        + "MAADGYLPDC,2.0,test,\nMAADGYLPDE,0.1,,\n")));
        DatasetPreparation.Prepared prepared = preparation().prepareWithNotes(known("aav", "one_vs_many"));
        PreparedDataset data = prepared.dataset();
        assertEquals(TaskType.REGRESSION, data.type());
        assertEquals(List.of(new Example(null, longVariant, 0.5, null, null)), data.train());
        assertEquals(-1.25, data.val().get(0).target());
        assertEquals(1, data.test().size());
        assertEquals(1, prepared.notes().size(), prepared.notes().toString());
        assertTrue(prepared.notes().get(0).endsWith("splits/one_vs_many.csv: skipped 1 row(s) with an empty set (not part of this split)"),
                prepared.notes().get(0));
    }

    @Test
    void aZipWhoseMd5DiffersFromThePublishedOneIsRefused() throws IOException {
        byte[] zip = FixtureArchives.flipZip(Map.of("splits/mixed_split.csv", "sequence,target,set,validation\nMKV,1,train,\n"));
        PinnedFile moved = catalogue.pinned(FlipFiles.MELTOME_SPLITS);
        server.serve(moved.url(), zip);
        catalogue = catalogue.with(moved.withMd5("0f8b1e848568f7566713d53594c0ca90")); // the real meltome md5
        DatasetException e = assertThrows(DatasetException.class, () -> preparation().prepare(known("meltome", "mixed_split")));
        assertTrue(e.getMessage().contains("download of " + moved.url() + " has md5 " + FixtureArchives.md5(zip)
                + " but 0f8b1e848568f7566713d53594c0ca90 (the published md5) was expected"), e.getMessage());
    }

    @Test
    void meltomeSkipsAndCountsEmptyTargets() throws IOException {
        serveWithMd5(FlipFiles.MELTOME_SPLITS, FixtureArchives.flipZip(Map.of("splits/human.csv",
                "sequence,target,set,validation\nMKVLAAGIVG,45.1,train,\nMKVLAAGIVA,,train,\nMKVLAAGIVC,50.2,test,\n"
                        + "MKVLAAGIVD,,test,\nMKVLAAGIVE,39.9,train,True\n")));
        DatasetPreparation.Prepared prepared = preparation().prepareWithNotes(known("meltome", "human"));
        assertEquals(List.of(1, 1, 1), List.of(prepared.dataset().train().size(), prepared.dataset().val().size(),
                prepared.dataset().test().size()));
        assertTrue(prepared.notes().get(0).endsWith("splits/human.csv: skipped 2 row(s) with an empty target"),
                prepared.notes().toString());
    }

    @Test
    void sclFitsOneClassSetAndItsUnpublishedChecksumGoesToTheLockFile() throws IOException {
        String csv = "sequence,target,set,validation\nMKVLA,Nucleus,train,\nMKVLC,Cell membrane,train,True\n"
                + "MKVLD,Plastid,test,\nMKVLE,Nucleus,test,\n";
        byte[] zip = FixtureArchives.flipZip(Map.of("splits/balanced.csv", csv));
        PinnedFile pinned = catalogue.pinned(FlipFiles.SCL_SPLITS);
        server.serve(pinned.url(), zip);
        Path lock = temp.resolve("project/plmlab-data.lock");

        PreparedDataset data = preparation(TapeFormat.LMDB, lock).prepare(known("scl", "balanced"));
        assertEquals(TaskType.CLASSIFICATION, data.type());
        assertEquals(List.of("Cell membrane", "Nucleus", "Plastid"), data.classes(), "Plastid is seen only in test");
        assertEquals(1.0, data.train().get(0).target());
        assertEquals(0.0, data.val().get(0).target());
        assertEquals(List.of(2.0, 1.0), data.test().stream().map(Example::target).toList());
        assertTrue(Files.readString(lock).contains("\"" + pinned.url() + "\" : \"" + FixtureArchives.sha256(zip) + "\""),
                Files.readString(lock));

        server.serve(pinned.url(), FixtureArchives.flipZip(Map.of("splits/balanced.csv", csv + "MKVLF,Nucleus,test,\n")));
        DatasetException e = assertThrows(DatasetException.class,
                () -> preparation(TapeFormat.LMDB, lock).prepare(known("scl", "balanced")));
        assertTrue(e.getMessage().contains("download of " + pinned.url() + " has sha256 "), e.getMessage());
        assertTrue(e.getMessage().contains("but the lock file " + lock + " recorded " + FixtureArchives.sha256(zip)),
                e.getMessage());
    }

    private void serveTapeLmdb() throws IOException {
        Map<String, List<String>> ss = new LinkedHashMap<>();
        ss.put("secondary_structure_train", List.of("secondary_structure_0.pkl", "secondary_structure_1.pkl"));
        ss.put("secondary_structure_valid", List.of("secondary_structure_1.pkl"));
        ss.put("secondary_structure_cb513", List.of("secondary_structure_0.pkl"));
        ss.put("secondary_structure_ts115", List.of("secondary_structure_1.pkl"));
        ss.put("secondary_structure_casp12", List.of("secondary_structure_0.pkl"));
        serveWithMd5(TapeFiles.archive(TapeTask.SECONDARY_STRUCTURE, TapeFormat.LMDB),
                FixtureArchives.tapeLmdb("secondary_structure", ss, Files.createDirectories(temp.resolve("ss"))));
        serveWithMd5(TapeFiles.archive(TapeTask.FLUORESCENCE, TapeFormat.LMDB), FixtureArchives.tapeLmdb("fluorescence",
                Map.of("fluorescence_train", List.of("fluorescence_0.pkl", "fluorescence_1.pkl"),
                        "fluorescence_valid", List.of("fluorescence_1.pkl"), "fluorescence_test", List.of("fluorescence_0.pkl")),
                Files.createDirectories(temp.resolve("fl"))));
        serveWithMd5(TapeFiles.archive(TapeTask.STABILITY, TapeFormat.LMDB), FixtureArchives.tapeLmdb("stability",
                Map.of("stability_train", List.of("stability_0.pkl"), "stability_valid", List.of("stability_0.pkl"),
                        "stability_test", List.of("stability_0.pkl")), Files.createDirectories(temp.resolve("st"))));
    }

    @Test
    void tapeLmdbArchivesGiveSecondaryStructureWithMasksAndBothRegressions() throws IOException {
        serveTapeLmdb();
        DatasetPreparation preparation = preparation();

        PreparedDataset cb513 = preparation.prepare(known("ss3", "cb513"));
        assertEquals(TaskType.PER_RESIDUE_CLASSIFICATION, cb513.type());
        assertEquals(List.of("C", "E", "H"), cb513.classes());
        assertEquals(List.of(new Example("1abc-A", "MKTAYIV", null, "CHHHEEC", "0111110"),
                new Example("2xyz-B", "GSHMLE", null, "HHEECC", "111011")), cb513.train());
        assertEquals(1, cb513.val().size());
        assertEquals("1abc-A", cb513.test().get(0).id());

        PreparedDataset cut = preparation.prepare(new TaskSpec("ss3/cb513", "ss3", "cb513", null, null, null, Map.of(), null, 3));
        assertEquals(new Example("1abc-A", "MKT", null, "CHH", "011"), cut.test().get(0), "max_residues cuts labels and mask too");

        PreparedDataset ts115 = preparation.prepare(known("ss8", "ts115"));
        assertEquals("IHSECT", ts115.test().get(0).labels());
        assertEquals(List.of("B", "C", "E", "G", "H", "I", "S", "T"), ts115.classes());

        PreparedDataset fluorescence = preparation.prepare(known("fluorescence", "tape"));
        assertEquals(List.of(2, 1, 1), List.of(fluorescence.train().size(), fluorescence.val().size(), fluorescence.test().size()));
        assertEquals(3.8237f, fluorescence.test().get(0).target().floatValue());
        assertEquals("SKGEELFTA", fluorescence.val().get(0).sequence());

        PreparedDataset stability = preparation.prepare(known("stability", "tape"));
        assertEquals(0.37f, stability.train().get(0).target().floatValue());
        assertEquals("HEEH_rd3_0223.pdb_ala1", stability.train().get(0).id());
    }

    @Test
    void aMaliciousRecordInAnLmdbArchiveIsRefusedNamingIt() throws IOException {
        serveWithMd5(TapeFiles.archive(TapeTask.STABILITY, TapeFormat.LMDB), FixtureArchives.tapeLmdb("stability",
                Map.of("stability_train", List.of("stability_0.pkl", "malicious_os_system.pkl"),
                        "stability_valid", List.of("stability_0.pkl"), "stability_test", List.of("stability_0.pkl")),
                Files.createDirectories(temp.resolve("bad"))));
        DatasetException e = assertThrows(DatasetException.class, () -> preparation().prepare(known("stability", "tape")));
        assertTrue(e.getMessage().contains("stability_train.lmdb key 1: refused or unreadable pickle"), e.getMessage());
        assertTrue(e.getMessage().contains("posix.system"), e.getMessage());
    }

    @Test
    void tapeJsonArchivesAreReadAndLockedByTheirFirstSha256() throws IOException {
        String record = "{\"primary\": \"MKTAY\", \"ss3\": [2, 0, 0, 1, 2], \"ss8\": [7, 1, 0, 4, 6],"
                + " \"valid_mask\": [false, true, true, true, false], \"protein_length\": 5, \"id\": \"1abc-A\"}";
        Map<String, String> files = new LinkedHashMap<>();
        for (String split : TapeTask.SECONDARY_STRUCTURE.files()) {
            files.put("secondary_structure_" + split, "[" + record + "]");
        }
        PinnedFile ss = catalogue.pinned(TapeFiles.archive(TapeTask.SECONDARY_STRUCTURE, TapeFormat.JSON));
        server.serve(ss.url(), FixtureArchives.tapeJson("secondary_structure", files));
        PinnedFile fl = catalogue.pinned(TapeFiles.archive(TapeTask.FLUORESCENCE, TapeFormat.JSON));
        server.serve(fl.url(), FixtureArchives.tapeJson("fluorescence", Map.of(
                "fluorescence_train", "[{\"primary\": \"SKGEE\", \"log_fluorescence\": [3.5], \"num_mutations\": 1}]",
                "fluorescence_valid", "[{\"primary\": \"SKGEA\", \"log_fluorescence\": [1.5], \"num_mutations\": 2}]",
                "fluorescence_test", "[{\"primary\": \"SKGEC\", \"log_fluorescence\": [2.5], \"num_mutations\": 2}]")));
        Path lock = temp.resolve("plmlab-data.lock");
        DatasetPreparation preparation = preparation(TapeFormat.JSON, lock);

        PreparedDataset casp12 = preparation.prepare(known("ss3", "casp12"));
        assertEquals(new Example("1abc-A", "MKTAY", null, "CHHEC", "01110"), casp12.test().get(0));
        PreparedDataset fluorescence = preparation.prepare(known("fluorescence", "tape"));
        assertEquals(List.of(3.5, 1.5, 2.5), List.of(fluorescence.train().get(0).target(), fluorescence.val().get(0).target(),
                fluorescence.test().get(0).target()));
        assertEquals("0", fluorescence.train().get(0).id(), "TAPE's default id is the record's index");
        String locked = Files.readString(lock);
        assertTrue(locked.contains(ss.url().toString()) && locked.contains(fl.url().toString()), locked);

        server.serve(fl.url(), FixtureArchives.tapeJson("fluorescence", Map.of("fluorescence_train", "[]")));
        DatasetException e = assertThrows(DatasetException.class,
                () -> preparation(TapeFormat.JSON, lock).prepare(known("fluorescence", "tape")));
        assertTrue(e.getMessage().contains("but the lock file " + lock + " recorded"), e.getMessage());
    }

    @Test
    void anArchiveWithoutTheExpectedFilesSaysWhatItHolds() throws IOException {
        serveWithMd5(TapeFiles.archive(TapeTask.FLUORESCENCE, TapeFormat.LMDB),
                FixtureArchives.tapeJson("fluorescence", Map.of("fluorescence_train", "[]")));
        DatasetException e = assertThrows(DatasetException.class, () -> preparation().prepare(known("fluorescence", "tape")));
        assertTrue(e.getMessage().contains("lacks [fluorescence_train.lmdb/data.mdb"), e.getMessage());
        assertTrue(e.getMessage().contains("fluorescence/fluorescence_train.json"), e.getMessage());
    }

    @Test
    void unknownSplitsAreNamed() throws IOException {
        DatasetPreparation preparation = preparation();
        DatasetException e = assertThrows(DatasetException.class, () -> preparation.prepare(known("aav", "three_vs_many")));
        assertTrue(e.getMessage().contains("unknown aav split 'three_vs_many'"), e.getMessage());
        assertThrows(DatasetException.class, () -> preparation.prepare(known("ss8", "sampled")));
        assertEquals(0, server.requests(), "nothing is downloaded for a split that does not exist");
    }
}

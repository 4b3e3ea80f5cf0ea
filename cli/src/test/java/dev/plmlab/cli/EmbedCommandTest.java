package dev.plmlab.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plmlab.store.NpyArray;
import dev.plmlab.store.Npz;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** {@code plmlab embed} against the reference implementations' recorded outputs (golden fixtures). */
class EmbedCommandTest {

    /** The fixtures' stated float32 tolerance. */
    private static final double TOLERANCE = 1e-4;

    @TempDir
    Path tmp;

    private Map<String, NpyArray> embed(Golden golden, String... options) throws IOException {
        Path out = tmp.resolve("out.npz");
        List<String> args = new ArrayList<>(List.of("embed", "--checkpoint", golden.checkpoint().toString(),
                "--fasta", golden.writeFasta(tmp.resolve("in.fasta")).toString(), "--out", out.toString(), "--threads", "1"));
        args.addAll(List.of(options));
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, run.exitCode(), run.err());
        return Npz.read(out);
    }

    @ParameterizedTest
    @ValueSource(strings = {"esm2", "esm1b", "esm1", "carp"})
    void meanOfEveryLayerMatchesTheReferenceInFastaOrder(String family) throws IOException {
        Golden golden = Golden.of(family);
        // a small token budget splits the five sequences into several length-sorted batches
        Map<String, NpyArray> npz = embed(golden, "--layers", "all", "--pool", "mean", "--batch-tokens", "60");
        assertPooledMatches(golden, npz);
    }

    @Test
    void aSingleBatchMatchesTheReferenceToo() throws IOException {
        Golden esm2 = Golden.of("esm2");
        assertPooledMatches(esm2, embed(esm2, "--layers", "all", "--pool", "mean", "--batch-tokens", "100000"));
    }

    @Test
    void esm2WithoutPoolingGivesEveryResiduePositionAndNothingElse() throws IOException {
        Golden esm2 = Golden.of("esm2");
        // ESM frames residues with <cls> at 0, so residue r is token r + 1
        assertResiduesMatch(esm2, embed(esm2, "--layers", "all", "--pool", "none", "--batch-tokens", "100"), 1);
    }

    @Test
    void carpWithoutPoolingGivesEveryResiduePosition() throws IOException {
        Golden carp = Golden.of("carp");
        assertResiduesMatch(carp, embed(carp, "--layers", "all", "--pool", "none"), 0);
    }

    @Test
    void onlyTheChosenLayersAreWritten() throws IOException {
        Golden esm2 = Golden.of("esm2");
        Map<String, NpyArray> npz = embed(esm2, "--layers", "3,0", "--pool", "mean");
        assertEquals(List.of("ids", "layer0", "layer3"), List.copyOf(npz.keySet()));
        JsonNode layer3 = esm2.expected().get("layers").get("3").get("mean");
        assertTrue(maxDiff(npz.get("layer3").floatRows()[1], layer3.get(1)) <= TOLERANCE);
    }

    @Test
    void seededVariantIsReproducibleAndChangesTheFeatures() throws IOException {
        Golden esm2 = Golden.of("esm2");
        float[] first = embed(esm2, "--variant", "stat-transfer/permute", "--seed", "7", "--layers", "3").get("layer3").floats();
        float[] again = embed(esm2, "--variant", "stat-transfer/permute", "--seed", "7", "--layers", "3").get("layer3").floats();
        float[] otherSeed = embed(esm2, "--variant", "stat-transfer/permute", "--seed", "8", "--layers", "3").get("layer3").floats();
        float[] pretrained = embed(esm2, "--layers", "3").get("layer3").floats();
        assertArrayEquals(first, again);
        assertFalse(Arrays.equals(first, otherSeed));
        assertFalse(Arrays.equals(first, pretrained));
    }

    @Test
    void letterOutsideTheAlphabetNamesTheRecordPositionAndLetter() throws IOException {
        Path fasta = Files.writeString(tmp.resolve("bad.fasta"), ">ok\nMKV\n>P12345 with a typo\nMKLV\nAJ\n");
        CliRun run = CliRun.of("embed", "--checkpoint", Golden.of("esm2").checkpoint().toString(), "--fasta", fasta.toString(),
                "--layers", "all", "--pool", "mean", "--out", tmp.resolve("x.npz").toString());
        assertEquals(1, run.exitCode());
        // 'J' is not an ESM letter; it is the 6th residue of the record
        assertTrue(run.err().contains("record 'P12345'") && run.err().contains("letter 'J' at position 6"), run.err());
        assertFalse(Files.exists(tmp.resolve("x.npz")));
    }

    @Test
    void sequenceLongerThanEsm1bPositionsIsRejectedWithTheLimit() throws IOException {
        // the tiny ESM-1b has max_positions 64: 62 residues plus <cls> and <eos>
        Path fasta = Files.writeString(tmp.resolve("long.fasta"), ">fits\n" + "A".repeat(62) + "\n>too_long\n" + "A".repeat(63) + "\n");
        CliRun run = CliRun.of("embed", "--checkpoint", Golden.of("esm1b").checkpoint().toString(), "--fasta", fasta.toString(),
                "--layers", "all", "--pool", "mean", "--out", tmp.resolve("x.npz").toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("record 'too_long'") && run.err().contains("63 residues"), run.err());
        assertTrue(run.err().contains("62 residues") && run.err().contains("max_positions = 64"), run.err());
        assertFalse(run.err().contains("'fits'"), run.err());
        assertTrue(run.err().contains("--long-sequences truncate-ends, truncate-head or sliding-window"), run.err());
    }

    @Test
    void longSequencesAreEmbeddedUnderTheChosenPolicy() throws IOException {
        Path fasta = Files.writeString(tmp.resolve("long.fasta"), ">long\n" + "MKV".repeat(30) + "\n>short\nMKV\n");
        String checkpoint = Golden.of("esm1b").checkpoint().toString();
        for (String policy : List.of("truncate-ends", "truncate-head", "sliding-window")) {
            Path out = tmp.resolve(policy + ".npz");
            CliRun run = CliRun.of("embed", "--checkpoint", checkpoint, "--fasta", fasta.toString(), "--layers", "2",
                    "--pool", "none", "--long-sequences", policy, "--out", out.toString(), "--threads", "1");
            assertEquals(0, run.exitCode(), run.err());
            Map<String, NpyArray> npz = Npz.read(out);
            // truncation keeps the 62 residues the model takes; windows cover all 90
            assertEquals(policy.equals("sliding-window") ? 90 : 62, npz.get("0_layer2").shape()[0], policy);
            assertEquals(3, npz.get("1_layer2").shape()[0]);
        }
        CliRun bad = CliRun.of("embed", "--checkpoint", checkpoint, "--fasta", fasta.toString(), "--long-sequences", "crop",
                "--out", tmp.resolve("x.npz").toString());
        assertEquals(1, bad.exitCode());
        assertTrue(bad.err().contains("--long-sequences must be error, truncate-ends"), bad.err());
    }

    @Test
    void float16PrecisionHalvesTheArraysAndStaysCloseToFloat32() throws IOException {
        Golden esm2 = Golden.of("esm2");
        Map<String, NpyArray> half = embed(esm2, "--layers", "3", "--precision", "float16");
        assertEquals(dev.plmlab.store.NpyDtype.FLOAT16, half.get("layer3").dtype());
        float[] single = embed(esm2, "--layers", "3").get("layer3").floats();
        float[] widened = half.get("layer3").floats();
        for (int i = 0; i < single.length; i++) {
            assertEquals(single[i], widened[i], Math.abs(single[i]) * 1e-3 + 1e-3, "element " + i);
        }
        Map<String, NpyArray> residues = embed(esm2, "--layers", "1", "--pool", "none", "--precision", "float16");
        assertEquals(dev.plmlab.store.NpyDtype.FLOAT16, residues.get("0_layer1").dtype());
    }

    @Test
    void theOutputMayNotBeAnInput() throws IOException {
        Golden esm2 = Golden.of("esm2");
        Path fasta = esm2.writeFasta(tmp.resolve("in.fasta"));
        byte[] before = Files.readAllBytes(fasta);
        // the same file, spelled another way
        CliRun run = CliRun.of("embed", "--checkpoint", esm2.checkpoint().toString(), "--fasta", fasta.toString(),
                "--out", tmp.resolve("sub").resolve("..").resolve("in.fasta").toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("is the --fasta file"), run.err());
        assertArrayEquals(before, Files.readAllBytes(fasta));

        Path checkpointCopy = Files.copy(esm2.checkpoint(), tmp.resolve("model.pt"));
        CliRun overCheckpoint = CliRun.of("embed", "--checkpoint", checkpointCopy.toString(), "--fasta", fasta.toString(),
                "--out", checkpointCopy.toString());
        assertEquals(1, overCheckpoint.exitCode());
        assertTrue(overCheckpoint.err().contains("is the --checkpoint file"), overCheckpoint.err());
    }

    @Test
    void layerListsAreSortedWithoutRepeatsAndAnythingElseIsRejected() throws Exception {
        assertEquals(List.of(0, 1, 2, 3), EmbedCommand.resolveLayers("all", 3, "m"));
        assertEquals(List.of(0, 2, 5), EmbedCommand.resolveLayers("5, 0,2,5", 6, "m"));
        for (String bad : List.of("", "last", "1-3", "-1", "1,,2", "1.5")) {
            Exception e = org.junit.jupiter.api.Assertions.assertThrows(dev.plmlab.cli.forge.CommandFailure.class,
                    () -> EmbedCommand.resolveLayers(bad, 3, "m"), bad);
            assertTrue(e.getMessage().startsWith("--layers must be 'all' or layer numbers"), e.getMessage());
        }
    }

    @Test
    void sequenceAtEsm1bLimitIsEmbedded() throws IOException {
        Path fasta = Files.writeString(tmp.resolve("limit.fasta"), ">fits\n" + "A".repeat(62) + "\n");
        CliRun run = CliRun.of("embed", "--checkpoint", Golden.of("esm1b").checkpoint().toString(), "--fasta", fasta.toString(),
                "--layers", "all", "--pool", "none", "--out", tmp.resolve("x.npz").toString());
        assertEquals(0, run.exitCode(), run.err());
        assertArrayEquals(new int[] {62, 64}, Npz.read(tmp.resolve("x.npz")).get("0_layer2").shape());
    }

    @Test
    void unknownVariantLayerOrPoolingExitsOneWithTheAllowedValues() throws IOException {
        String checkpoint = Golden.of("esm2").checkpoint().toString();
        String fasta = Files.writeString(tmp.resolve("a.fasta"), ">a\nMKV\n").toString();
        String out = tmp.resolve("x.npz").toString();

        CliRun variant = CliRun.of("embed", "--checkpoint", checkpoint, "--fasta", fasta, "--out", out, "--variant", "stat-transfer");
        assertEquals(1, variant.exitCode());
        assertTrue(variant.err().contains("unknown variant 'stat-transfer'") && variant.err().contains("stat-transfer/permute"),
                variant.err());

        CliRun layer = CliRun.of("embed", "--checkpoint", checkpoint, "--fasta", fasta, "--out", out, "--layers", "0,4");
        assertEquals(1, layer.exitCode());
        assertTrue(layer.err().contains("layers 0..3") && layer.err().contains("no layer 4"), layer.err());

        CliRun pool = CliRun.of("embed", "--checkpoint", checkpoint, "--fasta", fasta, "--out", out, "--pool", "max");
        assertEquals(1, pool.exitCode());
        assertTrue(pool.err().contains("--pool must be 'mean' or 'none'"), pool.err());
    }

    private static void assertPooledMatches(Golden golden, Map<String, NpyArray> npz) {
        int n = golden.sequences().size();
        assertArrayEquals(new String[] {"seq0", "seq1", "seq2", "seq3", "seq4"}, npz.get("ids").strings());
        for (int layer = 0; layer <= golden.lastLayer(); layer++) {
            NpyArray array = npz.get("layer" + layer);
            JsonNode expected = golden.expected().get("layers").get(Integer.toString(layer)).get("mean");
            assertEquals(n, array.shape()[0], "layer" + layer + " rows");
            assertEquals(expected.get(0).size(), array.shape()[1], "layer" + layer + " width");
            float[][] rows = array.floatRows();
            for (int i = 0; i < n; i++) {
                double diff = maxDiff(rows[i], expected.get(i));
                assertTrue(diff <= TOLERANCE, "layer" + layer + " sequence " + i + " differs by " + diff);
            }
        }
    }

    private static void assertResiduesMatch(Golden golden, Map<String, NpyArray> npz, int firstResidue) {
        JsonNode lengths = golden.expected().get("lengths");
        int layers = golden.lastLayer() + 1;
        assertEquals(1 + lengths.size() * layers, npz.size(), "ids plus one array per sequence and layer: " + npz.keySet());
        for (int i = 0; i < lengths.size(); i++) {
            int length = lengths.get(i).asInt();
            for (int layer = 0; layer < layers; layer++) {
                NpyArray array = npz.get(i + "_layer" + layer);
                JsonNode hidden = golden.expected().get("layers").get(Integer.toString(layer)).get("hidden").get(i);
                assertArrayEquals(new int[] {length, hidden.get(0).size()}, array.shape(), i + "_layer" + layer);
                float[][] rows = array.floatRows();
                for (int r = 0; r < length; r++) {
                    double diff = maxDiff(rows[r], hidden.get(firstResidue + r));
                    assertTrue(diff <= TOLERANCE, i + "_layer" + layer + " residue " + r + " differs by " + diff);
                }
            }
        }
    }

    private static double maxDiff(float[] actual, JsonNode expected) {
        assertEquals(expected.size(), actual.length, "vector width");
        double worst = 0;
        for (int i = 0; i < actual.length; i++) {
            worst = Math.max(worst, Math.abs(actual[i] - expected.get(i).asDouble()));
        }
        return worst;
    }
}

package dev.plmlab.inference;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plmlab.forge.checkpoint.Family;
import dev.plmlab.forge.onnx.OnnxModelWriter;
import dev.plmlab.forge.tokens.Tokenizer;
import dev.plmlab.inference.ort.OrtBackend;
import dev.plmlab.model.spec.LongSequencePolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The embedding loop end to end on the golden ESM-2 forged into ONNX and run by {@link OrtBackend}:
 * results against the reference's recorded outputs, in input order, with repeats embedded once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SequenceEmbedderTest {

    private static final float TOLERANCE = 1e-4f;

    private JsonNode expected;
    private List<String> golden;
    private Path dir;
    private OrtBackend ort;
    private final Tokenizer tokenizer = Tokenizer.forFamily(Family.ESM2);

    @BeforeAll
    void forge() throws Exception {
        expected = GoldenEsm2.expected();
        golden = GoldenEsm2.sequences();
        dir = Files.createTempDirectory("inference-golden");
        Path model = OnnxModelWriter.write(GoldenEsm2.graphWithAllHiddenLayers(), dir);
        ort = new OrtBackend(model, 1, Set.of(0, 1, 2, 3), null);
    }

    @AfterAll
    void close() throws Exception {
        ort.close();
        GoldenEsm2.deleteTree(dir);
    }

    @Test
    void pooledLayersMatchTheReferenceInInputOrderWithRepeatsEmbeddedOnce() {
        // golden indices, shuffled and with repeats: 2 and 0 appear twice
        int[] pick = {2, 0, 4, 2, 1, 3, 0};
        List<String> input = java.util.Arrays.stream(pick).mapToObj(golden::get).toList();
        CountingBackend backend = new CountingBackend(ort);
        SequenceEmbedder embedder = new SequenceEmbedder(backend, tokenizer, EmbeddingOptions.defaults());

        List<SequenceEmbedding> out = embedder.embed(input);

        assertEquals(input.size(), out.size());
        assertEquals(5, backend.rows(), "each distinct sequence embedded once");
        for (int i = 0; i < pick.length; i++) {
            assertEquals(GoldenEsm2.LAYERS + 1, out.get(i).pooled().length);
            for (int layer = 0; layer <= GoldenEsm2.LAYERS; layer++) {
                assertArrayEquals(GoldenEsm2.mean(expected, layer, pick[i]), out.get(i).pooled()[layer], TOLERANCE,
                        "input " + i + " (golden " + pick[i] + ") layer " + layer);
            }
        }
        assertSame(out.get(0), out.get(3), "a repeated sequence shares its result");
    }

    @Test
    void smallBudgetsGiveManyBatchesAndTheSameResults() {
        CountingBackend backend = new CountingBackend(ort);
        // 60 tokens: the 48-residue sequence (50 tokens) goes alone, the rest pair up at most
        SequenceEmbedder embedder = new SequenceEmbedder(backend, tokenizer, EmbeddingOptions.defaults().withBatching(60, 64));
        List<SequenceEmbedding> out = embedder.embed(golden);
        assertTrue(backend.calls.get() >= 3, "calls: " + backend.calls.get());
        assertEquals(5, backend.rows());
        for (int i = 0; i < golden.size(); i++) {
            assertArrayEquals(GoldenEsm2.mean(expected, GoldenEsm2.LAYERS, i), out.get(i).pooled()[GoldenEsm2.LAYERS], TOLERANCE);
        }
    }

    @Test
    void concurrentBatchesGiveTheSameResultsInInputOrder() {
        List<String> input = new java.util.ArrayList<>(golden);
        java.util.Collections.reverse(input);
        SequenceEmbedder embedder = new SequenceEmbedder(ort, tokenizer,
                EmbeddingOptions.defaults().withBatching(60, 2).withConcurrentBatches(3));
        List<SequenceEmbedding> out = embedder.embed(input);
        for (int i = 0; i < input.size(); i++) {
            int goldenIndex = golden.size() - 1 - i;
            assertArrayEquals(GoldenEsm2.mean(expected, 2, goldenIndex), out.get(i).pooled()[2], TOLERANCE);
        }
    }

    @Test
    void aFailureInAConcurrentBatchReachesTheCaller() {
        CountingBackend failing = new CountingBackend(ort, 0);
        SequenceEmbedder embedder = new SequenceEmbedder(failing, tokenizer,
                EmbeddingOptions.defaults().withBatching(60, 1).withConcurrentBatches(2));
        InferenceException e = assertThrows(InferenceException.class, () -> embedder.embed(golden));
        assertTrue(e.getMessage().contains("does not fit"), e.getMessage());
    }

    @Test
    void perResidueStatesAreTheReferenceHiddenStatesWithoutClsAndEos() {
        SequenceEmbedder embedder = new SequenceEmbedder(ort, tokenizer,
                EmbeddingOptions.defaults().withPerResidueLayers(Set.of(1, 3)));
        List<SequenceEmbedding> out = embedder.embed(golden);
        for (int i = 0; i < golden.size(); i++) {
            int length = expected.get("lengths").get(i).asInt();
            float[][] states = out.get(i).perResidue().get(3);
            assertEquals(length, states.length);
            assertEquals(length, out.get(i).residuePositions().length);
            for (int r = 0; r < length; r++) {
                // token r + 1: position 0 is <cls>
                assertArrayEquals(GoldenEsm2.hidden(expected, 3, i, r + 1), states[r], TOLERANCE, "seq " + i + " residue " + r);
            }
            assertEquals(length, out.get(i).perResidue().get(1).length);
        }
    }

    @Test
    void aBatchThatRunsOutOfMemoryIsSplitInHalvesAndStillMatches() {
        // fails any batch above 2 rows: 5 rows -> 2 + 3 -> 2 + (1 + 2)
        CountingBackend backend = new CountingBackend(ort, 2);
        SequenceEmbedder embedder = new SequenceEmbedder(backend, tokenizer, EmbeddingOptions.defaults());
        List<SequenceEmbedding> out = embedder.embed(golden);
        assertEquals(List.of(5, 3), backend.failedBatchSizes);
        assertEquals(List.of(2, 1, 2), backend.batchSizes);
        for (int i = 0; i < golden.size(); i++) {
            for (int layer = 0; layer <= GoldenEsm2.LAYERS; layer++) {
                assertArrayEquals(GoldenEsm2.mean(expected, layer, i), out.get(i).pooled()[layer], TOLERANCE);
            }
        }
    }

    @Test
    void aSequenceThatDoesNotFitEvenAloneIsNamedInTheError() {
        CountingBackend backend = new CountingBackend(ort, 0);
        SequenceEmbedder embedder = new SequenceEmbedder(backend, tokenizer, EmbeddingOptions.defaults());
        InferenceException e = assertThrows(InferenceException.class,
                () -> embedder.embed(List.of("seqA", "seqB"), List.of("MKV", "MKVL")));
        assertTrue(e.outOfMemory());
        assertTrue(e.getMessage().contains("does not fit") && e.getMessage().contains("residues"), e.getMessage());
        assertTrue(e.getMessage().contains("seqB"), "the longest goes first: " + e.getMessage());
    }

    @Test
    void slidingWindowsPoolAsTheDocumentedWeightedMean() {
        String longest = golden.get(1); // 48 residues
        int limit = 20;
        SequenceEmbedder windows = new SequenceEmbedder(ort, tokenizer,
                EmbeddingOptions.defaults().withPolicy(LongSequencePolicy.SLIDING_WINDOW, limit));
        SequenceEmbedding pooled = windows.embed(List.of(longest)).get(0);
        // windows [0,20) [10,30) [20,40) [28,48), each embedded on its own
        SequenceEmbedder plain = new SequenceEmbedder(ort, tokenizer, EmbeddingOptions.defaults());
        int[] starts = {0, 10, 20, 28};
        float[] expectedLast = new float[pooled.pooled()[0].length];
        for (int start : starts) {
            float[] mean = plain.embed(List.of(longest.substring(start, start + limit))).get(0).pooled()[GoldenEsm2.LAYERS];
            for (int d = 0; d < mean.length; d++) {
                expectedLast[d] += mean[d] / starts.length; // equal-size windows: equal weights
            }
        }
        assertEquals(4, pooled.segments());
        assertArrayEquals(expectedLast, pooled.pooled()[GoldenEsm2.LAYERS], 1e-5f);
    }

    @Test
    void truncationAndErrorPoliciesApplyToLongSequences() {
        String longest = golden.get(1);
        SequenceEmbedder head = new SequenceEmbedder(ort, tokenizer,
                EmbeddingOptions.defaults().withPolicy(LongSequencePolicy.TRUNCATE_HEAD, 10));
        SequenceEmbedder plain = new SequenceEmbedder(ort, tokenizer, EmbeddingOptions.defaults());
        assertArrayEquals(plain.embed(List.of(longest.substring(0, 10))).get(0).pooled()[2],
                head.embed(List.of(longest)).get(0).pooled()[2], 1e-6f);

        SequenceEmbedder ends = new SequenceEmbedder(ort, tokenizer,
                EmbeddingOptions.defaults().withPolicy(LongSequencePolicy.TRUNCATE_ENDS, 10));
        SequenceEmbedding truncated = ends.embed(List.of(longest)).get(0);
        assertArrayEquals(plain.embed(List.of(longest.substring(0, 5) + longest.substring(43))).get(0).pooled()[2],
                truncated.pooled()[2], 1e-6f);
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 43, 44, 45, 46, 47}, truncated.residuePositions());

        SequenceEmbedder error = new SequenceEmbedder(ort, tokenizer,
                EmbeddingOptions.defaults().withPolicy(LongSequencePolicy.ERROR, 10));
        SequenceTooLongException e = assertThrows(SequenceTooLongException.class,
                () -> error.embed(List.of("ok", "long"), List.of("MKV", longest)));
        assertTrue(e.getMessage().contains("long") && e.getMessage().contains("48"), e.getMessage());
    }

    @Test
    void anUnknownLetterIsReportedWithTheSequenceName() {
        SequenceEmbedder embedder = new SequenceEmbedder(ort, tokenizer, EmbeddingOptions.defaults());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> embedder.embed(List.of("a", "b"), List.of("MKV", "MK1V")));
        assertTrue(e.getMessage().contains("sequence b") && e.getMessage().contains("'1'"), e.getMessage());
    }
}

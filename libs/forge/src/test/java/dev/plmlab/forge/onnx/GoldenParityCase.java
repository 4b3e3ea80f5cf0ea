package dev.plmlab.forge.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plmlab.forge.checkpoint.Checkpoint;
import dev.plmlab.forge.checkpoint.CheckpointReader;
import dev.plmlab.forge.checkpoint.GoldenFixtures;
import dev.plmlab.forge.tokens.Tokenizer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Parity of a forged ONNX graph with the reference implementation's recorded outputs for one golden
 * fixture: every layer's per-token states, the mean-pooled layers and the logits, for the padded batch,
 * each sequence alone and the batch with mask tokens. Only real (non-pad) positions are compared, as
 * the fixtures' README prescribes. Everything goes through the production path: sequence strings
 * through the tokeniser, the checkpoint through the reader, the model through the writer and
 * {@link OrtEmbedder}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class GoldenParityCase {

    /** The fixtures' stated float32 tolerance at real positions. */
    static final double TOLERANCE = 1e-4;

    private JsonNode expected;
    private Checkpoint checkpoint;
    private Path modelDir;
    private OrtEmbedder embedder;
    private int numLayers;

    /** The fixture folder name: esm2, esm1b, esm1 or carp. */
    abstract String fixture();

    @BeforeAll
    void buildModel() throws Exception {
        expected = GoldenFixtures.expected(fixture());
        checkpoint = CheckpointReader.read(GoldenFixtures.checkpoint(fixture()));
        numLayers = OnnxGraphs.numLayers(checkpoint);
        GraphOptions options = GraphOptions.defaults().withAllHiddenLayers(numLayers).withLogits(true);
        modelDir = Files.createTempDirectory("forge-parity-" + fixture());
        Path model = OnnxGraphs.write(checkpoint, options, modelDir); // the streamed, external-data path
        embedder = new OrtEmbedder(model, 1);
    }

    @AfterAll
    void close() throws Exception {
        embedder.close();
        try (var files = Files.walk(modelDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void paddedBatchMatchesReference() throws Exception {
        assertMatches("batch", expected, strings(expected.get("sequences")));
    }

    @Test
    void eachSequenceAloneMatchesReference() throws Exception {
        JsonNode singles = expected.get("single");
        assertTrue(singles.size() > 0);
        for (int i = 0; i < singles.size(); i++) {
            assertMatches("single[" + i + "]", singles.get(i), List.of(singles.get(i).get("sequence").asText()));
        }
    }

    @Test
    void maskedExampleMatchesReference() throws Exception {
        JsonNode masked = expected.get("masked_example");
        assertMatches("masked_example", masked, strings(masked.get("sequences")));
    }

    /**
     * Runs the sequences from their strings, through the family's tokeniser (whose ids must be the
     * recorded ones), and compares every recorded output.
     */
    private void assertMatches(String label, JsonNode recorded, List<String> sequences) throws Exception {
        assertEquals(numLayers + 1, recorded.get("layers").size(), "recorded layer count");
        long[][] tokens = Tokenizer.forFamily(checkpoint.family()).batch(sequences).tokens();
        assertArrayEquals(tokens(recorded.get("tokens")), tokens, label + ": token ids");
        EmbedderOutputs out = embedder.run(tokens);
        long pad = SpecialTokens.of(checkpoint.family()).pad();

        double hidden = 0;
        double mean = 0;
        for (int layer = 0; layer <= numLayers; layer++) {
            JsonNode recordedLayer = recorded.get("layers").get(Integer.toString(layer));
            hidden = Math.max(hidden, maxDiffAtRealPositions(out.hidden().get(layer), recordedLayer.get("hidden"), tokens, pad));
            for (int b = 0; b < tokens.length; b++) {
                mean = Math.max(mean, maxDiff(out.mean()[b][layer], recordedLayer.get("mean").get(b)));
            }
        }
        double logits = maxDiffAtRealPositions(out.logits(), recorded.get("logits"), tokens, pad);
        System.out.printf("%s %s: max abs diff hidden %.2e, mean %.2e, logits %.2e%n", fixture(), label, hidden, mean, logits);
        assertTrue(hidden <= TOLERANCE, label + ": hidden differs by " + hidden);
        assertTrue(mean <= TOLERANCE, label + ": mean differs by " + mean);
        assertTrue(logits <= TOLERANCE, label + ": logits differ by " + logits);
    }

    private static double maxDiffAtRealPositions(float[][][] actual, JsonNode recorded, long[][] tokens, long pad) {
        assertEquals(tokens.length, actual.length, "batch size");
        double worst = 0;
        for (int b = 0; b < tokens.length; b++) {
            assertEquals(tokens[b].length, actual[b].length, "sequence length");
            for (int t = 0; t < tokens[b].length; t++) {
                if (tokens[b][t] != pad) {
                    worst = Math.max(worst, maxDiff(actual[b][t], recorded.get(b).get(t)));
                }
            }
        }
        return worst;
    }

    private static double maxDiff(float[] actual, JsonNode recorded) {
        assertEquals(recorded.size(), actual.length, "vector width");
        double worst = 0;
        for (int i = 0; i < actual.length; i++) {
            worst = Math.max(worst, Math.abs(actual[i] - recorded.get(i).asDouble()));
        }
        return worst;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(node -> out.add(node.asText()));
        return out;
    }

    static long[][] tokens(JsonNode rows) {
        long[][] tokens = new long[rows.size()][];
        for (int b = 0; b < rows.size(); b++) {
            tokens[b] = new long[rows.get(b).size()];
            for (int t = 0; t < tokens[b].length; t++) {
                tokens[b][t] = rows.get(b).get(t).asLong();
            }
        }
        return tokens;
    }
}

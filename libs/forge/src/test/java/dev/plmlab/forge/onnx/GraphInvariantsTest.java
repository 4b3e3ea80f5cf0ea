package dev.plmlab.forge.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import dev.plmlab.forge.checkpoint.Checkpoint;
import dev.plmlab.forge.checkpoint.Family;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Properties every correct graph has, checked on random checkpoints whose sizes differ from the golden
 * fixtures (layer counts, widths, head counts, an odd ESM-1 width, CARP dilations that wrap around),
 * with sequences longer than any fixture. No reference outputs exist for these, so what is checked is
 * what must hold regardless of weights: a row's result does not depend on its batch or its padding,
 * and {@code mean} is exactly the average of the real residues' states.
 */
class GraphInvariantsTest {

    private static final double TOLERANCE = 1e-4;
    private static final int[] LENGTHS = {5, 130, 1, 37};

    static Stream<Checkpoint> checkpoints() {
        return Stream.of(
                RandomCheckpoints.esm2(4, 48, 6, 11),
                RandomCheckpoints.esm1b(3, 40, 72, 5, 200, 12),
                RandomCheckpoints.esm1(3, 27, 54, 3, 13),
                RandomCheckpoints.carp(6, 6, 24, 3, 4, "relu", 14));
    }

    @TempDir
    Path dir;

    private OrtEmbedder embedder(Checkpoint ckpt, GraphOptions options, String name) throws Exception {
        ModelProto model = OnnxGraphs.build(ckpt, options);
        return new OrtEmbedder(OnnxModelWriter.write(model, dir.resolve(name)), 1);
    }

    private static List<long[]> rows(Family family, long seed) {
        Random random = new Random(seed);
        List<long[]> rows = new ArrayList<>();
        for (int length : LENGTHS) {
            rows.add(TokenRows.frame(family, TokenRows.randomResidues(family, length, random)));
        }
        return rows;
    }

    @ParameterizedTest
    @MethodSource("checkpoints")
    void eachRowIsIndependentOfBatchAndPadding(Checkpoint ckpt) throws Exception {
        int layers = OnnxGraphs.numLayers(ckpt);
        List<long[]> rows = rows(ckpt.family(), 1);
        try (OrtEmbedder embedder = embedder(ckpt, GraphOptions.defaults().withAllHiddenLayers(layers).withLogits(true), "m")) {
            EmbedderOutputs batched = embedder.run(TokenRows.padded(ckpt.family(), rows, 0));
            EmbedderOutputs overPadded = embedder.run(TokenRows.padded(ckpt.family(), rows, 9));
            for (int b = 0; b < rows.size(); b++) {
                int real = rows.get(b).length;
                EmbedderOutputs alone = embedder.run(new long[][] {rows.get(b)});
                for (EmbedderOutputs other : List.of(batched, overPadded)) {
                    for (int layer = 0; layer <= layers; layer++) {
                        assertClose(alone.hidden().get(layer)[0], other.hidden().get(layer)[b], real, "hidden " + layer + " row " + b);
                        assertClose(alone.mean()[0][layer], other.mean()[b][layer], "mean " + layer + " row " + b);
                    }
                    assertClose(alone.logits()[0], other.logits()[b], real, "logits row " + b);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("checkpoints")
    void meanAveragesExactlyTheResidues(Checkpoint ckpt) throws Exception {
        int layers = OnnxGraphs.numLayers(ckpt);
        List<long[]> rows = rows(ckpt.family(), 2);
        int first = TokenRows.firstResidue(ckpt.family());
        try (OrtEmbedder embedder = embedder(ckpt, GraphOptions.defaults().withAllHiddenLayers(layers), "m")) {
            EmbedderOutputs out = embedder.run(TokenRows.padded(ckpt.family(), rows, 3));
            assertEquals(layers + 1, out.mean()[0].length);
            assertNull(out.logits());
            for (int b = 0; b < rows.size(); b++) {
                int residues = LENGTHS[b]; // cls, eos and pads excluded; <mask> counted
                for (int layer = 0; layer <= layers; layer++) {
                    float[][] states = out.hidden().get(layer)[b];
                    float[] expected = new float[states[0].length];
                    for (int t = first; t < first + residues; t++) {
                        for (int d = 0; d < expected.length; d++) {
                            expected[d] += states[t][d] / residues;
                        }
                    }
                    assertClose(expected, out.mean()[b][layer], "mean layer " + layer + " row " + b);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("checkpoints")
    void fp16WeightsAndOutputsStayCloseToFloat32(Checkpoint ckpt) throws Exception {
        int layers = OnnxGraphs.numLayers(ckpt);
        long[][] batch = TokenRows.padded(ckpt.family(), rows(ckpt.family(), 3), 0);
        GraphOptions full = GraphOptions.defaults().withHiddenLayers(List.of(layers)).withLogits(true);
        try (OrtEmbedder fp32 = embedder(ckpt, full, "fp32");
             OrtEmbedder fp16 = embedder(ckpt, full.withFp16Weights(true).withFp16Outputs(true), "fp16")) {
            EmbedderOutputs a = fp32.run(batch);
            EmbedderOutputs b = fp16.run(batch);
            double worst = 0;
            double scale = 0;
            for (int i = 0; i < batch.length; i++) {
                for (int l = 0; l <= layers; l++) {
                    for (int d = 0; d < a.mean()[i][l].length; d++) {
                        worst = Math.max(worst, Math.abs(a.mean()[i][l][d] - b.mean()[i][l][d]));
                        scale = Math.max(scale, Math.abs(a.mean()[i][l][d]));
                    }
                }
            }
            assertTrue(worst > 0, "fp16 should round something");
            assertTrue(worst < 0.05 * Math.max(scale, 1), "fp16 drifted by " + worst + " at scale " + scale);
        }
    }

    /** fair-esm zeroes embed_tokens[<mask>] for ESM-1b; through the tied lm_head, that logit is its bias. */
    @Test
    void esm1bMaskLogitIsTheLmHeadBias() throws Exception {
        Checkpoint ckpt = RandomCheckpoints.esm1b(2, 32, 64, 4, 200, 21);
        long mask = SpecialTokens.of(Family.ESM1B).mask();
        float bias = ckpt.tensor("lm_head.bias").data()[(int) mask];
        List<long[]> rows = rows(Family.ESM1B, 4);
        try (OrtEmbedder embedder = embedder(ckpt, GraphOptions.defaults().withLogits(true), "m")) {
            EmbedderOutputs out = embedder.run(TokenRows.padded(Family.ESM1B, rows, 0));
            for (int b = 0; b < rows.size(); b++) {
                for (int t = 0; t < rows.get(b).length; t++) {
                    assertEquals(bias, out.logits()[b][t][(int) mask], 1e-6);
                }
            }
        }
    }

    @Test
    void carpDilationsFollowByteNet() {
        assertArrayEquals(new int[] {1, 2, 4, 8, 16, 32, 64, 128, 1, 2},
                java.util.stream.IntStream.range(0, 10).map(n -> CarpGraphBuilder.dilation(n, 128)).toArray());
        assertArrayEquals(new int[] {1, 2, 4, 1}, java.util.stream.IntStream.range(0, 4).map(n -> CarpGraphBuilder.dilation(n, 4)).toArray());
    }

    private static void assertClose(float[][] expected, float[][] actual, int positions, String what) {
        for (int t = 0; t < positions; t++) {
            assertClose(expected[t], actual[t], what + " position " + t);
        }
    }

    private static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], TOLERANCE, what + " [" + i + "]");
        }
    }
}

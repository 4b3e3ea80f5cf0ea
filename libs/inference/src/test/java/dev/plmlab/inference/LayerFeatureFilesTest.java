package dev.plmlab.inference;

import dev.plmlab.store.Npy;
import dev.plmlab.store.NpyArray;
import dev.plmlab.store.NpyDtype;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The per-layer files are byte for byte what numpy's {@code np.save} of the whole array would write. */
class LayerFeatureFilesTest {

    private static final int WIDTH = 3;

    @TempDir
    Path tmp;

    /** Sequence s of {@code length} residues: pooled[l][d] = 100 s + 10 l + d; state[l][r][d] = 1000 s + 100 l + 10 r + d. */
    private static SequenceEmbedding embedding(int s, int length, int layers) {
        float[][] pooled = new float[layers][WIDTH];
        Map<Integer, float[][]> states = new java.util.TreeMap<>();
        for (int l = 0; l < layers; l++) {
            float[][] rows = new float[length][WIDTH];
            for (int d = 0; d < WIDTH; d++) {
                pooled[l][d] = 100 * s + 10 * l + d + 0.25f;
                for (int r = 0; r < length; r++) {
                    rows[r][d] = 1000 * s + 100 * l + 10 * r + d + 0.5f;
                }
            }
            states.put(l, rows);
        }
        return new SequenceEmbedding(pooled, states, java.util.stream.IntStream.range(0, length).toArray(), 1);
    }

    @Test
    void pooledLayersAreOneRowPerSequenceInOrder() throws IOException {
        int[] lengths = {4, 1, 7, 2};
        LayerFeatureFiles files = new LayerFeatureFiles(tmp.resolve("f"), List.of(2, 0), false, NpyDtype.FLOAT32);
        try (files) {
            files.accept(0, List.of(embedding(0, lengths[0], 3), embedding(1, lengths[1], 3)));
            files.accept(2, List.of(embedding(2, lengths[2], 3), embedding(3, lengths[3], 3)));
        }
        assertEquals(List.of(0, 2), files.layers());
        assertEquals(4, files.rows());
        assertTrue(files.offsetsFile().isEmpty());
        assertEquals(tmp.resolve("f").resolve("layer-2.npy"), files.layerFile(2));
        for (int layer : List.of(0, 2)) {
            float[] expected = new float[4 * WIDTH];
            for (int s = 0; s < 4; s++) {
                for (int d = 0; d < WIDTH; d++) {
                    expected[s * WIDTH + d] = 100 * s + 10 * layer + d + 0.25f;
                }
            }
            assertArrayEquals(Npy.toBytes(NpyArray.float32(expected, 4, WIDTH)), Files.readAllBytes(files.layerFile(layer)));
        }
        assertEquals(List.of("layer-0.npy", "layer-2.npy"), fileNames(tmp.resolve("f")));
    }

    @Test
    void perResidueLayersConcatenateResiduesWithOneOffsetsFile() throws IOException {
        int[] lengths = {4, 1, 7};
        LayerFeatureFiles files = new LayerFeatureFiles(tmp, List.of(1), true, NpyDtype.FLOAT16);
        try (files) {
            for (int s = 0; s < lengths.length; s++) {
                files.add(embedding(s, lengths[s], 2));
            }
        }
        assertEquals(12, files.rows());
        assertEquals(3, files.sequences());
        float[] expected = new float[12 * WIDTH];
        int row = 0;
        for (int s = 0; s < lengths.length; s++) {
            for (int r = 0; r < lengths[s]; r++, row++) {
                for (int d = 0; d < WIDTH; d++) {
                    expected[row * WIDTH + d] = 1000 * s + 100 + 10 * r + d + 0.5f;
                }
            }
        }
        assertArrayEquals(Npy.toBytes(NpyArray.float16(expected, 12, WIDTH)), Files.readAllBytes(files.layerFile(1)));
        Path offsets = files.offsetsFile().orElseThrow();
        assertEquals(tmp.resolve(LayerFeatureFiles.OFFSETS_FILE), offsets);
        assertArrayEquals(Npy.toBytes(NpyArray.int64(new long[] {0, 4, 5, 12}, 4)), Files.readAllBytes(offsets));
    }

    @Test
    void noSequencesGiveEmptyButValidFiles() throws IOException {
        LayerFeatureFiles files = new LayerFeatureFiles(tmp, List.of(0), true, NpyDtype.FLOAT32);
        files.close();
        assertArrayEquals(new int[] {0, 0}, Npy.read(Files.newInputStream(files.layerFile(0))).shape());
        assertArrayEquals(new long[] {0}, Npy.read(Files.newInputStream(files.offsetsFile().orElseThrow())).longs());
    }

    @Test
    void aGapOrAMissingLayerIsRefused() throws IOException {
        try (LayerFeatureFiles files = new LayerFeatureFiles(tmp, List.of(0, 5), false, NpyDtype.FLOAT32)) {
            assertThrows(IllegalStateException.class, () -> files.accept(1, List.of(embedding(0, 2, 6))));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> files.accept(0, List.of(embedding(0, 2, 3))));
            assertTrue(e.getMessage().contains("layer 5"), e.getMessage());
        }
        try (LayerFeatureFiles files = new LayerFeatureFiles(tmp.resolve("r"), List.of(4), true, NpyDtype.FLOAT32)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> files.add(embedding(0, 2, 3)));
            assertTrue(e.getMessage().contains("no per-residue states for layer 4"), e.getMessage());
        }
    }

    private static List<String> fileNames(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}

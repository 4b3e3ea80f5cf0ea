package dev.plmlab.inference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plmlab.forge.checkpoint.Checkpoint;
import dev.plmlab.forge.checkpoint.CheckpointReader;
import dev.plmlab.forge.onnx.GraphOptions;
import dev.plmlab.forge.onnx.OnnxGraphs;

import ai.onnx.proto.OnnxMl.ModelProto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The golden tiny ESM-2 (3 layers, dim 64) from libs/forge's test resources, or from the shared data
 * folder, with its reference outputs.
 */
public final class GoldenEsm2 {

    public static final int LAYERS = 3;
    private static final ObjectMapper JSON = new ObjectMapper();

    private GoldenEsm2() {
    }

    public static Path dir() {
        List<Path> candidates = new ArrayList<>();
        String root = System.getProperty("plmlab.repo.root");
        if (root != null) {
            candidates.add(Path.of(root, "libs", "forge", "src", "test", "resources", "golden", "esm2"));
        }
        String shared = System.getProperty("plmlab.shared.data");
        if (shared != null) {
            candidates.add(Path.of(shared, "golden", "esm2"));
        }
        candidates.add(Path.of("..", "forge", "src", "test", "resources", "golden", "esm2"));
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate.resolve("expected.json"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("golden esm2 fixtures not found in " + candidates);
    }

    public static JsonNode expected() {
        try {
            return JSON.readTree(dir().resolve("expected.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Checkpoint checkpoint() throws IOException {
        return CheckpointReader.read(dir().resolve(expected().get("checkpoint").asText()));
    }

    /**
     * The forged graph with every layer's per-token states as outputs, built in memory (weights inline).
     *
     * @deprecated forge it with {@link #forgeWithAllHiddenLayers}, the production path
     */
    @Deprecated
    @SuppressWarnings("deprecation")
    public static ModelProto graphWithAllHiddenLayers() throws IOException {
        return OnnxGraphs.build(checkpoint(), GraphOptions.defaults().withAllHiddenLayers(LAYERS));
    }

    /** Forges the golden ESM-2 into {@code dir} as the embedder does (mean and hidden_0..L); returns its model.onnx. */
    public static java.nio.file.Path forgeWithAllHiddenLayers(java.nio.file.Path dir) throws IOException {
        return dev.plmlab.forge.ModelForge.forge(checkpoint(), dev.plmlab.model.spec.Variant.PRETRAINED, 0,
                GraphOptions.forged(), dir).model();
    }

    public static List<String> sequences() {
        List<String> out = new ArrayList<>();
        expected().get("sequences").forEach(s -> out.add(s.asText()));
        return out;
    }

    /** Reference {@code layers[k].mean[i]} for batch sequence i. */
    public static float[] mean(JsonNode expected, int layer, int sequence) {
        JsonNode row = expected.get("layers").get(Integer.toString(layer)).get("mean").get(sequence);
        float[] out = new float[row.size()];
        for (int d = 0; d < out.length; d++) {
            out[d] = (float) row.get(d).asDouble();
        }
        return out;
    }

    /** Reference {@code layers[k].hidden[i][t]}. */
    public static float[] hidden(JsonNode expected, int layer, int sequence, int token) {
        JsonNode row = expected.get("layers").get(Integer.toString(layer)).get("hidden").get(sequence).get(token);
        float[] out = new float[row.size()];
        for (int d = 0; d < out.length; d++) {
            out[d] = (float) row.get(d).asDouble();
        }
        return out;
    }

    public static void deleteTree(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}

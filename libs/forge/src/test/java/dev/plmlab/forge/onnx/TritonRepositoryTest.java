package dev.plmlab.forge.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.plmlab.forge.checkpoint.Checkpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TritonRepositoryTest {

    /** One input/output block of config.pbtxt as written: name, data_type, dims. */
    private static final Pattern TENSOR_BLOCK = Pattern.compile(
            "name: \"([^\"]+)\"\\s+data_type: (\\w+)\\s+dims: \\[ ([^\\]]*) \\]");

    @TempDir
    Path repo;

    private final Checkpoint ckpt = RandomCheckpoints.carp(3, 4, 16, 5, 8, "gelu", 3);

    @Test
    void configDescribesTheModelOrtActuallyLoads() throws Exception {
        ModelProto model = OnnxGraphs.build(ckpt, GraphOptions.defaults().withHiddenLayers(List.of(0, 3)).withLogits(true));
        Path modelDir = TritonRepository.write(repo, "carp_small", model,
                new TritonOptions(8, true, 250, List.of(4, 8), "KIND_CPU", 2, false));

        String config = Files.readString(modelDir.resolve("config.pbtxt"));
        assertTrue(config.contains("backend: \"onnxruntime\""));
        assertTrue(config.contains("max_batch_size: 8"));
        assertTrue(config.contains("preferred_batch_size: [ 4, 8 ]"));
        assertTrue(config.contains("max_queue_delay_microseconds: 250"));
        assertTrue(config.contains("kind: KIND_CPU"));

        Map<String, String[]> inputs = blocks(section(config, "input"));
        Map<String, String[]> outputs = blocks(section(config, "output"));
        try (OrtSession session = OrtEnvironment.getEnvironment()
                .createSession(modelDir.resolve("1").resolve(OnnxModelWriter.MODEL_FILE).toString())) {
            assertEquals(session.getInputNames(), inputs.keySet());
            assertEquals(session.getOutputNames(), outputs.keySet());
            assertMatchesOrt(session.getInputInfo(), inputs);
            assertMatchesOrt(session.getOutputInfo(), outputs);
        }
        assertEquals("TYPE_INT64", inputs.get("tokens")[0]);
        assertEquals("-1", inputs.get("tokens")[1], "batch dim is implicit, sequence length dynamic");
        assertEquals("4, 16", outputs.get("mean")[1], "L+1 layers by d_model");
        assertEquals("-1, 30", outputs.get("logits")[1]);
    }

    @Test
    void fp16OutputsAreCastInTheModelAndDeclaredInTheConfig() throws Exception {
        ModelProto model = OnnxGraphs.build(ckpt, GraphOptions.defaults().withLogits(true));
        Path modelDir = TritonRepository.write(repo, "carp_fp16", model, TritonOptions.gpu(4).withFp16Outputs(true));
        Map<String, String[]> outputs = blocks(section(Files.readString(modelDir.resolve("config.pbtxt")), "output"));
        assertEquals("TYPE_FP16", outputs.get("mean")[0]);
        assertEquals("TYPE_FP16", outputs.get("logits")[0]);
        try (OrtEmbedder embedder = new OrtEmbedder(modelDir.resolve("1").resolve(OnnxModelWriter.MODEL_FILE), 1)) {
            EmbedderOutputs out = embedder.run(new long[][] {{1, 2, 3, 27}});
            assertEquals(4, out.mean()[0].length);
            assertEquals(30, out.logits()[0][0].length);
        }
    }

    @Test
    void aForgedFolderIsLinkedInWithItsConfig() throws Exception {
        Path forged = repo.resolveSibling(repo.getFileName() + "-forged");
        OnnxGraphs.write(ckpt, GraphOptions.forged(), forged);
        Path modelDir = TritonRepository.write(repo, "carp_forged", forged, TritonOptions.gpu(4).withInstanceKind("KIND_CPU"));
        Path version = modelDir.resolve(TritonRepository.VERSION);
        assertEquals(Files.size(forged.resolve(OnnxModelWriter.EXTERNAL_DATA_FILE)),
                Files.size(version.resolve(OnnxModelWriter.EXTERNAL_DATA_FILE)));
        Map<String, String[]> outputs = blocks(section(Files.readString(modelDir.resolve("config.pbtxt")), "output"));
        assertEquals(List.of("mean", "hidden_0", "hidden_1", "hidden_2", "hidden_3"), List.copyOf(outputs.keySet()));
        try (OrtEmbedder embedder = new OrtEmbedder(version.resolve(OnnxModelWriter.MODEL_FILE), 1)) {
            EmbedderOutputs out = embedder.run(new long[][] {{1, 2, 3, 27}});
            assertEquals(4, out.mean()[0].length);
        }
        // float16 outputs rewrite only the small graph; the weights are the forged ones
        Path half = TritonRepository.write(repo, "carp_forged_fp16", forged, TritonOptions.gpu(4).withFp16Outputs(true));
        assertEquals("TYPE_FP16", blocks(section(Files.readString(half.resolve("config.pbtxt")), "output")).get("mean")[0]);
        try (OrtEmbedder embedder = new OrtEmbedder(half.resolve("1").resolve(OnnxModelWriter.MODEL_FILE), 1)) {
            assertEquals(4, embedder.run(new long[][] {{1, 2, 3, 27}}).mean()[0].length);
        }
    }

    @Test
    void unbatchedConfigKeepsTheBatchDimension() throws Exception {
        ModelProto model = OnnxGraphs.build(ckpt, GraphOptions.defaults());
        Path modelDir = TritonRepository.write(repo, "carp_nobatch", model,
                new TritonOptions(0, false, 0, List.of(), "KIND_AUTO", 1, false));
        String config = Files.readString(modelDir.resolve("config.pbtxt"));
        assertEquals("-1, -1", blocks(section(config, "input")).get("tokens")[1]);
        assertTrue(!config.contains("dynamic_batching"));
    }

    @Test
    void rejectsNamesThatAreNotPlainFolderNames() {
        ModelProto model = OnnxGraphs.build(ckpt, GraphOptions.defaults());
        assertThrows(IllegalArgumentException.class, () -> TritonRepository.write(repo, "../escape", model, TritonOptions.gpu(1)));
    }

    private static void assertMatchesOrt(Map<String, NodeInfo> ort, Map<String, String[]> config) {
        for (Map.Entry<String, NodeInfo> e : ort.entrySet()) {
            TensorInfo info = (TensorInfo) e.getValue().getInfo();
            String expectedType = switch (info.type) {
                case FLOAT -> "TYPE_FP32";
                case FLOAT16 -> "TYPE_FP16";
                case INT64 -> "TYPE_INT64";
                default -> "unexpected " + info.type;
            };
            assertEquals(expectedType, config.get(e.getKey())[0], e.getKey());
            long[] withoutBatch = Arrays.copyOfRange(info.getShape(), 1, info.getShape().length);
            String dims = Arrays.stream(withoutBatch).mapToObj(Long::toString).reduce((a, b) -> a + ", " + b).orElse("");
            assertEquals(dims, config.get(e.getKey())[1], e.getKey());
        }
    }

    private static String section(String config, String key) {
        int start = config.indexOf(key + " [\n");
        assertTrue(start >= 0, "no " + key + " section");
        return config.substring(start, config.indexOf("\n]\n", start));
    }

    private static Map<String, String[]> blocks(String section) {
        Map<String, String[]> blocks = new LinkedHashMap<>();
        Matcher m = TENSOR_BLOCK.matcher(section);
        while (m.find()) {
            blocks.put(m.group(1), new String[] {m.group(2), m.group(3)});
        }
        return blocks;
    }
}

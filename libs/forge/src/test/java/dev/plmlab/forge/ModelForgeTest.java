package dev.plmlab.forge;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import dev.plmlab.forge.checkpoint.Checkpoint;
import dev.plmlab.forge.checkpoint.CheckpointReader;
import dev.plmlab.forge.checkpoint.Family;
import dev.plmlab.forge.checkpoint.GoldenFixtures;
import dev.plmlab.forge.onnx.EmbedderOutputs;
import dev.plmlab.forge.onnx.GraphOptions;
import dev.plmlab.forge.onnx.OnnxGraphs;
import dev.plmlab.forge.onnx.OnnxModelWriter;
import dev.plmlab.forge.onnx.OrtEmbedder;
import dev.plmlab.forge.onnx.RandomCheckpoints;
import dev.plmlab.model.spec.Variant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The one forge entry point on a checkpoint file in the official zip layout: what it writes is a small
 * graph plus a sidecar holding every weight, structurally unable to hold the weights in the ModelProto,
 * and it computes what the in-memory graph of the same weights computes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ModelForgeTest {

    private static final long[][] TOKENS = {{0, 5, 8, 13, 20, 2, 1}, {0, 6, 6, 9, 2, 1, 1}};

    @TempDir
    Path tmp;
    private Path file;

    @BeforeAll
    void writeCheckpoint() throws Exception {
        // 4 blocks of width 128: ~0.8M parameters, a 3.2 MB file
        file = RandomCheckpoints.writeEsm2(Files.createTempDirectory("forge-test").resolve("esm2_t4_128_random.pt"), 4, 128, 8, 11);
    }

    @Test
    void forgedModelKeepsEveryWeightOutOfTheGraph() throws Exception {
        ModelForge.ForgedGraph forged = ModelForge.forge(file, Variant.PRETRAINED, 0, tmp.resolve("pretrained"));
        assertEquals(Family.ESM2, forged.family());
        assertEquals(4, forged.layers());
        assertEquals(128, forged.embedDim());
        assertEquals(1022, forged.residueLimit());

        Path data = forged.dir().resolve(OnnxModelWriter.EXTERNAL_DATA_FILE);
        ModelProto model = ModelProto.parseFrom(Files.readAllBytes(forged.model()));
        long external = 0;
        for (TensorProto t : model.getGraph().getInitializerList()) {
            assertTrue(t.getRawData().size() < 1024, t.getName() + " has " + t.getRawData().size() + " inline bytes");
            if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
                Map<String, String> ref = t.getExternalDataList().stream()
                        .collect(Collectors.toMap(StringStringEntryProto::getKey, StringStringEntryProto::getValue));
                assertEquals(OnnxModelWriter.EXTERNAL_DATA_FILE, ref.get("location"));
                assertEquals(0, Long.parseLong(ref.get("offset")) % 4096, t.getName() + " is aligned");
                assertTrue(Long.parseLong(ref.get("offset")) + Long.parseLong(ref.get("length")) <= Files.size(data));
                external += Long.parseLong(ref.get("length"));
            }
        }
        long weights = 4L * (33 * 128 + 4 * (4 * 128 * 128 + 2 * 4 * 128 * 128));
        assertTrue(external >= weights, "the sidecar holds the weights: " + external + " of " + weights + " bytes");
        assertTrue(Files.size(forged.model()) < 256 * 1024, "model.onnx is the graph only: " + Files.size(forged.model()));
        assertTrue(Files.size(forged.model()) * 20 < Files.size(data));

        List<String> outputs = model.getGraph().getOutputList().stream().map(ValueInfoProto::getName).toList();
        List<String> expected = new ArrayList<>(List.of("mean"));
        for (int k = 0; k <= 4; k++) {
            expected.add("hidden_" + k);
        }
        assertEquals(expected, outputs, "every layer's per-token states by default");
        Map<String, String> meta = model.getMetadataPropsList().stream()
                .collect(Collectors.toMap(StringStringEntryProto::getKey, StringStringEntryProto::getValue));
        assertEquals(Integer.toString(ModelForge.VERSION), meta.get("plmlab.forge_version"));
    }

    @Test
    void streamedForgeComputesWhatTheInMemoryGraphComputes() throws Exception {
        for (Variant variant : List.of(Variant.PRETRAINED, Variant.STAT_TRANSFER_PERMUTE, Variant.RANDOM_INIT)) {
            Path dir = tmp.resolve("parity-" + variant.name());
            ModelForge.ForgedGraph forged = ModelForge.forge(file, variant, 42, GraphOptions.forged().withLogits(true), dir);
            Checkpoint inMemory = ModelForge.applyVariant(CheckpointReader.read(file), variant, 42);
            @SuppressWarnings("deprecation")
            Path reference = OnnxModelWriter.write(OnnxGraphs.build(inMemory, GraphOptions.forged().withLogits(true)),
                    tmp.resolve("inline-" + variant.name()));
            try (OrtEmbedder streamed = new OrtEmbedder(forged.model(), 1); OrtEmbedder inline = new OrtEmbedder(reference, 1)) {
                EmbedderOutputs a = streamed.run(TOKENS);
                EmbedderOutputs b = inline.run(TOKENS);
                for (int i = 0; i < TOKENS.length; i++) {
                    for (int l = 0; l <= forged.layers(); l++) {
                        assertArrayEquals(b.mean()[i][l], a.mean()[i][l], variant + " mean");
                        assertArrayEquals(b.hidden().get(l)[i][1], a.hidden().get(l)[i][1], variant + " hidden");
                    }
                    assertArrayEquals(b.logits()[i][1], a.logits()[i][1], variant + " logits");
                }
            }
        }
    }

    @Test
    void fp16WeightsHalveTheSidecar() throws Exception {
        ModelForge.ForgedGraph plain = ModelForge.forge(file, Variant.PRETRAINED, 0, tmp.resolve("f32"));
        ModelForge.ForgedGraph half = ModelForge.forge(file, Variant.PRETRAINED, 0, GraphOptions.forged().withFp16Weights(true),
                tmp.resolve("f16"));
        long f32 = Files.size(plain.dir().resolve(OnnxModelWriter.EXTERNAL_DATA_FILE));
        long f16 = Files.size(half.dir().resolve(OnnxModelWriter.EXTERNAL_DATA_FILE));
        assertTrue(f16 < 0.6 * f32, f16 + " vs " + f32);
        try (OrtEmbedder embedder = new OrtEmbedder(half.model(), 1)) {
            assertEquals(5, embedder.run(TOKENS).mean()[0].length);
        }
    }

    @Test
    void residueLimitsFollowTheFamilies() throws Exception {
        assertEquals(1022, ModelForge.residueLimit(CheckpointReader.read(GoldenFixtures.checkpoint("esm2"))));
        assertEquals(1022, ModelForge.residueLimit(CheckpointReader.read(GoldenFixtures.checkpoint("esm1"))));
        Checkpoint esm1b = CheckpointReader.read(GoldenFixtures.checkpoint("esm1b"));
        assertEquals(esm1b.intConfig("max_positions") - 2, ModelForge.residueLimit(esm1b));
        assertEquals(Integer.MAX_VALUE, ModelForge.residueLimit(CheckpointReader.read(GoldenFixtures.checkpoint("carp"))));
    }
}

package dev.plmlab.forge.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import dev.plmlab.forge.checkpoint.Checkpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OnnxModelWriterTest {

    @TempDir
    Path dir;

    private final Checkpoint ckpt = RandomCheckpoints.esm2(2, 32, 4, 5);
    private final ModelProto model = OnnxGraphs.build(ckpt, GraphOptions.defaults().withLogits(true));
    private final long[][] batch = TokenRows.padded(ckpt.family(), List.of(
            TokenRows.frame(ckpt.family(), TokenRows.randomResidues(ckpt.family(), 20, new Random(1))),
            TokenRows.frame(ckpt.family(), TokenRows.randomResidues(ckpt.family(), 9, new Random(2)))), 0);

    @Test
    void smallModelIsWrittenInline() throws Exception {
        Path file = OnnxModelWriter.write(model, dir);
        assertEquals(OnnxModelWriter.MODEL_FILE, file.getFileName().toString());
        assertFalse(Files.exists(dir.resolve(OnnxModelWriter.EXTERNAL_DATA_FILE)));
        ModelProto back = ModelProto.parseFrom(Files.readAllBytes(file));
        assertTrue(back.getGraph().getInitializerList().stream()
                .noneMatch(t -> t.getDataLocation() == TensorProto.DataLocation.EXTERNAL));
    }

    @Test
    void weightsAboveTheThresholdGoToASidecarThatOrtReads() throws Exception {
        Path inlineFile = OnnxModelWriter.write(model, dir.resolve("inline"));
        Path externalFile = OnnxModelWriter.write(model, dir.resolve("external"), 1000);

        Path sidecar = externalFile.resolveSibling(OnnxModelWriter.EXTERNAL_DATA_FILE);
        assertTrue(Files.size(sidecar) >= OnnxModelWriter.initializerBytes(model) / 2, "sidecar holds the weights");
        assertTrue(Files.size(externalFile) < Files.size(sidecar), "model.onnx keeps only the graph");
        ModelProto back = ModelProto.parseFrom(Files.readAllBytes(externalFile));
        long external = back.getGraph().getInitializerList().stream()
                .filter(t -> t.getDataLocation() == TensorProto.DataLocation.EXTERNAL)
                .peek(t -> assertTrue(t.getRawData().isEmpty()))
                .count();
        assertTrue(external > 0);

        try (OrtEmbedder inline = new OrtEmbedder(inlineFile, 1); OrtEmbedder fromSidecar = new OrtEmbedder(externalFile, 1)) {
            EmbedderOutputs a = inline.run(batch);
            EmbedderOutputs b = fromSidecar.run(batch);
            for (int i = 0; i < batch.length; i++) {
                for (int l = 0; l < a.mean()[i].length; l++) {
                    assertArrayEquals(a.mean()[i][l], b.mean()[i][l]);
                }
                for (int t = 0; t < batch[i].length; t++) {
                    assertArrayEquals(a.logits()[i][t], b.logits()[i][t]);
                }
            }
        }
    }

    @Test
    void rewritingWithoutExternalDataRemovesAStaleSidecar() throws Exception {
        OnnxModelWriter.write(model, dir, 1000);
        assertTrue(Files.exists(dir.resolve(OnnxModelWriter.EXTERNAL_DATA_FILE)));
        OnnxModelWriter.write(model, dir);
        assertFalse(Files.exists(dir.resolve(OnnxModelWriter.EXTERNAL_DATA_FILE)));
    }
}

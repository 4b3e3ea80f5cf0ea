package dev.plmlab.forge.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import dev.plmlab.forge.checkpoint.Checkpoint;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The graph contract other modules rely on: names, element types and which dims are dynamic. */
class OnnxGraphsTest {

    private final Checkpoint esm2 = RandomCheckpoints.esm2(3, 16, 2, 9);

    @Test
    void declaresTheDocumentedInputsAndOutputs() {
        ModelProto model = OnnxGraphs.build(esm2, GraphOptions.defaults().withHiddenLayers(List.of(3, 0)).withLogits(true));
        assertEquals(OnnxGraphs.OPSET, model.getOpsetImport(0).getVersion());

        ValueInfoProto tokens = model.getGraph().getInput(0);
        assertEquals(1, model.getGraph().getInputCount());
        assertEquals("tokens", tokens.getName());
        assertEquals(TensorProto.DataType.INT64_VALUE, tokens.getType().getTensorType().getElemType());
        assertEquals("[batch, seq_len]", dims(tokens));

        Map<String, String> outputs = model.getGraph().getOutputList().stream()
                .collect(Collectors.toMap(ValueInfoProto::getName, OnnxGraphsTest::dims));
        assertEquals(Map.of("mean", "[batch, 4, 16]", "hidden_0", "[batch, seq_len, 16]",
                "hidden_3", "[batch, seq_len, 16]", "logits", "[batch, seq_len, 33]"), outputs);
    }

    @Test
    void defaultsOutputOnlyTheMeanInFloat32() {
        ModelProto model = OnnxGraphs.build(esm2, GraphOptions.defaults());
        assertEquals(1, model.getGraph().getOutputCount());
        assertEquals(TensorProto.DataType.FLOAT_VALUE, model.getGraph().getOutput(0).getType().getTensorType().getElemType());
        assertTrue(model.getGraph().getInitializerList().stream()
                .noneMatch(t -> t.getDataType() == TensorProto.DataType.FLOAT16_VALUE));
    }

    @Test
    void fp16OptionsChangeStorageAndOutputTypes() {
        ModelProto plain = OnnxGraphs.build(esm2, GraphOptions.defaults());
        ModelProto half = OnnxGraphs.build(esm2, GraphOptions.defaults().withFp16Weights(true).withFp16Outputs(true));
        assertEquals(TensorProto.DataType.FLOAT16_VALUE, half.getGraph().getOutput(0).getType().getTensorType().getElemType());
        assertTrue(OnnxModelWriter.initializerBytes(half) < 0.6 * OnnxModelWriter.initializerBytes(plain));
    }

    @Test
    void rejectsLayersTheModelDoesNotHave() {
        assertThrows(IllegalArgumentException.class,
                () -> OnnxGraphs.build(esm2, GraphOptions.defaults().withHiddenLayers(List.of(4))));
        assertThrows(IllegalArgumentException.class, () -> GraphOptions.defaults().withHiddenLayers(List.of(-1)));
    }

    private static String dims(ValueInfoProto value) {
        return value.getType().getTensorType().getShape().getDimList().stream()
                .map(d -> d.hasDimValue() ? Long.toString(d.getDimValue()) : d.getDimParam())
                .collect(Collectors.joining(", ", "[", "]"));
    }
}

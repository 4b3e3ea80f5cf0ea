package dev.plmlab.forge.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;


import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Accumulates the nodes, initializers and I/O of one ONNX graph, handing out unique value names.
 *
 * <p>Every weight goes through {@link #weight}: with {@code fp16Weights} it is stored as float16 and
 * cast back to float32 inside the graph, so the file is half the size while all arithmetic stays in
 * float32 (ORT folds the casts once, at session creation).
 *
 * <p>With an {@link ExternalData} sink, every initializer of at least {@link ExternalData#INLINE_MAX_BYTES}
 * has its bytes written to the sidecar file as it is added, converted in small chunks, and the graph keeps
 * only a reference: the values passed in can be dropped at once, and the graph in memory stays small.
 * Without one (graphs built in memory for tests) the bytes are inline.
 */
final class GraphBuilder {

    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private final Map<String, Integer> nameCounts = new HashMap<>();
    private final boolean fp16Weights;
    private final ExternalData external;

    GraphBuilder(String graphName, boolean fp16Weights) {
        this(graphName, fp16Weights, null);
    }

    GraphBuilder(String graphName, boolean fp16Weights, ExternalData external) {
        this.graph.setName(graphName);
        this.fp16Weights = fp16Weights;
        this.external = external;
    }

    /** A value name derived from {@code hint} that no other value in this graph has. */
    String fresh(String hint) {
        int n = nameCounts.merge(hint, 1, Integer::sum);
        return n == 1 ? hint : hint + "_" + n;
    }

    // ---- I/O ------------------------------------------------------------------------------

    /** Declares a graph input; each dim is a Long (fixed) or a String (symbolic, dynamic). */
    void input(String name, TensorProto.DataType type, Object... dims) {
        graph.addInput(valueInfo(name, type, dims));
    }

    void output(String name, TensorProto.DataType type, Object... dims) {
        graph.addOutput(valueInfo(name, type, dims));
    }

    private static ValueInfoProto valueInfo(String name, TensorProto.DataType type, Object... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (Object dim : dims) {
            TensorShapeProto.Dimension.Builder d = TensorShapeProto.Dimension.newBuilder();
            if (dim instanceof String symbol) {
                d.setDimParam(symbol);
            } else {
                d.setDimValue(((Number) dim).longValue());
            }
            shape.addDim(d);
        }
        TypeProto.Tensor tensorType = TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(shape).build();
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(tensorType)).build();
    }

    // ---- initializers ---------------------------------------------------------------------

    /** Adds a float weight (float16 on disk if so configured) and returns the name of its float32 value. */
    String weight(String hint, long[] dims, float[] data) {
        String name = fresh(hint);
        if (!fp16Weights) {
            graph.addInitializer(floatTensor(name, dims, data));
            return name;
        }
        String stored = fresh(hint + ".fp16");
        TensorProto.Builder tensor = TensorProto.newBuilder().setName(stored).setDataType(TensorProto.DataType.FLOAT16_VALUE)
                .addAllDims(boxed(dims));
        graph.addInitializer(place(tensor, ExternalData.Encoding.FLOAT16, data));
        addNode("Cast", List.of(stored), List.of(name), attr("to", TensorProto.DataType.FLOAT_VALUE));
        return name;
    }

    /** A float32 constant that is never stored as float16 (scales, masks, small tables). */
    String floatConstant(String hint, long[] dims, float... data) {
        String name = fresh(hint);
        graph.addInitializer(floatTensor(name, dims, data));
        return name;
    }

    String scalar(String hint, float value) {
        return floatConstant(hint, new long[0], value);
    }

    String int64Constant(String hint, long... values) {
        String name = fresh(hint);
        ByteBuffer bytes = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            bytes.putLong(v);
        }
        graph.addInitializer(TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64_VALUE)
                .addDims(values.length).setRawData(ByteString.copyFrom(bytes.array())));
        return name;
    }

    String int64Scalar(String hint, long value) {
        String name = fresh(hint);
        ByteBuffer bytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value);
        graph.addInitializer(TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64_VALUE)
                .setRawData(ByteString.copyFrom(bytes.array())));
        return name;
    }

    private TensorProto floatTensor(String name, long[] dims, float[] data) {
        TensorProto.Builder tensor = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE)
                .addAllDims(boxed(dims));
        return place(tensor, ExternalData.Encoding.FLOAT32, data);
    }

    /** Sets the tensor's bytes: to the sidecar file when there is one and they are not small, else inline. */
    private TensorProto place(TensorProto.Builder tensor, ExternalData.Encoding encoding, float[] data) {
        long bytes = (long) data.length * encoding.bytesPerValue();
        if (external != null && bytes >= ExternalData.INLINE_MAX_BYTES) {
            try {
                return external.write(tensor, encoding, data).build();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return tensor.setRawData(ByteString.copyFrom(encoding.encode(data, 0, data.length))).build();
    }

    private static List<Long> boxed(long[] dims) {
        return Arrays.stream(dims).boxed().toList();
    }

    // ---- nodes ----------------------------------------------------------------------------

    /** Adds a single-output node without attributes; returns its output name. */
    String op(String hint, String opType, String... inputs) {
        return opWithAttrs(hint, opType, List.of(inputs));
    }

    String opWithAttrs(String hint, String opType, List<String> inputs, AttributeProto... attrs) {
        String out = fresh(hint);
        addNode(opType, inputs, List.of(out), attrs);
        return out;
    }

    /** Adds a node with several outputs, named {@code hint_0 ...}. */
    String[] multiOutputOp(String hint, String opType, int outputs, List<String> inputs, AttributeProto... attrs) {
        String[] names = new String[outputs];
        for (int i = 0; i < outputs; i++) {
            names[i] = fresh(hint + "_" + i);
        }
        addNode(opType, inputs, List.of(names), attrs);
        return names;
    }

    /** Adds a node whose output name is chosen by the caller (graph outputs). */
    void opInto(String output, String opType, List<String> inputs, AttributeProto... attrs) {
        nameCounts.merge(output, 1, Integer::sum);
        addNode(opType, inputs, List.of(output), attrs);
    }

    private void addNode(String opType, List<String> inputs, List<String> outputs, AttributeProto... attrs) {
        NodeProto.Builder node = NodeProto.newBuilder().setOpType(opType).setName(outputs.get(0) + "/" + opType)
                .addAllInput(inputs).addAllOutput(outputs);
        for (AttributeProto a : attrs) {
            node.addAttribute(a);
        }
        graph.addNode(node);
    }

    // ---- attributes -----------------------------------------------------------------------

    static AttributeProto attr(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    static AttributeProto attr(String name, float value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(value).build();
    }

    static AttributeProto attrInts(String name, long... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    GraphProto build() {
        return graph.build();
    }
}

package dev.plmlab.forge.onnx;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;

/** Rewrites a model so its float32 outputs come out as float16, under the same names. */
final class Fp16Outputs {

    private Fp16Outputs() {
    }

    static ModelProto apply(ModelProto model) {
        GraphProto.Builder graph = model.getGraph().toBuilder();
        for (int i = 0; i < graph.getOutputCount(); i++) {
            ValueInfoProto output = graph.getOutput(i);
            if (output.getType().getTensorType().getElemType() != TensorProto.DataType.FLOAT_VALUE) {
                continue;
            }
            String name = output.getName();
            String internal = name + ".fp32";
            // the producer now writes the float32 value under an internal name; a Cast restores the output name
            for (int n = 0; n < graph.getNodeCount(); n++) {
                NodeProto node = graph.getNode(n);
                for (int o = 0; o < node.getOutputCount(); o++) {
                    if (node.getOutput(o).equals(name)) {
                        graph.setNode(n, node.toBuilder().setOutput(o, internal));
                    }
                }
                for (int in = 0; in < node.getInputCount(); in++) {
                    if (node.getInput(in).equals(name)) {
                        graph.setNode(n, graph.getNode(n).toBuilder().setInput(in, internal));
                    }
                }
            }
            graph.addNode(NodeProto.newBuilder().setOpType("Cast").setName(name + "/to_fp16").addInput(internal).addOutput(name)
                    .addAttribute(GraphBuilder.attr("to", (long) TensorProto.DataType.FLOAT16_VALUE)));
            ValueInfoProto.Builder retyped = output.toBuilder();
            retyped.getTypeBuilder().getTensorTypeBuilder().setElemType(TensorProto.DataType.FLOAT16_VALUE);
            graph.setOutput(i, retyped);
        }
        return model.toBuilder().setGraph(graph).build();
    }
}

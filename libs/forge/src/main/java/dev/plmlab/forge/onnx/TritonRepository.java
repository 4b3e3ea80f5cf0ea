package dev.plmlab.forge.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Writes a model into a Triton model repository: {@code <repo>/<name>/config.pbtxt} for the
 * onnxruntime backend and {@code <repo>/<name>/1/model.onnx} (plus external data if the weights need it).
 * The config's inputs and outputs are read from the model itself, so they cannot drift from it.
 */
public final class TritonRepository {

    public static final String VERSION = "1";
    private static final Pattern MODEL_NAME = Pattern.compile("[A-Za-z0-9_.-]+");

    private TritonRepository() {
    }

    /** @return the model's folder, {@code <repo>/<modelName>} */
    public static Path write(Path repo, String modelName, ModelProto model, TritonOptions options) throws IOException {
        if (!MODEL_NAME.matcher(modelName).matches() || modelName.equals(".") || modelName.equals("..")) {
            throw new IllegalArgumentException("Triton model name must match " + MODEL_NAME + ": " + modelName);
        }
        ModelProto served = options.fp16Outputs() ? Fp16Outputs.apply(model) : model;
        Path modelDir = repo.resolve(modelName);
        OnnxModelWriter.write(served, modelDir.resolve(VERSION));
        Files.writeString(modelDir.resolve("config.pbtxt"), config(modelName, served, options));
        return modelDir;
    }

    static String config(String modelName, ModelProto model, TritonOptions options) {
        StringBuilder s = new StringBuilder();
        s.append("name: \"").append(modelName).append("\"\n");
        s.append("backend: \"onnxruntime\"\n");
        s.append("max_batch_size: ").append(options.maxBatchSize()).append("\n");
        s.append("input [\n").append(tensors(model.getGraph().getInputList(), options)).append("]\n");
        s.append("output [\n").append(tensors(model.getGraph().getOutputList(), options)).append("]\n");
        if (options.dynamicBatching()) {
            s.append("dynamic_batching {\n");
            if (!options.preferredBatchSizes().isEmpty()) {
                s.append("  preferred_batch_size: [ ").append(options.preferredBatchSizes().stream()
                        .map(String::valueOf).collect(Collectors.joining(", "))).append(" ]\n");
            }
            s.append("  max_queue_delay_microseconds: ").append(options.maxQueueDelayMicros()).append("\n");
            s.append("}\n");
        }
        s.append("instance_group [\n  {\n    count: ").append(options.instanceCount())
                .append("\n    kind: ").append(options.instanceKind()).append("\n  }\n]\n");
        return s.toString();
    }

    private static String tensors(List<ValueInfoProto> values, TritonOptions options) {
        List<String> blocks = new ArrayList<>();
        for (ValueInfoProto value : values) {
            blocks.add("  {\n    name: \"" + value.getName() + "\"\n    data_type: " + dataType(value)
                    + "\n    dims: [ " + dims(value, options.maxBatchSize() > 0) + " ]\n  }");
        }
        return String.join(",\n", blocks) + "\n";
    }

    /** The model's dims, -1 where symbolic; with batching on, the leading (batch) dim is left out. */
    private static String dims(ValueInfoProto value, boolean implicitBatch) {
        List<TensorShapeProto.Dimension> dims = value.getType().getTensorType().getShape().getDimList();
        if (implicitBatch) {
            if (dims.isEmpty() || dims.get(0).hasDimValue()) {
                throw new IllegalArgumentException("with max_batch_size > 0, '" + value.getName()
                        + "' needs a dynamic leading batch dimension");
            }
            dims = dims.subList(1, dims.size());
        }
        return dims.stream().map(d -> d.hasDimValue() ? Long.toString(d.getDimValue()) : "-1")
                .collect(Collectors.joining(", "));
    }

    private static String dataType(ValueInfoProto value) {
        int elemType = value.getType().getTensorType().getElemType();
        return switch (TensorProto.DataType.forNumber(elemType)) {
            case FLOAT -> "TYPE_FP32";
            case FLOAT16 -> "TYPE_FP16";
            case BFLOAT16 -> "TYPE_BF16";
            case DOUBLE -> "TYPE_FP64";
            case INT64 -> "TYPE_INT64";
            case INT32 -> "TYPE_INT32";
            case INT8 -> "TYPE_INT8";
            case UINT8 -> "TYPE_UINT8";
            case BOOL -> "TYPE_BOOL";
            default -> throw new IllegalArgumentException("no Triton type for '" + value.getName() + "' of ONNX type " + elemType);
        };
    }
}

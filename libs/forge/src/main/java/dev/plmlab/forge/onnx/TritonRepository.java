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
 * Puts a forged model into a Triton model repository: {@code <repo>/<name>/config.pbtxt} for the
 * onnxruntime backend and {@code <repo>/<name>/1/model.onnx} with its {@code model.onnx.data}. The
 * config's inputs and outputs are read from the (small) model.onnx itself, so they cannot drift from it.
 */
public final class TritonRepository {

    public static final String VERSION = "1";
    private static final Pattern MODEL_NAME = Pattern.compile("[A-Za-z0-9_.-]+");

    private TritonRepository() {
    }

    /**
     * Publishes an already forged model folder ({@code model.onnx} + {@code model.onnx.data}, as
     * {@link OnnxGraphs#write} or {@link dev.plmlab.forge.ModelForge#forge} leave it) as entry
     * {@code modelName}: the weights are hard-linked into {@code <repo>/<modelName>/1/} (copied where the
     * file system cannot link), the graph is copied (rewritten with float16 outputs if {@code options}
     * asks), and config.pbtxt is written from it. The forged folder is left as it was.
     *
     * @return the model's folder, {@code <repo>/<modelName>}
     */
    public static Path write(Path repo, String modelName, Path forgedDir, TritonOptions options) throws IOException {
        checkName(modelName);
        Path source = forgedDir.resolve(OnnxModelWriter.MODEL_FILE);
        ModelProto model;
        try (var in = Files.newInputStream(source)) {
            model = ModelProto.parseFrom(in); // the graph only: its weights are external
        }
        ModelProto served = options.fp16Outputs() ? Fp16Outputs.apply(model) : model;
        Path modelDir = repo.resolve(modelName);
        Path versionDir = Files.createDirectories(modelDir.resolve(VERSION));
        Path data = forgedDir.resolve(OnnxModelWriter.EXTERNAL_DATA_FILE);
        Path servedData = versionDir.resolve(OnnxModelWriter.EXTERNAL_DATA_FILE);
        Files.deleteIfExists(servedData);
        if (Files.exists(data)) {
            try {
                Files.createLink(servedData, data);
            } catch (IOException | UnsupportedOperationException e) {
                Files.copy(data, servedData);
            }
        }
        try (var out = Files.newOutputStream(versionDir.resolve(OnnxModelWriter.MODEL_FILE))) {
            served.writeTo(out);
        }
        Files.writeString(modelDir.resolve("config.pbtxt"), config(modelName, served, options));
        return modelDir;
    }

    /**
     * Writes a model built in memory ({@link OnnxGraphs#build}): for small test graphs.
     *
     * @deprecated forge with {@link dev.plmlab.forge.ModelForge#forge} and publish the folder with
     *             {@link #write(Path, String, Path, TritonOptions)}
     * @return the model's folder, {@code <repo>/<modelName>}
     */
    @Deprecated
    public static Path write(Path repo, String modelName, ModelProto model, TritonOptions options) throws IOException {
        checkName(modelName);
        ModelProto served = options.fp16Outputs() ? Fp16Outputs.apply(model) : model;
        Path modelDir = repo.resolve(modelName);
        OnnxModelWriter.write(served, modelDir.resolve(VERSION));
        Files.writeString(modelDir.resolve("config.pbtxt"), config(modelName, served, options));
        return modelDir;
    }

    private static void checkName(String modelName) {
        if (!MODEL_NAME.matcher(modelName).matches() || modelName.equals(".") || modelName.equals("..")) {
            throw new IllegalArgumentException("Triton model name must match " + MODEL_NAME + ": " + modelName);
        }
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

package dev.plmlab.testkit;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One model of a Triton repository ({@code <name>/config.pbtxt}, {@code <name>/1/model.onnx}) in an ORT session. */
final class ServedModel implements AutoCloseable {

    static final String VERSION = "1";
    private static final Pattern MAX_BATCH_SIZE = Pattern.compile("(?m)^\\s*max_batch_size\\s*:\\s*(\\d+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    final String name;
    /** config.pbtxt's max_batch_size; 0 means the model's inputs carry no implicit batch dimension. */
    final int maxBatchSize;
    final OrtSession session;

    private ServedModel(String name, int maxBatchSize, OrtSession session) {
        this.name = name;
        this.maxBatchSize = maxBatchSize;
        this.session = session;
    }

    static ServedModel load(OrtEnvironment env, Path modelDir, int ortThreads) throws IOException, OrtException {
        String config = Files.readString(modelDir.resolve("config.pbtxt"));
        Matcher m = MAX_BATCH_SIZE.matcher(config);
        int maxBatchSize = m.find() ? Integer.parseInt(m.group(1)) : 0;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(ortThreads);
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            Path onnx = modelDir.resolve(VERSION).resolve("model.onnx");
            return new ServedModel(modelDir.getFileName().toString(), maxBatchSize, env.createSession(onnx.toString(), options));
        }
    }

    /** The KServe v2 model metadata object. */
    ObjectNode metadata() throws OrtException {
        ObjectNode root = JSON.createObjectNode();
        root.put("name", name);
        root.putArray("versions").add(VERSION);
        root.put("platform", "onnxruntime_onnx");
        tensors(root.putArray("inputs"), session.getInputInfo(), false);
        tensors(root.putArray("outputs"), session.getOutputInfo(), false);
        return root;
    }

    /** The model configuration as Triton returns it from {@code /config} (the fields clients use). */
    ObjectNode config() throws OrtException {
        ObjectNode root = JSON.createObjectNode();
        root.put("name", name);
        root.put("platform", "onnxruntime_onnx");
        root.put("backend", "onnxruntime");
        root.put("max_batch_size", maxBatchSize);
        tensors(root.putArray("input"), session.getInputInfo(), true);
        tensors(root.putArray("output"), session.getOutputInfo(), true);
        return root;
    }

    /** Metadata lists full shapes with "datatype"; the config lists dims without the batch dim and "data_type". */
    private void tensors(ArrayNode into, Map<String, NodeInfo> infos, boolean configStyle) {
        for (Map.Entry<String, NodeInfo> e : infos.entrySet()) {
            TensorInfo info = (TensorInfo) e.getValue().getInfo();
            ObjectNode tensor = into.addObject().put("name", e.getKey());
            String datatype = KServeWire.datatype(info.type);
            long[] shape = info.getShape();
            if (configStyle) {
                tensor.put("data_type", "TYPE_" + datatype);
                ArrayNode dims = tensor.putArray("dims");
                for (int i = maxBatchSize > 0 ? 1 : 0; i < shape.length; i++) {
                    dims.add(shape[i]);
                }
            } else {
                tensor.put("datatype", datatype);
                ArrayNode dims = tensor.putArray("shape");
                for (long d : shape) {
                    dims.add(d);
                }
            }
        }
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}

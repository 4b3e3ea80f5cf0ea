package dev.plmlab.forge.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Runs a graph built by {@link OnnxGraphs} with ONNX Runtime on the CPU. The model is loaded from its
 * path so that external data next to it is found. {@link #run} may be called from several threads at
 * once (ORT sessions support concurrent runs). Test code only (golden parity, the forge test-jar): product code
 * runs forged models with libs/inference's OrtBackend.
 */
public final class OrtEmbedder implements AutoCloseable {

    private final OrtEnvironment env;
    private final OrtSession session;

    public OrtEmbedder(Path modelOnnx, int intraOpThreads) throws OrtException {
        if (intraOpThreads < 1) {
            throw new IllegalArgumentException("intraOpThreads must be >= 1, got " + intraOpThreads);
        }
        this.env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(intraOpThreads);
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            this.session = env.createSession(modelOnnx.toString(), options);
        }
    }

    /** The graph's output names, in graph order. */
    public Set<String> outputNames() {
        return session.getOutputNames();
    }

    /**
     * @param tokens [B][T] token ids, every row the same length (already padded)
     */
    public EmbedderOutputs run(long[][] tokens) throws OrtException {
        int batch = tokens.length;
        if (batch == 0) {
            throw new IllegalArgumentException("empty batch");
        }
        int length = tokens[0].length;
        long[] flat = new long[batch * length];
        for (int b = 0; b < batch; b++) {
            if (tokens[b].length != length) {
                throw new IllegalArgumentException("row " + b + " has " + tokens[b].length + " tokens, row 0 has "
                        + length + ": pad the batch to one length");
            }
            System.arraycopy(tokens[b], 0, flat, b * length, length);
        }
        try (OnnxTensor input = OnnxTensor.createTensor(env, LongBuffer.wrap(flat), new long[] {batch, length});
             OrtSession.Result result = session.run(Map.of(OnnxGraphs.INPUT_TOKENS, input))) {
            float[][][] mean = null;
            float[][][] logits = null;
            Map<Integer, float[][][]> hidden = new TreeMap<>();
            for (Map.Entry<String, OnnxValue> output : result) {
                String name = output.getKey();
                float[][][] value = toFloat3d((OnnxTensor) output.getValue());
                if (name.equals(OnnxGraphs.OUTPUT_MEAN)) {
                    mean = value;
                } else if (name.equals(OnnxGraphs.OUTPUT_LOGITS)) {
                    logits = value;
                } else if (name.startsWith(OnnxGraphs.HIDDEN_PREFIX)) {
                    hidden.put(Integer.parseInt(name.substring(OnnxGraphs.HIDDEN_PREFIX.length())), value);
                }
            }
            if (mean == null) {
                throw new IllegalStateException("model has no '" + OnnxGraphs.OUTPUT_MEAN + "' output");
            }
            return new EmbedderOutputs(mean, hidden, logits);
        }
    }

    /** Copies a rank-3 float32 or float16 tensor into Java arrays (ORT widens float16 for us). */
    private static float[][][] toFloat3d(OnnxTensor tensor) {
        long[] shape = tensor.getInfo().getShape();
        if (shape.length != 3) {
            throw new IllegalStateException("expected a rank-3 output, got shape " + Arrays.toString(shape));
        }
        FloatBuffer data = tensor.getFloatBuffer();
        if (data == null) {
            throw new IllegalStateException("output of type " + tensor.getInfo().type + " is not a float tensor");
        }
        float[][][] out = new float[(int) shape[0]][(int) shape[1]][(int) shape[2]];
        for (float[][] plane : out) {
            for (float[] row : plane) {
                data.get(row);
            }
        }
        return out;
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}

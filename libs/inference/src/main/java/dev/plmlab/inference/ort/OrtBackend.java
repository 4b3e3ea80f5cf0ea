package dev.plmlab.inference.ort;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.plmlab.forge.onnx.OnnxGraphs;
import dev.plmlab.inference.BackendOutputs;
import dev.plmlab.inference.InferenceBackend;
import dev.plmlab.inference.InferenceException;
import dev.plmlab.inference.InferenceMetrics;
import dev.plmlab.inference.OutputShape;
import dev.plmlab.inference.TokenBatches;
import io.micrometer.core.instrument.MeterRegistry;

import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Runs a forged graph in-process with ONNX Runtime on the CPU (the local mode's backend). Only the
 * outputs asked for are computed and copied out: {@code mean}, plus {@code hidden_<k>} for each requested
 * layer the model has. Thread-safe (ORT sessions support concurrent runs).
 *
 * <p><b>Memory.</b> Forge writes weights as external data at 4 KiB-aligned offsets, which ONNX Runtime
 * memory-maps; with pre-packing on ({@link SessionMemory#defaults()}) ORT packs each MatMul weight into its
 * own buffer and releases the mapped original, so weights are held once (measurements in
 * {@link SessionMemory}). A run computes and holds every output of the graph, fetched or not
 * ({@link #outputShape()} says how many {@code hidden_<k>} that is). float32 outputs are copied once, by
 * ORT's JNI layer, from the native tensor into the Java arrays, with no intermediate whole-tensor buffer.
 */
public final class OrtBackend implements InferenceBackend {

    private final OrtEnvironment env;
    private final OrtSession session;
    private final Path model;
    private final int threads;
    private final Set<String> outputs;
    private final InferenceMetrics metrics;
    private final Optional<OutputShape> outputShape;

    /**
     * @param modelOnnx    a {@code model.onnx} written by forge (external data beside it is found)
     * @param threads      ORT intra-op threads
     * @param hiddenLayers layers whose per-token states to return; those the model lacks are skipped
     * @param registry     where to publish metrics, or null
     */
    public OrtBackend(Path modelOnnx, int threads, Set<Integer> hiddenLayers, MeterRegistry registry) {
        this(modelOnnx, threads, hiddenLayers, registry, SessionMemory.defaults());
    }

    /**
     * @param memory how the session allocates (see {@link SessionMemory}); {@link SessionMemory#defaults()}
     *               unless measuring
     */
    public OrtBackend(Path modelOnnx, int threads, Set<Integer> hiddenLayers, MeterRegistry registry,
                      SessionMemory memory) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.model = modelOnnx;
        this.threads = threads;
        this.env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            memory.apply(options);
            this.session = env.createSession(modelOnnx.toString(), options);
        } catch (OrtException e) {
            throw new InferenceException("cannot load " + modelOnnx + " into ONNX Runtime: " + e.getMessage(), false, e);
        }
        Map<String, NodeInfo> available;
        try {
            available = session.getOutputInfo();
        } catch (OrtException e) {
            throw new InferenceException("cannot read the outputs of " + modelOnnx, false, e);
        }
        if (!available.containsKey(OnnxGraphs.OUTPUT_MEAN)) {
            close();
            throw new InferenceException(modelOnnx + " has no '" + OnnxGraphs.OUTPUT_MEAN + "' output: not a forged graph?");
        }
        Set<String> wanted = new LinkedHashSet<>();
        wanted.add(OnnxGraphs.OUTPUT_MEAN);
        for (int layer : new TreeSet<>(hiddenLayers)) {
            if (available.containsKey(OnnxGraphs.hiddenOutput(layer))) {
                wanted.add(OnnxGraphs.hiddenOutput(layer));
            }
        }
        this.outputs = Set.copyOf(wanted);
        int graphHiddenOutputs = (int) available.keySet().stream().filter(n -> n.startsWith(OnnxGraphs.HIDDEN_PREFIX)).count();
        this.outputShape = meanShape(available.get(OnnxGraphs.OUTPUT_MEAN), graphHiddenOutputs);
        this.metrics = InferenceMetrics.of(registry, "ort");
    }

    /** Mean-pooled layers only, no metrics. */
    public OrtBackend(Path modelOnnx, int threads) {
        this(modelOnnx, threads, Set.of(), null);
    }

    /** The layers whose per-token states {@link #infer} returns. */
    public SortedSet<Integer> hiddenLayers() {
        SortedSet<Integer> layers = new TreeSet<>();
        for (String name : outputs) {
            if (name.startsWith(OnnxGraphs.HIDDEN_PREFIX)) {
                layers.add(Integer.parseInt(name.substring(OnnxGraphs.HIDDEN_PREFIX.length())));
            }
        }
        return layers;
    }

    /**
     * {@code mean}'s [L+1, D] from the graph's declared output shape (forge declares both), and every
     * {@code hidden_<k>} the graph has as computed: ORT's allocation plan is per session, not per request,
     * so a run computes and holds every graph output, fetched or not ([B, T, D] each). A graph forged with
     * {@code hidden_<k>} for all layers therefore holds (L+1) x B x T x D floats per batch even for pooled
     * features, which {@link dev.plmlab.inference.SequenceEmbedder} counts against its output budget; forge
     * only the outputs a job needs where memory matters (the CLI does).
     */
    @Override
    public Optional<OutputShape> outputShape() {
        return outputShape;
    }

    private static Optional<OutputShape> meanShape(NodeInfo mean, int hiddenOutputs) {
        if (mean.getInfo() instanceof ai.onnxruntime.TensorInfo info && info.getShape().length == 3
                && info.getShape()[1] > 0 && info.getShape()[2] > 0) {
            return Optional.of(new OutputShape((int) info.getShape()[1], (int) info.getShape()[2], hiddenOutputs));
        }
        return Optional.empty();
    }

    @Override
    public BackendOutputs infer(long[][] tokens) {
        return metrics.record(tokens, () -> run(tokens));
    }

    private BackendOutputs run(long[][] tokens) {
        long[] flat = TokenBatches.flatten(tokens);
        try (OnnxTensor input = OnnxTensor.createTensor(env, LongBuffer.wrap(flat), new long[] {tokens.length, tokens[0].length});
             OrtSession.Result result = session.run(Map.of(OnnxGraphs.INPUT_TOKENS, input), outputs)) {
            float[][][] mean = null;
            Map<Integer, float[][][]> hidden = new TreeMap<>();
            for (Map.Entry<String, OnnxValue> output : result) {
                float[][][] value = toFloat3d(output.getKey(), (OnnxTensor) output.getValue());
                if (output.getKey().equals(OnnxGraphs.OUTPUT_MEAN)) {
                    mean = value;
                } else {
                    hidden.put(Integer.parseInt(output.getKey().substring(OnnxGraphs.HIDDEN_PREFIX.length())), value);
                }
            }
            return new BackendOutputs(mean, hidden);
        } catch (OrtException e) {
            String message = "ONNX Runtime failed on a batch of " + tokens.length + " x " + tokens[0].length
                    + " tokens: " + e.getMessage();
            throw new InferenceException(message, InferenceException.mentionsMemory(e.getMessage()), e);
        }
    }

    /**
     * Copies a rank-3 float32 or float16 output into Java arrays. float32 goes through {@code getValue()},
     * which the ORT JNI layer fills straight from the native tensor (one copy); {@code getFloatBuffer()} would
     * first copy the whole tensor into a heap buffer and then again into the arrays. float16 outputs, which
     * ORT widens in {@code getFloatBuffer()}, take that path.
     */
    private static float[][][] toFloat3d(String name, OnnxTensor tensor) throws OrtException {
        long[] shape = tensor.getInfo().getShape();
        if (shape.length != 3) {
            throw new InferenceException("output " + name + " has shape " + Arrays.toString(shape) + ", expected rank 3");
        }
        if (tensor.getInfo().type == OnnxJavaType.FLOAT && tensor.getValue() instanceof float[][][] direct) {
            return direct;
        }
        FloatBuffer data = tensor.getFloatBuffer();
        if (data == null) {
            throw new InferenceException("output " + name + " of type " + tensor.getInfo().type + " is not a float tensor");
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
    public String describe() {
        return "onnxruntime-cpu(" + model + ", " + threads + " threads)";
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new InferenceException("closing the ONNX Runtime session failed", false, e);
        }
    }
}

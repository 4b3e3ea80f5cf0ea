package dev.plmlab.forge.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import dev.plmlab.forge.checkpoint.Checkpoint;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.plmlab.forge.onnx.GraphBuilder.attr;

/**
 * Builds inference graphs for checkpoints of every {@link dev.plmlab.forge.checkpoint.Family}.
 *
 * <p>Graph I/O: input {@code tokens} int64 [B, T] (B and T dynamic); outputs {@code mean} [B, L+1, D]
 * (each layer averaged over real residues), {@code hidden_<k>} [B, T, D] for the requested layers and
 * {@code logits} [B, T, V] if requested; float32, or float16 with {@link GraphOptions#fp16Outputs()}.
 */
public final class OnnxGraphs {

    public static final String INPUT_TOKENS = "tokens";
    public static final String OUTPUT_MEAN = "mean";
    public static final String OUTPUT_LOGITS = "logits";
    public static final String HIDDEN_PREFIX = "hidden_";
    /**
     * Opset 17: the first with LayerNormalization; supported by ORT since 1.14 and by Triton's
     * onnxruntime backend of that age. GELU is spelled out with Erf (Gelu itself needs opset 20).
     */
    public static final int OPSET = 17;
    /** IR version 8 is what opset 17 models carry (onnx 1.12). */
    public static final long IR_VERSION = 8;

    private OnnxGraphs() {
    }

    public static String hiddenOutput(int layer) {
        return HIDDEN_PREFIX + layer;
    }

    /** The number of transformer / ByteNet blocks, L; the graph reports layers 0 .. L. */
    public static int numLayers(Checkpoint ckpt) {
        CheckpointWeights w = new CheckpointWeights(ckpt);
        return switch (ckpt.family()) {
            case ESM1, ESM1B, ESM2 -> w.configInt("layers");
            case CARP -> w.configInt("n_layers");
        };
    }

    /**
     * Forges the inference graph of a checkpoint into {@code dir}: {@code model.onnx}, the graph with
     * external-data references only (small), and {@code model.onnx.data}, every weight's bytes, written
     * one tensor at a time as the graph is built. Each (lazy) tensor's values are loaded when the graph
     * needs them and dropped once written, so the heap holds about one tensor at a time.
     *
     * @return the path of {@code model.onnx}
     * @throws IllegalArgumentException if a requested layer does not exist, or the checkpoint lacks a
     *                                  tensor or config entry its family needs
     * @throws IOException              if a tensor cannot be read (a {@link dev.plmlab.forge.checkpoint.CheckpointException}
     *                                  naming the file and tensor) or the files cannot be written
     */
    public static Path write(Checkpoint ckpt, GraphOptions opts, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path modelFile = dir.resolve(OnnxModelWriter.MODEL_FILE);
        Path dataFile = dir.resolve(OnnxModelWriter.EXTERNAL_DATA_FILE);
        ModelProto model;
        try (ExternalData data = ExternalData.create(dataFile)) {
            model = assemble(ckpt, opts, new GraphBuilder(ckpt.name(), opts.fp16Weights(), data));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        try (OutputStream out = Files.newOutputStream(modelFile)) {
            model.writeTo(out);
        }
        return modelFile;
    }

    /**
     * Builds the graph in memory with every weight inline: for small test graphs only (a protobuf message
     * cannot exceed 2 GiB, and the whole model is held on the heap). Forging uses {@link #write}.
     *
     * @deprecated use {@link #write} (or {@link dev.plmlab.forge.ModelForge#forge}), which streams the weights
     *             to {@code model.onnx.data}
     */
    @Deprecated
    public static ModelProto build(Checkpoint ckpt, GraphOptions opts) {
        return assemble(ckpt, opts, new GraphBuilder(ckpt.name(), opts.fp16Weights()));
    }

    private static ModelProto assemble(Checkpoint ckpt, GraphOptions options, GraphBuilder g) {
        int numLayers = numLayers(ckpt);
        List<Integer> hiddenLayers = options.hiddenLayersOf(numLayers);
        for (int layer : hiddenLayers) {
            if (layer > numLayers) {
                throw new IllegalArgumentException("hidden layer " + layer + " requested but " + ckpt.name()
                        + " has layers 0.." + numLayers);
            }
        }
        GraphOptions opts = options;
        NnOps nn = new NnOps(g, new CheckpointWeights(ckpt));
        g.input(INPUT_TOKENS, TensorProto.DataType.INT64, "batch", "seq_len");
        EncoderGraph encoder = builderFor(ckpt).build(nn, INPUT_TOKENS, opts.logits());

        TensorProto.DataType outType = opts.fp16Outputs() ? TensorProto.DataType.FLOAT16 : TensorProto.DataType.FLOAT;
        emit(g, OUTPUT_MEAN, meanPool(nn, encoder), outType, "batch", (long) numLayers + 1, (long) encoder.embedDim());
        for (int layer : hiddenLayers) {
            emit(g, hiddenOutput(layer), encoder.layers().get(layer), outType, "batch", "seq_len", (long) encoder.embedDim());
        }
        if (opts.logits()) {
            emit(g, OUTPUT_LOGITS, encoder.logits(), outType, "batch", "seq_len", (long) encoder.vocabSize());
        }

        return ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setProducerName("plmlab-forge")
                .setDocString(ckpt.family() + " " + ckpt.name())
                .addMetadataProps(meta("plmlab.family", ckpt.family().name()))
                .addMetadataProps(meta("plmlab.model", ckpt.name()))
                .addMetadataProps(meta("plmlab.num_layers", Integer.toString(numLayers)))
                .addMetadataProps(meta("plmlab.embed_dim", Integer.toString(encoder.embedDim())))
                .addMetadataProps(meta("plmlab.pad_idx", Long.toString(SpecialTokens.of(ckpt.family()).pad())))
                .addMetadataProps(meta("plmlab.residue_limit", Integer.toString(dev.plmlab.forge.ModelForge.residueLimit(ckpt))))
                .addMetadataProps(meta("plmlab.forge_version", Integer.toString(dev.plmlab.forge.ModelForge.VERSION)))
                .setGraph(g.build())
                .build();
    }

    private static FamilyGraphBuilder builderFor(Checkpoint ckpt) {
        return switch (ckpt.family()) {
            case ESM2 -> new Esm2GraphBuilder();
            case ESM1B -> new Esm1bGraphBuilder();
            case ESM1 -> new Esm1GraphBuilder();
            case CARP -> new CarpGraphBuilder();
        };
    }

    /**
     * Every layer averaged over the pooled positions, stacked to [B, L+1, D]. Each layer is one
     * batched MatMul of [B, 1, T] weights (1/count at pooled positions) with [B, T, D]. A row with no
     * pooled position gets zeros rather than NaN.
     */
    private static String meanPool(NnOps nn, EncoderGraph encoder) {
        GraphBuilder g = nn.graph();
        String count = g.opWithAttrs("pool.count", "ReduceSum", List.of(encoder.poolWeights(), g.int64Constant("pool.axis", 1)),
                attr("keepdims", 1L));
        String safeCount = g.op("pool.count_min1", "Max", count, g.scalar("pool.one", 1f));
        String weights = nn.unsqueeze("pool.weights_b1t", g.op("pool.weights", "Div", encoder.poolWeights(), safeCount), 1);
        List<String> perLayer = new ArrayList<>();
        for (int layer = 0; layer < encoder.layers().size(); layer++) {
            perLayer.add(g.op("pool.layer" + layer, "MatMul", weights, encoder.layers().get(layer)));
        }
        return g.opWithAttrs("pool.stacked", "Concat", perLayer, attr("axis", 1L));
    }

    /** Exposes {@code value} as graph output {@code name}, cast to {@code type} if that is not float32. */
    private static void emit(GraphBuilder g, String name, String value, TensorProto.DataType type, Object... dims) {
        if (type == TensorProto.DataType.FLOAT) {
            g.opInto(name, "Identity", List.of(value));
        } else {
            g.opInto(name, "Cast", List.of(value), attr("to", (long) type.getNumber()));
        }
        g.output(name, type, dims);
    }

    private static StringStringEntryProto meta(String key, String value) {
        return StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
    }
}

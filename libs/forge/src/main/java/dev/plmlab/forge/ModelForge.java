package dev.plmlab.forge;

import dev.plmlab.forge.checkpoint.Checkpoint;
import dev.plmlab.forge.checkpoint.CheckpointReader;
import dev.plmlab.forge.checkpoint.Family;
import dev.plmlab.forge.onnx.GraphOptions;
import dev.plmlab.forge.onnx.OnnxGraphs;
import dev.plmlab.forge.variants.RandomInit;
import dev.plmlab.forge.variants.StatTransfer;
import dev.plmlab.model.spec.Variant;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The one way to forge a model: a checkpoint file, a weight {@link Variant} and its seed in, an ONNX
 * graph folder out ({@code model.onnx}, the graph, and {@code model.onnx.data}, the weights). Streamed:
 * the checkpoint is read lazily (memory-mapped), the variant is applied one tensor at a time, and each
 * weight is written to {@code model.onnx.data} as the graph needs it, so the heap holds a small multiple
 * of the largest tensor however large the model (see libs/forge/README.md).
 */
public final class ModelForge {

    /**
     * The forge's version, part of every forged model's id: bump it whenever the graph or the weights a
     * forge produces change. 2: {@code hidden_<k>} outputs for every layer, weights always external.
     */
    public static final int VERSION = 2;

    private ModelForge() {
    }

    /**
     * What was forged.
     *
     * @param model        {@code outDir/model.onnx}; its weights are in {@code model.onnx.data} beside it
     * @param family       the checkpoint's family
     * @param name         the checkpoint's model name
     * @param layers       L: the graph reports layers 0..L ({@code mean} [B, L+1, D], {@code hidden_<k>})
     * @param embedDim     D, the width of every layer's states (CARP: d_model)
     * @param residueLimit the most residues one sequence may have ({@link #residueLimit})
     */
    public record ForgedGraph(Path model, Family family, String name, int layers, int embedDim, int residueLimit) {

        /** The folder holding {@code model.onnx} and {@code model.onnx.data}. */
        public Path dir() {
            return model.getParent();
        }
    }

    /**
     * Reads {@code checkpointFile}, applies {@code variant} with {@code seed} (ignored for pretrained) and
     * writes the graph into {@code outDir} with {@code options} ({@link GraphOptions#forged()} unless the
     * caller needs logits or float16).
     *
     * @throws dev.plmlab.forge.checkpoint.CheckpointException if the file is not a usable checkpoint, or a
     *                                                         tensor cannot be read (naming file and tensor)
     */
    public static ForgedGraph forge(Path checkpointFile, Variant variant, long seed, GraphOptions options, Path outDir)
            throws IOException {
        return forge(CheckpointReader.read(checkpointFile), variant, seed, options, outDir);
    }

    /** {@link #forge(Path, Variant, long, GraphOptions, Path)} with the default outputs, {@link GraphOptions#forged()}. */
    public static ForgedGraph forge(Path checkpointFile, Variant variant, long seed, Path outDir) throws IOException {
        return forge(checkpointFile, variant, seed, GraphOptions.forged(), outDir);
    }

    /**
     * The same, for a checkpoint already opened with {@link CheckpointReader#read} (which reads no tensor
     * values, so a caller can look at the checkpoint first at no cost).
     */
    public static ForgedGraph forge(Checkpoint checkpoint, Variant variant, long seed, GraphOptions options, Path outDir)
            throws IOException {
        Path model = OnnxGraphs.write(applyVariant(checkpoint, variant, seed), options, outDir);
        return new ForgedGraph(model, checkpoint.family(), checkpoint.name(), OnnxGraphs.numLayers(checkpoint),
                embedDim(checkpoint), residueLimit(checkpoint));
    }

    /**
     * The checkpoint with its weights changed as {@code variant} says; lazy, like the checkpoint: nothing
     * is computed until a tensor's values are asked for. {@code seed} is unused for pretrained.
     */
    public static Checkpoint applyVariant(Checkpoint checkpoint, Variant variant, long seed) {
        return switch (variant) {
            case PRETRAINED -> checkpoint;
            case RANDOM_INIT -> RandomInit.apply(checkpoint, RandomInit.Flavour.FULL, seed);
            case RANDOM_INIT_REFERENCE -> RandomInit.apply(checkpoint, RandomInit.Flavour.REFERENCE, seed);
            case STAT_TRANSFER_PERMUTE -> StatTransfer.permute(checkpoint, seed);
            case STAT_TRANSFER_RESAMPLE -> StatTransfer.resample(checkpoint, seed);
        };
    }

    /**
     * The most residues a sequence may have: ESM-1b its learned positions less cls and eos
     * ({@code max_positions - 2}), ESM-2 and ESM-1 1022 as the reference cuts them, CARP any length.
     */
    public static int residueLimit(Checkpoint checkpoint) {
        return switch (checkpoint.family()) {
            case ESM1B -> checkpoint.intConfig("max_positions") - 2;
            case ESM2, ESM1 -> 1022;
            case CARP -> Integer.MAX_VALUE;
        };
    }

    /** D, the width of every layer's states: {@code embed_dim}, or CARP's {@code d_model}. */
    public static int embedDim(Checkpoint checkpoint) {
        return checkpoint.intConfig(checkpoint.family() == Family.CARP ? "d_model" : "embed_dim");
    }
}

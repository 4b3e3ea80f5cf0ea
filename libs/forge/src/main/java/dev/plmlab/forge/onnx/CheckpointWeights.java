package dev.plmlab.forge.onnx;

import dev.plmlab.forge.checkpoint.Checkpoint;
import dev.plmlab.forge.checkpoint.Tensor;

import java.util.Arrays;

/** Checked access to a checkpoint's tensors and config, with the errors a user can act on. */
final class CheckpointWeights {

    private final Checkpoint checkpoint;

    CheckpointWeights(Checkpoint checkpoint) {
        this.checkpoint = checkpoint;
    }

    Checkpoint checkpoint() {
        return checkpoint;
    }

    boolean has(String key) {
        return checkpoint.state().containsKey(key);
    }

    Tensor tensor(String key) {
        return checkpoint.tensor(key);
    }

    /** The tensor, after checking that it has exactly {@code expected} as its shape. */
    Tensor tensor(String key, long... expected) {
        Tensor t = tensor(key);
        if (!Arrays.equals(t.shape(), expected)) {
            throw new IllegalArgumentException("tensor '" + key + "' has shape " + Arrays.toString(t.shape())
                    + ", expected " + Arrays.toString(expected));
        }
        return t;
    }

    int configInt(String key) {
        return checkpoint.intConfig(key);
    }

    boolean configBool(String key, boolean missing) {
        return checkpoint.booleanConfig(key, missing);
    }

    String configString(String key, String missing) {
        Object v = checkpoint.config().get(key);
        return v == null ? missing : v.toString();
    }

    /**
     * A torch weight {@code [out, in]} (or a 1x1 conv weight {@code [out, in, 1]}) transposed to
     * {@code [in, out]}, the layout {@code MatMul(x, W)} needs.
     */
    static float[] transposeOutIn(Tensor w) {
        int out = (int) w.shape()[0];
        int in = (int) (w.numel() / out);
        float[] src = w.data();
        float[] dst = new float[src.length];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                dst[i * out + o] = src[o * in + i];
            }
        }
        return dst;
    }
}

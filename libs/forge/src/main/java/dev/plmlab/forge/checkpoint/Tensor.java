package dev.plmlab.forge.checkpoint;

import java.util.Arrays;

/** A dense float32 tensor in row-major order, as read from a checkpoint. */
public record Tensor(long[] shape, float[] data) {

    public Tensor {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException(
                    "tensor of shape " + Arrays.toString(shape) + " needs " + n + " values, got " + data.length);
        }
    }

    public int rank() {
        return shape.length;
    }

    public long numel() {
        return data.length;
    }
}

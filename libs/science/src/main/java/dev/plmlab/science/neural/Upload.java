package dev.plmlab.science.neural;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Host floats to a tensor without a new direct buffer per call. DJL's PyTorch manager copies a
 * heap array into a fresh direct ByteBuffer, which only the garbage collector frees, so
 * thousands of batches pile up native memory between collections; and a tensor made from a
 * direct buffer aliases it. So: one staging buffer per thread, reused, and the tensor is copied
 * out of it (the copy belongs to {@code manager} and dies with it).
 */
final class Upload {
    private static final ThreadLocal<ByteBuffer> STAGING = new ThreadLocal<>();

    private Upload() {
    }

    static NDArray floats(NDManager manager, float[] values, Shape shape) {
        if (shape.size() != values.length) {
            throw new IllegalArgumentException(values.length + " values for shape " + shape);
        }
        return floatsPrefix(manager, values, shape);
    }

    /** The first {@code shape.size()} values of {@code values} (a reused, possibly longer, host buffer). */
    static NDArray floatsPrefix(NDManager manager, float[] values, Shape shape) {
        int count = Math.toIntExact(shape.size());
        if (count > values.length) {
            throw new IllegalArgumentException(values.length + " values for shape " + shape);
        }
        long bytes = 4L * count;
        ByteBuffer staging = STAGING.get();
        if (staging == null || staging.capacity() < bytes) {
            staging = ByteBuffer.allocateDirect(Math.toIntExact(Math.max(bytes, 1 << 16))).order(ByteOrder.nativeOrder());
            STAGING.set(staging);
        }
        staging.clear();
        staging.asFloatBuffer().put(values, 0, count);
        staging.limit(Math.toIntExact(bytes));
        try (NDArray alias = manager.create(staging, shape, DataType.FLOAT32)) {
            return alias.duplicate();
        }
    }
}

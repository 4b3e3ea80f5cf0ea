package dev.plmlab.science.neural;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.plmlab.science.probe.FeatureRows;
import java.util.Random;

/** Batches copied out of {@link FeatureRows} one at a time, so only a batch is ever on the device. */
final class RowBatches {
    /** Rows per batch when only predicting (no gradients kept, so larger batches are cheap). */
    static final int EVALUATION_BATCH = 4096;

    private RowBatches() {
    }

    /** A fresh permutation of 0..n-1 (Fisher–Yates on the given stream). */
    static int[] shuffled(int n, Random random) {
        int[] order = identity(n);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    static int[] identity(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        return order;
    }

    /** Host staging for batches: reused, since a batch is copied to the tensor right away. */
    private static final ThreadLocal<float[]> HOST = ThreadLocal.withInitial(() -> new float[0]);

    /** Rows {@code order[from..to)} of {@code x} as a (to-from) × width array on {@code manager}. */
    static NDArray load(NDManager manager, FeatureRows x, int[] order, int from, int to) {
        int width = x.width();
        int size = Math.multiplyExact(to - from, width);
        float[] buffer = HOST.get();
        if (buffer.length < size) {
            buffer = new float[size];
            HOST.set(buffer);
        }
        for (int i = from; i < to; i++) {
            x.read(order[i], buffer, (i - from) * width);
        }
        return Upload.floatsPrefix(manager, buffer, new Shape(to - from, width));
    }
}

package dev.plmlab.forge.checkpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * A float32 tensor in row-major order: its shape, and its values either held in memory or loaded on
 * demand. {@link CheckpointReader} returns lazy tensors, handles onto the file's bytes: {@link #data()}
 * reads (or computes, for a weight variant) the values each time it is called and keeps nothing, so a
 * forge holds one tensor's values at a time however large the checkpoint is.
 */
public final class Tensor {

    /** Produces a lazy tensor's values: a fresh array of exactly {@code numel} floats each call. */
    @FunctionalInterface
    public interface Values {
        float[] load() throws IOException;
    }

    private final long[] shape;
    private final long numel;
    private final float[] data;
    private final Values values;

    /** An in-memory tensor; {@link #data()} returns {@code data} itself. */
    public Tensor(long[] shape, float[] data) {
        this.shape = shape;
        this.numel = numel(shape);
        if (numel != data.length) {
            throw new IllegalArgumentException(
                    "tensor of shape " + Arrays.toString(shape) + " needs " + numel + " values, got " + data.length);
        }
        this.data = data;
        this.values = null;
    }

    private Tensor(long[] shape, Values values) {
        this.shape = shape;
        this.numel = numel(shape);
        this.data = null;
        this.values = values;
    }

    /** A tensor whose values {@code values} produces when asked, every time it is asked. */
    public static Tensor lazy(long[] shape, Values values) {
        return new Tensor(shape.clone(), values);
    }

    public long[] shape() {
        return shape;
    }

    public int rank() {
        return shape.length;
    }

    public long numel() {
        return numel;
    }

    /** Whether the values are held in memory (otherwise every {@link #data()} call loads them anew). */
    public boolean inMemory() {
        return data != null;
    }

    /**
     * The values. For an in-memory tensor the array it holds; for a lazy one a fresh array, read from the
     * checkpoint (or computed) now and not kept.
     *
     * @throws UncheckedIOException wrapping the {@link CheckpointException} (naming the file and tensor)
     *                              if the values cannot be read
     */
    public float[] data() {
        if (data != null) {
            return data;
        }
        float[] loaded;
        try {
            loaded = values.load();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (loaded.length != numel) {
            throw new IllegalStateException("tensor of shape " + Arrays.toString(shape) + " loaded " + loaded.length
                    + " values instead of " + numel);
        }
        return loaded;
    }

    /** Like {@link #data()}, with a read failure as the checked exception it is. */
    public float[] load() throws IOException {
        try {
            return data();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static long numel(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    @Override
    public String toString() {
        return "Tensor" + Arrays.toString(shape) + (data != null ? "" : " (lazy)");
    }
}

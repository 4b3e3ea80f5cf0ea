package dev.plmlab.store;

import java.util.Arrays;
import java.util.Objects;

/**
 * An n-dimensional array as it goes into or comes out of a {@code .npy} file: element type, shape
 * and the elements flattened in row-major (C) order. Floats of both widths are held as
 * {@code float[]}, 64-bit integers as {@code long[]}, 32-bit as {@code int[]}, strings as
 * {@code String[]}.
 */
public final class NpyArray {

    private final NpyDtype dtype;
    private final int[] shape;
    private final Object data;

    private NpyArray(NpyDtype dtype, int[] shape, Object data, int length) {
        this.dtype = dtype;
        this.shape = shape.clone();
        this.data = data;
        if (shape.length < 1 || shape.length > 3) {
            throw new IllegalArgumentException("only 1-D to 3-D arrays are supported, got shape " + Arrays.toString(shape));
        }
        long count = 1;
        for (int dimension : shape) {
            if (dimension < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            count *= dimension;
        }
        if (count != length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + count + " elements but "
                    + length + " were given");
        }
        if (shape.length == 3 && dtype != NpyDtype.FLOAT32 && dtype != NpyDtype.FLOAT16) {
            throw new IllegalArgumentException("3-D arrays are supported for floats only, not " + dtype);
        }
    }

    public static NpyArray float32(float[] data, int... shape) {
        return new NpyArray(NpyDtype.FLOAT32, shapeOrFlat(shape, data.length), data, data.length);
    }

    /** Stored as {@code <f2}: each value is rounded to the nearest half-precision number when written. */
    public static NpyArray float16(float[] data, int... shape) {
        return new NpyArray(NpyDtype.FLOAT16, shapeOrFlat(shape, data.length), data, data.length);
    }

    public static NpyArray int64(long[] data, int... shape) {
        return new NpyArray(NpyDtype.INT64, shapeOrFlat(shape, data.length), data, data.length);
    }

    public static NpyArray int32(int[] data, int... shape) {
        return new NpyArray(NpyDtype.INT32, shapeOrFlat(shape, data.length), data, data.length);
    }

    /** A 1-D (or, with a shape, 2-D) array of strings; none may be null. */
    public static NpyArray unicode(String[] data, int... shape) {
        for (int i = 0; i < data.length; i++) {
            Objects.requireNonNull(data[i], () -> "string array element is null");
        }
        return new NpyArray(NpyDtype.UNICODE, shapeOrFlat(shape, data.length), data, data.length);
    }

    /** A 2-D float32 array from rows of equal length. */
    public static NpyArray float32(float[][] rows) {
        int columns = rows.length == 0 ? 0 : rows[0].length;
        float[] flat = new float[rows.length * columns];
        for (int r = 0; r < rows.length; r++) {
            if (rows[r].length != columns) {
                throw new IllegalArgumentException("row " + r + " has " + rows[r].length + " columns, row 0 has " + columns);
            }
            System.arraycopy(rows[r], 0, flat, r * columns, columns);
        }
        return float32(flat, rows.length, columns);
    }

    public NpyDtype dtype() {
        return dtype;
    }

    public int[] shape() {
        return shape.clone();
    }

    /** Number of elements. */
    public int size() {
        return java.lang.reflect.Array.getLength(data);
    }

    /** The elements of a {@code FLOAT32} or {@code FLOAT16} array (not a copy). */
    public float[] floats() {
        requireType("floats()", NpyDtype.FLOAT32, NpyDtype.FLOAT16);
        return (float[]) data;
    }

    public long[] longs() {
        requireType("longs()", NpyDtype.INT64);
        return (long[]) data;
    }

    public int[] ints() {
        requireType("ints()", NpyDtype.INT32);
        return (int[]) data;
    }

    public String[] strings() {
        requireType("strings()", NpyDtype.UNICODE);
        return (String[]) data;
    }

    /** A 2-D float array as rows (a copy). */
    public float[][] floatRows() {
        if (shape.length != 2) {
            throw new IllegalStateException("floatRows() needs a 2-D array, shape is " + Arrays.toString(shape));
        }
        float[] flat = floats();
        float[][] rows = new float[shape[0]][];
        for (int r = 0; r < rows.length; r++) {
            rows[r] = Arrays.copyOfRange(flat, r * shape[1], (r + 1) * shape[1]);
        }
        return rows;
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof NpyArray that)) {
            return false;
        }
        return dtype == that.dtype && Arrays.equals(shape, that.shape) && Arrays.deepEquals(new Object[] {data}, new Object[] {that.data});
    }

    @Override
    public int hashCode() {
        return Objects.hash(dtype, Arrays.hashCode(shape), Arrays.deepHashCode(new Object[] {data}));
    }

    @Override
    public String toString() {
        return "NpyArray[" + dtype + ", shape=" + Arrays.toString(shape) + "]";
    }

    private void requireType(String accessor, NpyDtype... allowed) {
        for (NpyDtype type : allowed) {
            if (dtype == type) {
                return;
            }
        }
        throw new IllegalStateException(accessor + " called on a " + dtype + " array");
    }

    private static int[] shapeOrFlat(int[] shape, int length) {
        return shape.length == 0 ? new int[] {length} : shape;
    }
}

package dev.plmlab.science.data.tape;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A numpy array of numbers or booleans as a pickle rebuilds it: its dtype (kind, item size, byte
 * order), shape and raw bytes. Built in two steps, as the pickle does: {@code _reconstruct} makes
 * an empty one, BUILD gives it its state.
 */
public final class NumpyArray {
    private long[] shape = {0};
    private NumpyDtype dtype;
    private byte[] data = new byte[0];

    NumpyArray() {
    }

    /** BUILD state {@code (version, shape, dtype, is_fortran, raw bytes)}. */
    void setState(Object[] state) {
        if (state.length != 5 || !(state[1] instanceof Object[] dims) || !(state[2] instanceof NumpyDtype type)) {
            throw new IllegalArgumentException("ndarray state must be (version, shape, dtype, is_fortran, data)");
        }
        if (!(state[4] instanceof byte[] raw)) {
            throw new IllegalArgumentException("ndarray data must be raw bytes (object arrays are refused), got "
                    + (state[4] == null ? "None" : state[4].getClass().getSimpleName()));
        }
        long[] newShape = new long[dims.length];
        long count = 1;
        for (int i = 0; i < dims.length; i++) {
            if (!(dims[i] instanceof Number n) || n.longValue() < 0) {
                throw new IllegalArgumentException("ndarray shape must hold non-negative integers");
            }
            newShape[i] = n.longValue();
            count *= newShape[i];
        }
        if (count * type.itemSize() != raw.length) {
            throw new IllegalArgumentException("ndarray of shape " + Arrays.toString(newShape) + " and dtype "
                    + type + " needs " + count * type.itemSize() + " bytes, the pickle holds " + raw.length);
        }
        this.shape = newShape;
        this.dtype = type;
        this.data = raw;
    }

    public long[] shape() {
        return shape.clone();
    }

    public NumpyDtype dtype() {
        return dtype;
    }

    /** Number of elements. */
    public int size() {
        return dtype == null ? 0 : data.length / dtype.itemSize();
    }

    /** Element {@code i} in storage order, as a double (booleans are 0 and 1). */
    public double get(int i) {
        ByteBuffer buffer = ByteBuffer.wrap(data).order(dtype.littleEndian() ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        int at = i * dtype.itemSize();
        return switch (dtype.kind()) {
            case 'b' -> data[at] != 0 ? 1 : 0;
            case 'i' -> switch (dtype.itemSize()) {
                case 1 -> buffer.get(at);
                case 2 -> buffer.getShort(at);
                case 4 -> buffer.getInt(at);
                default -> buffer.getLong(at);
            };
            case 'u' -> switch (dtype.itemSize()) {
                case 1 -> data[at] & 0xff;
                case 2 -> buffer.getShort(at) & 0xffff;
                case 4 -> buffer.getInt(at) & 0xffffffffL;
                default -> buffer.getLong(at); // beyond 2^63 is not a label or a score
            };
            case 'f' -> dtype.itemSize() == 4 ? buffer.getFloat(at) : buffer.getDouble(at);
            default -> throw new IllegalStateException("dtype " + dtype);
        };
    }

    @Override
    public String toString() {
        return "ndarray(" + dtype + ", shape " + Arrays.toString(shape) + ")";
    }
}

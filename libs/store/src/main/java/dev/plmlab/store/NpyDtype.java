package dev.plmlab.store;

/** The NumPy element types plmlab writes and reads, with their {@code .npy} descriptors. */
public enum NpyDtype {
    /** {@code <f4}: features, probe weights. */
    FLOAT32("<f4", 4),
    /** {@code <f2}: features stored at half the size; held as {@code float[]} in Java. */
    FLOAT16("<f2", 2),
    /** {@code <i8}: counts, indices. */
    INT64("<i8", 8),
    /** {@code <i4}: labels, lengths. */
    INT32("<i4", 4),
    /** {@code <U<n>}: fixed-width UTF-32 strings, e.g. sequence ids; the width n varies per array. */
    UNICODE("<U", 4);

    private final String descrPrefix;
    private final int bytesPerUnit;

    NpyDtype(String descrPrefix, int bytesPerUnit) {
        this.descrPrefix = descrPrefix;
        this.bytesPerUnit = bytesPerUnit;
    }

    /** The header's {@code descr}; for strings {@code width} is the number of characters per element. */
    String descr(int width) {
        return this == UNICODE ? descrPrefix + width : descrPrefix;
    }

    /** Bytes per element: for strings, per character (UTF-32). */
    int bytesPerUnit() {
        return bytesPerUnit;
    }
}

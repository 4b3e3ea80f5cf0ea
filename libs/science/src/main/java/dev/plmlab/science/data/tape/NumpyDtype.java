package dev.plmlab.science.data.tape;

import java.nio.ByteOrder;

/**
 * A numpy dtype of booleans, integers or floats, as {@code numpy.dtype('i8', False, True)}
 * followed by its BUILD state {@code (3, '<', ...)} gives it. Any other kind (objects, strings,
 * records) is refused: TAPE's records hold none, and object arrays could hide arbitrary pickles.
 */
public final class NumpyDtype {
    private final char kind;
    private final int itemSize;
    private boolean littleEndian = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    NumpyDtype(String descriptor) {
        if (!descriptor.matches("[biuf][1248]")) {
            throw new IllegalArgumentException("dtype '" + descriptor
                    + "' is not allowed (only booleans, integers and floats of 1, 2, 4 or 8 bytes)");
        }
        this.kind = descriptor.charAt(0);
        this.itemSize = descriptor.charAt(1) - '0';
        if (kind == 'f' && itemSize < 4) {
            throw new IllegalArgumentException("dtype '" + descriptor + "' (half floats) is not supported");
        }
        if (kind == 'b' && itemSize != 1) {
            throw new IllegalArgumentException("dtype '" + descriptor + "' is not a numpy bool");
        }
    }

    /** BUILD state {@code (version, byteorder, ...)}. */
    void setState(Object[] state) {
        if (state.length < 2 || !(state[1] instanceof String order)) {
            throw new IllegalArgumentException("dtype state must start with (version, byteorder)");
        }
        switch (order) {
            case "<" -> littleEndian = true;
            case ">" -> littleEndian = false;
            case "|", "=" -> { } // not applicable, or native
            default -> throw new IllegalArgumentException("unknown dtype byte order '" + order + "'");
        }
    }

    public char kind() {
        return kind;
    }

    public int itemSize() {
        return itemSize;
    }

    public boolean littleEndian() {
        return littleEndian;
    }

    @Override
    public String toString() {
        return (itemSize == 1 ? "|" : littleEndian ? "<" : ">") + kind + itemSize;
    }
}

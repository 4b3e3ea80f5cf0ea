package dev.plmlab.forge.checkpoint;

import java.util.Arrays;

/** A tensor as the pickle describes it: a strided view of a storage, not yet read. */
record TensorRef(StorageRef storage, long storageOffset, long[] shape, long[] stride) {

    long numel() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    @Override
    public String toString() {
        return "TensorRef[storage=" + storage.key() + ", offset=" + storageOffset + ", shape="
                + Arrays.toString(shape) + ", stride=" + Arrays.toString(stride) + "]";
    }
}

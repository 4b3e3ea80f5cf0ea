package dev.plmlab.forge.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns {@link TensorRef}s into dense row-major float32 {@link Tensor}s, reading each storage once: tied
 * tensors (ESM's {@code lm_head.weight} and {@code embed_tokens.weight}) share one storage, and each gets its
 * own copy of the values. Offsets and strides are checked against the storage size before any read, since
 * the pickle that declares them is untrusted.
 */
final class TensorMaterializer {

    private final Path file;
    private final TorchFile torchFile;
    private final Map<String, ByteBuffer> storages = new HashMap<>();

    TensorMaterializer(Path file, TorchFile torchFile) {
        this.file = file;
        this.torchFile = torchFile;
    }

    Tensor materialise(String name, TensorRef ref) throws IOException {
        long[] shape = ref.shape();
        long[] stride = ref.stride();
        long numel = 1;
        long lastIndex = ref.storageOffset();
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] < 0 || stride[d] < 0) {
                throw new CheckpointException(file, "tensor " + name + " has negative size or stride: " + ref);
            }
            numel = Math.multiplyExact(numel, shape[d]);
            if (shape[d] > 0) {
                lastIndex = Math.addExact(lastIndex, Math.multiplyExact(shape[d] - 1, stride[d]));
            }
        }
        if (numel > Integer.MAX_VALUE - 8) {
            throw new CheckpointException(file, "tensor " + name + " has " + numel + " elements, too many for one array");
        }
        float[] data = new float[(int) numel];
        if (numel == 0) {
            return new Tensor(shape.clone(), data);
        }
        StorageRef storage = ref.storage();
        if (ref.storageOffset() < 0 || lastIndex >= storage.numel()) {
            throw new CheckpointException(file, "tensor " + name + " reaches element " + lastIndex + " of storage "
                    + storage.key() + " which has " + storage.numel() + " elements: " + ref);
        }
        ByteBuffer bytes = storages.get(storage.key());
        if (bytes == null) {
            bytes = torchFile.storageBytes(storage);
            storages.put(storage.key(), bytes);
        }
        gather(storage.type(), bytes, ref.storageOffset(), shape, stride, data);
        return new Tensor(shape.clone(), data);
    }

    /** Copies a strided view into row-major order, walking the index like an odometer. */
    private static void gather(StorageType type, ByteBuffer bytes, long offset, long[] shape, long[] stride, float[] out) {
        int rank = shape.length;
        if (isContiguous(shape, stride) && type == StorageType.FLOAT) {
            bytes.duplicate().order(bytes.order()).position(Math.toIntExact(offset * 4)).asFloatBuffer().get(out);
            return;
        }
        long[] index = new long[rank];
        long position = offset;
        for (int i = 0; i < out.length; i++) {
            out[i] = type.get(bytes, position);
            for (int d = rank - 1; d >= 0; d--) {
                index[d]++;
                position += stride[d];
                if (index[d] < shape[d]) {
                    break;
                }
                position -= stride[d] * index[d];
                index[d] = 0;
            }
        }
    }

    private static boolean isContiguous(long[] shape, long[] stride) {
        long expected = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] != 1 && stride[d] != expected) {
                return false;
            }
            expected *= shape[d];
        }
        return true;
    }
}

package dev.plmlab.forge.checkpoint;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns {@link TensorRef}s into lazy {@link Tensor}s: handles that load their values from the file
 * (memory-mapped) only when asked, as dense row-major float32, and keep nothing. Everything that can be
 * checked without reading values is checked here, before any value is read, since the pickle that
 * declares offsets and strides is untrusted: sizes and strides, the view's reach inside its storage, and
 * each storage's presence and extent in the file. Tied tensors (ESM's {@code lm_head.weight} and
 * {@code embed_tokens.weight}) share one storage and each load gives its own copy of the values.
 */
final class TensorMaterializer {

    private final Path file;
    private final TorchFile torchFile;
    private final Map<String, StorageLocation> locations = new HashMap<>();

    TensorMaterializer(Path file, TorchFile torchFile) {
        this.file = file;
        this.torchFile = torchFile;
    }

    Tensor materialise(String name, TensorRef ref) throws IOException {
        long[] shape = ref.shape().clone();
        long[] stride = ref.stride().clone();
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
        if (numel == 0) {
            return new Tensor(shape, new float[0]);
        }
        StorageRef storage = ref.storage();
        if (ref.storageOffset() < 0 || lastIndex >= storage.numel()) {
            throw new CheckpointException(file, "tensor " + name + " reaches element " + lastIndex + " of storage "
                    + storage.key() + " which has " + storage.numel() + " elements: " + ref);
        }
        StorageLocation location = locations.get(storage.key());
        if (location == null) {
            location = torchFile.locate(storage);
            locations.put(storage.key(), location);
        }
        StorageLocation where = location;
        long offset = ref.storageOffset();
        long last = lastIndex;
        int count = (int) numel;
        StorageType type = storage.type();
        return Tensor.lazy(shape, () -> {
            try {
                return StorageReader.load(name, where, type, offset, last, shape, stride, count);
            } catch (CheckpointException e) {
                throw e.getMessage().contains(name) ? e
                        : new CheckpointException(file, "cannot read tensor " + name + ": " + e.getMessage(), e);
            } catch (IOException | RuntimeException e) {
                throw new CheckpointException(file, "cannot read tensor " + name + " (" + e + ")", e);
            }
        });
    }
}

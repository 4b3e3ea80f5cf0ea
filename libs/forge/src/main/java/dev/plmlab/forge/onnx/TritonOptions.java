package dev.plmlab.forge.onnx;

import java.util.List;

/**
 * Serving settings for a Triton model configuration.
 *
 * @param maxBatchSize          Triton's max_batch_size; above 0 the batch dimension is implicit in
 *                              the config's dims (and must be dynamic in the model); 0 disables batching
 * @param dynamicBatching       let Triton merge requests into batches
 * @param maxQueueDelayMicros   how long a request may wait for others to batch with
 * @param preferredBatchSizes   batch sizes dynamic batching aims for (may be empty)
 * @param instanceKind          where instances run: {@code KIND_GPU}, {@code KIND_CPU} or {@code KIND_AUTO}
 * @param instanceCount         model instances per device
 * @param fp16Outputs           serve float outputs as float16 (halves response size); the model gets
 *                              a Cast on each float32 output
 */
public record TritonOptions(int maxBatchSize, boolean dynamicBatching, long maxQueueDelayMicros,
                            List<Integer> preferredBatchSizes, String instanceKind, int instanceCount,
                            boolean fp16Outputs) {

    public TritonOptions {
        if (maxBatchSize < 0) {
            throw new IllegalArgumentException("maxBatchSize must be >= 0");
        }
        if (dynamicBatching && maxBatchSize == 0) {
            throw new IllegalArgumentException("dynamic batching needs maxBatchSize > 0");
        }
        if (!List.of("KIND_GPU", "KIND_CPU", "KIND_AUTO").contains(instanceKind)) {
            throw new IllegalArgumentException("instanceKind must be KIND_GPU, KIND_CPU or KIND_AUTO, got " + instanceKind);
        }
        if (instanceCount < 1) {
            throw new IllegalArgumentException("instanceCount must be >= 1");
        }
        preferredBatchSizes = List.copyOf(preferredBatchSizes);
        for (int size : preferredBatchSizes) {
            if (size < 1 || size > maxBatchSize) {
                throw new IllegalArgumentException("preferred batch size " + size + " outside 1.." + maxBatchSize);
            }
        }
    }

    /** One GPU instance, dynamic batching up to {@code maxBatchSize}, 100 us queue delay, float32 outputs. */
    public static TritonOptions gpu(int maxBatchSize) {
        return new TritonOptions(maxBatchSize, true, 100, List.of(), "KIND_GPU", 1, false);
    }

    public TritonOptions withFp16Outputs(boolean enabled) {
        return new TritonOptions(maxBatchSize, dynamicBatching, maxQueueDelayMicros, preferredBatchSizes,
                instanceKind, instanceCount, enabled);
    }

    public TritonOptions withInstanceKind(String kind) {
        return new TritonOptions(maxBatchSize, dynamicBatching, maxQueueDelayMicros, preferredBatchSizes,
                kind, instanceCount, fp16Outputs);
    }
}

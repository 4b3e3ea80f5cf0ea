package dev.plmlab.inference;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Wraps a backend to record each batch it is given, and optionally to fail batches above a row count as
 * out of memory (as a GPU does), so the callers' splitting can be observed.
 */
final class CountingBackend implements InferenceBackend {

    private final InferenceBackend delegate;
    private final int outOfMemoryAboveRows;
    final AtomicInteger calls = new AtomicInteger();
    final List<Integer> batchSizes = new ArrayList<>();
    final List<Integer> failedBatchSizes = new ArrayList<>();

    CountingBackend(InferenceBackend delegate, int outOfMemoryAboveRows) {
        this.delegate = delegate;
        this.outOfMemoryAboveRows = outOfMemoryAboveRows;
    }

    CountingBackend(InferenceBackend delegate) {
        this(delegate, Integer.MAX_VALUE);
    }

    @Override
    public synchronized BackendOutputs infer(long[][] tokens) {
        calls.incrementAndGet();
        if (tokens.length > outOfMemoryAboveRows) {
            failedBatchSizes.add(tokens.length);
            throw new InferenceException("Failed to allocate memory for requested buffer (simulated)", true, null);
        }
        batchSizes.add(tokens.length);
        return delegate.infer(tokens);
    }

    int rows() {
        return batchSizes.stream().mapToInt(Integer::intValue).sum();
    }

    @Override
    public java.util.Optional<OutputShape> outputShape() {
        return delegate.outputShape();
    }

    @Override
    public String describe() {
        return "counting(" + delegate.describe() + ")";
    }

    @Override
    public void close() {
        delegate.close();
    }
}

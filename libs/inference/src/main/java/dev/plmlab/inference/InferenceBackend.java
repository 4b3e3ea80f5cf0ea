package dev.plmlab.inference;

/**
 * Runs a forged PLM graph (input {@code tokens} int64 [B, T]; outputs {@code mean} and {@code hidden_<k>}) on
 * padded token batches. Implementations: {@link dev.plmlab.inference.ort.OrtBackend} (in-process ONNX
 * Runtime) and {@link dev.plmlab.inference.kserve.KServeBackend} (a KServe v2 server such as Triton).
 * Both may be called from several threads at once.
 */
public interface InferenceBackend extends AutoCloseable {

    /**
     * @param tokens [B][T] token ids, every row padded to the same T
     * @return mean [B][L+1][D], and per-token states for the layers the backend was configured to return
     * @throws InferenceException when the batch cannot be run; {@link InferenceException#outOfMemory()} tells
     *                            whether a smaller batch might succeed
     */
    BackendOutputs infer(long[][] tokens);

    /**
     * The per-row shape of {@code mean} when the backend knows it before the first batch (from the model's
     * metadata); empty otherwise, and {@link SequenceEmbedder} then learns it from the first result.
     */
    default java.util.Optional<OutputShape> outputShape() {
        return java.util.Optional.empty();
    }

    /** Where and how this backend runs, for logs and reports. */
    String describe();

    @Override
    void close();
}

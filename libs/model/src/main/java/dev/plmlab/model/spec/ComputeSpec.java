package dev.plmlab.model.spec;

/**
 * Where and how embeddings are computed.
 *
 * @param backend        local (ONNX Runtime in-process) or triton (KServe v2)
 * @param tokenBudget    tokens per inference batch (padded length × batch size)
 * @param longSequences  policy for sequences over the model's limit
 * @param precision      float32 or float16 for stored embeddings
 */
public record ComputeSpec(Backend backend, int tokenBudget, LongSequencePolicy longSequences, Precision precision) {

    public static final ComputeSpec DEFAULT = new ComputeSpec(Backend.LOCAL, 16384, LongSequencePolicy.TRUNCATE_ENDS, Precision.FLOAT32);
}

package dev.plmlab.inference.kserve;

/**
 * An encoded inference request: the JSON header followed by the binary tensor data.
 *
 * @param body         the whole HTTP body
 * @param headerLength bytes of JSON at its start: the {@code Inference-Header-Content-Length} value
 */
public record InferRequestBody(byte[] body, int headerLength) {
}

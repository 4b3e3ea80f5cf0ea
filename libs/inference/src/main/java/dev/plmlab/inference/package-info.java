/**
 * Embedding sequences with forged PLM graphs: {@link dev.plmlab.inference.SequenceEmbedder} (tokenise,
 * deduplicate, long-sequence policy, token-budget batching, out-of-memory splitting) over an
 * {@link dev.plmlab.inference.InferenceBackend}, in-process ONNX Runtime or a KServe v2 server.
 */
package dev.plmlab.inference;

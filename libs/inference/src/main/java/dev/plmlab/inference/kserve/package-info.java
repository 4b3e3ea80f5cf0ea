/**
 * The KServe v2 (Open Inference Protocol) HTTP/REST backend for Triton, with the binary tensor data
 * extension: {@link dev.plmlab.inference.kserve.KServeBackend} and its wire format,
 * {@link dev.plmlab.inference.kserve.KServeCodec}.
 */
package dev.plmlab.inference.kserve;

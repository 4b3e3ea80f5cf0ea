/**
 * ONNX inference graphs for ESM-2, ESM-1b, ESM-1 and CARP checkpoints, built in Java from a
 * {@link dev.plmlab.forge.checkpoint.Checkpoint} with standard opset-17 operators, and the means to use
 * them.
 *
 * <ul>
 *   <li>{@link dev.plmlab.forge.onnx.OnnxGraphs#build} turns a checkpoint into a {@code ModelProto}
 *       (input {@code tokens} [B, T]; outputs {@code mean} [B, L+1, D], optional {@code hidden_<k>} and
 *       {@code logits}) as selected by {@link dev.plmlab.forge.onnx.GraphOptions}. One builder per family
 *       reproduces the reference implementation's semantics (see golden/README.md).</li>
 *   <li>{@link dev.plmlab.forge.onnx.OnnxModelWriter} writes {@code model.onnx}, with external data
 *       beyond protobuf's 2 GiB limit.</li>
 *   <li>{@link dev.plmlab.forge.onnx.OrtEmbedder} runs a written model with ONNX Runtime on the CPU.</li>
 *   <li>{@link dev.plmlab.forge.onnx.TritonRepository} lays a model out for Triton's onnxruntime
 *       backend.</li>
 * </ul>
 */
package dev.plmlab.forge.onnx;

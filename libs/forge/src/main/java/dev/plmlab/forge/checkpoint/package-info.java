/**
 * Reading official PyTorch checkpoints without Python: {@link dev.plmlab.forge.checkpoint.CheckpointReader}
 * turns a {@code torch.save} file (zip or legacy format) of ESM-1, ESM-1b, ESM-2 or CARP into a
 * {@link dev.plmlab.forge.checkpoint.Checkpoint} of float32 {@link dev.plmlab.forge.checkpoint.Tensor}s,
 * unpickling through an allow-list so untrusted files cannot name arbitrary Python objects.
 */
package dev.plmlab.forge.checkpoint;

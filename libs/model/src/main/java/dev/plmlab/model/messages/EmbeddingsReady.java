package dev.plmlab.model.messages;

import java.util.List;

/**
 * An embedding job's features are stored, one object per part and layer under
 * {@link dev.plmlab.model.ObjectKeys#embeddingLayer}.
 *
 * @param featuresId what the stored features are known by: a hash of the job id and the model's content id
 *                   (for a PLM the checkpoint's sha256, variant, seed and forge version), so that a checkpoint
 *                   edited under the same path gets new features (and new probe jobs)
 * @param layers     the layers stored, with "all" and "last" resolved
 */
public record EmbeddingsReady(int version, String jobId, String experimentId, String taskName, String featuresId,
                              List<Integer> layers, boolean cached) {
}

package dev.plmlab.model.messages;

import dev.plmlab.model.spec.ProbeSpec;
import dev.plmlab.model.spec.TaskSpec;

/**
 * Fit one probe on one layer's features and score it on the test split.
 *
 * @param datasetSha256 the dataset content the job was planned for; a changed dataset fails the job
 * @param featuresId the stored features to read ({@link EmbeddingsReady#featuresId()}); only {@code layer} is read
 */
public record ProbeRequest(int version, String jobId, String experimentId, TaskSpec task, String datasetKey,
                           String datasetSha256, String featuresId, EmbeddingModel model, int layer, ProbeSpec probe,
                           int seed) {
}

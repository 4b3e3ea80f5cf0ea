package dev.plmlab.model.messages;

/**
 * A normalised dataset is in the store.
 *
 * @param contentSha256 hash of the normalised content: downstream job ids build on it, so two
 *                      specs that reach the same data share embeddings
 * @param cached        true when it was already there and nothing was computed
 */
public record DatasetReady(int version, String jobId, String experimentId, String taskName, String datasetKey,
                           String contentSha256, int nTrain, int nVal, int nTest, boolean cached) {
}

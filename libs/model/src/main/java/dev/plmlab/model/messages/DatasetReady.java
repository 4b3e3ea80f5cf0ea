package dev.plmlab.model.messages;

import java.util.List;

/**
 * A normalised dataset is in the store.
 *
 * @param contentSha256 hash of the normalised content: downstream job ids build on it, so two
 *                      specs that reach the same data share embeddings
 * @param cached        true when it was already there and nothing was computed
 * @param notes         what checking the data found and did (rows skipped with counts, conflicting targets,
 *                      sequences in two parts), for the report; empty when none (and from older senders)
 */
public record DatasetReady(int version, String jobId, String experimentId, String taskName, String datasetKey,
                           String contentSha256, int nTrain, int nVal, int nTest, boolean cached, List<String> notes) {

    public DatasetReady {
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    public DatasetReady(int version, String jobId, String experimentId, String taskName, String datasetKey,
                        String contentSha256, int nTrain, int nVal, int nTest, boolean cached) {
        this(version, jobId, experimentId, taskName, datasetKey, contentSha256, nTrain, nVal, nTest, cached, List.of());
    }
}

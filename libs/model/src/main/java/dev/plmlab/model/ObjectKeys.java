package dev.plmlab.model;

/** Every object-store key plmlab writes is derived here and nowhere else. */
public final class ObjectKeys {

    private ObjectKeys() {
    }

    /** A normalised dataset (JSON lines of sequence, target, part). */
    public static String dataset(String jobId) {
        return "datasets/" + jobId + "/dataset.json";
    }

    /** Features of every layer of one embedding job, as a NumPy .npz. */
    public static String embeddings(String jobId) {
        return "embeddings/" + jobId + "/features.npz";
    }

    /**
     * One finished slice of an embedding job; a restarted embedder reuses the slices it finds,
     * so a crash costs at most the slice in progress.
     */
    public static String embeddingShard(String jobId, int shardSize, String part, int index) {
        // the slice size is part of the key: shards cut at another size cover other sequences
        return "embeddings/" + jobId + "/shards-" + shardSize + "/" + part + "-" + index + ".npz";
    }

    public static String result(String jobId) {
        return "results/" + jobId + ".json";
    }

    public static String experimentSpec(String experimentId) {
        return "experiments/" + experimentId + "/spec.yaml";
    }

    public static String experimentState(String experimentId) {
        return "experiments/" + experimentId + "/state.json";
    }

    public static String resultsCsv(String experimentId) {
        return "reports/" + experimentId + "/results.csv";
    }

    public static String reportMarkdown(String experimentId) {
        return "reports/" + experimentId + "/report.md";
    }
}

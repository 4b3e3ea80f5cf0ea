package dev.plmlab.model;

/** Every object-store key plmlab writes is derived here and nowhere else. */
public final class ObjectKeys {

    /** One layer's features are in {@code layer-<k>.npy}: this prefix, the layer and {@link #NPY}. */
    public static final String LAYER_FILE_PREFIX = "layer-";
    public static final String NPY = ".npy";
    /** Per-residue features: the row offsets of each sequence, int64 {@code [n+1]}, shared by every layer. */
    public static final String OFFSETS_FILE = "offsets" + NPY;

    /** {@code layer-<k>.npy}, the last segment of {@link #embeddingLayer}. */
    public static String layerFileName(int layer) {
        return LAYER_FILE_PREFIX + layer + NPY;
    }

    private ObjectKeys() {
    }

    /** A normalised dataset (JSON lines of sequence, target, part). */
    public static String dataset(String jobId) {
        return "datasets/" + id(jobId) + "/dataset.json";
    }

    /** What checking a dataset found (a JSON list of notes), kept beside it so a cached dataset reports them too. */
    public static String datasetNotes(String jobId) {
        return "datasets/" + id(jobId) + "/notes.json";
    }

    /**
     * What is stored of one embedding job's features (layers, shapes, precision), written last: its presence
     * means every layer object is complete.
     */
    public static String embeddingManifest(String featuresId) {
        return "embeddings/" + id(featuresId) + "/features.json";
    }

    /**
     * One layer of one part as a NumPy .npy: pooled {@code [n, D]}, or per residue {@code [R, D]} with the
     * rows of sequence i at {@link #embeddingOffsets} i .. i+1.
     */
    public static String embeddingLayer(String featuresId, String part, int layer) {
        return "embeddings/" + id(featuresId) + "/" + id(part) + "/" + layerFileName(layer);
    }

    /** Per-residue features only: int64 {@code [n+1]} row offsets of each sequence, shared by every layer. */
    public static String embeddingOffsets(String featuresId, String part) {
        return "embeddings/" + id(featuresId) + "/" + id(part) + "/" + OFFSETS_FILE;
    }

    /**
     * One finished slice of an embedding job while it runs; a restarted embedder reuses the slices it
     * finds, so a crash costs at most the slice in progress. Deleted once the layer objects are complete.
     *
     * @param plan how the parts were cut into slices (e.g. {@code 256r}): slices of another plan cover
     *             other sequences, so it is part of the key
     */
    public static String embeddingShard(String featuresId, String plan, String part, int index) {
        return embeddingShards(featuresId) + id(plan) + "/" + id(part) + "-" + index + ".npz";
    }

    /** The prefix of every slice of one embedding job. */
    public static String embeddingShards(String featuresId) {
        return "embeddings/" + id(featuresId) + "/shards-";
    }

    /**
     * Ids become key segments: anything that could climb out of its folder or need escaping is refused,
     * whoever sent it.
     */
    static String id(String segment) {
        if (segment == null || segment.isEmpty() || segment.length() > 200 || segment.contains("..")
                || !segment.chars().allMatch(c -> Character.isLetterOrDigit(c) && c < 128 || c == '-' || c == '_' || c == '.')) {
            throw new IllegalArgumentException("'" + shown(segment) + "' cannot be part of an object key: use letters, digits, '-', '_' and '.'");
        }
        return segment;
    }

    /** A refused id as a message shows it: at most 60 characters, control and format characters escaped. */
    private static String shown(String segment) {
        if (segment == null) {
            return "null";
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < segment.length() && s.length() < 60; i++) {
            char c = segment.charAt(i);
            boolean invisible = Character.isISOControl(c) || Character.getType(c) == Character.FORMAT
                    || Character.isSurrogate(c) || Character.isWhitespace(c) && c != ' ';
            s.append(invisible ? String.format("\\u%04X", (int) c) : String.valueOf(c));
        }
        return segment.length() > 60 ? s + "…" : s.toString();
    }

    public static String result(String jobId) {
        return "results/" + id(jobId) + ".json";
    }

    /** A probe's per-unit test results ({@code TestPredictions}), written before its result. */
    public static String testPredictions(String jobId) {
        return "results/" + id(jobId) + ".predictions.json";
    }

    public static String experimentSpec(String experimentId) {
        return "experiments/" + id(experimentId) + "/spec.yaml";
    }

    /** The orchestrator's latest {@code ExperimentStatus} of an experiment: its stages' job counts. */
    public static String experimentStatus(String experimentId) {
        return EXPERIMENTS + id(experimentId) + "/status.json";
    }

    public static String experimentState(String experimentId) {
        return "experiments/" + id(experimentId) + "/state.json";
    }

    public static String resultsCsv(String experimentId) {
        return "reports/" + id(experimentId) + "/results.csv";
    }

    public static String reportMarkdown(String experimentId) {
        return "reports/" + id(experimentId) + "/report.md";
    }

    /** Every significance test of the report, with its exact numbers. */
    public static String statisticsCsv(String experimentId) {
        return "reports/" + id(experimentId) + "/statistics.csv";
    }

    public static String reportHtml(String experimentId) {
        return "reports/" + id(experimentId) + "/report.html";
    }

    /** The report request a report was written from (result keys and failed jobs), so it can be written again. */
    public static String reportRequest(String experimentId) {
        return "reports/" + id(experimentId) + "/request.json";
    }

    /**
     * A file a client uploaded for its spec (a dataset file, a checkpoint), known by its content:
     * {@code uploads/<sha256>/<file name>}. The name is kept so error messages and formats that go by
     * suffix still work.
     */
    public static String upload(String sha256, String fileName) {
        return UPLOADS + sha256Segment(sha256) + "/" + id(fileName);
    }

    /**
     * An official checkpoint in the shared model store, fetched once per deployment from its pinned URL:
     * {@code models/catalogue/<file name of the catalogue entry>}.
     */
    public static String catalogueCheckpoint(String fileName) {
        return "models/catalogue/" + id(fileName);
    }

    /** Who is fetching {@link #catalogueCheckpoint} now, so a second embedder waits instead of fetching it again. */
    public static String catalogueCheckpointLease(String fileName) {
        return catalogueCheckpoint(fileName) + ".lease";
    }

    private static String sha256Segment(String sha256) {
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("'" + shown(sha256) + "' is not a sha256 (64 lower-case hex digits)");
        }
        return sha256;
    }

    public static final String UPLOADS = "uploads/";

    /** The prefix of every experiment's folder: {@code experiments/<id>/...}. */
    public static final String EXPERIMENTS = "experiments/";
}

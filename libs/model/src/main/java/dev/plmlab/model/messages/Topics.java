package dev.plmlab.model.messages;

import java.util.List;

/** Every Kafka topic plmlab uses; each carries one message type. */
public final class Topics {

    public static final String EXPERIMENTS = "plmlab.experiments";
    public static final String EXPERIMENTS_ACCEPTED = "plmlab.experiments.accepted";
    public static final String EXPERIMENTS_REJECTED = "plmlab.experiments.rejected";
    public static final String DATASETS_PREPARE = "plmlab.datasets.prepare";
    public static final String DATASETS_READY = "plmlab.datasets.ready";
    public static final String EMBEDDINGS_REQUESTS = "plmlab.embeddings.requests";
    public static final String EMBEDDINGS_READY = "plmlab.embeddings.ready";
    public static final String PROBES_REQUESTS = "plmlab.probes.requests";
    public static final String PROBES_RESULTS = "plmlab.probes.results";
    public static final String REPORTS_REQUESTS = "plmlab.reports.requests";
    public static final String REPORTS_READY = "plmlab.reports.ready";
    public static final String PROGRESS = "plmlab.progress";
    public static final String FAILURES = "plmlab.failures";
    /** Records a consumer could not read, as {@link DeadLetter}s; nothing consumes it but people and tools. */
    public static final String DEAD_LETTERS = "plmlab.dead-letters";
    /**
     * Records of a newer message version than a consumer reads ({@link NewerVersionException}): the original value
     * and key, with the source topic, partition, offset and version in headers ({@code plmlab-source-topic}, ...);
     * a newer consumer sends them back to their source topic.
     */
    public static final String PARKED = "plmlab.parked";

    private Topics() {
    }

    public static List<String> all() {
        return List.of(EXPERIMENTS, EXPERIMENTS_ACCEPTED, EXPERIMENTS_REJECTED, DATASETS_PREPARE, DATASETS_READY,
                EMBEDDINGS_REQUESTS, EMBEDDINGS_READY, PROBES_REQUESTS, PROBES_RESULTS, REPORTS_REQUESTS,
                REPORTS_READY, PROGRESS, FAILURES, DEAD_LETTERS, PARKED);
    }
}

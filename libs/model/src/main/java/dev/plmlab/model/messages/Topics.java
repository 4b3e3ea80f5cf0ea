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

    private Topics() {
    }

    public static List<String> all() {
        return List.of(EXPERIMENTS, EXPERIMENTS_ACCEPTED, EXPERIMENTS_REJECTED, DATASETS_PREPARE, DATASETS_READY,
                EMBEDDINGS_REQUESTS, EMBEDDINGS_READY, PROBES_REQUESTS, PROBES_RESULTS, REPORTS_REQUESTS,
                REPORTS_READY, PROGRESS, FAILURES);
    }
}

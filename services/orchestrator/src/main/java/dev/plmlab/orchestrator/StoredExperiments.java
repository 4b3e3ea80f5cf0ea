package dev.plmlab.orchestrator;

import dev.plmlab.model.ObjectKeys;
import dev.plmlab.model.plan.ExperimentStatus;
import dev.plmlab.service.StoredJson;
import dev.plmlab.store.ObjectStore;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The orchestrator's durable state, which is nothing but what it stores on accepting an experiment (its spec) and
 * after each change (its status): with content-addressed jobs, that is enough to re-plan an experiment after a
 * restart and have every finished job answer from the store at once.
 */
final class StoredExperiments {

    private static final String SPEC_FILE = "/spec.yaml";

    private final ObjectStore store;

    StoredExperiments(ObjectStore store) {
        this.store = store;
    }

    /** An experiment as stored: its spec text and, when saved yet, its status. */
    record Stored(String experimentId, String specText, Optional<ExperimentStatus> status) {
    }

    void putSpec(String experimentId, String specText) {
        store.put(ObjectKeys.experimentSpec(experimentId), specText.getBytes(StandardCharsets.UTF_8), "application/yaml");
    }

    void putStatus(ExperimentStatus status) {
        StoredJson.put(store, ObjectKeys.experimentStatus(status.experimentId()), status);
    }

    Optional<ExperimentStatus> status(String experimentId) {
        return StoredJson.get(store, ObjectKeys.experimentStatus(experimentId), ExperimentStatus.class);
    }

    /** Every experiment with a stored spec, by id. */
    Set<String> ids() {
        Set<String> ids = new LinkedHashSet<>();
        for (String key : store.list(ObjectKeys.EXPERIMENTS)) {
            if (key.endsWith(SPEC_FILE)) {
                String id = key.substring(ObjectKeys.EXPERIMENTS.length(), key.length() - SPEC_FILE.length());
                if (Submission.isValidId(id)) {
                    ids.add(id);
                }
            }
        }
        return ids;
    }

    /**
     * The experiment, when it was accepted and has not yet asked for its report: what a restarted orchestrator
     * must go on with. A stored status says whether the report was asked for; an experiment stored before
     * statuses were kept counts as finished once its results are there.
     */
    Optional<Stored> unfinished(String experimentId) {
        Optional<byte[]> spec = store.get(ObjectKeys.experimentSpec(experimentId));
        if (spec.isEmpty()) {
            return Optional.empty();
        }
        Optional<ExperimentStatus> status = status(experimentId);
        if (status.map(ExperimentStatus::reported).orElse(false)) {
            return Optional.empty();
        }
        if (status.isEmpty() && store.exists(ObjectKeys.resultsCsv(experimentId))) {
            return Optional.empty();
        }
        return Optional.of(new Stored(experimentId, new String(spec.get(), StandardCharsets.UTF_8), status));
    }
}

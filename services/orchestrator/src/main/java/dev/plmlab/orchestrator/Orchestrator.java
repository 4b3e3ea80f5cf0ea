package dev.plmlab.orchestrator;

import dev.plmlab.model.ObjectKeys;
import dev.plmlab.model.messages.DatasetPrepare;
import dev.plmlab.model.messages.DatasetReady;
import dev.plmlab.model.messages.EmbeddingsReady;
import dev.plmlab.model.messages.EmbeddingsRequest;
import dev.plmlab.model.messages.ExperimentAccepted;
import dev.plmlab.model.messages.ExperimentRejected;
import dev.plmlab.model.messages.ExperimentSubmitted;
import dev.plmlab.model.messages.JobFailed;
import dev.plmlab.model.messages.Messages;
import dev.plmlab.model.messages.ProbeRequest;
import dev.plmlab.model.messages.ProbeResult;
import dev.plmlab.model.messages.Topics;
import dev.plmlab.model.plan.ExperimentRun;
import dev.plmlab.model.spec.ExperimentSpec;
import dev.plmlab.model.spec.InvalidSpecException;
import dev.plmlab.model.spec.SpecReader;
import dev.plmlab.store.ObjectStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Validates submissions, expands each spec into jobs stage by stage, follows the replies and
 * asks for the report when nothing is outstanding. All the planning is {@link ExperimentRun}.
 */
@ApplicationScoped
public class Orchestrator {

    private static final Logger LOG = Logger.getLogger(Orchestrator.class);

    private static final long STATUS_INTERVAL_MILLIS = 2000;

    private final Map<String, ExperimentRun> runs = new ConcurrentHashMap<>();
    private final Map<String, Long> statusSavedAt = new ConcurrentHashMap<>();

    @Inject
    ObjectStore store;

    @Inject
    MeterRegistry registry;

    @Inject
    @Channel(Topics.EXPERIMENTS_ACCEPTED)
    Emitter<String> accepted;

    @Inject
    @Channel(Topics.EXPERIMENTS_REJECTED)
    Emitter<String> rejected;

    @Inject
    @Channel(Topics.DATASETS_PREPARE)
    Emitter<String> datasetJobs;

    @Inject
    @Channel(Topics.EMBEDDINGS_REQUESTS)
    Emitter<String> embeddingJobs;

    @Inject
    @Channel(Topics.PROBES_REQUESTS)
    Emitter<String> probeJobs;

    @Inject
    @Channel(Topics.REPORTS_REQUESTS)
    Emitter<String> reportRequests;

    @Inject
    @Channel(Topics.PROGRESS)
    Emitter<String> progress;

    @Incoming(Topics.EXPERIMENTS)
    @Blocking
    public void onSubmitted(String payload) {
        decode(payload, ExperimentSubmitted.class, Topics.EXPERIMENTS, this::submit);
    }

    @Incoming(Topics.DATASETS_READY)
    @Blocking
    public void onDatasetReady(String payload) {
        decode(payload, DatasetReady.class, Topics.DATASETS_READY, ready -> withRun(ready.experimentId(), run -> {
            for (EmbeddingsRequest job : run.onDatasetReady(ready)) {
                embeddingJobs.send(Messages.toJson(job));
            }
            afterChange(run, "datasets", "embeddings");
        }));
    }

    @Incoming(Topics.EMBEDDINGS_READY)
    @Blocking
    public void onEmbeddingsReady(String payload) {
        decode(payload, EmbeddingsReady.class, Topics.EMBEDDINGS_READY, ready -> withRun(ready.experimentId(), run -> {
            for (ProbeRequest job : run.onEmbeddingsReady(ready)) {
                probeJobs.send(Messages.toJson(job));
            }
            afterChange(run, "embeddings", "probes");
        }));
    }

    @Incoming(Topics.PROBES_RESULTS)
    @Blocking
    public void onProbeResult(String payload) {
        decode(payload, ProbeResult.class, Topics.PROBES_RESULTS, result -> withRun(result.experimentId(), run -> {
            run.onProbeResult(result);
            afterChange(run, "probes");
        }));
    }

    @Incoming(Topics.FAILURES)
    @Blocking
    public void onFailure(String payload) {
        decode(payload, JobFailed.class, Topics.FAILURES, failure -> withRun(failure.experimentId(), run -> {
            run.onFailure(failure);
            String stage = ExperimentRun.stageOf(failure.jobId());
            afterChange(run, stage == null ? "datasets" : stage);
        }));
    }

    /** The run of an experiment this orchestrator is following, for the status endpoint. */
    public Optional<ExperimentRun> run(String experimentId) {
        return Optional.ofNullable(runs.get(experimentId));
    }

    private void submit(ExperimentSubmitted submitted) {
        String id = submitted.experimentId();
        ExperimentSpec spec;
        try {
            spec = SpecReader.parse(submitted.specText());
        } catch (InvalidSpecException e) {
            LOG.infof("rejected %s: %d error(s)", id, e.errors().size());
            registry.counter("plmlab_experiments_total", "outcome", "rejected").increment();
            rejected.send(Messages.toJson(new ExperimentRejected(Messages.VERSION, id, e.errors())));
            return;
        }
        store.put(ObjectKeys.experimentSpec(id), submitted.specText().getBytes(StandardCharsets.UTF_8), "application/yaml");
        // A resubmission starts the grid again; every job whose output is stored finishes at once.
        ExperimentRun run = new ExperimentRun(id, spec, System.currentTimeMillis());
        runs.put(id, run);
        var jobs = run.start();
        registry.counter("plmlab_experiments_total", "outcome", "accepted").increment();
        accepted.send(Messages.toJson(new ExperimentAccepted(Messages.VERSION, id, spec.name(), jobs.size())));
        for (DatasetPrepare job : jobs) {
            datasetJobs.send(Messages.toJson(job));
        }
        afterChange(run, "datasets");
    }

    private void afterChange(ExperimentRun run, String... stages) {
        for (String stage : stages) {
            progress.send(Messages.toJson(run.progress(stage)));
        }
        boolean finished = run.claimReport();
        saveStatus(run, finished);
        if (finished) {
            LOG.infof("experiment %s: every job has ended, asking for the report", run.experimentId());
            reportRequests.send(Messages.toJson(run.reportRequest()));
        }
    }

    /**
     * Keeps the experiment's status in the store for {@code plmlab status}: at most once per
     * {@link #STATUS_INTERVAL_MILLIS} per experiment, and always at the start and the end.
     */
    private void saveStatus(ExperimentRun run, boolean force) {
        long now = System.currentTimeMillis();
        Long last = statusSavedAt.get(run.experimentId());
        if (!force && last != null && now - last < STATUS_INTERVAL_MILLIS) {
            return;
        }
        statusSavedAt.put(run.experimentId(), now);
        try {
            store.put(ObjectKeys.experimentStatus(run.experimentId()),
                    Messages.toJson(run.status(now)).getBytes(StandardCharsets.UTF_8), "application/json");
        } catch (RuntimeException e) {
            // the status is a convenience for readers; the experiment goes on without it
            LOG.warnf("could not store the status of experiment %s: %s", run.experimentId(), e.getMessage());
        }
    }

    private void withRun(String experimentId, Consumer<ExperimentRun> action) {
        ExperimentRun run = runs.get(experimentId);
        if (run == null) {
            LOG.debugf("reply for experiment %s, which this orchestrator is not following", experimentId);
            return;
        }
        action.accept(run);
    }

    private <T> void decode(String payload, Class<T> type, String topic, Consumer<T> action) {
        T message;
        try {
            message = Messages.fromJson(payload, type, topic);
        } catch (RuntimeException e) {
            LOG.error(e.getMessage());
            registry.counter("plmlab_bad_messages_total", "topic", topic).increment();
            return;
        }
        try {
            action.accept(message);
        } catch (RuntimeException e) {
            // An exception escaping an @Incoming method would stop this topic's consumer for good.
            LOG.errorf(e, "could not handle a message from %s: %s", topic, e.getMessage());
            registry.counter("plmlab_handler_errors_total", "topic", topic).increment();
        }
    }
}

package dev.plmlab.orchestrator;

import dev.plmlab.model.ObjectKeys;
import dev.plmlab.model.messages.DatasetPrepare;
import dev.plmlab.model.messages.DatasetReady;
import dev.plmlab.model.messages.EmbeddingsReady;
import dev.plmlab.model.messages.EmbeddingsRequest;
import dev.plmlab.model.messages.ExperimentAccepted;
import dev.plmlab.model.messages.ExperimentRejected;
import dev.plmlab.model.messages.JobFailed;
import dev.plmlab.model.messages.Messages;
import dev.plmlab.model.messages.NewerVersionException;
import dev.plmlab.model.messages.ProbeRequest;
import dev.plmlab.model.messages.ProbeResult;
import dev.plmlab.model.messages.ReportRequest;
import dev.plmlab.model.messages.ReportRequested;
import dev.plmlab.model.messages.Topics;
import dev.plmlab.model.plan.ExperimentRun;
import dev.plmlab.model.plan.ExperimentStatus;
import dev.plmlab.model.spec.ExperimentSpec;
import dev.plmlab.model.spec.InvalidSpecException;
import dev.plmlab.model.spec.SpecError;
import dev.plmlab.model.spec.SpecReader;
import dev.plmlab.service.KafkaSends;
import dev.plmlab.service.KafkaSends.Outgoing;
import dev.plmlab.service.PoisonMessages;
import dev.plmlab.service.StoredJson;
import dev.plmlab.store.ObjectStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Validates submissions, expands each spec into jobs stage by stage, follows the replies and
 * asks for the report when nothing is outstanding. All the planning is {@link ExperimentRun}.
 *
 * <p>What it follows is held in memory and rebuilt from the store: an accepted experiment's spec and status are
 * stored, and an orchestrator that starts (or is given an experiment's partition, see
 * {@link ExperimentPartitions}) re-plans every experiment that has not asked for its report, under the same id.
 * Job ids are content hashes, so the re-sent jobs whose outputs are stored answer at once, and the replies of
 * jobs still running match the same ids. A reply for an experiment it does not follow is looked up in the store
 * the same way before it is dropped.
 */
@ApplicationScoped
public class Orchestrator {

    /** The one channel over the five input topics (application.properties): one consumer, co-partitioned. */
    public static final String INPUTS = "plmlab-orchestrator-inputs";
    /** Where misplaced messages are sent again, keyed, to the topic they came from. */
    public static final String FORWARD = "plmlab-orchestrator-forward";

    private static final Logger LOG = Logger.getLogger(Orchestrator.class);

    private static final long STATUS_INTERVAL_MILLIS = 2000;
    private static final int MAX_RESUME_ATTEMPTS = 10;

    private final Map<String, ExperimentRun> runs = new ConcurrentHashMap<>();
    private final Map<String, Long> statusSavedAt = new ConcurrentHashMap<>();
    /** Taking up an experiment (from a submission, the store or a retry) happens under this lock, once. */
    private final Object adoption = new Object();
    private ScheduledExecutorService background;
    private StoredExperiments stored;

    @Inject
    ObjectStore store;

    @Inject
    MeterRegistry registry;

    @Inject
    PoisonMessages poison;

    @Inject
    @Identifier(ExperimentPartitions.LISTENER)
    ExperimentPartitions partitions;

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

    @Inject
    @Channel(FORWARD)
    Emitter<String> forward;

    /** At most this many jobs of one experiment per stage on the stage's topic at once (FairDispatch); 0: no limit. */
    @ConfigProperty(name = "plmlab.orchestrator.jobs-in-flight-per-experiment", defaultValue = "16")
    int jobsInFlightPerExperiment;

    private FairDispatch dispatch;

    @PostConstruct
    void init() {
        stored = new StoredExperiments(store);
        dispatch = new FairDispatch(jobsInFlightPerExperiment);
        registry.gauge("plmlab_orchestrator_jobs_held_back", dispatch, FairDispatch::waiting);
        OutstandingJobs.register(registry, runs::values);
        background = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "plmlab-orchestrator-resume");
            t.setDaemon(true);
            return t;
        });
    }

    void stop(@Observes ShutdownEvent event) {
        background.shutdownNow();
    }

    /**
     * Every record of the five input topics. Nothing escapes: an exception out of an {@code @Incoming} method
     * would stop the consumer for good, and its redelivery would stop the next one.
     */
    @Incoming(INPUTS)
    @Blocking
    public void onRecord(ConsumerRecord<String, String> record) {
        try {
            switch (record.topic()) {
                case Topics.EXPERIMENTS -> onSubmission(record);
                case Topics.DATASETS_READY -> onReply(record, DatasetReady.class, DatasetReady::experimentId, this::datasetReady);
                case Topics.EMBEDDINGS_READY -> onReply(record, EmbeddingsReady.class, EmbeddingsReady::experimentId,
                        this::embeddingsReady);
                case Topics.PROBES_RESULTS -> onReply(record, ProbeResult.class, ProbeResult::experimentId, this::probeResult);
                case Topics.FAILURES -> onReply(record, JobFailed.class, JobFailed::experimentId, this::failure);
                default -> poison.deadLetter(record, "a record from " + record.topic() + ", which the orchestrator does not read");
            }
        } catch (RuntimeException | StackOverflowError e) {
            LOG.errorf(e, "could not handle a message from %s: %s", record.topic(), e.getMessage());
            registry.counter("plmlab_handler_errors_total", "topic", record.topic()).increment();
        }
    }

    /** The run of an experiment this orchestrator is following, for the status endpoint. */
    public Optional<ExperimentRun> run(String experimentId) {
        return Optional.ofNullable(runs.get(experimentId));
    }

    /** The stored status of any experiment, for the status endpoint when another replica follows it. */
    public Optional<ExperimentStatus> storedStatus(String experimentId) {
        return Submission.isValidId(experimentId) ? stored.status(experimentId) : Optional.empty();
    }

    // ---- submissions

    private void onSubmission(ConsumerRecord<String, String> record) {
        // Every submission is answered, a newer version's too (a rejection naming the version, not parking): its
        // sender waits for the answer and can send it again, where parked jobs and replies have no one to resend them.
        Submission submission = Submission.read(record.key(), record.value());
        String id = submission.experimentId();
        if (!submission.problems().isEmpty()) {
            reject(id, submission.problems());
            return;
        }
        ExperimentSpec spec;
        try {
            spec = SpecReader.parse(submission.specText());
        } catch (InvalidSpecException e) {
            reject(id, e.errors());
            return;
        }
        if (spec == null) {
            reject(id, List.of(new SpecError(Submission.FILE, "the spec is empty: it needs a name, tasks, models and probes")));
            return;
        }
        if (!partitions.isHome(record.topic(), record.partition(), id)) {
            forward(record, id);
            return;
        }
        // A resubmission starts the grid again; every job whose output is stored finishes at once.
        ExperimentRun run = new ExperimentRun(id, spec, System.currentTimeMillis());
        List<DatasetPrepare> jobs;
        try {
            jobs = run.start();
        } catch (RuntimeException e) {
            reject(id, List.of(new SpecError("(plan)", "the spec is valid but cannot be planned: " + describe(e))));
            return;
        }
        if (jobs.isEmpty()) {
            reject(id, List.of(new SpecError("tasks", "the spec gives no dataset job to run")));
            return;
        }
        synchronized (adoption) {
            try {
                // stored before anything is sent: from here on, a restarted orchestrator goes on with it
                stored.putSpec(id, submission.specText());
                saveStatus(run, true, true);
            } catch (RuntimeException e) {
                reject(id, List.of(new SpecError("(store)", "the experiment could not be stored, so it was not started ("
                        + describe(e) + "); submit it again")));
                return;
            }
            runs.put(id, run);
        }
        registry.counter("plmlab_experiments_total", "outcome", "accepted").increment();
        LOG.infof("accepted experiment %s '%s': %d dataset job(s)", id, spec.name(), jobs.size());
        try {
            KafkaSends.send(accepted, id, Messages.toJson(new ExperimentAccepted(Messages.VERSION, id, spec.name(), jobs.size())));
            sendJobs(run, "datasets", jobs, DatasetPrepare::jobId);
            afterChange(run, "datasets");
        } catch (RuntimeException e) {
            retryLater(id, e);
        }
    }

    private void reject(String id, List<SpecError> errors) {
        LOG.infof("rejected %s: %s", id, errors);
        registry.counter("plmlab_experiments_total", "outcome", "rejected").increment();
        KafkaSends.send(rejected, id, Messages.toJson(new ExperimentRejected(Messages.VERSION, id, errors)));
    }

    // ---- replies

    private <T> void onReply(ConsumerRecord<String, String> record, Class<T> type, Function<T, String> experimentOf,
                             BiConsumer<ExperimentRun, T> action) {
        T message;
        try {
            message = Messages.fromJson(record.value(), type, record.topic());
        } catch (NewerVersionException e) {
            poison.park(record, e);
            return;
        } catch (RuntimeException e) {
            poison.deadLetter(record, e.getMessage());
            return;
        }
        String id = experimentOf.apply(message);
        if (!Submission.isValidId(id)) {
            poison.deadLetter(record, "bad " + type.getSimpleName() + " message on " + record.topic()
                    + ": no valid 'experimentId' (" + id + ")");
            return;
        }
        if (!partitions.isHome(record.topic(), record.partition(), id)) {
            forward(record, id);
            return;
        }
        try {
            Optional<ExperimentRun> run = follow(id, "a reply for it came in");
            if (run.isEmpty()) {
                LOG.debugf("reply on %s for experiment %s, which has finished or was never accepted", record.topic(), id);
                registry.counter("plmlab_replies_ignored_total", "topic", record.topic()).increment();
                return;
            }
            action.accept(run.get(), message);
        } catch (RuntimeException e) {
            retryLater(id, e);
        }
    }

    private void datasetReady(ExperimentRun run, DatasetReady ready) {
        sendJobs(run, "embeddings", run.onDatasetReady(ready), EmbeddingsRequest::jobId);
        release(run, "datasets", ready.jobId());
        afterChange(run, "datasets", "embeddings");
    }

    private void embeddingsReady(ExperimentRun run, EmbeddingsReady ready) {
        sendJobs(run, "probes", run.onEmbeddingsReady(ready), ProbeRequest::jobId);
        release(run, "embeddings", ready.jobId());
        afterChange(run, "embeddings", "probes");
    }

    private void probeResult(ExperimentRun run, ProbeResult result) {
        run.onProbeResult(result);
        release(run, "probes", result.jobId());
        afterChange(run, "probes");
    }

    private void failure(ExperimentRun run, JobFailed failure) {
        run.onFailure(failure);
        String stage = failure.jobId() == null ? null : ExperimentRun.stageOf(failure.jobId());
        if (stage != null) {
            release(run, stage, failure.jobId());
        }
        afterChange(run, stage == null ? "datasets" : stage);
    }

    // ---- taking experiments up from the store

    /** After a (re)assignment: re-plans every unfinished stored experiment this replica now follows. */
    void onAssigned(@Observes ExperimentPartitions.Assigned assigned) {
        background.execute(this::resumeOwned);
    }

    private void resumeOwned() {
        try {
            runs.keySet().removeIf(id -> !partitions.owns(id));
            for (String id : stored.ids()) {
                if (partitions.owns(id) && !runs.containsKey(id)) {
                    try {
                        follow(id, "this orchestrator started or took over its partition");
                    } catch (RuntimeException e) {
                        retryLater(id, e);
                    }
                }
            }
            LOG.infof("following %d experiment(s) after the assignment", runs.size());
        } catch (RuntimeException e) {
            // the store is not reachable: try the whole scan again
            LOG.warnf("could not list the stored experiments (%s); trying again in 10 s", describe(e));
            background.schedule(this::resumeOwned, 10, TimeUnit.SECONDS);
        }
    }

    /**
     * The run of {@code id}: the one followed, or else, if the store holds it unfinished, a new one re-planned
     * from its spec, whose dataset jobs are sent again (stored outputs answer them at once).
     */
    private Optional<ExperimentRun> follow(String id, String why) {
        ExperimentRun run = runs.get(id);
        if (run != null) {
            return Optional.of(run);
        }
        List<DatasetPrepare> jobs;
        synchronized (adoption) {
            run = runs.get(id);
            if (run != null) {
                return Optional.of(run);
            }
            Optional<StoredExperiments.Stored> unfinished = stored.unfinished(id);
            if (unfinished.isEmpty()) {
                return Optional.empty();
            }
            ExperimentSpec spec;
            try {
                spec = SpecReader.parse(unfinished.get().specText());
            } catch (InvalidSpecException e) {
                // accepted by an older orchestrator, invalid by this one's rules
                LOG.warnf("experiment %s no longer validates: %s", id, e.errors());
                reject(id, e.errors());
                return Optional.empty();
            }
            if (spec == null) {
                return Optional.empty();
            }
            long startedAt = unfinished.get().status().map(ExperimentStatus::startedAtMillis).orElse(System.currentTimeMillis());
            run = new ExperimentRun(id, spec, startedAt);
            jobs = run.start();
            dispatch.forget(id);
            runs.put(id, run);
        }
        LOG.infof("following experiment %s again (%s): sending its %d dataset job(s) again; stored outputs answer at once",
                id, why, jobs.size());
        registry.counter("plmlab_experiments_resumed_total").increment();
        try {
            sendJobs(run, "datasets", jobs, DatasetPrepare::jobId);
            afterChange(run, "datasets");
        } catch (RuntimeException e) {
            runs.remove(id, run);
            dispatch.forget(id);
            throw e;
        }
        return Optional.of(run);
    }

    /**
     * Something failed half-way through a change of {@code id} (a send the broker did not confirm, the store):
     * what was sent is uncertain, so the run is dropped and re-planned from the store a little later.
     */
    private void retryLater(String id, RuntimeException e) {
        runs.remove(id);
        dispatch.forget(id);
        LOG.warnf(e, "experiment %s: %s; re-planning it from the store shortly", id, describe(e));
        registry.counter("plmlab_experiments_retried_total").increment();
        scheduleResume(id, 1);
    }

    private void scheduleResume(String id, int attempt) {
        long delay = Math.min(60, 1L << Math.min(attempt, 6));
        background.schedule(() -> {
            if (runs.containsKey(id) || !partitions.owns(id)) {
                return;
            }
            try {
                follow(id, "retry " + attempt);
            } catch (RuntimeException e) {
                runs.remove(id);
                if (attempt >= MAX_RESUME_ATTEMPTS) {
                    LOG.errorf(e, "experiment %s: gave up re-planning it after %d attempts; it resumes at the next start"
                            + " of an orchestrator", id, attempt);
                } else {
                    LOG.warnf("experiment %s: re-planning failed (%s); attempt %d of %d in a while", id, describe(e),
                            attempt + 1, MAX_RESUME_ATTEMPTS);
                    scheduleResume(id, attempt + 1);
                }
            }
        }, delay, TimeUnit.SECONDS);
    }

    // ---- sending

    /** Offers an experiment's new jobs of a stage to the fair dispatch and sends what it lets through now. */
    private <J> void sendJobs(ExperimentRun run, String stage, List<J> jobs, Function<J, String> jobId) {
        if (jobs.isEmpty()) {
            return;
        }
        send(stage, dispatch.offer(run.experimentId(), stage,
                jobs.stream().map(j -> new FairDispatch.Job(jobId.apply(j), Messages.toJson(j))).toList()));
    }

    /** A job of the experiment ended: its place on the topic goes to the next of its jobs held back. */
    private void release(ExperimentRun run, String stage, String jobId) {
        send(stage, dispatch.ended(run.experimentId(), stage, jobId));
    }

    private void send(String stage, List<FairDispatch.Job> jobs) {
        Emitter<String> emitter = switch (stage) {
            case "datasets" -> datasetJobs;
            case "embeddings" -> embeddingJobs;
            case "probes" -> probeJobs;
            default -> throw new IllegalArgumentException("no stage " + stage);
        };
        // keyed by job id: a job sent again lands in the partition of the first, so the stage replica that ran it
        // finds its output stored instead of computing it a second time beside it
        KafkaSends.sendAll(emitter, jobs.stream().map(j -> Outgoing.keyed(j.jobId(), j.payload())).toList());
    }

    private void forward(ConsumerRecord<String, String> record, String id) {
        registry.counter("plmlab_forwarded_total", "topic", record.topic()).increment();
        KafkaSends.sendAll(forward, List.of(new Outgoing(id, record.value(), record.topic())));
    }

    private void afterChange(ExperimentRun run, String... stages) {
        for (String stage : stages) {
            try {
                KafkaSends.send(progress, run.experimentId(), Messages.toJson(run.progress(stage)));
            } catch (RuntimeException e) {
                // progress is for people watching; the experiment goes on without it
                LOG.warnf("could not send the progress of experiment %s: %s", run.experimentId(), describe(e));
            }
        }
        if (run.claimReport()) {
            LOG.infof("experiment %s: every job has ended, asking for the report", run.experimentId());
            // The request holds every result key and failure, so it grows with the grid past Kafka's 1 MB: it is
            // stored where the reporter keeps it anyway, and only its key is sent.
            ReportRequest request = run.reportRequest();
            String requestKey = ObjectKeys.reportRequest(run.experimentId());
            StoredJson.put(store, requestKey, request);
            KafkaSends.send(reportRequests, run.experimentId(), Messages.toJson(new ReportRequested(Messages.VERSION,
                    run.experimentId(), request.name(), requestKey, request.resultKeys().size(), request.failures().size())));
            // marked reported only once the request is on the broker: a crash before re-plans and asks again
            saveStatus(run, true, false);
            runs.remove(run.experimentId(), run);
            dispatch.forget(run.experimentId());
        } else {
            saveStatus(run, false, false);
        }
    }

    /**
     * Keeps the experiment's status in the store, for {@code plmlab status} and for a restart: at most once per
     * {@link #STATUS_INTERVAL_MILLIS} per experiment, and always at the start and the end.
     *
     * @param required whether a failure to store it must fail the caller (on accepting an experiment)
     */
    private void saveStatus(ExperimentRun run, boolean force, boolean required) {
        long now = System.currentTimeMillis();
        Long last = statusSavedAt.get(run.experimentId());
        if (!force && last != null && now - last < STATUS_INTERVAL_MILLIS) {
            return;
        }
        statusSavedAt.put(run.experimentId(), now);
        try {
            stored.putStatus(run.status(now));
        } catch (RuntimeException e) {
            if (required) {
                throw e;
            }
            // between start and end the status is a convenience for readers; the experiment goes on without it
            LOG.warnf("could not store the status of experiment %s: %s", run.experimentId(), describe(e));
        }
    }

    private static String describe(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}

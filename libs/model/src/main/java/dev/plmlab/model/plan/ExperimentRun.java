package dev.plmlab.model.plan;

import dev.plmlab.model.messages.DatasetPrepare;
import dev.plmlab.model.messages.DatasetReady;
import dev.plmlab.model.messages.EmbeddingsReady;
import dev.plmlab.model.messages.EmbeddingsRequest;
import dev.plmlab.model.messages.JobFailed;
import dev.plmlab.model.messages.Messages;
import dev.plmlab.model.messages.ProbeRequest;
import dev.plmlab.model.messages.ProbeResult;
import dev.plmlab.model.messages.Progress;
import dev.plmlab.model.messages.ReportRequest;
import dev.plmlab.model.spec.ExperimentSpec;
import dev.plmlab.model.spec.TaskSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The state of one experiment in the orchestrator: which jobs are out, what came back, and
 * what to send next. Replies for jobs it is not waiting for (redeliveries, other experiments)
 * are ignored, so at-least-once delivery is safe. A failed job ends its branch of the grid
 * only; the experiment finishes when nothing is outstanding.
 */
public final class ExperimentRun {

    public static final List<String> STAGES = List.of("datasets", "embeddings", "probes");

    private final String experimentId;
    private final ExperimentSpec spec;
    private final long startedAtMillis;
    private final Map<String, List<TaskSpec>> datasetJobs = new LinkedHashMap<>();
    private final Map<String, List<EmbeddingContext>> embeddingJobs = new LinkedHashMap<>();
    private final Set<String> probeJobs = new LinkedHashSet<>();
    private final Set<String> outstanding = new LinkedHashSet<>();
    private final List<String> resultKeys = new ArrayList<>();
    private final List<JobFailed> failures = new ArrayList<>();
    private final Map<String, List<String>> datasetNotes = new LinkedHashMap<>();
    private final Map<String, StageCount> counts = new LinkedHashMap<>();
    private boolean reported;

    private record EmbeddingContext(TaskSpec task, EmbeddingsRequest request) {
    }

    public ExperimentRun(String experimentId, ExperimentSpec spec, long startedAtMillis) {
        this.experimentId = experimentId;
        this.spec = spec;
        this.startedAtMillis = startedAtMillis;
        STAGES.forEach(s -> counts.put(s, new StageCount()));
    }

    public String experimentId() {
        return experimentId;
    }

    public ExperimentSpec spec() {
        return spec;
    }

    /** The dataset jobs to send; tasks that reach the same data share one job. */
    public synchronized List<DatasetPrepare> start() {
        List<DatasetPrepare> jobs = new ArrayList<>();
        for (TaskSpec task : spec.tasks()) {
            DatasetPrepare job = GridPlanner.datasetJob(experimentId, task);
            List<TaskSpec> tasks = datasetJobs.computeIfAbsent(job.jobId(), id -> new ArrayList<>());
            if (tasks.isEmpty()) {
                jobs.add(job);
                issue("datasets", job.jobId());
            }
            tasks.add(task);
        }
        return jobs;
    }

    public synchronized List<EmbeddingsRequest> onDatasetReady(DatasetReady ready) {
        List<TaskSpec> tasks = datasetJobs.get(ready.jobId());
        if (tasks == null || !finish("datasets", ready.jobId(), ready.cached())) {
            return List.of();
        }
        List<EmbeddingsRequest> jobs = new ArrayList<>();
        for (TaskSpec task : tasks) {
            if (!ready.notes().isEmpty()) {
                datasetNotes.put(task.name(), ready.notes());
            }
            DatasetReady forTask = new DatasetReady(ready.version(), ready.jobId(), ready.experimentId(), task.name(),
                    ready.datasetKey(), ready.contentSha256(), ready.nTrain(), ready.nVal(), ready.nTest(), ready.cached(),
                    ready.notes());
            for (EmbeddingsRequest job : GridPlanner.embeddingJobs(experimentId, spec, task, forTask)) {
                List<EmbeddingContext> contexts = embeddingJobs.computeIfAbsent(job.jobId(), id -> new ArrayList<>());
                if (contexts.isEmpty()) {
                    jobs.add(job);
                    issue("embeddings", job.jobId());
                }
                contexts.add(new EmbeddingContext(task, job));
            }
        }
        return jobs;
    }

    public synchronized List<ProbeRequest> onEmbeddingsReady(EmbeddingsReady ready) {
        List<EmbeddingContext> contexts = embeddingJobs.get(ready.jobId());
        if (contexts == null || !finish("embeddings", ready.jobId(), ready.cached())) {
            return List.of();
        }
        List<ProbeRequest> jobs = new ArrayList<>();
        for (EmbeddingContext context : contexts) {
            for (ProbeRequest job : GridPlanner.probeJobs(experimentId, spec, context.task(), context.request(), ready)) {
                // The same probe over the same data under two task names is still one computation.
                if (probeJobs.add(job.jobId())) {
                    jobs.add(job);
                    issue("probes", job.jobId());
                }
            }
        }
        return jobs;
    }

    public synchronized void onProbeResult(ProbeResult result) {
        if (probeJobs.contains(result.jobId()) && finish("probes", result.jobId(), result.cached())) {
            resultKeys.add(result.resultKey());
        }
    }

    public synchronized void onFailure(JobFailed failure) {
        String stage = stageOf(failure.jobId());
        if (stage != null && outstanding.remove(failure.jobId())) {
            counts.get(stage).failed++;
            failures.add(failure);
        }
    }

    /** True once, when every issued job has ended: the caller then asks for the report. */
    public synchronized boolean claimReport() {
        if (reported || !outstanding.isEmpty() || datasetJobs.isEmpty()) {
            return false;
        }
        reported = true;
        return true;
    }

    public synchronized ReportRequest reportRequest() {
        return new ReportRequest(Messages.VERSION, experimentId, spec.name(), List.copyOf(resultKeys), List.copyOf(failures),
                datasetNotes);
    }

    public synchronized Progress progress(String stage) {
        StageCount c = counts.get(stage);
        return new Progress(Messages.VERSION, experimentId, stage, c.done, c.failed, c.cached, c.total, startedAtMillis);
    }

    public synchronized ExperimentStatus status(long nowMillis) {
        return new ExperimentStatus(Messages.VERSION, experimentId, spec.name(), startedAtMillis, nowMillis,
                STAGES.stream().map(this::progress).toList(), reported);
    }

    public synchronized boolean isWaitingFor(String jobId) {
        return outstanding.contains(jobId);
    }

    public static String stageOf(String jobId) {
        if (jobId.startsWith("dataset-")) {
            return "datasets";
        }
        if (jobId.startsWith("embeddings-")) {
            return "embeddings";
        }
        if (jobId.startsWith("probe-")) {
            return "probes";
        }
        return null;
    }

    private void issue(String stage, String jobId) {
        outstanding.add(jobId);
        counts.get(stage).total++;
    }

    private boolean finish(String stage, String jobId, boolean cached) {
        if (!outstanding.remove(jobId)) {
            return false;
        }
        StageCount c = counts.get(stage);
        c.done++;
        if (cached) {
            c.cached++;
        }
        return true;
    }
}

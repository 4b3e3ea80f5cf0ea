package dev.plmlab.orchestrator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.plmlab.model.messages.DatasetPrepare;
import dev.plmlab.model.messages.DatasetReady;
import dev.plmlab.model.messages.JobFailed;
import dev.plmlab.model.messages.Messages;
import dev.plmlab.model.plan.ExperimentRun;
import dev.plmlab.model.spec.SpecReader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** The gauge follows the runs: a job counts from its sending until its reply or failure. */
class OutstandingJobsTest {

    private static final String SPEC = """
            name: outstanding
            tasks:
              - dataset: gb1
                split: low_vs_high
              - dataset: gb1
                split: two_vs_rest
            models: [{family: one-hot}]
            probes: [ridge]
            """;

    @Test
    void countsJobsSentAndNotYetAnsweredByStage() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Map<String, ExperimentRun> runs = new ConcurrentHashMap<>();
        OutstandingJobs.register(registry, runs::values);
        assertEquals(Map.of("datasets", 0.0, "embeddings", 0.0, "probes", 0.0), read(registry));

        ExperimentRun run = new ExperimentRun("exp-1", SpecReader.parse(SPEC), 0);
        List<DatasetPrepare> jobs = run.start();
        runs.put("exp-1", run);
        assertEquals(2, jobs.size());
        assertEquals(2.0, read(registry).get("datasets"));

        DatasetPrepare first = jobs.get(0);
        int embeddings = run.onDatasetReady(new DatasetReady(Messages.VERSION, first.jobId(), "exp-1", first.task().name(),
                "datasets/x.parquet", "sha", 10, 2, 3, false)).size();
        run.onFailure(new JobFailed(Messages.VERSION, jobs.get(1).jobId(), "exp-1", "datasets", "t", "broken"));
        assertEquals(Map.of("datasets", 0.0, "embeddings", (double) embeddings, "probes", 0.0), read(registry));

        runs.clear();
        assertEquals(0.0, read(registry).get("embeddings"), "a run no longer followed counts no more");
    }

    private static Map<String, Double> read(SimpleMeterRegistry registry) {
        Map<String, Double> byStage = new java.util.TreeMap<>();
        registry.find("plmlab_orchestrator_outstanding_jobs").gauges().forEach(g -> byStage.put(g.getId().getTag("stage"), g.value()));
        return byStage;
    }
}

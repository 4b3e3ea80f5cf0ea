package dev.plmlab.model.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plmlab.model.ObjectKeys;
import dev.plmlab.model.messages.DatasetPrepare;
import dev.plmlab.model.messages.DatasetReady;
import dev.plmlab.model.messages.EmbeddingsReady;
import dev.plmlab.model.messages.EmbeddingsRequest;
import dev.plmlab.model.messages.JobFailed;
import dev.plmlab.model.messages.ProbeRequest;
import dev.plmlab.model.messages.ProbeResult;
import dev.plmlab.model.spec.ExperimentSpec;
import dev.plmlab.model.spec.SpecReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExperimentRunTest {

    private static final String SPEC = """
            name: grid
            tasks:
              - dataset: gb1
                split: sampled
              - dataset: gb1
                split: two_vs_rest
            models:
              - family: one-hot
              - family: esm2
                size: t6_8M
                variants: [pretrained, stat-transfer/permute]
                seeds: [1, 2]
                layers: [0, 6]
            probes: [ridge]
            """;

    private static DatasetReady ready(DatasetPrepare job, String sha) {
        return new DatasetReady(1, job.jobId(), "exp", job.task().name(), ObjectKeys.dataset(job.jobId()), sha, 10, 2, 5, false);
    }

    private static EmbeddingsReady ready(EmbeddingsRequest job) {
        return new EmbeddingsReady(1, job.jobId(), "exp", job.taskName(), "features-" + job.jobId(), job.layers(), false);
    }

    @Test
    void whatDatasetPrepFoundReachesTheReportRequestPerTask() throws Exception {
        ExperimentRun run = new ExperimentRun("exp", SpecReader.parse(SPEC), 0);
        List<DatasetPrepare> datasets = run.start();
        DatasetReady plain = ready(datasets.get(0), "sha-a");
        run.onDatasetReady(new DatasetReady(1, plain.jobId(), "exp", plain.taskName(), plain.datasetKey(), "sha-a", 10, 2, 5,
                false, List.of("warning: 2 sequence(s) in both train and test")));
        run.onDatasetReady(ready(datasets.get(1), "sha-b"));
        assertEquals(java.util.Map.of(datasets.get(0).task().name(), List.of("warning: 2 sequence(s) in both train and test")),
                run.reportRequest().datasetNotes(), "only the task with findings, under its name");
    }

    @Test
    void walksTheGridAndAsksForTheReportOnce() throws Exception {
        ExperimentSpec spec = SpecReader.parse(SPEC);
        ExperimentRun run = new ExperimentRun("exp", spec, 0);
        List<DatasetPrepare> datasets = run.start();
        assertEquals(2, datasets.size());

        List<EmbeddingsRequest> embeddings = run.onDatasetReady(ready(datasets.get(0), "sha-a"));
        // one-hot + esm2 pretrained + esm2 permute × 2 seeds
        assertEquals(4, embeddings.size());
        assertEquals(List.of(), run.onDatasetReady(ready(datasets.get(0), "sha-a")), "a redelivered reply is ignored");

        int probes = 0;
        for (EmbeddingsRequest e : embeddings) {
            List<ProbeRequest> jobs = run.onEmbeddingsReady(ready(e));
            probes += jobs.size();
            for (ProbeRequest p : jobs) {
                assertFalse(run.claimReport());
                run.onProbeResult(new ProbeResult(1, p.jobId(), "exp", ObjectKeys.result(p.jobId()), null, false));
            }
        }
        assertEquals(1 + 2 + 2 + 2, probes, "one-hot layer 0, esm2 layers 0 and 6 for three weight sets");
        assertFalse(run.claimReport(), "the second dataset is still out");

        run.onFailure(new JobFailed(1, datasets.get(1).jobId(), "exp", "datasets", "gb1/two_vs_rest", "broken file"));
        assertTrue(run.claimReport());
        assertFalse(run.claimReport(), "asked once only");
        assertEquals(7, run.reportRequest().resultKeys().size());
        assertEquals(1, run.reportRequest().failures().size());
        assertEquals(2, run.progress("datasets").total());
        assertEquals(1, run.progress("datasets").failed());
    }

    @Test
    void jobIdsDependOnDataNotOnTheExperiment() throws Exception {
        ExperimentSpec spec = SpecReader.parse(SPEC);
        DatasetPrepare a = new ExperimentRun("exp-1", spec, 0).start().get(0);
        DatasetPrepare b = new ExperimentRun("exp-2", spec, 0).start().get(0);
        assertEquals(a.jobId(), b.jobId());

        List<EmbeddingsRequest> same = GridPlanner.embeddingJobs("exp-1", spec, a.task(), ready(a, "sha-a"));
        List<EmbeddingsRequest> other = GridPlanner.embeddingJobs("exp-2", spec, b.task(), ready(b, "sha-a"));
        assertEquals(same.stream().map(EmbeddingsRequest::jobId).toList(), other.stream().map(EmbeddingsRequest::jobId).toList());
        List<EmbeddingsRequest> changed = GridPlanner.embeddingJobs("exp-1", spec, a.task(), ready(a, "sha-b"));
        assertNotEquals(same.get(0).jobId(), changed.get(0).jobId());
    }
}

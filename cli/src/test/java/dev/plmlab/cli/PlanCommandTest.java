package dev.plmlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plmlab.cli.plan.ExperimentPlan;
import dev.plmlab.cli.plan.StateFolder;
import dev.plmlab.model.ObjectKeys;
import dev.plmlab.model.catalog.ModelFamily;
import dev.plmlab.model.catalog.TaskType;
import dev.plmlab.model.data.Example;
import dev.plmlab.model.data.PreparedDataset;
import dev.plmlab.model.data.StoredFeatures;
import dev.plmlab.model.messages.DatasetReady;
import dev.plmlab.model.messages.EmbeddingsReady;
import dev.plmlab.model.messages.EmbeddingsRequest;
import dev.plmlab.model.messages.JobIds;
import dev.plmlab.model.messages.Messages;
import dev.plmlab.model.messages.ProbeRequest;
import dev.plmlab.model.plan.GridPlanner;
import dev.plmlab.model.spec.ExperimentSpec;
import dev.plmlab.model.spec.Pooling;
import dev.plmlab.model.spec.Precision;
import dev.plmlab.model.spec.SpecReader;
import dev.plmlab.model.spec.TaskSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code plmlab plan}: counts against numbers worked out by hand from the specs, cache hits from a state folder laid out as
 * local mode's S3Proxy lays it out, and the refusal of an invalid spec. The data folders are given explicitly (none), so
 * GB1's size is the catalogue's 8,733 sequences of 56 residues: the same numbers the split files give.
 */
class PlanCommandTest {

    private static final Path EXAMPLES = Path.of(System.getProperty("plmlab.repo.root", ".."), "examples");
    private static final int GB1 = 8_733;
    private static final int GB1_RESIDUES = 56;

    @TempDir
    Path dir;

    private ExperimentPlan plan(String example, Path state) throws Exception {
        ExperimentSpec spec = SpecReader.read(EXAMPLES.resolve(example));
        return ExperimentPlan.of(spec, EXAMPLES, state, List.of());
    }

    private static ExperimentPlan.ModelLine model(ExperimentPlan plan, String label) {
        return plan.models().stream().filter(m -> m.label().equals(label)).findFirst().orElseThrow();
    }

    @Test
    void gb1OneHotIsThreeJobsAStageAndThreeExperiments() throws Exception {
        ExperimentPlan plan = plan("gb1-onehot.yaml", dir.resolve("state"));
        // 3 tasks, each its own dataset; one-hot is one embedding job per task; ridge on its one layer, one seed
        assertEquals(new ExperimentPlan.Stage("datasets", 3, 0, 0), plan.stage("datasets"));
        assertEquals(new ExperimentPlan.Stage("embeddings", 3, 0, 3), plan.stage("embeddings"));
        assertEquals(new ExperimentPlan.Stage("probes", 3, 0, 3), plan.stage("probes"));
        assertEquals(3, plan.experiments());
        assertEquals(List.of(1, 1, 1), plan.experimentsPerTask());
        ExperimentPlan.ModelLine oneHot = model(plan, "one-hot");
        assertEquals(3, oneHot.jobs());
        assertEquals(0, oneHot.tokens());
        // pooled one-hot is flattened: 56 x 23 = 1,288 floats a sequence, 4 bytes each
        assertEquals(GB1_RESIDUES * 23, oneHot.width());
        assertEquals(3L * GB1 * 1_288 * 4, oneHot.layerBytes()); // 134,977,248
        assertEquals(3L * GB1 * 1_288 * 4, oneHot.allBytes());
        assertFalse(oneHot.exact(), "sizes from the catalogue are estimates");
    }

    @Test
    void gb1Esm2LayersCountsEveryLayerOfEveryVariantAndSeed() throws Exception {
        ExperimentPlan plan = plan("gb1-esm2-layers.yaml", dir.resolve("state"));
        // one-hot 1 + ESM-2 8M: pretrained 1 + (random-init, stat-transfer) x 3 seeds = 8 embedding jobs
        assertEquals(1, plan.stage("datasets").total());
        assertEquals(8, plan.stage("embeddings").total());
        // one-hot: 1 layer; ESM-2 8M: layers 0..6 = 7 for each of its 7 jobs; ridge runs once (unseeded): 1 + 49
        assertEquals(50, plan.stage("probes").total());
        // one-hot, and ESM-2 pretrained / random-init / stat-transfer: seeds repeat an experiment
        assertEquals(4, plan.experiments());
        assertEquals(Map.of(ModelFamily.ONE_HOT, 1, ModelFamily.ESM2, 3), plan.experimentsByFamily());

        ExperimentPlan.ModelLine esm2 = model(plan, "esm2-t6_8M");
        assertEquals(7, esm2.jobs());
        assertEquals(320, esm2.width());
        assertEquals("0-6", esm2.layers());
        // 7 jobs x 8,733 sequences x (56 residues + <cls> + <eos>)
        assertEquals(7L * GB1 * 58, esm2.tokens()); // 3,545,598
        // pooled: 7 jobs x 8,733 x 320 x 4 bytes per layer, 7 layers
        assertEquals(7L * GB1 * 320 * 4, esm2.layerBytes()); // 78,247,680
        assertEquals(7L * GB1 * 320 * 4 * 7, esm2.allBytes()); // 547,733,760
        // the measured model is this one: tokens at 4,994 tokens/s
        assertEquals(7.0 * GB1 * 58 / 4_994, esm2.seconds(), 1e-6);
        assertEquals(1, model(plan, "one-hot").jobs());

        ExperimentPlan.ProbeLine ridge = plan.probes().get(0);
        assertEquals("ridge", ridge.probe());
        assertEquals(TaskType.REGRESSION, ridge.taskType());
        assertEquals(50, ridge.jobs());
    }

    @Test
    void theProteinTransferGridHoldsThePapers370() throws Exception {
        ExperimentPlan plan = plan("protein-transfer.yaml", dir.resolve("state"));
        assertEquals(10, plan.stage("datasets").total());
        // a task: one-hot 1 + 4 ESM-1/1b x 3 + 4 CARP x 3 + 12 CARP checkpoints (the study's 37) + 6 ESM-2 x 3
        assertEquals(List.of(55, 55, 55, 55, 55, 55, 55, 55, 55, 55), plan.experimentsPerTask());
        int study = plan.experimentsByFamily().entrySet().stream().filter(e -> e.getKey() != ModelFamily.ESM2)
                .mapToInt(Map.Entry::getValue).sum();
        assertEquals(370, study);
        // embedding jobs a task: 1 + 8 x (1 + 2 x 3) + 12 + 6 x (1 + 2 x 3) = 111
        assertEquals(1_110, plan.stage("embeddings").total());
    }

    @Test
    void storedObjectsAreCacheHitsAsDeepAsTheyReach() throws Exception {
        Path state = dir.resolve("state");
        Path objects = StateFolder.objectsOf(state);
        ExperimentSpec spec = SpecReader.read(EXAMPLES.resolve("gb1-onehot.yaml"));
        TaskSpec sampled = spec.tasks().get(0);

        // dataset-prep stored gb1/sampled: a tiny prepared dataset stands in for it
        String datasetJob = GridPlanner.datasetJob("any", sampled).jobId();
        String residues = "M".repeat(GB1_RESIDUES);
        PreparedDataset prepared = new PreparedDataset("gb1", "sampled", TaskType.REGRESSION,
                List.of(new Example(residues, 1.0, null), new Example(residues, 2.0, null), new Example(residues, 3.0, null)),
                List.of(new Example(residues, 0.5, null)), List.of(new Example(residues, 0.1, null), new Example(residues, 0.2, null)));
        byte[] datasetBytes = Messages.toJson(prepared).getBytes(StandardCharsets.UTF_8);
        write(objects.resolve(ObjectKeys.dataset(datasetJob)), datasetBytes);

        // the embedder stored its one-hot features (its content id for one-hot is "onehot"); the job id builds on the
        // dataset's content hash, the features id on the job id and the model's content id
        DatasetReady ready = new DatasetReady(Messages.VERSION, datasetJob, "any", sampled.name(), ObjectKeys.dataset(datasetJob),
                JobIds.sha256(datasetBytes), 3, 1, 2, false);
        EmbeddingsRequest embedding = GridPlanner.embeddingJobs("any", spec, sampled, ready).get(0);
        String featuresId = JobIds.of("features", Map.of("embeddings", embedding.jobId(), "model", "onehot"));
        writeManifest(objects, featuresId, "onehot");
        // another model's features: stored, but not this job's
        writeManifest(objects, JobIds.of("features", Map.of("embeddings", "embeddings-other", "model", "model-x")), "model-x");

        // the probe trainer stored the result of the one probe job over those features
        ProbeRequest probe = GridPlanner.probeJobs("any", spec, sampled, embedding,
                new EmbeddingsReady(Messages.VERSION, embedding.jobId(), "any", sampled.name(), featuresId, List.of(0), true)).get(0);
        write(objects.resolve(ObjectKeys.result(probe.jobId())), "{}".getBytes(StandardCharsets.UTF_8));

        ExperimentPlan plan = ExperimentPlan.of(spec, EXAMPLES, state, List.of());
        assertEquals(new ExperimentPlan.Stage("datasets", 3, 1, 0), plan.stage("datasets"));
        // the other two tasks' datasets are not prepared: their embedding and probe ids are not known yet
        assertEquals(new ExperimentPlan.Stage("embeddings", 3, 1, 2), plan.stage("embeddings"));
        assertEquals(new ExperimentPlan.Stage("probes", 3, 1, 2), plan.stage("probes"));
        ExperimentPlan.DatasetLine line = plan.datasets().get(0);
        assertTrue(line.stored());
        assertNotNull(line.stats());
        assertTrue(line.stats().exact(), "sizes of a stored dataset are exact");
        assertEquals(6, line.stats().sequences());

        // through the command: the same counts, and nothing started
        CliRun run = CliRun.of("plan", EXAMPLES.resolve("gb1-onehot.yaml").toString(), "--state", state.toString());
        assertEquals(0, run.exitCode());
        assertTrue(Pattern.compile("datasets\\s+3\\s+1 of 3").matcher(run.out()).find(), run.out());
        assertTrue(Pattern.compile("embeddings\\s+3\\s+1 of 3").matcher(run.out()).find(), run.out());
        assertTrue(Pattern.compile("probes\\s+3\\s+1 of 3").matcher(run.out()).find(), run.out());
        assertTrue(run.out().contains("2 cannot be looked up until their datasets are prepared"), run.out());
    }

    @Test
    void aResultUnderAnotherFeaturesIdIsNoHit() throws Exception {
        Path state = dir.resolve("state");
        Path objects = StateFolder.objectsOf(state);
        ExperimentSpec spec = SpecReader.read(EXAMPLES.resolve("gb1-onehot.yaml"));
        TaskSpec sampled = spec.tasks().get(0);
        String datasetJob = GridPlanner.datasetJob("any", sampled).jobId();
        byte[] datasetBytes = Messages.toJson(new PreparedDataset("gb1", "sampled", TaskType.REGRESSION,
                List.of(new Example("MK", 1.0, null)), List.of(), List.of(new Example("MK", 2.0, null)))).getBytes(StandardCharsets.UTF_8);
        write(objects.resolve(ObjectKeys.dataset(datasetJob)), datasetBytes);
        // features stored for a different dataset content: the job's id differs, so neither it nor its probe is stored
        DatasetReady other = new DatasetReady(Messages.VERSION, datasetJob, "any", sampled.name(), ObjectKeys.dataset(datasetJob),
                JobIds.sha256("something else"), 1, 0, 1, false);
        EmbeddingsRequest embedding = GridPlanner.embeddingJobs("any", spec, sampled, other).get(0);
        writeManifest(objects, JobIds.of("features", Map.of("embeddings", embedding.jobId(), "model", "onehot")), "onehot");

        ExperimentPlan plan = ExperimentPlan.of(spec, EXAMPLES, state, List.of());
        assertEquals(new ExperimentPlan.Stage("embeddings", 3, 0, 2), plan.stage("embeddings"));
        assertEquals(new ExperimentPlan.Stage("probes", 3, 0, 2), plan.stage("probes"));
    }

    @Test
    void anInvalidSpecPrintsItsErrorsAndExitsOne() throws Exception {
        Path spec = dir.resolve("bad.yaml");
        Files.writeString(spec, "name: x\ntasks: [{dataset: gb1, split: nope}]\nmodels: [{family: one-hot}]\nprobes: [ridge]\n");
        CliRun run = CliRun.of("plan", spec.toString(), "--state", dir.resolve("state").toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.out().contains("tasks[0].split"), run.out());
        assertFalse(run.out().contains("jobs"), run.out());
    }

    private static void writeManifest(Path objects, String featuresId, String modelId) throws Exception {
        StoredFeatures manifest = new StoredFeatures(StoredFeatures.VERSION, featuresId, modelId, List.of(0), Pooling.MEAN,
                Precision.FLOAT32, 1_288, Map.of(), Map.of(), Map.of(), null, 1022, Map.of(), Map.of());
        write(objects.resolve(ObjectKeys.embeddingManifest(featuresId)), Messages.toJson(manifest).getBytes(StandardCharsets.UTF_8));
    }

    private static void write(Path file, byte[] bytes) throws Exception {
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
    }
}

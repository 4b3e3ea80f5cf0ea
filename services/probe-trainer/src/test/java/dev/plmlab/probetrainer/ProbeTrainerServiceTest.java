package dev.plmlab.probetrainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plmlab.model.catalog.ModelFamily;
import dev.plmlab.model.ObjectKeys;
import dev.plmlab.model.catalog.TaskType;
import dev.plmlab.model.data.Example;
import dev.plmlab.model.data.PreparedDataset;
import dev.plmlab.model.data.StoredFeatures;
import dev.plmlab.model.messages.JobIds;
import dev.plmlab.model.messages.EmbeddingModel;
import dev.plmlab.model.messages.JobFailed;
import dev.plmlab.model.messages.Messages;
import dev.plmlab.model.messages.MetricValue;
import dev.plmlab.model.messages.ProbeRequest;
import dev.plmlab.model.messages.ProbeResult;
import dev.plmlab.model.messages.Topics;
import dev.plmlab.model.spec.LongSequencePolicy;
import dev.plmlab.model.spec.Pooling;
import dev.plmlab.model.spec.Precision;
import dev.plmlab.model.spec.ProbeSpec;
import dev.plmlab.model.spec.TaskSpec;
import dev.plmlab.model.spec.Variant;
import dev.plmlab.service.StoredJson;
import dev.plmlab.store.NpyArray;
import dev.plmlab.store.Npy;
import dev.plmlab.store.ObjectStore;
import dev.plmlab.testkit.KafkaTopicClient;
import dev.plmlab.testkit.PlmlabInfra;
import dev.plmlab.testkit.PlmlabInfraResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Probe requests over the real broker; data, features and results through the real S3 endpoint. */
@QuarkusTest
@QuarkusTestResource(PlmlabInfraResource.class)
class ProbeTrainerServiceTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int FEATURES = 8;

    @Inject
    ObjectStore store;

    @Inject
    MeterRegistry registry;

    /** Bytes of layer 3's objects of the last problem stored. */
    private long layerThreeBytes;

    /** Targets are a noisy linear function of the features, so ridge must rank the test set well. */
    private ProbeRequest storeProblem(String probeType) {
        Random random = new Random(7);
        double[] weights = random.doubles(FEATURES, -1, 1).toArray();
        Map<String, List<Example>> parts = new LinkedHashMap<>();
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        for (String part : PreparedDataset.PARTS) {
            int n = part.equals("train") ? 200 : 60;
            float[] x = new float[n * FEATURES];
            List<Example> examples = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                double y = random.nextGaussian() * 0.1;
                for (int j = 0; j < FEATURES; j++) {
                    x[i * FEATURES + j] = (float) random.nextGaussian();
                    y += weights[j] * x[i * FEATURES + j];
                }
                examples.add(new Example("A", y, null));
            }
            parts.put(part, examples);
            arrays.put(part, NpyArray.float32(x, n, FEATURES));
        }
        String id = UUID.randomUUID().toString();
        String datasetKey = ObjectKeys.dataset("dataset-" + id);
        String featuresId = "features-" + id;
        byte[] dataset = Messages.toJson(new PreparedDataset("toy", "s", TaskType.REGRESSION,
                parts.get("train"), parts.get("val"), parts.get("test"))).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        store.put(datasetKey, dataset, "application/json");
        Map<String, Long> sequences = new LinkedHashMap<>();
        Map<String, Long> bytes = new LinkedHashMap<>();
        layerThreeBytes = 0;
        for (Map.Entry<String, NpyArray> e : arrays.entrySet()) {
            byte[] npy = Npy.toBytes(e.getValue());
            store.put(ObjectKeys.embeddingLayer(featuresId, e.getKey(), 3), npy, "application/octet-stream");
            // another layer of the same job that this probe must never read: it is not even a valid .npy
            store.put(ObjectKeys.embeddingLayer(featuresId, e.getKey(), 2), new byte[] {1, 2, 3}, "application/octet-stream");
            sequences.put(e.getKey(), (long) e.getValue().shape()[0]);
            bytes.put(e.getKey(), (long) npy.length);
            layerThreeBytes += npy.length;
        }
        StoredJson.put(store, ObjectKeys.embeddingManifest(featuresId), new StoredFeatures(StoredFeatures.VERSION, featuresId,
                "model-x", List.of(2, 3), Pooling.MEAN, Precision.FLOAT32, FEATURES, sequences, sequences, bytes,
                LongSequencePolicy.TRUNCATE_ENDS, 1022, Map.of(), null));
        TaskSpec task = new TaskSpec("toy", null, "s", "toy.csv", null, null, Map.of(), TaskType.REGRESSION, 0);
        return new ProbeRequest(1, "probe-" + id, "exp-" + id, task, datasetKey, JobIds.sha256(dataset), featuresId,
                new EmbeddingModel(ModelFamily.ESM2, "t6_8M", null, Variant.PRETRAINED, 0, 1.0), 3,
                new ProbeSpec(probeType, ProbeSpec.DEFAULT_ALPHAS, Map.of()), 42);
    }

    @Test
    void fitsRidgeStoresTheOutcomeAndReusesIt() {
        ProbeRequest job = storeProblem("ridge");
        double readBefore = registry.counter("plmlab_features_read_bytes_total").count();
        try (KafkaTopicClient kafka = new KafkaTopicClient(PlmlabInfra.shared().kafkaBootstrapServers())) {
            kafka.send(Topics.PROBES_REQUESTS, job.jobId(), Messages.toJson(job));
            ProbeResult result = kafka.await(Topics.PROBES_RESULTS, WAIT,
                    json -> Messages.fromJson(json, ProbeResult.class, Topics.PROBES_RESULTS), r -> r.jobId().equals(job.jobId()));
            assertFalse(result.cached());
            MetricValue spearman = result.outcome().metrics().get(0);
            assertEquals("spearman", spearman.metric());
            assertTrue(spearman.value() > 0.9, "a linear signal is ranked well: " + spearman);
            assertTrue(spearman.ciLow() <= spearman.value() && spearman.value() <= spearman.ciHigh(), spearman::toString);
            assertEquals("esm2-t6_8M", result.outcome().model());
            assertEquals(3, result.outcome().layer());
            assertEquals(200, result.outcome().nTrain());
            assertTrue(store.exists(result.resultKey()));
            assertEquals(layerThreeBytes, registry.counter("plmlab_features_read_bytes_total").count() - readBefore,
                    "the probe reads its layer's objects, once, and nothing else");

            kafka.send(Topics.PROBES_REQUESTS, job.jobId(), Messages.toJson(job));
            assertEquals(2, kafka.count(Topics.PROBES_RESULTS, Duration.ofSeconds(8), json -> json.contains(job.jobId())));
        }
    }

    @Test
    void aDatasetChangedSinceThePlanFailsTheJob() {
        ProbeRequest planned = storeProblem("ridge");
        ProbeRequest job = new ProbeRequest(1, planned.jobId(), planned.experimentId(), planned.task(), planned.datasetKey(),
                JobIds.sha256("other content"), planned.featuresId(), planned.model(), planned.layer(), planned.probe(),
                planned.seed());
        try (KafkaTopicClient kafka = new KafkaTopicClient(PlmlabInfra.shared().kafkaBootstrapServers())) {
            kafka.send(Topics.PROBES_REQUESTS, job.jobId(), Messages.toJson(job));
            JobFailed failed = kafka.await(Topics.FAILURES, WAIT, json -> Messages.fromJson(json, JobFailed.class, Topics.FAILURES),
                    f -> f.jobId().equals(job.jobId()));
            assertTrue(failed.message().contains("has changed since this job was planned"), failed.message());
        }
    }

    /**
     * Per-residue features whose first three columns encode each residue's class, plus noise. One train protein
     * is longer than the limit (25) and was cut with truncate-ends, so its labels must be cut alike; every
     * fifth residue is masked out.
     */
    private ProbeRequest storePerResidueProblem(Map<String, Integer> scoredResidues) {
        Random random = new Random(11);
        List<String> classes = List.of("C", "E", "H");
        int width = 4;
        int limit = 25;
        String featuresId = "features-" + UUID.randomUUID();
        Map<String, List<Example>> parts = new LinkedHashMap<>();
        Map<String, Long> sequences = new LinkedHashMap<>();
        Map<String, Long> rows = new LinkedHashMap<>();
        Map<String, Long> bytes = new LinkedHashMap<>();
        for (String part : PreparedDataset.PARTS) {
            int proteins = part.equals("train") ? 40 : 12;
            List<Example> examples = new ArrayList<>();
            List<Float> values = new ArrayList<>();
            long[] offsets = new long[proteins + 1];
            int scored = 0;
            for (int p = 0; p < proteins; p++) {
                int length = part.equals("train") && p == 0 ? 40 : 20;
                StringBuilder labels = new StringBuilder();
                StringBuilder mask = new StringBuilder();
                for (int r = 0; r < length; r++) {
                    labels.append(classes.get(random.nextInt(3)));
                    mask.append(r % 5 == 4 ? '0' : '1');
                }
                int[] kept = LongSequencePolicy.TRUNCATE_ENDS.keptPositions(length, limit);
                for (int position : kept) {
                    int label = classes.indexOf(String.valueOf(labels.charAt(position)));
                    for (int j = 0; j < width; j++) {
                        values.add((j == label ? 1f : 0f) + (float) (random.nextGaussian() * 0.2));
                    }
                    if (mask.charAt(position) == '1') {
                        scored++;
                    }
                }
                offsets[p + 1] = offsets[p] + kept.length;
                examples.add(new Example(part + "-" + p, "A".repeat(length), null, labels.toString(), mask.toString()));
            }
            float[] x = new float[values.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = values.get(i);
            }
            byte[] npy = Npy.toBytes(NpyArray.float32(x, x.length / width, width));
            store.put(ObjectKeys.embeddingLayer(featuresId, part, 0), npy, "application/octet-stream");
            store.put(ObjectKeys.embeddingOffsets(featuresId, part), Npy.toBytes(NpyArray.int64(offsets, offsets.length)),
                    "application/octet-stream");
            parts.put(part, examples);
            sequences.put(part, (long) proteins);
            rows.put(part, offsets[proteins]);
            bytes.put(part, (long) npy.length);
            scoredResidues.put(part, scored);
        }
        StoredJson.put(store, ObjectKeys.embeddingManifest(featuresId), new StoredFeatures(StoredFeatures.VERSION, featuresId,
                "onehot", List.of(0), Pooling.NONE, Precision.FLOAT32, width, sequences, rows, bytes,
                LongSequencePolicy.TRUNCATE_ENDS, limit, Map.of("train", 1L, "val", 0L, "test", 0L), null));
        byte[] dataset = Messages.toJson(new PreparedDataset("toy-residues", "s", TaskType.PER_RESIDUE_CLASSIFICATION, classes,
                parts.get("train"), parts.get("val"), parts.get("test"))).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String datasetKey = "datasets/test-" + featuresId + ".json";
        store.put(datasetKey, dataset, "application/json");
        TaskSpec task = new TaskSpec("toy-residues", null, "s", "toy.fasta", null, null, Map.of(),
                TaskType.PER_RESIDUE_CLASSIFICATION, 0, "toy-seqs.fasta", null);
        return new ProbeRequest(1, "probe-" + featuresId, "exp-" + featuresId, task, datasetKey, JobIds.sha256(dataset),
                featuresId, new EmbeddingModel(ModelFamily.ONE_HOT, null, null, Variant.PRETRAINED, 0, 1.0), 0,
                new ProbeSpec("linear", List.of(), Map.of("lr", 0.05, "epochs", 15, "batch_size", 64)), 42);
    }

    @Test
    void trainsAPerResidueLinearProbeOnTheScoredResiduesTheFeaturesHold() {
        Map<String, Integer> scored = new LinkedHashMap<>();
        ProbeRequest job = storePerResidueProblem(scored);
        try (KafkaTopicClient kafka = new KafkaTopicClient(PlmlabInfra.shared().kafkaBootstrapServers())) {
            kafka.send(Topics.PROBES_REQUESTS, job.jobId(), Messages.toJson(job));
            ProbeResult result = kafka.await(Topics.PROBES_RESULTS, WAIT,
                    json -> Messages.fromJson(json, ProbeResult.class, Topics.PROBES_RESULTS), r -> r.jobId().equals(job.jobId()));
            MetricValue accuracy = result.outcome().metrics().get(0);
            assertEquals("accuracy", accuracy.metric());
            assertTrue(accuracy.value() > 0.9, "the class is in the features: " + accuracy);
            assertTrue(accuracy.ciLow() <= accuracy.value() && accuracy.value() <= accuracy.ciHigh(), accuracy::toString);
            assertEquals(Messages.mapper().convertValue(scored, Map.class), result.outcome().params().get("scored_residues"),
                    "masked residues and residues cut with the features are not scored");
            assertEquals(Map.of("train", 1, "val", 0, "test", 0), result.outcome().params().get("cut_sequences"));
        }
    }

    /** A 3-class sequence-level task whose class is in the first three feature columns, plus noise. */
    private ProbeRequest storeClassificationProblem() {
        Random random = new Random(5);
        String featuresId = "features-" + UUID.randomUUID();
        Map<String, List<Example>> parts = new LinkedHashMap<>();
        Map<String, Long> sequences = new LinkedHashMap<>();
        Map<String, Long> bytes = new LinkedHashMap<>();
        for (String part : PreparedDataset.PARTS) {
            int n = part.equals("train") ? 300 : 90;
            float[] x = new float[n * FEATURES];
            List<Example> examples = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int label = random.nextInt(3);
                for (int j = 0; j < FEATURES; j++) {
                    x[i * FEATURES + j] = (j == label ? 1f : 0f) + (float) (random.nextGaussian() * 0.2);
                }
                examples.add(new Example("A", (double) label, null));
            }
            byte[] npy = Npy.toBytes(NpyArray.float32(x, n, FEATURES));
            store.put(ObjectKeys.embeddingLayer(featuresId, part, 1), npy, "application/octet-stream");
            parts.put(part, examples);
            sequences.put(part, (long) n);
            bytes.put(part, (long) npy.length);
        }
        StoredJson.put(store, ObjectKeys.embeddingManifest(featuresId), new StoredFeatures(StoredFeatures.VERSION, featuresId,
                "model-x", List.of(1), Pooling.MEAN, Precision.FLOAT32, FEATURES, sequences, sequences, bytes,
                LongSequencePolicy.TRUNCATE_ENDS, 1022, Map.of(), null));
        byte[] dataset = Messages.toJson(new PreparedDataset("toy-classes", "s", TaskType.CLASSIFICATION,
                List.of("cytoplasm", "membrane", "nucleus"), parts.get("train"), parts.get("val"), parts.get("test")))
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String datasetKey = "datasets/test-" + featuresId + ".json";
        store.put(datasetKey, dataset, "application/json");
        TaskSpec task = new TaskSpec("toy-classes", null, "s", "toy.csv", null, null, Map.of(), TaskType.CLASSIFICATION, 0);
        return new ProbeRequest(1, "probe-" + featuresId, "exp-" + featuresId, task, datasetKey, JobIds.sha256(dataset),
                featuresId, new EmbeddingModel(ModelFamily.ESM2, "t6_8M", null, Variant.PRETRAINED, 0, 1.0), 1,
                new ProbeSpec("mlp", List.of(), Map.of("lr", 0.01, "epochs", 20, "hidden", 16, "batch_size", 32)), 3);
    }

    @Test
    void trainsAClassifierAndReportsEveryClassificationMetric() {
        ProbeRequest job = storeClassificationProblem();
        try (KafkaTopicClient kafka = new KafkaTopicClient(PlmlabInfra.shared().kafkaBootstrapServers())) {
            kafka.send(Topics.PROBES_REQUESTS, job.jobId(), Messages.toJson(job));
            ProbeResult result = kafka.await(Topics.PROBES_RESULTS, WAIT,
                    json -> Messages.fromJson(json, ProbeResult.class, Topics.PROBES_RESULTS), r -> r.jobId().equals(job.jobId()));
            List<String> names = result.outcome().metrics().stream().map(MetricValue::metric).toList();
            assertEquals(List.of("accuracy", "macro_f1", "roc_auc", "cross_entropy"), names);
            MetricValue accuracy = result.outcome().metrics().get(0);
            assertTrue(accuracy.value() > 0.9, "the class is in the features: " + accuracy);
            assertTrue(result.outcome().metrics().get(2).value() > 0.95, "ROC-AUC of a separable task");
            assertEquals(3, result.outcome().seed());
            assertTrue(((Number) result.outcome().params().get("best_epoch")).intValue() >= 1);
        }
    }

    @Test
    void aProbeTheModelCannotFeedFailsItsJobClearly() {
        ProbeRequest job = storeProblem("cnn");
        try (KafkaTopicClient kafka = new KafkaTopicClient(PlmlabInfra.shared().kafkaBootstrapServers())) {
            kafka.send(Topics.PROBES_REQUESTS, job.jobId(), Messages.toJson(job));
            JobFailed failed = kafka.await(Topics.FAILURES, WAIT, json -> Messages.fromJson(json, JobFailed.class, Topics.FAILURES),
                    f -> f.jobId().equals(job.jobId()));
            assertTrue(failed.message().contains("cnn needs one-hot input; the model is esm2"), failed.message());
        }
    }
}

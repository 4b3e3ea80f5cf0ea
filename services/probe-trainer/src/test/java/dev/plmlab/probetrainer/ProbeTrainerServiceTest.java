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
                LongSequencePolicy.TRUNCATE_ENDS, 1022, Map.of()));
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

    @Test
    void anUnavailableProbeFailsItsJobClearly() {
        ProbeRequest job = storeProblem("cnn");
        try (KafkaTopicClient kafka = new KafkaTopicClient(PlmlabInfra.shared().kafkaBootstrapServers())) {
            kafka.send(Topics.PROBES_REQUESTS, job.jobId(), Messages.toJson(job));
            JobFailed failed = kafka.await(Topics.FAILURES, WAIT, json -> Messages.fromJson(json, JobFailed.class, Topics.FAILURES),
                    f -> f.jobId().equals(job.jobId()));
            assertTrue(failed.message().contains("probe 'cnn' is not available yet"), failed.message());
        }
    }
}

package dev.plmlab.probetrainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plmlab.model.ObjectKeys;
import dev.plmlab.model.catalog.TaskType;
import dev.plmlab.model.data.Example;
import dev.plmlab.model.data.FeatureNames;
import dev.plmlab.model.data.PreparedDataset;
import dev.plmlab.model.messages.EmbeddingModel;
import dev.plmlab.model.messages.JobFailed;
import dev.plmlab.model.messages.Messages;
import dev.plmlab.model.messages.MetricValue;
import dev.plmlab.model.messages.ProbeRequest;
import dev.plmlab.model.messages.ProbeResult;
import dev.plmlab.model.messages.Topics;
import dev.plmlab.model.spec.ProbeSpec;
import dev.plmlab.model.spec.TaskSpec;
import dev.plmlab.model.spec.Variant;
import dev.plmlab.service.StoredJson;
import dev.plmlab.store.NpyArray;
import dev.plmlab.store.Npz;
import dev.plmlab.store.ObjectStore;
import dev.plmlab.testkit.KafkaTopicClient;
import dev.plmlab.testkit.PlmlabInfra;
import dev.plmlab.testkit.PlmlabInfraResource;
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
            arrays.put(FeatureNames.pooled(part, 3), NpyArray.float32(x, n, FEATURES));
        }
        String id = UUID.randomUUID().toString();
        String datasetKey = ObjectKeys.dataset("dataset-" + id);
        String embeddingsKey = ObjectKeys.embeddings("embeddings-" + id);
        StoredJson.put(store, datasetKey, new PreparedDataset("toy", "s", TaskType.REGRESSION,
                parts.get("train"), parts.get("val"), parts.get("test")));
        store.put(embeddingsKey, Npz.toBytes(arrays), "application/octet-stream");
        TaskSpec task = new TaskSpec("toy", null, "s", "toy.csv", null, null, Map.of(), TaskType.REGRESSION, 0);
        return new ProbeRequest(1, "probe-" + id, "exp-" + id, task, datasetKey, embeddingsKey,
                new EmbeddingModel("esm2", "t6_8M", null, Variant.PRETRAINED, 0, 1.0), 3,
                new ProbeSpec(probeType, ProbeSpec.DEFAULT_ALPHAS, Map.of()), 42);
    }

    @Test
    void fitsRidgeStoresTheOutcomeAndReusesIt() {
        ProbeRequest job = storeProblem("ridge");
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

            kafka.send(Topics.PROBES_REQUESTS, job.jobId(), Messages.toJson(job));
            assertEquals(2, kafka.count(Topics.PROBES_RESULTS, Duration.ofSeconds(8), json -> json.contains(job.jobId())));
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

package dev.plmlab.embedder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plmlab.model.ObjectKeys;
import dev.plmlab.model.catalog.TaskType;
import dev.plmlab.model.data.Example;
import dev.plmlab.model.data.FeatureNames;
import dev.plmlab.model.data.PreparedDataset;
import dev.plmlab.model.messages.EmbeddingModel;
import dev.plmlab.model.messages.EmbeddingsReady;
import dev.plmlab.model.messages.EmbeddingsRequest;
import dev.plmlab.model.messages.Messages;
import dev.plmlab.model.messages.Topics;
import dev.plmlab.model.spec.LongSequencePolicy;
import dev.plmlab.model.spec.Pooling;
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
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The golden tiny ESM-2 checkpoint forged inside the embedder and run on ONNX Runtime: stored
 * features equal the reference implementation's layer means, and stored shards are reused.
 */
@QuarkusTest
@QuarkusTestResource(PlmlabInfraResource.class)
class EmbedderEsm2Test {

    private static final Path GOLDEN = Path.of(System.getProperty("plmlab.repo.root", "../.."),
            "libs/forge/src/test/resources/golden/esm2");

    @Inject
    ObjectStore store;

    private static JsonNode expected() throws IOException {
        return new ObjectMapper().readTree(GOLDEN.resolve("expected.json").toFile());
    }

    /** The five golden sequences: three to train, one each to validate and test. */
    private String storeGoldenDataset(JsonNode expected) {
        List<Example> all = new ArrayList<>();
        expected.get("sequences").forEach(s -> all.add(new Example(s.asText(), 1.0, null)));
        String key = ObjectKeys.dataset("dataset-" + UUID.randomUUID());
        StoredJson.put(store, key, new PreparedDataset("golden", "", TaskType.REGRESSION, all.subList(0, 3),
                all.subList(3, 4), all.subList(4, 5)));
        return key;
    }

    private static EmbeddingsRequest request(String datasetKey) {
        EmbeddingModel model = new EmbeddingModel("esm2", null, GOLDEN.resolve("esm2_t3_64_tiny.pt").toString(),
                Variant.PRETRAINED, 0, 1.0);
        return new EmbeddingsRequest(1, "embeddings-" + UUID.randomUUID(), "exp-" + UUID.randomUUID(), "golden", datasetKey,
                "sha", model, List.of(), Pooling.MEAN, LongSequencePolicy.ERROR, "float32", 256, "local");
    }

    private static EmbeddingsReady run(KafkaTopicClient kafka, EmbeddingsRequest job) {
        kafka.send(Topics.EMBEDDINGS_REQUESTS, job.jobId(), Messages.toJson(job));
        return kafka.await(Topics.EMBEDDINGS_READY, Duration.ofSeconds(90),
                json -> Messages.fromJson(json, EmbeddingsReady.class, Topics.EMBEDDINGS_READY),
                r -> r.jobId().equals(job.jobId()) && r.experimentId().equals(job.experimentId()));
    }

    @Test
    void layerMeansEqualTheReferenceForEveryLayer() throws IOException {
        JsonNode expected = expected();
        EmbeddingsRequest job = request(storeGoldenDataset(expected));
        try (KafkaTopicClient kafka = new KafkaTopicClient(PlmlabInfra.shared().kafkaBootstrapServers())) {
            EmbeddingsReady ready = run(kafka, job);
            assertFalse(ready.cached());
            Map<String, NpyArray> arrays = Npz.fromBytes(store.get(ready.embeddingsKey()).orElseThrow());
            int layers = expected.get("config").get("num_layers").asInt();
            double worst = 0;
            for (int layer = 0; layer <= layers; layer++) {
                JsonNode means = expected.get("layers").get(Integer.toString(layer)).get("mean");
                float[][] train = arrays.get(FeatureNames.pooled("train", layer)).floatRows();
                float[][] test = arrays.get(FeatureNames.pooled("test", layer)).floatRows();
                for (int i = 0; i < 3; i++) {
                    worst = Math.max(worst, maxDiff(train[i], means.get(i)));
                }
                worst = Math.max(worst, maxDiff(test[0], means.get(4)));
            }
            assertTrue(worst <= 1e-4, "max abs difference to the reference means: " + worst);

            EmbeddingsRequest again = new EmbeddingsRequest(1, job.jobId(), "exp-" + UUID.randomUUID(), job.taskName(),
                    job.datasetKey(), job.datasetSha256(), job.model(), job.layers(), job.pooling(), job.longSequences(),
                    job.precision(), job.tokenBudget(), job.backend());
            EmbeddingsReady repeated = run(kafka, again);
            assertTrue(repeated.cached(), "a repeated request, from another experiment, computes nothing");
            assertEquals(ready.layers(), repeated.layers());
        }
    }

    @Test
    void storedShardsAreReusedNotRecomputed() throws IOException {
        JsonNode expected = expected();
        EmbeddingsRequest job = request(storeGoldenDataset(expected));
        // A shard as a crashed embedder would have left it; its marker values could not come from the model.
        int depth = expected.get("config").get("num_layers").asInt();
        int dim = expected.get("config").get("embed_dim").asInt();
        Map<String, NpyArray> shard = new java.util.LinkedHashMap<>();
        for (int layer = 0; layer <= depth; layer++) {
            float[] marker = new float[1 * dim];
            java.util.Arrays.fill(marker, 1234.5f);
            shard.put("layer" + layer, NpyArray.float32(marker, 1, dim));
        }
        store.put(ObjectKeys.embeddingShard(job.jobId(), 1, "val", 0), Npz.toBytes(shard), "application/octet-stream");
        try (KafkaTopicClient kafka = new KafkaTopicClient(PlmlabInfra.shared().kafkaBootstrapServers())) {
            EmbeddingsReady ready = run(kafka, job);
            Map<String, NpyArray> arrays = Npz.fromBytes(store.get(ready.embeddingsKey()).orElseThrow());
            assertEquals(1234.5f, arrays.get(FeatureNames.pooled("val", depth)).floatRows()[0][0], "the stored shard was used");
            double diff = maxDiff(arrays.get(FeatureNames.pooled("train", depth)).floatRows()[0],
                    expected.get("layers").get(Integer.toString(depth)).get("mean").get(0));
            assertTrue(diff <= 1e-4, "the missing shards were computed: " + diff);
        }
    }

    private static double maxDiff(float[] actual, JsonNode reference) {
        double worst = 0;
        for (int d = 0; d < actual.length; d++) {
            worst = Math.max(worst, Math.abs(actual[d] - reference.get(d).asDouble()));
        }
        return worst;
    }
}

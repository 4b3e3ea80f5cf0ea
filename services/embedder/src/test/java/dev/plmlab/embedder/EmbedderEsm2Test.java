package dev.plmlab.embedder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plmlab.model.catalog.ModelFamily;
import dev.plmlab.model.ObjectKeys;
import dev.plmlab.model.catalog.TaskType;
import dev.plmlab.model.data.Example;
import dev.plmlab.model.data.PreparedDataset;
import dev.plmlab.model.messages.EmbeddingModel;
import dev.plmlab.model.messages.EmbeddingsReady;
import dev.plmlab.model.messages.EmbeddingsRequest;
import dev.plmlab.model.messages.JobFailed;
import dev.plmlab.model.messages.Messages;
import dev.plmlab.model.messages.Topics;
import dev.plmlab.model.spec.Backend;
import dev.plmlab.model.spec.LongSequencePolicy;
import dev.plmlab.model.spec.Pooling;
import dev.plmlab.model.spec.Precision;
import dev.plmlab.model.spec.Variant;
import dev.plmlab.store.NpyArray;
import dev.plmlab.forge.onnx.RandomCheckpoints;
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
import org.junit.jupiter.api.io.TempDir;

/**
 * The golden tiny ESM-2 checkpoint forged inside the embedder and run on ONNX Runtime: stored per-layer
 * features equal the reference implementation's layer means and per-residue states, stored shards are
 * reused and deleted once the layers are complete, and a checkpoint replaced under its path gets new features.
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
    private StoredLayers.StoredDataset storeGoldenDataset(JsonNode expected) {
        List<Example> all = new ArrayList<>();
        expected.get("sequences").forEach(s -> all.add(new Example(s.asText(), 1.0, null)));
        return StoredLayers.put(store, new PreparedDataset("golden", "", TaskType.REGRESSION, all.subList(0, 3),
                all.subList(3, 4), all.subList(4, 5)));
    }

    private static EmbeddingsRequest request(StoredLayers.StoredDataset dataset, Path checkpoint, Pooling pooling) {
        EmbeddingModel model = new EmbeddingModel(ModelFamily.ESM2, null, checkpoint.toString(), Variant.PRETRAINED, 0, 1.0);
        return new EmbeddingsRequest(1, "embeddings-" + UUID.randomUUID(), "exp-" + UUID.randomUUID(), "golden", dataset.key(),
                dataset.sha256(), model, List.of(), pooling, LongSequencePolicy.ERROR, Precision.FLOAT32, 256, Backend.LOCAL);
    }

    private static EmbeddingsRequest request(StoredLayers.StoredDataset dataset) {
        return request(dataset, GOLDEN.resolve("esm2_t3_64_tiny.pt"), Pooling.MEAN);
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
            int layers = expected.get("config").get("num_layers").asInt();
            double worst = 0;
            for (int layer = 0; layer <= layers; layer++) {
                JsonNode means = expected.get("layers").get(Integer.toString(layer)).get("mean");
                float[][] train = StoredLayers.layer(store, ready.featuresId(), "train", layer).floatRows();
                float[][] test = StoredLayers.layer(store, ready.featuresId(), "test", layer).floatRows();
                for (int i = 0; i < 3; i++) {
                    worst = Math.max(worst, maxDiff(train[i], means.get(i)));
                }
                worst = Math.max(worst, maxDiff(test[0], means.get(4)));
            }
            assertTrue(worst <= 1e-4, "max abs difference to the reference means: " + worst);
            assertTrue(store.list(ObjectKeys.embeddingShards(ready.featuresId())).isEmpty(),
                    "the shards are deleted once the layer objects are complete");

            EmbeddingsRequest again = new EmbeddingsRequest(1, job.jobId(), "exp-" + UUID.randomUUID(), job.taskName(),
                    job.datasetKey(), job.datasetSha256(), job.model(), job.layers(), job.pooling(), job.longSequences(),
                    job.precision(), job.tokenBudget(), job.backend());
            EmbeddingsReady repeated = run(kafka, again);
            assertTrue(repeated.cached(), "a repeated request, from another experiment, computes nothing");
            assertEquals(ready.layers(), repeated.layers());
        }
    }

    @Test
    void perResidueStatesOfEveryLayerEqualTheReference() throws IOException {
        JsonNode expected = expected();
        EmbeddingsRequest job = request(storeGoldenDataset(expected), GOLDEN.resolve("esm2_t3_64_tiny.pt"), Pooling.NONE);
        try (KafkaTopicClient kafka = new KafkaTopicClient(PlmlabInfra.shared().kafkaBootstrapServers())) {
            EmbeddingsReady ready = run(kafka, job);
            int[] lengths = new int[5];
            for (int i = 0; i < 5; i++) {
                lengths[i] = expected.get("sequences").get(i).asText().length();
            }
            long[] trainOffsets = StoredLayers.offsets(store, ready.featuresId(), "train");
            assertArrayEquals(new long[] {0, lengths[0], lengths[0] + lengths[1], lengths[0] + lengths[1] + lengths[2]},
                    trainOffsets);
            double worst = 0;
            for (int layer = 0; layer <= expected.get("config").get("num_layers").asInt(); layer++) {
                JsonNode hidden = expected.get("layers").get(Integer.toString(layer)).get("hidden");
                float[][] train = StoredLayers.layer(store, ready.featuresId(), "train", layer).floatRows();
                float[][] test = StoredLayers.layer(store, ready.featuresId(), "test", layer).floatRows();
                assertEquals(trainOffsets[3], train.length);
                for (int i = 0; i < 3; i++) {
                    for (int r = 0; r < lengths[i]; r++) {
                        // the reference's states include <cls> at position 0
                        worst = Math.max(worst, maxDiff(train[(int) trainOffsets[i] + r], hidden.get(i).get(r + 1)));
                    }
                }
                for (int r = 0; r < lengths[4]; r++) {
                    worst = Math.max(worst, maxDiff(test[r], hidden.get(4).get(r + 1)));
                }
            }
            assertTrue(worst <= 1e-4, "max abs difference to the reference per-residue states: " + worst);
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
            shard.put(FeatureObjects.layerEntry(layer), NpyArray.float32(marker, 1, dim));
        }
        String featuresId = featuresIdOf(job);
        store.put(ObjectKeys.embeddingShard(featuresId, "1r", "val", 0), Npz.toBytes(shard), "application/octet-stream");
        try (KafkaTopicClient kafka = new KafkaTopicClient(PlmlabInfra.shared().kafkaBootstrapServers())) {
            EmbeddingsReady ready = run(kafka, job);
            assertEquals(featuresId, ready.featuresId());
            assertEquals(1234.5f, StoredLayers.layer(store, featuresId, "val", depth).floatRows()[0][0], "the stored shard was used");
            double diff = maxDiff(StoredLayers.layer(store, featuresId, "train", depth).floatRows()[0],
                    expected.get("layers").get(Integer.toString(depth)).get("mean").get(0));
            assertTrue(diff <= 1e-4, "the missing shards were computed: " + diff);
        }
    }

    @Test
    void aCheckpointReplacedUnderItsPathGetsNewFeatures(@TempDir Path dir) throws IOException {
        JsonNode expected = expected();
        StoredLayers.StoredDataset dataset = storeGoldenDataset(expected);
        Path checkpoint = dir.resolve("mine.pt");
        RandomCheckpoints.writeEsm2(checkpoint, 2, 32, 4, 1);
        EmbeddingsRequest first = request(dataset, checkpoint, Pooling.MEAN);
        try (KafkaTopicClient kafka = new KafkaTopicClient(PlmlabInfra.shared().kafkaBootstrapServers())) {
            EmbeddingsReady before = run(kafka, first);
            float[] old = StoredLayers.layer(store, before.featuresId(), "train", 2).floatRows()[0];

            // same path, same size, other weights (a new file: new inode and time)
            RandomCheckpoints.writeEsm2(checkpoint, 2, 32, 4, 2);
            EmbeddingsRequest second = new EmbeddingsRequest(1, first.jobId(), "exp-" + UUID.randomUUID(), first.taskName(),
                    first.datasetKey(), first.datasetSha256(), first.model(), first.layers(), first.pooling(),
                    first.longSequences(), first.precision(), first.tokenBudget(), first.backend());
            EmbeddingsReady after = run(kafka, second);
            assertFalse(after.cached(), "the replaced checkpoint's features are computed, not reused");
            assertNotEquals(before.featuresId(), after.featuresId());
            float[] fresh = StoredLayers.layer(store, after.featuresId(), "train", 2).floatRows()[0];
            assertTrue(maxDiff(fresh, old) > 1e-3, "other weights give other features");

            EmbeddingsRequest third = new EmbeddingsRequest(1, first.jobId(), "exp-" + UUID.randomUUID(), first.taskName(),
                    first.datasetKey(), first.datasetSha256(), first.model(), first.layers(), first.pooling(),
                    first.longSequences(), first.precision(), first.tokenBudget(), first.backend());
            assertTrue(run(kafka, third).cached(), "unchanged, it is reused");
        }
    }

    @Test
    void aCheckpointOfAnotherFamilyThanTheSpecSaysFailsClearly() throws IOException {
        StoredLayers.StoredDataset dataset = storeGoldenDataset(expected());
        EmbeddingsRequest esm2 = request(dataset);
        EmbeddingModel mislabelled = new EmbeddingModel(ModelFamily.CARP, null, esm2.model().checkpoint(), Variant.PRETRAINED, 0, 1.0);
        EmbeddingsRequest job = new EmbeddingsRequest(1, esm2.jobId(), esm2.experimentId(), esm2.taskName(), esm2.datasetKey(),
                esm2.datasetSha256(), mislabelled, esm2.layers(), esm2.pooling(), esm2.longSequences(), esm2.precision(),
                esm2.tokenBudget(), esm2.backend());
        try (KafkaTopicClient kafka = new KafkaTopicClient(PlmlabInfra.shared().kafkaBootstrapServers())) {
            kafka.send(Topics.EMBEDDINGS_REQUESTS, job.jobId(), Messages.toJson(job));
            JobFailed failed = kafka.await(Topics.FAILURES, Duration.ofSeconds(90),
                    json -> Messages.fromJson(json, JobFailed.class, Topics.FAILURES), f -> f.jobId().equals(job.jobId()));
            assertTrue(failed.message().contains("the spec says family carp but") && failed.message().contains("holds a model of family esm2"),
                    failed.message());
        }
    }

    private String featuresIdOf(EmbeddingsRequest job) throws IOException {
        Path cache = Path.of("target/model-cache");
        OfficialCheckpoints officials = new OfficialCheckpoints(store, OfficialCheckpoints.catalogue(java.util.Optional.empty()),
                java.util.Optional.empty(), cache, java.time.Duration.ofMinutes(1), java.time.Duration.ofMinutes(1),
                java.time.Clock.systemUTC());
        ForgedModels models = new ForgedModels(cache, new dev.plmlab.service.SpecFiles(null, Path.of("."), true), officials);
        return new FeatureExtraction(store, models, null, null)
                .identify(job).featuresId();
    }

    private static double maxDiff(float[] actual, float[] reference) {
        double worst = 0;
        for (int d = 0; d < actual.length; d++) {
            worst = Math.max(worst, Math.abs(actual[d] - reference[d]));
        }
        return worst;
    }

    private static double maxDiff(float[] actual, JsonNode reference) {
        double worst = 0;
        for (int d = 0; d < actual.length; d++) {
            worst = Math.max(worst, Math.abs(actual[d] - reference.get(d).asDouble()));
        }
        return worst;
    }
}

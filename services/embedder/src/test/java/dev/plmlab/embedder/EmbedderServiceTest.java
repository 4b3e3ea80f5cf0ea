package dev.plmlab.embedder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import dev.plmlab.store.ObjectStore;
import dev.plmlab.testkit.KafkaTopicClient;
import dev.plmlab.testkit.PlmlabInfra;
import dev.plmlab.testkit.PlmlabInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Embedding requests over the real broker; features to and from the real S3 endpoint. */
@QuarkusTest
@QuarkusTestResource(PlmlabInfraResource.class)
class EmbedderServiceTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    ObjectStore store;

    private StoredLayers.StoredDataset storeDataset() {
        return StoredLayers.put(store, new PreparedDataset("toy", "", TaskType.REGRESSION,
                List.of(new Example("AC", 1.0, null), new Example("UCA", 2.0, null)),
                List.of(new Example("W", 0.5, null)), List.of(new Example("YY", 3.0, null))));
    }

    private static EmbeddingsRequest request(StoredLayers.StoredDataset dataset, ModelFamily family, String size) {
        EmbeddingModel model = new EmbeddingModel(family, size, null, Variant.PRETRAINED, 0, 1.0);
        return new EmbeddingsRequest(1, "embeddings-" + UUID.randomUUID(), "exp-" + UUID.randomUUID(), "toy", dataset.key(),
                dataset.sha256(), model, List.of(0), Pooling.MEAN, LongSequencePolicy.TRUNCATE_ENDS, Precision.FLOAT32, 1024,
                Backend.LOCAL);
    }

    private static EmbeddingsReady awaitReady(KafkaTopicClient kafka, EmbeddingsRequest job) {
        return kafka.await(Topics.EMBEDDINGS_READY, WAIT,
                json -> Messages.fromJson(json, EmbeddingsReady.class, Topics.EMBEDDINGS_READY),
                r -> r.jobId().equals(job.jobId()) && r.experimentId().equals(job.experimentId()));
    }

    @Test
    void storesOneHotFeaturesOnceAndReusesThem() {
        EmbeddingsRequest job = request(storeDataset(), ModelFamily.ONE_HOT, null);
        try (KafkaTopicClient kafka = new KafkaTopicClient(PlmlabInfra.shared().kafkaBootstrapServers())) {
            kafka.send(Topics.EMBEDDINGS_REQUESTS, job.jobId(), Messages.toJson(job));
            EmbeddingsReady ready = awaitReady(kafka, job);
            assertFalse(ready.cached());
            NpyArray train = StoredLayers.layer(store, ready.featuresId(), "train", 0);
            assertArrayEquals(new int[] {2, 3 * 23}, train.shape(), "padded to the longest sequence of all parts");
            float[] row0 = train.floatRows()[0];
            assertEquals(1f, row0[0], "A is column 0 of the first residue");
            assertEquals(1f, row0[23 + 1], "C is column 1 of the second residue");
            assertEquals(2f, sum(row0), "two residues, the rest is padding");
            assertEquals(1f, train.floatRows()[1][22], "U is the last of the 23 letters");
            assertArrayEquals(new int[] {1, 69}, StoredLayers.layer(store, ready.featuresId(), "val", 0).shape());

            EmbeddingsRequest again = new EmbeddingsRequest(1, job.jobId(), "exp-" + UUID.randomUUID(), job.taskName(),
                    job.datasetKey(), job.datasetSha256(), job.model(), job.layers(), job.pooling(), job.longSequences(),
                    job.precision(), job.tokenBudget(), job.backend());
            kafka.send(Topics.EMBEDDINGS_REQUESTS, again.jobId(), Messages.toJson(again));
            assertTrue(awaitReady(kafka, again).cached(), "a repeated request computes nothing");
        }
    }

    @Test
    void perResidueOneHotKeepsWhatTheLongSequencePolicyKeeps() {
        String longSequence = "A".repeat(1000) + "C".repeat(30);
        StoredLayers.StoredDataset dataset = StoredLayers.put(store, new PreparedDataset("toy-residues", "",
                TaskType.PER_RESIDUE_CLASSIFICATION, List.of("E", "H"),
                List.of(new Example("AC", null, "HE"), new Example(longSequence, null, "H".repeat(1030))),
                List.of(new Example("W", null, "H")), List.of(new Example("YY", null, "EE"))));
        EmbeddingsRequest base = request(dataset, ModelFamily.ONE_HOT, null);
        EmbeddingsRequest job = new EmbeddingsRequest(1, base.jobId(), base.experimentId(), base.taskName(), base.datasetKey(),
                base.datasetSha256(), base.model(), base.layers(), Pooling.NONE, LongSequencePolicy.TRUNCATE_ENDS,
                Precision.FLOAT16, base.tokenBudget(), base.backend());
        try (KafkaTopicClient kafka = new KafkaTopicClient(PlmlabInfra.shared().kafkaBootstrapServers())) {
            kafka.send(Topics.EMBEDDINGS_REQUESTS, job.jobId(), Messages.toJson(job));
            EmbeddingsReady ready = awaitReady(kafka, job);
            NpyArray train = StoredLayers.layer(store, ready.featuresId(), "train", 0);
            assertArrayEquals(new int[] {2 + 1022, 23}, train.shape(), "the long sequence keeps 511 + 511 residues");
            float[][] rows = train.floatRows();
            assertEquals(1f, rows[1][1], "C, the second residue of the first sequence");
            assertEquals(1f, rows[2 + 510][0], "the head ends with A");
            assertEquals(1f, rows[2 + 511][0], "the tail starts at residue 520, an A");
            assertEquals(1f, rows[2 + 1021][1], "and ends with the last C");
            NpyArray offsets = store.read(ObjectKeys.embeddingOffsets(ready.featuresId(), "train"), dev.plmlab.store.Npy::read)
                    .orElseThrow();
            assertArrayEquals(new long[] {0, 2, 1024}, offsets.longs());
            var manifest = dev.plmlab.service.StoredJson.require(store, ObjectKeys.embeddingManifest(ready.featuresId()),
                    dev.plmlab.model.data.StoredFeatures.class);
            assertEquals(1L, manifest.cutSequences().get("train"));
            assertEquals(1022, manifest.keptPositions(1030).length);
        }
    }

    @Test
    void aDatasetReplacedSinceThePlanFailsTheJob() {
        StoredLayers.StoredDataset planned = storeDataset();
        EmbeddingsRequest job = request(new StoredLayers.StoredDataset(planned.key(), "0".repeat(64)), ModelFamily.ONE_HOT, null);
        try (KafkaTopicClient kafka = new KafkaTopicClient(PlmlabInfra.shared().kafkaBootstrapServers())) {
            kafka.send(Topics.EMBEDDINGS_REQUESTS, job.jobId(), Messages.toJson(job));
            JobFailed failed = kafka.await(Topics.FAILURES, WAIT, json -> Messages.fromJson(json, JobFailed.class, Topics.FAILURES),
                    f -> f.jobId().equals(job.jobId()));
            assertTrue(failed.message().contains("has changed since this job was planned"), failed.message());
        }
    }

    @Test
    void aRequestItCannotServeFailsClearlyAndOthersGoOn() {
        EmbeddingsRequest esm = request(storeDataset(), ModelFamily.ESM2, "t6_8M");
        EmbeddingsRequest oneHot = request(storeDataset(), ModelFamily.ONE_HOT, null);
        try (KafkaTopicClient kafka = new KafkaTopicClient(PlmlabInfra.shared().kafkaBootstrapServers())) {
            kafka.send(Topics.EMBEDDINGS_REQUESTS, esm.jobId(), Messages.toJson(esm));
            kafka.send(Topics.EMBEDDINGS_REQUESTS, oneHot.jobId(), Messages.toJson(oneHot));
            JobFailed failed = kafka.await(Topics.FAILURES, WAIT, json -> Messages.fromJson(json, JobFailed.class, Topics.FAILURES),
                    f -> f.jobId().equals(esm.jobId()));
            // the test profile's mirror is a closed loopback port: the fetch fails at once, without the internet
            assertTrue(failed.message().contains("cannot fetch the official checkpoint esm2_t6_8M_UR50D")
                    && failed.message().contains("http://127.0.0.1:9/esm2_t6_8M_UR50D.pt")
                    && failed.message().contains("plmlab.embedder.catalogue.mirror"), failed.message());
            assertFalse(awaitReady(kafka, oneHot).cached());
        }
    }

    private static float sum(float[] values) {
        float s = 0;
        for (float v : values) {
            s += v;
        }
        return s;
    }
}

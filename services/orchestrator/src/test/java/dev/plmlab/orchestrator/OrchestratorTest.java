package dev.plmlab.orchestrator;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plmlab.model.ObjectKeys;
import dev.plmlab.model.messages.DatasetPrepare;
import dev.plmlab.model.messages.DatasetReady;
import dev.plmlab.model.messages.DeadLetter;
import dev.plmlab.model.messages.EmbeddingsRequest;
import dev.plmlab.model.messages.JobIds;
import dev.plmlab.model.messages.ExperimentAccepted;
import dev.plmlab.model.messages.ExperimentRejected;
import dev.plmlab.model.messages.ExperimentSubmitted;
import dev.plmlab.model.messages.Messages;
import dev.plmlab.model.messages.Topics;
import dev.plmlab.model.plan.ExperimentRun;
import dev.plmlab.model.plan.ExperimentStatus;
import dev.plmlab.model.spec.SpecReader;
import dev.plmlab.model.spec.SpecError;
import dev.plmlab.store.ObjectStore;
import dev.plmlab.testkit.KafkaTopicClient;
import dev.plmlab.testkit.PlmlabInfra;
import dev.plmlab.testkit.PlmlabInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Round trips through the real broker and the real S3 endpoint started by the testkit. */
@QuarkusTest
@QuarkusTestResource(PlmlabInfraResource.class)
class OrchestratorTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    ObjectStore store;

    @Test
    void aSpecWithThreeErrorsGetsOneRejectionListingAllThree() {
        String spec = """
                name: three-errors
                tasks:
                  - dataset: gb1
                    split: low_vs_hi
                models:
                  - family: esm2
                    size: t6_8M
                    layers: [7]
                probes:
                  - type: ridge
                    alphas: [0]
                """;
        ExperimentSubmitted submitted = ExperimentSubmitted.of(spec);
        try (KafkaTopicClient kafka = new KafkaTopicClient(PlmlabInfra.shared().kafkaBootstrapServers())) {
            kafka.send(Topics.EXPERIMENTS, submitted.experimentId(), Messages.toJson(submitted));
            ExperimentRejected rejected = kafka.await(Topics.EXPERIMENTS_REJECTED, WAIT,
                    json -> Messages.fromJson(json, ExperimentRejected.class, Topics.EXPERIMENTS_REJECTED),
                    r -> r.experimentId().equals(submitted.experimentId()));
            assertEquals(List.of("tasks[0].split", "models[0].layers[0]", "probes[0].alphas[0]"),
                    rejected.errors().stream().map(SpecError::path).toList());
            assertTrue(rejected.errors().get(0).message().contains("unknown split 'low_vs_hi' for gb1"));
            assertEquals(1, kafka.count(Topics.EXPERIMENTS_REJECTED, Duration.ofSeconds(2),
                    json -> json.contains(submitted.experimentId())), "exactly one rejection");
        }
    }

    @Test
    void aValidSpecIsAcceptedStoredAndExpandedIntoDatasetJobs() throws java.io.IOException {
        String spec = """
                name: accepted
                tasks:
                  - dataset: gb1
                    split: sampled
                  - dataset: gb1
                    split: two_vs_rest
                models: [{family: one-hot}]
                probes: [ridge]
                """;
        ExperimentSubmitted submitted = ExperimentSubmitted.of(spec);
        try (KafkaTopicClient kafka = new KafkaTopicClient(PlmlabInfra.shared().kafkaBootstrapServers())) {
            kafka.send(Topics.EXPERIMENTS, submitted.experimentId(), Messages.toJson(submitted));
            ExperimentAccepted accepted = kafka.await(Topics.EXPERIMENTS_ACCEPTED, WAIT,
                    json -> Messages.fromJson(json, ExperimentAccepted.class, Topics.EXPERIMENTS_ACCEPTED),
                    a -> a.experimentId().equals(submitted.experimentId()));
            assertEquals(2, accepted.datasetJobs());
            DatasetPrepare job = kafka.await(Topics.DATASETS_PREPARE, WAIT,
                    json -> Messages.fromJson(json, DatasetPrepare.class, Topics.DATASETS_PREPARE),
                    j -> j.experimentId().equals(submitted.experimentId()));
            assertEquals("gb1", job.task().dataset());
        }
        assertTrue(store.exists(ObjectKeys.experimentSpec(submitted.experimentId())));
        ExperimentStatus status = Messages.mapper().convertValue(Messages.mapper().readTree(
                store.get(ObjectKeys.experimentStatus(submitted.experimentId())).orElseThrow()), ExperimentStatus.class);
        assertEquals("accepted", status.name());
        assertEquals(2, status.stages().get(0).total(), "the stored status counts the dataset jobs, for plmlab status");
        given().when().get("/experiments/" + submitted.experimentId())
                .then().statusCode(200).body("name", equalTo("accepted")).body("stages[0].total", equalTo(2));
        given().when().get("/q/health/ready").then().statusCode(200);
        given().when().get("/q/metrics").then().statusCode(200);
    }

    private static final String ONE_HOT = """
            name: %s
            tasks:
              - dataset: gb1
                split: sampled
              - dataset: gb1
                split: two_vs_rest
            models: [{family: one-hot}]
            probes: [ridge]
            """;

    private static ExperimentRejected awaitRejection(KafkaTopicClient kafka, String experimentId) {
        return kafka.await(Topics.EXPERIMENTS_REJECTED, WAIT,
                json -> Messages.fromJson(json, ExperimentRejected.class, Topics.EXPERIMENTS_REJECTED),
                r -> r.experimentId().equals(experimentId));
    }

    private static ExperimentAccepted awaitAcceptance(KafkaTopicClient kafka, String experimentId) {
        return kafka.await(Topics.EXPERIMENTS_ACCEPTED, WAIT,
                json -> Messages.fromJson(json, ExperimentAccepted.class, Topics.EXPERIMENTS_ACCEPTED),
                a -> a.experimentId().equals(experimentId));
    }

    /** What a plain Kafka client (kcat) might send: every malformed submission is answered, naming the problem. */
    @Test
    void everyMalformedSubmissionIsAnsweredWithARejectionThatNamesTheProblem() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        try (KafkaTopicClient kafka = new KafkaTopicClient(PlmlabInfra.shared().kafkaBootstrapServers())) {
            Map<String, String> sent = Map.of(
                    "not-json-" + tag, "name: this is YAML, not a message",
                    "array-" + tag, "[1, 2]",
                    "no-spec-" + tag, "{\"version\": 1, \"submittedAt\": \"2026-01-01T00:00:00Z\"}",
                    "spec-not-text-" + tag, "{\"version\": 1, \"specText\": {\"name\": \"x\"}}",
                    "empty-spec-" + tag, "{\"version\": 1, \"specText\": \"  \"}",
                    "comment-only-" + tag, "{\"version\": 1, \"specText\": \"# nothing here\\n\"}",
                    "newer-" + tag, "{\"version\": 99, \"specText\": \"name: x\"}");
            sent.forEach((key, payload) -> kafka.send(Topics.EXPERIMENTS, key, payload));
            Map<String, String> where = Map.of("not-json-", "(message)", "array-", "(message)", "no-spec-", "specText",
                    "spec-not-text-", "specText", "empty-spec-", "(file)", "newer-", "version");
            for (String key : sent.keySet()) {
                ExperimentRejected rejection = awaitRejection(kafka, key);
                assertTrue(!rejection.errors().isEmpty(), key + " is rejected with a reason");
                where.forEach((prefix, path) -> {
                    if (key.startsWith(prefix)) {
                        assertEquals(path, rejection.errors().get(0).path(), key + ": " + rejection.errors());
                    }
                });
            }
            // an id that cannot be an object key is refused, and the rejection carries it so its sender finds it
            String badId = "../../" + tag;
            kafka.send(Topics.EXPERIMENTS, null, "{\"version\": 1, \"experimentId\": \"" + badId + "\", \"specText\": \"name: x\"}");
            assertEquals("experimentId", awaitRejection(kafka, badId).errors().get(0).path());
        }
        given().when().get("/q/health/live").then().statusCode(200);
    }

    /** Without an experimentId the id comes from the record key, else from the spec text (as plmlab submit does). */
    @Test
    void aSubmissionWithoutAnIdGetsOneFromItsKeyOrItsSpec() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String fromSpec = ONE_HOT.formatted("no-id-" + tag);
        String fromKey = ONE_HOT.formatted("keyed-" + tag);
        try (KafkaTopicClient kafka = new KafkaTopicClient(PlmlabInfra.shared().kafkaBootstrapServers())) {
            kafka.send(Topics.EXPERIMENTS, null, Messages.mapper().createObjectNode().put("specText", fromSpec).toString());
            assertEquals(2, awaitAcceptance(kafka, JobIds.experiment(fromSpec)).datasetJobs());
            kafka.send(Topics.EXPERIMENTS, "mine-" + tag, Messages.mapper().createObjectNode()
                    .put("version", 1).put("specText", fromKey).toString());
            assertEquals("keyed-" + tag, awaitAcceptance(kafka, "mine-" + tag).name());
        }
        assertTrue(store.exists(ObjectKeys.experimentSpec("mine-" + tag)));
    }

    /**
     * An experiment another orchestrator accepted (its spec and status are in the store) and whose reply comes
     * here: it is taken up from the store, its dataset jobs are sent again, and the reply moves it on.
     */
    @Test
    void aReplyForAnExperimentNotFollowedHereIsLookedUpInTheStore() throws Exception {
        String id = "exp-stored-" + UUID.randomUUID();
        String spec = ONE_HOT.formatted("stored");
        ExperimentRun previous = new ExperimentRun(id, SpecReader.parse(spec), 1_000L);
        List<DatasetPrepare> planned = previous.start();
        store.put(ObjectKeys.experimentSpec(id), spec.getBytes(StandardCharsets.UTF_8), "application/yaml");
        store.put(ObjectKeys.experimentStatus(id), Messages.toJson(previous.status(2_000L)).getBytes(StandardCharsets.UTF_8),
                "application/json");

        DatasetPrepare first = planned.get(0);
        DatasetReady ready = new DatasetReady(Messages.VERSION, first.jobId(), id, first.task().name(),
                ObjectKeys.dataset(first.jobId()), "0".repeat(64), 10, 2, 3, false);
        try (KafkaTopicClient kafka = new KafkaTopicClient(PlmlabInfra.shared().kafkaBootstrapServers())) {
            kafka.send(Topics.DATASETS_READY, id, Messages.toJson(ready));
            EmbeddingsRequest embedding = kafka.await(Topics.EMBEDDINGS_REQUESTS, WAIT,
                    json -> Messages.fromJson(json, EmbeddingsRequest.class, Topics.EMBEDDINGS_REQUESTS),
                    r -> r.experimentId().equals(id));
            assertEquals(first.task().name(), embedding.taskName(), "the reply moved the stored experiment on");
            assertEquals(2, kafka.count(Topics.DATASETS_PREPARE, Duration.ofSeconds(3), json -> json.contains(id)),
                    "both dataset jobs were sent again, so the stored outputs answer them");
        }
        given().when().get("/experiments/" + id).then().statusCode(200).body("name", equalTo("stored"))
                .body("stages[0].done", equalTo(1));
        ExperimentStatus status = Messages.mapper().readValue(store.get(ObjectKeys.experimentStatus(id)).orElseThrow(),
                ExperimentStatus.class);
        assertEquals(1_000L, status.startedAtMillis(), "the resumed run keeps the experiment's start");
        assertTrue(!status.reported());
    }

    @Test
    void aReplyForAnUnknownExperimentIsDroppedAndTheConsumerGoesOn() {
        String id = "exp-unknown-" + UUID.randomUUID();
        String spec = ONE_HOT.formatted("after-junk");
        ExperimentSubmitted submitted = new ExperimentSubmitted(Messages.VERSION, JobIds.experiment(spec + id), spec, Instant.now());
        try (KafkaTopicClient kafka = new KafkaTopicClient(PlmlabInfra.shared().kafkaBootstrapServers())) {
            kafka.send(Topics.DATASETS_READY, id, Messages.toJson(new DatasetReady(Messages.VERSION, "dataset-x", id, "t",
                    "datasets/x/dataset.json", "0".repeat(64), 1, 1, 1, false)));
            kafka.send(Topics.DATASETS_READY, null, "{not json");
            kafka.send(Topics.PROBES_RESULTS, null, "{\"version\": 1}");
            kafka.send(Topics.EXPERIMENTS, submitted.experimentId(), Messages.toJson(submitted));
            awaitAcceptance(kafka, submitted.experimentId());
        }
        given().when().get("/experiments/" + id).then().statusCode(404);
        given().when().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("plmlab_bad_messages_total{topic=\"plmlab.datasets.ready\"}"));
    }

    /** Poison replies go to the dead-letter topic with their reasons; a reply of a newer version is parked, not dead. */
    @Test
    void poisonRepliesAreDeadLetteredAndNewerOnesParked() {
        String tag = UUID.randomUUID().toString();
        String junk = "{junk " + tag;
        String noId = "{\"version\": 1, \"jobId\": \"probe-" + tag + "\"}";
        String newer = "{\"version\": " + (Messages.VERSION + 1) + ", \"experimentId\": \"exp-" + tag + "\"}";
        try (KafkaTopicClient kafka = new KafkaTopicClient(PlmlabInfra.shared().kafkaBootstrapServers())) {
            kafka.send(Topics.DATASETS_READY, null, junk);
            kafka.send(Topics.PROBES_RESULTS, null, noId);
            kafka.send(Topics.EMBEDDINGS_READY, "exp-" + tag, newer);
            DeadLetter first = kafka.await(Topics.DEAD_LETTERS, WAIT, json -> Messages.fromJson(json, DeadLetter.class,
                    Topics.DEAD_LETTERS), d -> d.payload().equals(junk));
            assertEquals(Topics.DATASETS_READY, first.topic());
            assertEquals("plmlab-orchestrator", first.consumer());
            assertTrue(first.reason().startsWith("bad DatasetReady message on plmlab.datasets.ready"), first.reason());
            DeadLetter second = kafka.await(Topics.DEAD_LETTERS, WAIT, json -> Messages.fromJson(json, DeadLetter.class,
                    Topics.DEAD_LETTERS), d -> d.payload().equals(noId));
            assertTrue(second.reason().contains("no valid 'experimentId'"), second.reason());
            assertEquals(1, kafka.count(Topics.PARKED, Duration.ofSeconds(3), newer::equals), "the newer reply is parked");
            assertEquals(0, kafka.count(Topics.DEAD_LETTERS, Duration.ofSeconds(1), json -> json.contains("exp-" + tag)));
        }
    }
}

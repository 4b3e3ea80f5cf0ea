package dev.plmlab.orchestrator;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plmlab.model.ObjectKeys;
import dev.plmlab.model.messages.DatasetPrepare;
import dev.plmlab.model.messages.ExperimentAccepted;
import dev.plmlab.model.messages.ExperimentRejected;
import dev.plmlab.model.messages.ExperimentSubmitted;
import dev.plmlab.model.messages.Messages;
import dev.plmlab.model.messages.Topics;
import dev.plmlab.model.plan.ExperimentStatus;
import dev.plmlab.model.spec.SpecError;
import dev.plmlab.store.ObjectStore;
import dev.plmlab.testkit.KafkaTopicClient;
import dev.plmlab.testkit.PlmlabInfra;
import dev.plmlab.testkit.PlmlabInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
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
}

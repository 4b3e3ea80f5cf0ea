package dev.plmlab.datasetprep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plmlab.model.catalog.TaskType;
import dev.plmlab.model.messages.DatasetPrepare;
import dev.plmlab.model.messages.DatasetReady;
import dev.plmlab.model.messages.JobFailed;
import dev.plmlab.model.messages.Messages;
import dev.plmlab.model.messages.Topics;
import dev.plmlab.model.plan.GridPlanner;
import dev.plmlab.model.spec.TaskSpec;
import dev.plmlab.store.ObjectStore;
import dev.plmlab.testkit.KafkaTopicClient;
import dev.plmlab.testkit.PlmlabInfra;
import dev.plmlab.testkit.PlmlabInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Dataset jobs in over the real broker, datasets out to the real S3 endpoint. */
@QuarkusTest
@QuarkusTestResource(PlmlabInfraResource.class)
class DatasetPrepServiceTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Map<String, String> COLUMNS =
            Map.of("sequence", "sequence", "target", "target", "set", "set", "validation", "validation");

    @Inject
    ObjectStore store;

    private static TaskSpec gb1(String split) {
        return new TaskSpec("gb1/" + split, "gb1", split, null, null, null, Map.of(), TaskType.REGRESSION, 56);
    }

    private static DatasetReady awaitReady(KafkaTopicClient kafka, DatasetPrepare job, String experiment) {
        return kafka.await(Topics.DATASETS_READY, WAIT, json -> Messages.fromJson(json, DatasetReady.class, Topics.DATASETS_READY),
                r -> r.jobId().equals(job.jobId()) && r.experimentId().equals(experiment));
    }

    @Test
    void preparesGb1OnceAndReusesIt() {
        String first = "exp-" + UUID.randomUUID();
        DatasetPrepare job = GridPlanner.datasetJob(first, gb1("sampled"));
        try (KafkaTopicClient kafka = new KafkaTopicClient(PlmlabInfra.shared().kafkaBootstrapServers())) {
            kafka.send(Topics.DATASETS_PREPARE, job.jobId(), Messages.toJson(job));
            DatasetReady ready = awaitReady(kafka, job, first);
            assertEquals(6289, ready.nTrain());
            assertEquals(699, ready.nVal());
            assertEquals(1745, ready.nTest());
            assertTrue(store.exists(ready.datasetKey()));

            String second = "exp-" + UUID.randomUUID();
            DatasetPrepare again = GridPlanner.datasetJob(second, gb1("sampled"));
            kafka.send(Topics.DATASETS_PREPARE, again.jobId(), Messages.toJson(again));
            DatasetReady reused = awaitReady(kafka, again, second);
            assertTrue(reused.cached(), "the second job finds the stored dataset");
            assertEquals(ready.contentSha256(), reused.contentSha256());
        }
    }

    @Test
    void anInvalidResidueFailsTheJobNamingLineAndLetter() throws IOException {
        Path csv = Files.createTempFile("bad-residue", ".csv");
        Files.writeString(csv, "sequence,target,set,validation\nMKTAY,1.0,train,\nMK1AY,2.0,test,\n");
        String experiment = "exp-" + UUID.randomUUID();
        TaskSpec task = new TaskSpec("mine", null, null, csv.toString(), null, null, COLUMNS, TaskType.REGRESSION, 0);
        DatasetPrepare job = GridPlanner.datasetJob(experiment, task);
        try (KafkaTopicClient kafka = new KafkaTopicClient(PlmlabInfra.shared().kafkaBootstrapServers())) {
            kafka.send(Topics.DATASETS_PREPARE, job.jobId(), Messages.toJson(job));
            JobFailed failed = kafka.await(Topics.FAILURES, WAIT, json -> Messages.fromJson(json, JobFailed.class, Topics.FAILURES),
                    f -> f.jobId().equals(job.jobId()) && f.experimentId().equals(experiment));
            assertTrue(failed.message().contains(csv + ":3: letter '1'"), failed.message());
            assertEquals("datasets", failed.stage());
        } finally {
            Files.deleteIfExists(csv);
        }
    }

    @Test
    void aMissingFileFailsTheJobClearly() {
        String experiment = "exp-" + UUID.randomUUID();
        TaskSpec task = new TaskSpec("missing", null, null, "no/such/file.csv", null, null, COLUMNS, TaskType.REGRESSION, 0);
        DatasetPrepare job = GridPlanner.datasetJob(experiment, task);
        try (KafkaTopicClient kafka = new KafkaTopicClient(PlmlabInfra.shared().kafkaBootstrapServers())) {
            kafka.send(Topics.DATASETS_PREPARE, job.jobId(), Messages.toJson(job));
            JobFailed failed = kafka.await(Topics.FAILURES, WAIT, json -> Messages.fromJson(json, JobFailed.class, Topics.FAILURES),
                    f -> f.jobId().equals(job.jobId()) && f.experimentId().equals(experiment));
            assertTrue(failed.message().contains("no/such/file.csv"), failed.message());
            assertTrue(failed.message().contains("does not exist"), failed.message());
            assertFalse(store.exists(dev.plmlab.model.ObjectKeys.dataset(job.jobId())));
        }
    }
}

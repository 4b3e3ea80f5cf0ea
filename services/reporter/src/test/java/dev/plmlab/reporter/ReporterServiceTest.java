package dev.plmlab.reporter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plmlab.model.ObjectKeys;
import dev.plmlab.model.messages.JobFailed;
import dev.plmlab.model.messages.Messages;
import dev.plmlab.model.messages.MetricValue;
import dev.plmlab.model.messages.ProbeOutcome;
import dev.plmlab.model.messages.ReportReady;
import dev.plmlab.model.messages.ReportRequest;
import dev.plmlab.model.messages.ReportRequested;
import dev.plmlab.model.messages.Topics;
import dev.plmlab.model.results.ResultRow;
import dev.plmlab.model.results.TestPredictions;
import dev.plmlab.service.StoredJson;
import dev.plmlab.store.ObjectStore;
import dev.plmlab.testkit.KafkaTopicClient;
import dev.plmlab.testkit.PlmlabInfra;
import dev.plmlab.testkit.PlmlabInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Report requests over the real broker; results read from and reports written to the real S3 endpoint. */
@QuarkusTest
@QuarkusTestResource(PlmlabInfraResource.class)
class ReporterServiceTest {

    @Inject
    ObjectStore store;

    @Test
    void writesResultsCsvReportsAndTheRequestWithFailures() {
        String id = "exp-" + UUID.randomUUID();
        String job = "probe-" + UUID.randomUUID();
        ProbeOutcome outcome = new ProbeOutcome("gb1", "sampled", "one-hot", "one-hot", null, "pretrained", 0, 1.0, 0, "ridge", 42,
                List.of(new MetricValue("spearman", 0.8, 0.78, 0.82)), List.of(new MetricValue("spearman", 0.75, Double.NaN, Double.NaN)),
                6289, 699, 1745, ObjectKeys.testPredictions(job), Map.of("alpha", 10.0));
        String resultKey = ObjectKeys.result(job);
        StoredJson.put(store, ObjectKeys.testPredictions(job), TestPredictions.regression(new double[] {1, 2, 3}, new double[] {1, 3, 2}));
        StoredJson.put(store, resultKey, outcome);
        JobFailed failure = new JobFailed(1, "dataset-x", id, "datasets", "mine", "mine.csv:3: letter '1' at residue 3");
        ReportRequest request = new ReportRequest(1, id, "demo", List.of(resultKey), List.of(failure));
        try (KafkaTopicClient kafka = new KafkaTopicClient(PlmlabInfra.shared().kafkaBootstrapServers())) {
            kafka.send(Topics.REPORTS_REQUESTS, id, Messages.toJson(request));
            ReportReady ready = kafka.await(Topics.REPORTS_READY, Duration.ofSeconds(60),
                    json -> Messages.fromJson(json, ReportReady.class, Topics.REPORTS_READY), r -> r.experimentId().equals(id));
            assertEquals(1, ready.results());
            assertEquals(1, ready.failures());
            String csv = new String(store.get(ready.resultsCsvKey()).orElseThrow(), StandardCharsets.UTF_8);
            assertEquals(String.join(",", ResultRow.COLUMNS) + "\n"
                    + "demo,gb1,sampled,one-hot,one-hot,,pretrained,0,1.0,0,ridge,42,spearman,0.8,0.78,0.82,0.75,6289,699,1745,"
                    + "\"{\"\"alpha\"\":10.0}\"\n", csv);
            String md = new String(store.get(ready.reportMarkdownKey()).orElseThrow(), StandardCharsets.UTF_8);
            assertTrue(md.contains("| one-hot | pretrained | 0 | 1.0 | 0 | ridge | 42 | 0.800 [0.780, 0.820] |"), md);
            assertTrue(md.contains("| one-hot | ridge | 0 | 0.800 | [0.780, 0.820] | 0.789 | 0.011 | yes |"),
                    "the reference score is shown beside ours:\n" + md);
            assertTrue(md.contains("mine.csv:3: letter '1' at residue 3"), md);
            String html = new String(store.get(ready.reportHtmlKey()).orElseThrow(), StandardCharsets.UTF_8);
            assertTrue(html.contains("mine.csv:3: letter &#39;1&#39; at residue 3") || html.contains("letter '1' at residue 3"), html);
            assertTrue(store.exists(ObjectKeys.reportRequest(id)), "the request is kept, so the report can be written again");
        }
    }

    /**
     * A request past Kafka's 1 MB (every failure of a large grid) is stored and only its key sent: the reporter reads
     * it from the store and reports all of it.
     */
    @Test
    void aRequestLargerThanAKafkaRecordIsReadFromTheStore() {
        String id = "exp-" + UUID.randomUUID();
        String job = "probe-" + UUID.randomUUID();
        ProbeOutcome outcome = new ProbeOutcome("gb1", "sampled", "one-hot", "one-hot", null, "pretrained", 0, 1.0, 0, "ridge", 42,
                List.of(new MetricValue("spearman", 0.8, 0.78, 0.82)), List.of(new MetricValue("spearman", 0.75, Double.NaN, Double.NaN)),
                6289, 699, 1745, ObjectKeys.testPredictions(job), Map.of("alpha", 10.0));
        StoredJson.put(store, ObjectKeys.testPredictions(job), TestPredictions.regression(new double[] {1, 2, 3}, new double[] {1, 3, 2}));
        StoredJson.put(store, ObjectKeys.result(job), outcome);
        List<JobFailed> failed = new ArrayList<>();
        for (int i = 0; i < 4000; i++) {
            failed.add(new JobFailed(1, "embeddings-" + "%064d".formatted(i), id, "embeddings", "task-" + i,
                    "the model could not be loaded: " + "x".repeat(200) + " #" + i));
        }
        ReportRequest request = new ReportRequest(1, id, "large", List.of(ObjectKeys.result(job)), failed);
        int bytes = Messages.toJson(request).getBytes(StandardCharsets.UTF_8).length;
        assertTrue(bytes > 1_048_576, "the request must not fit a default Kafka record: " + bytes);
        StoredJson.put(store, ObjectKeys.reportRequest(id), request);
        ReportRequested requested = new ReportRequested(1, id, "large", ObjectKeys.reportRequest(id), 1, failed.size());
        try (KafkaTopicClient kafka = new KafkaTopicClient(PlmlabInfra.shared().kafkaBootstrapServers())) {
            kafka.send(Topics.REPORTS_REQUESTS, id, Messages.toJson(requested));
            ReportReady ready = kafka.await(Topics.REPORTS_READY, Duration.ofSeconds(120),
                    json -> Messages.fromJson(json, ReportReady.class, Topics.REPORTS_READY), r -> r.experimentId().equals(id));
            assertEquals(1, ready.results());
            assertEquals(4000, ready.failures());
            String md = new String(store.get(ready.reportMarkdownKey()).orElseThrow(), StandardCharsets.UTF_8);
            assertTrue(md.contains(" #3999"), "the last failure is in the report");
        }
    }
}

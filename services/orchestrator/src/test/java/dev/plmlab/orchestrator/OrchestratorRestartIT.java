package dev.plmlab.orchestrator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plmlab.model.ObjectKeys;
import dev.plmlab.model.messages.DatasetPrepare;
import dev.plmlab.model.messages.DatasetReady;
import dev.plmlab.model.messages.EmbeddingsReady;
import dev.plmlab.model.messages.EmbeddingsRequest;
import dev.plmlab.model.messages.ExperimentSubmitted;
import dev.plmlab.model.messages.JobIds;
import dev.plmlab.model.messages.Messages;
import dev.plmlab.model.messages.ProbeRequest;
import dev.plmlab.model.messages.ProbeResult;
import dev.plmlab.model.messages.ReportRequest;
import dev.plmlab.model.messages.ReportRequested;
import dev.plmlab.model.messages.Topics;
import dev.plmlab.service.StoredJson;
import dev.plmlab.store.ObjectStore;
import dev.plmlab.store.S3Settings;
import dev.plmlab.testkit.KafkaTopicClient;
import dev.plmlab.testkit.PlmlabInfra;
import dev.plmlab.testkit.ServiceProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The orchestrator's built jar, killed (SIGKILL) in the middle of an experiment and started again: it re-plans
 * the experiment from the store and the report is asked for. The stage services are played by this test,
 * content-addressed as the real ones are (a job id answered before is answered "cached"), so the test sees
 * exactly which jobs were sent again and that none was computed twice. The topics have three partitions and
 * the stand-ins answer without a key, as an older service would: the orchestrator forwards what is not in its
 * experiment's partition.
 */
class OrchestratorRestartIT {

    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String SPEC = """
            name: restart
            tasks:
              - dataset: gb1
                split: sampled
              - dataset: gb1
                split: low_vs_high
              - dataset: gb1
                split: two_vs_rest
            models: [{family: one-hot}]
            probes: [ridge]
            """;

    /** The distinct jobs run, and how often each was asked for (the second time on, answered "cached"). */
    private final Set<String> computed = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> requested = new ConcurrentHashMap<>();
    private final Set<String> embeddingsSeen = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean holdEmbeddings = new AtomicBoolean(true);
    private final AtomicBoolean stopStages = new AtomicBoolean();
    private final List<ReportRequest> reports = new java.util.concurrent.CopyOnWriteArrayList<>();
    private ServiceProcess orchestrator;
    private ObjectStore store;

    /** The store the orchestrator writes to, where the report request is kept. */
    private synchronized ObjectStore store() {
        if (store == null) {
            PlmlabInfra infra = PlmlabInfra.shared();
            store = new ObjectStore(new S3Settings(infra.s3Endpoint(), infra.s3AccessKey(), infra.s3SecretKey(),
                    infra.s3Bucket(), infra.s3Region()));
        }
        return store;
    }

    @AfterEach
    void stop() {
        stopStages.set(true);
        if (orchestrator != null) {
            orchestrator.close();
        }
        if (store != null) {
            store.close();
        }
    }

    @Test
    void aKilledOrchestratorIsStartedAgainAndTheExperimentIsReported() throws Exception {
        PlmlabInfra infra = PlmlabInfra.shared();
        createTopics(infra.kafkaBootstrapServers(), 3);
        Map<String, String> config = new LinkedHashMap<>(infra.config());
        // the dead replica's membership ends sooner, so the new one is assigned its partitions quickly
        config.put("kafka.session.timeout.ms", "6000");
        Path log = Path.of("target", "orchestrator-restart-it.log");
        orchestrator = ServiceProcess.start("orchestrator", JAR, config, log, "256m").awaitReady();

        // the experiment id of a fresh run: the spec with a unique comment
        String spec = SPEC + "# run " + UUID.randomUUID() + "\n";
        ExperimentSubmitted submitted = ExperimentSubmitted.of(spec);
        String id = submitted.experimentId();
        Thread stages = new Thread(() -> playStages(infra.kafkaBootstrapServers(), id), "stage stand-ins");
        stages.setDaemon(true);
        stages.start();
        try (KafkaTopicClient kafka = new KafkaTopicClient(infra.kafkaBootstrapServers())) {
            kafka.send(Topics.EXPERIMENTS, id, Messages.toJson(submitted));

            // mid-experiment: every dataset job answered, the three embedding jobs out and held back
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (embeddingsSeen.size() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertEquals(3, embeddingsSeen.size(), "the three embedding jobs were sent: " + requested);
            long killedAt = System.nanoTime();
            orchestrator.kill();
            // the jobs in flight finish while no orchestrator runs: their replies wait in Kafka
            holdEmbeddings.set(false);
            orchestrator = ServiceProcess.start("orchestrator", JAR, config, log, "256m").awaitReady();

            while (reports.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertEquals(1, reports.size(), "the report was asked for once: " + reports);
            System.out.printf("report asked for %.1f s after the kill%n", (System.nanoTime() - killedAt) / 1e9);
            ReportRequest report = reports.get(0);
            assertEquals(3, report.resultKeys().size(), "one result per task: " + report);
            assertEquals(List.of(), report.failures());
            assertEquals(9, computed.size(), "3 dataset, 3 embedding and 3 probe jobs, the same ids before and after: "
                    + requested);
            assertTrue(requested.entrySet().stream().filter(e -> e.getKey().startsWith("dataset-")).allMatch(e -> e.getValue() >= 2),
                    "the restarted orchestrator sent the dataset jobs again: " + requested);

            String status = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + orchestrator.httpPort() + "/experiments/" + id)).build(), HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(status.contains("\"name\":\"restart\""), "the new orchestrator answers for the experiment: " + status);
            String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + orchestrator.httpPort() + "/q/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(metrics.contains("plmlab_experiments_resumed_total 1.0"), metrics);
        }
    }

    /** Dataset-prep, embedder, probe-trainer and reporter as far as the orchestrator can tell, for experiment {@code id}. */
    private void playStages(String bootstrap, String id) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "stand-ins-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<ConsumerRecord<String, String>> held = new java.util.ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p);
             KafkaTopicClient kafka = new KafkaTopicClient(bootstrap)) {
            consumer.subscribe(List.of(Topics.DATASETS_PREPARE, Topics.EMBEDDINGS_REQUESTS, Topics.PROBES_REQUESTS,
                    Topics.REPORTS_REQUESTS));
            while (!stopStages.get()) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    if (!record.value().contains(id)) {
                        continue;
                    }
                    if (record.topic().equals(Topics.EMBEDDINGS_REQUESTS) && holdEmbeddings.get()) {
                        embeddingsSeen.add(Messages.fromJson(record.value(), EmbeddingsRequest.class, record.topic()).jobId());
                        held.add(record);
                        continue;
                    }
                    answer(kafka, record);
                }
                if (!holdEmbeddings.get() && !held.isEmpty()) {
                    held.forEach(record -> answer(kafka, record));
                    held.clear();
                }
            }
        }
    }

    private void answer(KafkaTopicClient kafka, ConsumerRecord<String, String> record) {
        switch (record.topic()) {
            case Topics.DATASETS_PREPARE -> {
                DatasetPrepare job = Messages.fromJson(record.value(), DatasetPrepare.class, record.topic());
                kafka.send(Topics.DATASETS_READY, null, Messages.toJson(new DatasetReady(Messages.VERSION, job.jobId(),
                        job.experimentId(), job.task().name(), ObjectKeys.dataset(job.jobId()), JobIds.sha256(job.jobId()), 10, 2, 3,
                        run(job.jobId()))));
            }
            case Topics.EMBEDDINGS_REQUESTS -> {
                EmbeddingsRequest job = Messages.fromJson(record.value(), EmbeddingsRequest.class, record.topic());
                kafka.send(Topics.EMBEDDINGS_READY, null, Messages.toJson(new EmbeddingsReady(Messages.VERSION, job.jobId(),
                        job.experimentId(), job.taskName(), "features-" + job.jobId(), List.of(0), run(job.jobId()))));
            }
            case Topics.PROBES_REQUESTS -> {
                ProbeRequest job = Messages.fromJson(record.value(), ProbeRequest.class, record.topic());
                kafka.send(Topics.PROBES_RESULTS, null, Messages.toJson(new ProbeResult(Messages.VERSION, job.jobId(),
                        job.experimentId(), ObjectKeys.result(job.jobId()), null, run(job.jobId()))));
            }
            case Topics.REPORTS_REQUESTS -> {
                // only the key is sent; the request (every result and failure) is in the store
                ReportRequested requested = Messages.fromJson(record.value(), ReportRequested.class, record.topic());
                assertEquals(ObjectKeys.reportRequest(requested.experimentId()), requested.requestKey());
                reports.add(StoredJson.require(store(), requested.requestKey(), ReportRequest.class));
            }
            default -> {
            }
        }
    }

    /** Counts a job; true ("cached") when it was answered before, as a stage finds a stored output. */
    private boolean run(String jobId) {
        requested.merge(jobId, 1, Integer::sum);
        return !computed.add(jobId);
    }

    private static void createTopics(String bootstrap, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = Topics.all().stream().filter(t -> !existing.contains(t))
                    .map(t -> new NewTopic(t, partitions, (short) 1)).toList();
            admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
        }
    }
}

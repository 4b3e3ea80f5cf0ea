package dev.plmlab.datasetprep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plmlab.model.catalog.TaskType;
import dev.plmlab.model.messages.DatasetPrepare;
import dev.plmlab.model.messages.DatasetReady;
import dev.plmlab.model.messages.DeadLetter;
import dev.plmlab.model.messages.Messages;
import dev.plmlab.model.messages.Topics;
import dev.plmlab.model.plan.GridPlanner;
import dev.plmlab.model.spec.TaskSpec;
import dev.plmlab.service.PoisonMessages;
import dev.plmlab.testkit.KafkaTopicClient;
import dev.plmlab.testkit.PlmlabInfra;
import dev.plmlab.testkit.PlmlabInfraResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * Poison and newer-version records on dataset-prep's input topic, through the real broker: the poison ones land in
 * plmlab.dead-letters with their reasons and source, the newer one is parked unchanged with its source in headers,
 * and a good job sent after all of them is still prepared.
 */
@QuarkusTest
@QuarkusTestResource(PlmlabInfraResource.class)
class PoisonMessagesTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    MeterRegistry registry;

    @Test
    void junkAndWrongTypesAreDeadLetteredNewerVersionsParkedAndTheConsumerGoesOn() {
        String marker = UUID.randomUUID().toString();
        String junk = "{oops " + marker;
        // a message of another topic's type: valid JSON, a version, but no jobId
        String wrongType = "{\"version\":1,\"experimentId\":\"exp-" + marker + "\",\"name\":\"a report\",\"resultsCsvKey\":\"x\"}";
        String experiment = "exp-" + marker;
        DatasetPrepare good = GridPlanner.datasetJob(experiment,
                new TaskSpec("gb1/sampled", "gb1", "sampled", null, null, null, Map.of(), TaskType.REGRESSION, 56));
        String newer = Messages.toJson(good).replace("\"version\":1", "\"version\":" + (Messages.VERSION + 1))
                .replace(experiment, experiment + "-newer");
        double deadBefore = count("plmlab_dead_letters_total");
        double parkedBefore = count("plmlab_parked_total");

        try (KafkaTopicClient kafka = new KafkaTopicClient(PlmlabInfra.shared().kafkaBootstrapServers())) {
            kafka.send(Topics.DATASETS_PREPARE, "junk-" + marker, junk);
            kafka.send(Topics.DATASETS_PREPARE, null, wrongType);
            kafka.send(Topics.DATASETS_PREPARE, good.jobId(), newer);
            kafka.send(Topics.DATASETS_PREPARE, good.jobId(), Messages.toJson(good));

            DatasetReady ready = kafka.await(Topics.DATASETS_READY, WAIT,
                    json -> Messages.fromJson(json, DatasetReady.class, Topics.DATASETS_READY),
                    r -> r.experimentId().equals(experiment));
            assertEquals(good.jobId(), ready.jobId(), "the good job after the poison ones is prepared");

            DeadLetter junkLetter = kafka.await(Topics.DEAD_LETTERS, WAIT,
                    json -> Messages.fromJson(json, DeadLetter.class, Topics.DEAD_LETTERS), d -> d.payload().equals(junk));
            assertEquals(Topics.DATASETS_PREPARE, junkLetter.topic());
            assertEquals("junk-" + marker, junkLetter.key());
            assertTrue(junkLetter.partition() >= 0 && junkLetter.offset() >= 0, junkLetter.toString());
            assertTrue(junkLetter.reason().startsWith("bad DatasetPrepare message on plmlab.datasets.prepare: "), junkLetter.reason());
            assertEquals("plmlab-dataset-prep", junkLetter.consumer());
            assertFalse(junkLetter.truncated());

            DeadLetter wrongLetter = kafka.await(Topics.DEAD_LETTERS, WAIT,
                    json -> Messages.fromJson(json, DeadLetter.class, Topics.DEAD_LETTERS), d -> d.payload().equals(wrongType));
            assertTrue(wrongLetter.reason().contains("no 'jobId'"), wrongLetter.reason());
            assertTrue(wrongLetter.offset() > junkLetter.offset(), "source offsets kept");

            assertEquals(0, kafka.count(Topics.DEAD_LETTERS, Duration.ofSeconds(2), json -> json.contains(experiment + "-newer")),
                    "a newer version is not dead-lettered");
            assertEquals(0, kafka.count(Topics.FAILURES, Duration.ofSeconds(1), json -> json.contains(experiment + "-newer")),
                    "nor failed as a job");
        }

        ConsumerRecord<String, String> parked = awaitParked(newer);
        assertEquals(good.jobId(), parked.key(), "parked with its key");
        Map<String, String> headers = new HashMap<>();
        for (Header h : parked.headers()) {
            headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
        }
        assertEquals(Topics.DATASETS_PREPARE, headers.get(PoisonMessages.SOURCE_TOPIC));
        assertEquals(Integer.toString(Messages.VERSION + 1), headers.get(PoisonMessages.MESSAGE_VERSION));
        assertTrue(headers.containsKey(PoisonMessages.SOURCE_OFFSET) && headers.containsKey(PoisonMessages.SOURCE_PARTITION), headers.toString());
        assertTrue(PoisonMessages.unparkTo(headers).isEmpty(), "this build cannot read it either: it stays parked");
        Map<String, String> readable = new HashMap<>(headers);
        readable.put(PoisonMessages.MESSAGE_VERSION, Integer.toString(Messages.VERSION));
        assertEquals(Topics.DATASETS_PREPARE, PoisonMessages.unparkTo(readable).orElseThrow(), "a build that reads it sends it back");

        assertTrue(count("plmlab_dead_letters_total") - deadBefore >= 2, "both poison records counted");
        assertTrue(count("plmlab_parked_total") - parkedBefore >= 1, "the parked record counted");
    }

    /** What a newer build does with what an older one parked: a record of a version it reads goes back to its topic. */
    @Test
    void aParkedRecordThisBuildReadsIsSentBackAndPrepared() throws Exception {
        String experiment = "exp-" + UUID.randomUUID();
        DatasetPrepare job = GridPlanner.datasetJob(experiment,
                new TaskSpec("gb1/sampled", "gb1", "sampled", null, null, null, Map.of(), TaskType.REGRESSION, 56));
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, PlmlabInfra.shared().kafkaBootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            ProducerRecord<String, String> parked = new ProducerRecord<>(Topics.PARKED, job.jobId(), Messages.toJson(job));
            parked.headers().add(PoisonMessages.SOURCE_TOPIC, Topics.DATASETS_PREPARE.getBytes(StandardCharsets.UTF_8));
            parked.headers().add(PoisonMessages.SOURCE_PARTITION, "0".getBytes(StandardCharsets.UTF_8));
            parked.headers().add(PoisonMessages.SOURCE_OFFSET, "0".getBytes(StandardCharsets.UTF_8));
            parked.headers().add(PoisonMessages.MESSAGE_VERSION, Integer.toString(Messages.VERSION).getBytes(StandardCharsets.UTF_8));
            producer.send(parked).get();
        }
        try (KafkaTopicClient kafka = new KafkaTopicClient(PlmlabInfra.shared().kafkaBootstrapServers())) {
            DatasetReady ready = kafka.await(Topics.DATASETS_READY, WAIT,
                    json -> Messages.fromJson(json, DatasetReady.class, Topics.DATASETS_READY),
                    r -> r.experimentId().equals(experiment));
            assertEquals(job.jobId(), ready.jobId());
        }
        var unparked = registry.find("plmlab_unparked_total").tag("topic", Topics.DATASETS_PREPARE).counter();
        assertTrue(unparked != null && unparked.count() >= 1, "counted");
    }

    private double count(String name) {
        var counter = registry.find(name).tag("topic", Topics.DATASETS_PREPARE).counter();
        return counter == null ? 0 : counter.count();
    }

    private static ConsumerRecord<String, String> awaitParked(String value) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, PlmlabInfra.shared().kafkaBootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "plmlab-test-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        long deadline = System.nanoTime() + WAIT.toNanos();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            consumer.subscribe(List.of(Topics.PARKED));
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (value.equals(record.value())) {
                        return record;
                    }
                }
            }
        }
        throw new AssertionError("the newer-version record was not parked within " + WAIT);
    }
}

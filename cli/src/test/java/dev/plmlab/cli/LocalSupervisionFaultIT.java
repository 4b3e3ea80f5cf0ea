package dev.plmlab.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plmlab.cli.ConsoleRun.Console;
import dev.plmlab.cli.local.LocalStack;
import dev.plmlab.model.messages.JobFailed;
import dev.plmlab.model.messages.Messages;
import dev.plmlab.model.messages.Topics;
import dev.plmlab.model.messages.DeadLetter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code plmlab run examples/gb1-onehot.yaml} (three tasks) twice, each on its own state folder: undisturbed,
 * and with SIGKILL of the dataset-prep (its first job running), the orchestrator (the embedding jobs out),
 * the embedder (its stage under way), the probe-trainer (a probe job running), the Kafka broker (the last probe jobs
 * and replies on it) and the reporter (as the report is asked for), one after the other; plus a record that is not
 * JSON on every input topic (each dead-lettered with its reason while the consumers go on) and jobs without their
 * task on the dataset and probe job topics. The embedder's crash in the middle of a long PLM job, and the reuse of the shards it
 * stored, has its own test (EmbedderCrashIT). The supervisor restarts each on its port and state, the console says so, the run exits 0 and its
 * results.csv is byte-identical to the undisturbed one. Every reply on the broker is recorded, so the test prints
 * what each kill cost: how many jobs of each stage were computed, and that none was computed twice.
 */
class LocalSupervisionFaultIT {

    
    @TempDir
    Path work;

    @Test
    void servicesKilledMidRunAreRestartedAndTheResultsAreByteIdentical() throws Exception {
        ConsoleRun undisturbed = ConsoleRun.of(work.resolve("undisturbed"), new Console("  | "));
        assertEquals(0, undisturbed.exitCode(), undisturbed.console().text());

        Path dir = work.resolve("disturbed");
        Console console = new Console("  | ");
        CompletableFuture<ConsoleRun> running = CompletableFuture.supplyAsync(() -> ConsoleRun.of(dir, console));
        LocalStack stack = awaitStack(dir.resolve("state"));
        Replies replies = new Replies(stack.kafkaBootstrapServers());
        List<String> kills = new ArrayList<>();
        try {
            sendPoison(stack.kafkaBootstrapServers());

            // dataset-prep, once the dataset jobs are out: its first job runs (a few seconds: the GB1 CSV is read and split)
            int at = console.await(0, l -> l.startsWith("datasets") && l.contains(" 0/3 "), "datasets 0/3");
            kill(stack, "dataset-prep", kills, replies);
            at = console.await(at, l -> l.matches("supervisor: dataset-prep is back.*"), "dataset-prep back");

            // the orchestrator, with the embedding jobs out
            at = console.await(at, l -> l.startsWith("embeddings") && l.contains(" 0/3 "), "embeddings 0/3");
            kill(stack, "orchestrator", kills, replies);
            at = console.await(at, l -> l.matches("supervisor: orchestrator is back.*"), "orchestrator back");

            // the embedder once its stage has begun answering: the rest of its jobs are queued or running
            at = console.await(at, l -> l.startsWith("embeddings") && !l.contains(" 0/3 "), "embeddings under way");
            kill(stack, "embedder", kills, replies);
            // the stages go on while it restarts: the next kill looks for its moment from here, not after the restart
            console.await(at, l -> l.matches("supervisor: embedder is back.*"), "embedder back");

            // the probe-trainer, with a probe job running
            at = console.await(at, l -> l.startsWith("probes") && l.contains(" 1/3 "), "probes 1/3");
            kill(stack, "probe-trainer", kills, replies);
            at = console.await(at, l -> l.matches("supervisor: probe-trainer is back.*"), "probe-trainer back");

            // the broker, with the last probe jobs and their replies on it
            at = console.await(at, l -> l.startsWith("probes") && l.contains(" 2/3 "), "probes 2/3");
            stack.kafka().kill();
            kills.add("killed Kafka after " + replies.received() + " replies: " + replies.byStage());
            at = console.await(at, l -> l.matches("supervisor: Kafka is back.*"), "Kafka back");

            // the reporter, as the report is asked for
            at = console.await(at, l -> l.startsWith("probes") && l.contains(" 3/3 "), "probes 3/3");
            kill(stack, "reporter", kills, replies);
            console.await(at, l -> l.matches("supervisor: reporter is back.*"), "reporter back");

            ConsoleRun disturbed = running.get(10, TimeUnit.MINUTES);
            System.out.printf("undisturbed run %.0f s, disturbed run %.0f s%n", undisturbed.seconds(), disturbed.seconds());
            kills.forEach(System.out::println);
            replies.summary().forEach(System.out::println);

            assertEquals(0, disturbed.exitCode(), console.text());
            assertArrayEquals(Files.readAllBytes(undisturbed.results()), Files.readAllBytes(disturbed.results()),
                    "results.csv of the disturbed run is byte-identical to the undisturbed run's");
            for (String process : List.of("dataset-prep", "orchestrator", "embedder", "probe-trainer", "reporter", "Kafka")) {
                assertTrue(console.text().contains("supervisor: " + process + " exited with code 137 (SIGKILL"), console.text());
            }
            for (String service : List.of("dataset-prep", "orchestrator", "embedder", "probe-trainer", "reporter")) {
                assertTrue(console.text().contains("(restart 1 of " + LocalStack.maxRestarts() + "; log: "
                        + dir.resolve("state").toAbsolutePath().resolve("logs").resolve(service + ".log")), console.text());
            }
            assertEquals(Map.of("dataset-prep", 1, "orchestrator", 1, "embedder", 1, "probe-trainer", 1, "reporter", 1, "Kafka", 1),
                    stack.restarts());
            assertTrue(Files.readString(dir.resolve("state/logs/supervisor.log")).contains("probe-trainer is back"));

            // Issue 11's bound: nothing computed twice beyond the job in flight at a kill. Seen once in five runs: the
            // probe job in flight when the broker was killed answered "computed" twice (its reply resent after the
            // restart, or the job redelivered before its result was stored). More than that one is a failure.
            Map<String, Integer> computedTwice = replies.computedMoreThanOnce();
            System.out.println("computed more than once: " + computedTwice);
            assertTrue(computedTwice.size() <= 1 && computedTwice.values().stream().allMatch(n -> n == 2),
                    "at most the one job in flight at a kill was computed twice: " + computedTwice);
            assertEquals(Map.of("datasets", 3, "embeddings", 3, "probes", 3), replies.distinctJobs(), replies.summary().toString());
            // not JSON on every input topic: each is dead-lettered with its topic and a reason, and its consumer went on
            for (String topic : INPUT_TOPICS) {
                List<DeadLetter> dead = replies.deadLetters.stream()
                        .filter(d -> topic.equals(d.topic()) && ("poison-" + topic).equals(d.key())).toList();
                // once, or again after a kill of its consumer before the offset was committed
                assertTrue(!dead.isEmpty(), topic + ": its poison dead-lettered; all: " + replies.deadLetters);
                assertTrue(dead.get(0).reason().contains(topic), "the reason names where: " + dead.get(0).reason());
                System.out.println("dead letter from " + topic + " (" + dead.get(0).consumer() + "): " + dead.get(0).reason());
            }
            // the poison: a job without its task fails as a job (it has an id to fail), and the consumers went on
            for (String stage : List.of("datasets", "probes")) {
                assertTrue(replies.failures.stream().anyMatch(f -> f.jobId().equals("poison-" + stage)
                        && f.message().contains("no 'task'")), stage + ": " + replies.failures);
            }
        } finally {
            replies.close();
            running.cancel(true);
        }
    }

    private static LocalStack awaitStack(Path state) throws InterruptedException {
        long deadline = System.nanoTime() + ConsoleRun.STEP.toNanos();
        while (System.nanoTime() < deadline) {
            for (LocalStack stack : LocalStack.running()) {
                if (stack.stateFolder().equals(state.toAbsolutePath())) {
                    return stack;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the local stack in " + state + " did not start within " + ConsoleRun.STEP);
    }

    /** SIGKILL, as kill -9 from outside; notes which jobs had replied by then. */
    private static void kill(LocalStack stack, String service, List<String> kills, Replies replies) {
        stack.service(service).kill();
        kills.add("killed " + service + " after " + replies.received() + " replies: " + replies.byStage());
    }

    /** Every topic a service consumes jobs or replies from; plmlab.experiments answers poison with a rejection. */
    private static final List<String> INPUT_TOPICS = List.of(Topics.DATASETS_PREPARE, Topics.EMBEDDINGS_REQUESTS,
            Topics.PROBES_REQUESTS, Topics.REPORTS_REQUESTS, Topics.DATASETS_READY, Topics.EMBEDDINGS_READY,
            Topics.PROBES_RESULTS, Topics.FAILURES);

    /**
     * Not JSON on every input topic, while the run goes on; and jobs without their task on the topics of the two
     * stages whose handlers used to throw.
     */
    private static void sendPoison(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            for (String topic : INPUT_TOPICS) {
                producer.send(new ProducerRecord<>(topic, "poison-" + topic, "{not json"));
            }
            for (String[] topic : List.of(new String[] {Topics.DATASETS_PREPARE, "datasets"},
                    new String[] {Topics.PROBES_REQUESTS, "probes"})) {
                producer.send(new ProducerRecord<>(topic[0], "poison", "{not json"));
                producer.send(new ProducerRecord<>(topic[0], "poison", "{\"version\": 1, \"jobId\": \"poison-" + topic[1]
                        + "\", \"experimentId\": \"exp-poison\"}"));
            }
            producer.flush();
        }
    }

    /** Every reply of the stages on the stack's broker, read while the run goes on. */
    private static final class Replies implements AutoCloseable {
        private static final Map<String, String> STAGES = Map.of(Topics.DATASETS_READY, "datasets",
                Topics.EMBEDDINGS_READY, "embeddings", Topics.PROBES_RESULTS, "probes");
        /** stage / job id -> how many replies said "computed" (not cached). */
        final Map<String, Integer> computed = new java.util.concurrent.ConcurrentHashMap<>();
        final Map<String, Integer> cached = new java.util.concurrent.ConcurrentHashMap<>();
        final List<JobFailed> failures = new CopyOnWriteArrayList<>();
        final List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();
        private final AtomicBoolean stop = new AtomicBoolean();
        private final Thread thread;

        Replies(String bootstrap) {
            thread = new Thread(() -> read(bootstrap), "replies");
            thread.setDaemon(true);
            thread.start();
        }

        private void read(String bootstrap) {
            Properties p = new Properties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ConsumerConfig.GROUP_ID_CONFIG, "fault-it-" + UUID.randomUUID());
            p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
                consumer.subscribe(List.of(Topics.DATASETS_READY, Topics.EMBEDDINGS_READY, Topics.PROBES_RESULTS, Topics.FAILURES,
                        Topics.DEAD_LETTERS));
                while (!stop.get()) {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                        if (record.key() != null && record.key().startsWith("poison-")) {
                            continue; // this test's own poison on the reply topics
                        }
                        if (record.topic().equals(Topics.DEAD_LETTERS)) {
                            deadLetters.add(Messages.fromJson(record.value(), DeadLetter.class, record.topic()));
                            continue;
                        }
                        if (record.topic().equals(Topics.FAILURES)) {
                            failures.add(Messages.fromJson(record.value(), JobFailed.class, record.topic()));
                            continue;
                        }
                        var tree = Messages.mapper().readTree(record.value());
                        String job = STAGES.get(record.topic()) + " " + tree.get("jobId").asText();
                        (tree.get("cached").asBoolean() ? cached : computed).merge(job, 1, Integer::sum);
                    }
                }
            } catch (IOException | RuntimeException e) {
                if (!stop.get()) {
                    System.out.println("replies: stopped reading: " + e);
                }
            }
        }

        int received() {
            return computed.values().stream().mapToInt(Integer::intValue).sum() + cached.values().stream().mapToInt(Integer::intValue).sum();
        }

        Map<String, String> byStage() {
            Map<String, String> out = new TreeMap<>();
            for (String stage : List.of("datasets", "embeddings", "probes")) {
                long c = computed.keySet().stream().filter(k -> k.startsWith(stage + " ")).count();
                long r = cached.entrySet().stream().filter(e -> e.getKey().startsWith(stage + " ")).mapToInt(Map.Entry::getValue).sum();
                out.put(stage, c + " computed, " + r + " cached replies");
            }
            return out;
        }

        Map<String, Integer> distinctJobs() {
            Map<String, Integer> out = new TreeMap<>();
            java.util.Set<String> jobs = new java.util.HashSet<>(computed.keySet());
            jobs.addAll(cached.keySet());
            jobs.forEach(job -> out.merge(job.substring(0, job.indexOf(' ')), 1, Integer::sum));
            return out;
        }

        Map<String, Integer> computedMoreThanOnce() {
            Map<String, Integer> out = new TreeMap<>();
            computed.forEach((job, n) -> {
                if (n > 1) {
                    out.put(job, n);
                }
            });
            return out;
        }

        List<String> summary() {
            List<String> lines = new ArrayList<>();
            byStage().forEach((stage, text) -> lines.add("replies, " + stage + ": " + text));
            return lines;
        }

        @Override
        public void close() {
            stop.set(true);
        }
    }
}

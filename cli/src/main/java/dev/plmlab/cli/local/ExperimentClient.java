package dev.plmlab.cli.local;

import dev.plmlab.model.messages.ExperimentAccepted;
import dev.plmlab.model.messages.ExperimentRejected;
import dev.plmlab.model.messages.ExperimentSubmitted;
import dev.plmlab.model.messages.JobFailed;
import dev.plmlab.model.messages.Messages;
import dev.plmlab.model.messages.Progress;
import dev.plmlab.model.messages.ReportReady;
import dev.plmlab.model.messages.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Submits a spec over Kafka and follows its experiment to the end, as any client of a plmlab
 * deployment would: the local mode and a cluster differ only in the bootstrap servers.
 */
public final class ExperimentClient {

    private static final List<String> FOLLOWED = List.of(Topics.EXPERIMENTS_ACCEPTED, Topics.EXPERIMENTS_REJECTED,
            Topics.PROGRESS, Topics.FAILURES, Topics.REPORTS_READY);

    private final String bootstrapServers;

    public ExperimentClient(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** How an experiment ended: rejected with errors, or reported (possibly with failed jobs). */
    public record Outcome(String experimentId, List<ExperimentRejected> rejections, ReportReady report, List<JobFailed> failures) {
        public boolean rejected() {
            return !rejections.isEmpty();
        }
    }

    /** Creates every plmlab topic that does not exist yet, so no early message goes unread. */
    public void ensureTopics() {
        try (Admin admin = Admin.create(props(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG))) {
            for (String topic : Topics.all()) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + topic + " on " + bootstrapServers + ": " + e.getCause(), e);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka at " + bootstrapServers + " did not answer while creating topics", e);
        }
    }

    /**
     * Submits and follows to the report, the rejection or {@code timeout}. On a local stack in this JVM, the
     * supervisor's lines (restarts) go to {@code progress}, and the run ends at once with the supervisor's message
     * when it gives up on a process.
     */
    public Outcome submitAndFollow(String specText, Duration timeout, Consumer<String> log, ProgressView progress) {
        Optional<LocalStack> stack = LocalStack.serving(bootstrapServers);
        Consumer<String> notes = progress::note;
        stack.ifPresent(s -> s.follow(notes));
        try {
            return follow(specText, timeout, log, progress, stack);
        } finally {
            stack.ifPresent(s -> s.unfollow(notes));
        }
    }

    private Outcome follow(String specText, Duration timeout, Consumer<String> log, ProgressView progress,
                           Optional<LocalStack> stack) {
        ExperimentSubmitted submitted = ExperimentSubmitted.of(specText);
        String id = submitted.experimentId();
        List<JobFailed> failures = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer()) {
            consumer.subscribe(FOLLOWED);
            // Only events after this submission count: a resubmitted spec has the same experiment id.
            long joinDeadline = System.nanoTime() + Math.min(timeout.toNanos(), Duration.ofMinutes(2).toNanos());
            while (!consumer.assignment().stream().map(org.apache.kafka.common.TopicPartition::topic)
                    .collect(java.util.stream.Collectors.toSet()).containsAll(FOLLOWED)) {
                if (System.nanoTime() > joinDeadline) {
                    throw new IllegalStateException("cannot follow plmlab's topics on Kafka at " + bootstrapServers
                            + ": is the broker running and are the topics created?");
                }
                consumer.poll(Duration.ofMillis(100));
            }
            consumer.seekToEnd(consumer.assignment());
            consumer.assignment().forEach(consumer::position);
            send(Topics.EXPERIMENTS, id, Messages.toJson(submitted));
            log.accept("submitted experiment " + id);

            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                Optional<String> broken = stack.flatMap(LocalStack::failure);
                if (broken.isPresent()) {
                    throw new IllegalStateException("experiment " + id + " cannot finish: " + broken.get());
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(250))) {
                    String json = record.value();
                    if (!json.contains(id)) {
                        continue;
                    }
                    switch (record.topic()) {
                        case Topics.EXPERIMENTS_REJECTED -> {
                            return new Outcome(id, List.of(Messages.fromJson(json, ExperimentRejected.class, record.topic())), null, failures);
                        }
                        case Topics.EXPERIMENTS_ACCEPTED -> {
                            ExperimentAccepted a = Messages.fromJson(json, ExperimentAccepted.class, record.topic());
                            log.accept("accepted '" + a.name() + "': " + a.datasetJobs() + " dataset job(s) to start");
                        }
                        case Topics.PROGRESS -> {
                            Progress p = Messages.fromJson(json, Progress.class, record.topic());
                            if (p.experimentId().equals(id)) {
                                progress.update(p);
                            }
                        }
                        case Topics.FAILURES -> {
                            JobFailed f = Messages.fromJson(json, JobFailed.class, record.topic());
                            if (f.experimentId().equals(id) && f.stage().equals("report")) {
                                throw new IllegalStateException("experiment " + id + ": the report could not be written: " + f.message());
                            }
                            if (f.experimentId().equals(id)) {
                                failures.add(f);
                            }
                        }
                        case Topics.REPORTS_READY -> {
                            ReportReady r = Messages.fromJson(json, ReportReady.class, record.topic());
                            if (r.experimentId().equals(id)) {
                                return new Outcome(id, List.of(), r, failures);
                            }
                        }
                        default -> {
                        }
                    }
                }
            }
        }
        throw new IllegalStateException("experiment " + id + " did not finish within " + timeout);
    }

    private void send(String topic, String key, String value) {
        Properties p = props(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while submitting", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not submit to " + topic + " at " + bootstrapServers + ": " + e, e);
        }
    }

    private KafkaConsumer<String, String> consumer() {
        Properties p = props(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "plmlab-cli-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return new KafkaConsumer<>(p);
    }

    private Properties props(String bootstrapKey) {
        Properties p = new Properties();
        p.put(bootstrapKey, bootstrapServers);
        return p;
    }
}

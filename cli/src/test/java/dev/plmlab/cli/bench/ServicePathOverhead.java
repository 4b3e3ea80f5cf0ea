package dev.plmlab.cli.bench;

import dev.plmlab.cli.RepoLayout;
import dev.plmlab.cli.local.ExperimentClient;
import dev.plmlab.cli.local.LocalStack;
import dev.plmlab.cli.local.ProgressView;
import dev.plmlab.forge.checkpoint.Family;
import dev.plmlab.forge.onnx.GraphOptions;
import dev.plmlab.forge.onnx.OnnxGraphs;
import dev.plmlab.forge.onnx.OnnxModelWriter;
import dev.plmlab.forge.onnx.RandomCheckpoints;
import dev.plmlab.forge.tokens.Tokenizer;
import dev.plmlab.inference.EmbeddingOptions;
import dev.plmlab.inference.SequenceEmbedder;
import dev.plmlab.inference.ort.OrtBackend;
import dev.plmlab.model.messages.Topics;
import dev.plmlab.model.spec.LongSequencePolicy;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.zip.ZipFile;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Benchmark (not a test): the embedding stage through the whole service path (Kafka request,
 * dataset from S3, sharded embedding, shards and features to S3, Kafka reply) against calling
 * ONNX Runtime directly on the same model and sequences, one after the other on this machine.
 *
 * <p>Model: a random-weight ESM-2 the size of t6_8M (6 layers, 320 dim, 20 heads). Data: the
 * first 512 sequences of FLIP GB1 "sampled", full length (265 residues), every layer pooled.
 *
 * <pre>./mvnw -B -q -pl cli test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
 * java -Xss64m -cp "cli/target/classes:cli/target/test-classes:$(cat cli/target/test-classpath.txt)" \
 *     dev.plmlab.cli.bench.ServicePathOverhead 2</pre>
 * The argument is the ONNX Runtime thread count used by both sides. It runs in its own JVM (not
 * exec:java) because the local broker's JVM takes this JVM's classpath; -Xss64m because ONNX
 * Runtime's session setup for this graph overflows the default main-thread stack here.
 */
public final class ServicePathOverhead {

    private static final int SEQUENCES = 512;
    private static final int WARM_UP = 128;

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        RepoLayout repo = RepoLayout.locate();
        Path work = Files.createTempDirectory("plmlab-bench");
        Path model = OnnxModelWriter.write(OnnxGraphs.build(RandomCheckpoints.esm2(6, 320, 20, 42), GraphOptions.defaults()),
                work.resolve("esm2-t6-size"));
        List<String> all = gb1Sequences(repo.sharedData().orElseThrow().resolve("flip/gb1/splits.zip"));
        List<String> sequences = all.subList(0, SEQUENCES);
        List<String> warmUp = all.subList(SEQUENCES, all.size());
        long tokens = sequences.stream().mapToLong(s -> s.length() + 2).sum();

        // 1. ONNX Runtime directly: session start, tokenising, batching and inference.
        long directNanos = Long.MAX_VALUE;
        for (int round = 0; round < 2; round++) {
            long start = System.nanoTime();
            try (OrtBackend backend = new OrtBackend(model, threads)) {
                new SequenceEmbedder(backend, Tokenizer.forFamily(Family.ESM2),
                        EmbeddingOptions.defaults().withPolicy(LongSequencePolicy.ERROR, 1022).withBatching(16_384, 256))
                        .embed(sequences);
            }
            directNanos = Math.min(directNanos, System.nanoTime() - start);
        }

        // 2. The same through the services, timed from the request's to the reply's Kafka timestamp,
        //    after a warm-up experiment on other sequences (the direct side is warm too).
        long serviceMillis;
        try (LocalStack stack = LocalStack.start(repo, work.resolve("state"), work,
                Map.of("plmlab.embedder.threads", Integer.toString(threads), "plmlab.embedder.model-cache",
                        work.resolve("models").toString()), System.out::println)) {
            ExperimentClient client = new ExperimentClient(stack.kafkaBootstrapServers());
            client.ensureTopics();
            client.submitAndFollow(stack.uploadSpecFiles(spec("warm-up", csvOf(work, "warm-up", warmUp), model), work,
                    System.out::println), Duration.ofMinutes(20),
                    System.out::println, new ProgressView(new PrintStream(System.out), false));
            client.submitAndFollow(stack.uploadSpecFiles(spec("overhead", csvOf(work, "measured", sequences), model), work,
                    System.out::println), Duration.ofMinutes(20),
                    System.out::println, new ProgressView(new PrintStream(System.out), false));
            serviceMillis = requestToReplyMillis(stack.kafkaBootstrapServers()).get(1);
        }
        double direct = directNanos / 1e9;
        double service = serviceMillis / 1e3;
        System.out.printf("%d sequences, %d tokens, %d threads%n", sequences.size(), tokens, threads);
        System.out.printf("direct ONNX Runtime: %.2f s (%.0f tokens/s)%n", direct, tokens / direct);
        System.out.printf("service path:        %.2f s (%.0f tokens/s)%n", service, tokens / service);
        System.out.printf("overhead:            %.1f %%%n", 100 * (service / direct - 1));
    }

    private static Path csvOf(Path work, String name, List<String> sequences) throws java.io.IOException {
        Path csv = work.resolve(name + ".csv");
        StringBuilder rows = new StringBuilder("sequence,target,set,validation\n");
        int n = sequences.size();
        for (int i = 0; i < n; i++) {
            String set = i < n * 9 / 10 ? "train" : "test";
            rows.append(sequences.get(i)).append(',').append(i % 7).append(',').append(set).append(',')
                    .append(i >= n * 8 / 10 && i < n * 9 / 10 ? "True" : "False").append('\n');
        }
        Files.writeString(csv, rows);
        return csv;
    }

    private static String spec(String name, Path csv, Path model) {
        return """
                name: %s
                tasks:
                  - name: gb1
                    file: %s
                    type: regression
                models:
                  - family: esm2
                    checkpoint: %s
                    layers: all
                probes: [ridge]
                compute:
                  token_budget: 16384
                """.formatted(name, csv, model);
    }

    private static List<String> gb1Sequences(Path zip) throws Exception {
        List<String> sequences = new ArrayList<>();
        try (ZipFile file = new ZipFile(zip.toFile());
             var lines = new java.io.BufferedReader(new java.io.InputStreamReader(file.getInputStream(file.getEntry("splits/sampled.csv"))))) {
            lines.readLine();
            String line;
            while ((line = lines.readLine()) != null && sequences.size() < SEQUENCES + WARM_UP) {
                sequences.add(line.substring(0, line.indexOf(',')));
            }
        }
        return sequences;
    }

    /** Milliseconds from each embedding request's record timestamp to its reply's, in request order. */
    private static List<Long> requestToReplyMillis(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<Long> requested = new ArrayList<>();
        List<Long> ready = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            consumer.subscribe(Set.of(Topics.EMBEDDINGS_REQUESTS, Topics.EMBEDDINGS_READY));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while ((requested.size() < 2 || ready.size() < 2) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    (r.topic().equals(Topics.EMBEDDINGS_REQUESTS) ? requested : ready).add(r.timestamp());
                }
            }
        }
        if (requested.size() < 2 || ready.size() < 2) {
            throw new IllegalStateException("did not see both embedding requests and their replies");
        }
        return List.of(ready.get(0) - requested.get(0), ready.get(1) - requested.get(1));
    }
}

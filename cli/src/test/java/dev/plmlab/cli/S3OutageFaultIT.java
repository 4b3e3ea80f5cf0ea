package dev.plmlab.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plmlab.cli.ConsoleRun.Console;
import dev.plmlab.cli.local.LocalStack;
import dev.plmlab.model.messages.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code plmlab run examples/gb1-onehot.yaml} (three tasks) twice, each on its own stack and state folder: one with
 * the S3 endpoint down while the embedding jobs are out, and an undisturbed one started when the outage begins
 * (it uses the CPU the stalled stack leaves idle, which keeps the test near two minutes on 2 cores). The outage:
 * S3Proxy is killed (SIGKILL: requests in flight are cut, new ones refused) and held down for
 * {@value #DEFAULT_OUTAGE_SECONDS} s (issue 11's minute; {@code -Dplmlab.fault.s3-outage-seconds=N} for another
 * length), then started again on the same port and folder (the supervisor's restart waits out the outage). Every
 * service retries its store calls ({@code plmlab.s3.retry.*}, 90 s by default), so no job fails: the run exits 0,
 * its results.csv is byte-identical to the undisturbed one, no job failure is announced and the services count
 * their retries in {@code plmlab_s3_retries_total}.
 */
class S3OutageFaultIT {

        private static final int DEFAULT_OUTAGE_SECONDS = 60;
    private static final Duration OUTAGE = Duration.ofSeconds(Integer.getInteger("plmlab.fault.s3-outage-seconds",
            DEFAULT_OUTAGE_SECONDS));
    private static final Pattern RETRIES = Pattern.compile("(?m)^plmlab_s3_retries_total(?:\\{[^}]*})? ([0-9.Ee+-]+)$");

    @TempDir
    Path work;

    @Test
    void anS3OutageWhileJobsAreInFlightCostsTimeNotResults() throws Exception {
        ExecutorService runs = Executors.newFixedThreadPool(2);
        Path dir = work.resolve("disturbed");
        Console console = new Console("  disturbed | ");
        Console reference = new Console("  undisturbed | ");
        CompletableFuture<ConsoleRun> running = CompletableFuture.supplyAsync(() -> ConsoleRun.of(dir, console), runs);
        LocalStack stack = awaitStack(dir.resolve("state"));
        Failures failures = new Failures(stack.kafkaBootstrapServers());
        try {
            int at = console.await(0, l -> l.startsWith("embeddings") && l.contains(" 0/3 "), "embeddings 0/3");
            long outageStarted = System.nanoTime();
            stack.s3().outage(OUTAGE);
            // the undisturbed run, on its own stack and state, uses the CPU the stalled stack leaves idle
            CompletableFuture<ConsoleRun> undisturbedRun = CompletableFuture.supplyAsync(() -> ConsoleRun.of(work.resolve("undisturbed"),
                    reference), runs);
            at = console.await(at, l -> l.matches("supervisor: S3Proxy is back.*"), "S3Proxy back");
            double down = (System.nanoTime() - outageStarted) / 1e9;
            Map<String, Double> retries = retriesByService(stack); // while the stack still runs

            ConsoleRun disturbed = running.get(10, TimeUnit.MINUTES);
            ConsoleRun undisturbed = undisturbedRun.get(10, TimeUnit.MINUTES);
            System.out.printf("disturbed run %.0f s with S3 down for %.1f s (undisturbed run alongside: %.0f s); "
                    + "store retries by service: %s%n", disturbed.seconds(), down, undisturbed.seconds(), retries);

            assertEquals(0, undisturbed.exitCode(), reference.text());
            assertEquals(0, disturbed.exitCode(), console.text());
            assertArrayEquals(Files.readAllBytes(undisturbed.results()), Files.readAllBytes(disturbed.results()),
                    "results.csv of the disturbed run is byte-identical to the undisturbed run's");
            assertTrue(down >= OUTAGE.toSeconds() - 0.5, "S3 was down for the whole outage: " + down + " s");
            assertEquals(List.of(), failures.messages, "no job failed");
            assertEquals(Map.of("S3Proxy", 1), stack.restarts());
            assertTrue(retries.values().stream().filter(v -> !v.isNaN()).mapToDouble(Double::doubleValue).sum() > 0,
                    "the services retried their store calls: " + retries);
        } finally {
            failures.close();
            running.cancel(true);
            runs.shutdownNow();
        }
    }

    /** Each service's {@code plmlab_s3_retries_total}, read from its metrics endpoint. */
    private static Map<String, Double> retriesByService(LocalStack stack) {
        Map<String, Double> out = new TreeMap<>();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        for (String name : LocalStack.SERVICES) {
            try {
                String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + stack.service(name).httpPort() + "/q/metrics")).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                Matcher m = RETRIES.matcher(metrics);
                out.put(name, m.find() ? Double.parseDouble(m.group(1)) : Double.NaN);
            } catch (Exception e) {
                out.put(name, Double.NaN);
            }
        }
        return out;
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

    /** Every job failure announced on the stack's broker while the run goes on. */
    private static final class Failures implements AutoCloseable {
        final List<String> messages = new CopyOnWriteArrayList<>();
        private final AtomicBoolean stop = new AtomicBoolean();

        Failures(String bootstrap) {
            Thread thread = new Thread(() -> read(bootstrap), "failures");
            thread.setDaemon(true);
            thread.start();
        }

        private void read(String bootstrap) {
            Properties p = new Properties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ConsumerConfig.GROUP_ID_CONFIG, "s3-outage-it-" + UUID.randomUUID());
            p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
                consumer.subscribe(List.of(Topics.FAILURES));
                while (!stop.get()) {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                        messages.add(record.value());
                    }
                }
            } catch (RuntimeException e) {
                if (!stop.get()) {
                    messages.add("failures reader stopped: " + e);
                }
            }
        }

        @Override
        public void close() {
            stop.set(true);
        }
    }
}

package dev.plmlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plmlab.cli.local.ExperimentClient;
import dev.plmlab.cli.local.LocalStack;
import dev.plmlab.cli.local.ProgressView;
import dev.plmlab.store.ObjectStore;
import dev.plmlab.store.S3Settings;
import dev.plmlab.testkit.ServiceProcess;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kill the embedder (SIGKILL) in the middle of an ESM-2 embedding job and start a new one:
 * the run finishes, the new embedder reuses the shards the first one had stored, and once the
 * per-layer objects are complete the shards are gone, so the features are stored once.
 */
class EmbedderCrashIT {

    private static final Path GOLDEN_ESM2 = Path.of(System.getProperty("plmlab.repo.root", ".."),
            "libs/forge/src/test/resources/golden/esm2/esm2_t3_64_tiny.pt").toAbsolutePath();
    private static final Pattern REUSED = Pattern.compile("plmlab_embedding_shards_total\\{[^}]*outcome=\"reused\"[^}]*} ([0-9.]+)");

    @TempDir
    Path work;

    @Test
    void aKilledEmbedderIsReplacedAndFinishedShardsAreNotRecomputed() throws Exception {
        String spec = """
                name: crash
                tasks:
                  - dataset: gb1
                    split: sampled
                models:
                  - family: esm2
                    checkpoint: %s
                    layers: last
                probes: [ridge]
                compute:
                  token_budget: 2048
                """.formatted(GOLDEN_ESM2);
        Map<String, String> config = Map.of("plmlab.embedder.shard-size", "400", "plmlab.embedder.threads", "1",
                "plmlab.embedder.model-cache", work.resolve("models").toString());
        try (LocalStack stack = LocalStack.start(RepoLayout.locate(), work.resolve("state"), work, config, System.out::println)) {
            ExperimentClient client = new ExperimentClient(stack.kafkaBootstrapServers());
            client.ensureTopics();
            String sent = stack.uploadSpecFiles(spec, work, System.out::println);
            CompletableFuture<ExperimentClient.Outcome> outcome = CompletableFuture.supplyAsync(() -> client.submitAndFollow(
                    sent, Duration.ofMinutes(10), System.out::println, new ProgressView(new PrintStream(System.out), false)));

            Map<String, String> s3 = stack.config();
            try (ObjectStore store = new ObjectStore(new S3Settings(s3.get("plmlab.s3.endpoint"), s3.get("plmlab.s3.access-key"),
                    s3.get("plmlab.s3.secret-key"), LocalStack.BUCKET, s3.get("plmlab.s3.region")))) {
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
                List<String> shards = List.of();
                while (shards.size() < 3 && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                    shards = store.list("embeddings/").stream().filter(k -> k.contains("/shards-")).toList();
                }
                assertTrue(shards.size() >= 3, "the first embedder stored shards: " + shards);
                stack.service("embedder").kill();
                int storedBeforeCrash = (int) store.list("embeddings/").stream().filter(k -> k.contains("/shards-")).count();

                ServiceProcess replacement = stack.restart("embedder");
                ExperimentClient.Outcome done = outcome.get(10, TimeUnit.MINUTES);
                assertNotNull(done.report(), "the experiment finished");
                assertEquals(List.of(), done.failures());
                assertEquals(1, done.report().results());

                String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + replacement.httpPort() + "/q/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                Matcher reused = REUSED.matcher(metrics);
                assertTrue(reused.find(), "the replacement embedder counts reused shards:\n" + metrics);
                assertTrue(Double.parseDouble(reused.group(1)) >= storedBeforeCrash,
                        "every shard stored before the crash was reused: " + reused.group(1) + " of " + storedBeforeCrash);

                List<String> stored = store.list("embeddings/");
                assertEquals(List.of(), stored.stream().filter(k -> k.contains("/shards-")).toList(),
                        "no shard outlives the finished layer objects");
                for (String part : List.of("train", "val", "test")) {
                    assertTrue(stored.stream().anyMatch(k -> k.endsWith("/" + part + "/layer-3.npy")),
                            "the last layer of " + part + " is one object: " + stored);
                }
                assertTrue(stored.stream().anyMatch(k -> k.endsWith("/features.json")), "the manifest is written last: " + stored);
            }
        }
    }
}

package dev.plmlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plmlab.cli.local.ExperimentClient;
import dev.plmlab.cli.local.LocalStack;
import dev.plmlab.cli.local.ProgressView;
import dev.plmlab.testkit.KServeServer;
import dev.plmlab.testkit.ModelControlMode;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Triton that answers 503 for 20 s in the middle of a run: three GB1 tasks embedded with the golden tiny ESM-2
 * through the KServe v2 path (the testkit server, explicit model control over the stack's S3 repository). The
 * run completes, its results.csv is byte-identical to an undisturbed run's, and the embedder computed exactly
 * the shards the undisturbed run did: the refused batches were retried, nothing was computed twice.
 */
class KServeFaultIT {

    private static final Path GOLDEN_ESM2 = Path.of(System.getProperty("plmlab.repo.root", ".."),
            "libs/forge/src/test/resources/golden/esm2/esm2_t3_64_tiny.pt").toAbsolutePath();
    private static final Pattern SHARDS = Pattern.compile(
            "plmlab_embedding_shards_total\\{[^}]*outcome=\"(computed|reused)\"[^}]*} ([0-9.]+)");

    @TempDir
    Path work;

    /** @param requests infer requests the server received, refused ones included; {@code rows} the rows it ran */
    private record Run(String resultsCsv, Map<String, Double> shards, int requests, int rows) {
    }

    private static final String SPEC = """
            name: gb1-esm2-kserve
            tasks:
              - dataset: gb1
                split: sampled
              - dataset: gb1
                split: low_vs_high
              - dataset: gb1
                split: two_vs_rest
            models:
              - family: esm2
                checkpoint: %s
                layers: last
            probes: [ridge]
            compute:
              backend: triton
              token_budget: 4096
            """.formatted(GOLDEN_ESM2);

    @Test
    void aTritonAnswering503ForAWhileCostsTimeOnly() throws Exception {
        Run undisturbed = run("undisturbed", false);
        Run faulted = run("faulted", true);
        assertEquals(undisturbed.resultsCsv(), faulted.resultsCsv(), "results.csv byte-identical to the undisturbed run");
        assertEquals(undisturbed.shards(), faulted.shards(), "the same shards computed, none twice and none reused");
        assertEquals(undisturbed.rows(), faulted.rows(), "the server ran every row once, as undisturbed");
        assertTrue(faulted.requests() > undisturbed.requests(), "the fault was met and the refused requests sent again: "
                + faulted.requests() + " requests against " + undisturbed.requests());
        System.out.println("KServe 503 for 20 s: " + (faulted.requests() - undisturbed.requests()) + " refused request(s)"
                + " sent again; " + faulted.rows() + " rows run, as undisturbed; shards " + faulted.shards());
    }

    private Run run(String name, boolean fault) throws Exception {
        StackModelRepository repository = new StackModelRepository();
        try (KServeServer server = KServeServer.start(repository, ModelControlMode.EXPLICIT);
             LocalStack stack = LocalStack.start(RepoLayout.locate(), work.resolve("state-" + name), work, Map.of(
                     "plmlab.embedder.model-cache", work.resolve("models-" + name).toString(),
                     "plmlab.embedder.triton-url", server.baseUri().toString(),
                     "plmlab.embedder.shard-size", "2048"), System.out::println)) {
            repository.bindTo(stack, "triton-models");
            ExperimentClient client = new ExperimentClient(stack.kafkaBootstrapServers());
            client.ensureTopics();
            String sent = stack.uploadSpecFiles(SPEC, work, System.out::println);
            AtomicBoolean struck = new AtomicBoolean();
            Thread saboteur = new Thread(() -> {
                // once the first embedding job is under way, the server refuses every inference for 20 s
                while (fault && !Thread.currentThread().isInterrupted() && server.inferRequests() < 3) {
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (fault) {
                    server.answerFor(503, Duration.ofSeconds(20));
                    struck.set(true);
                    System.out.println("KServe server: answering 503 for 20 s from inference request " + server.inferRequests());
                }
            });
            saboteur.setDaemon(true);
            saboteur.start();
            ExperimentClient.Outcome outcome = client.submitAndFollow(sent, Duration.ofMinutes(15), System.out::println,
                    new ProgressView(new PrintStream(System.out), false));
            saboteur.interrupt();
            assertNotNull(outcome.report(), name + " run finished");
            assertEquals(List.of(), outcome.failures(), name + " run had no failed jobs");
            assertEquals(fault, struck.get(), "the fault was switched on during the run only when asked");
            String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + stack.service("embedder").httpPort() + "/q/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
            Map<String, Double> shards = new java.util.TreeMap<>();
            Matcher m = SHARDS.matcher(metrics);
            while (m.find()) {
                shards.merge(m.group(1), Double.parseDouble(m.group(2)), Double::sum);
            }
            try (var store = new dev.plmlab.store.ObjectStore(new dev.plmlab.store.S3Settings(
                    stack.config().get("plmlab.s3.endpoint"), stack.config().get("plmlab.s3.access-key"),
                    stack.config().get("plmlab.s3.secret-key"), LocalStack.BUCKET, stack.config().get("plmlab.s3.region")))) {
                return new Run(new String(store.get(outcome.report().resultsCsvKey()).orElseThrow(), StandardCharsets.UTF_8),
                        shards, server.inferRequests(), server.inferRows());
            }
        }
    }
}

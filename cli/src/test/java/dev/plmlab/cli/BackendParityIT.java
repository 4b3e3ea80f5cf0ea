package dev.plmlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plmlab.cli.local.ExperimentClient;
import dev.plmlab.cli.local.LocalStack;
import dev.plmlab.cli.local.ProgressView;
import dev.plmlab.forge.onnx.TritonOptions;
import dev.plmlab.forge.onnx.TritonRepository;
import dev.plmlab.store.NpyArray;
import dev.plmlab.store.Npy;
import dev.plmlab.store.ObjectStore;
import dev.plmlab.store.S3Settings;
import dev.plmlab.testkit.KServeServer;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GB1 example with the golden tiny ESM-2 checkpoint, forged by the embedder, through both
 * backends: ONNX Runtime in-process, and Triton's protocol (KServe v2) against the testkit's
 * server. Features and results must agree to 1e-5.
 */
class BackendParityIT {

    private static final Path GOLDEN_ESM2 = Path.of(System.getProperty("plmlab.repo.root", ".."),
            "libs/forge/src/test/resources/golden/esm2/esm2_t3_64_tiny.pt").toAbsolutePath();

    @TempDir
    Path work;

    private record Run(Map<String, NpyArray> features, String resultsCsv) {
    }

    private static String spec(String backend) {
        return """
                name: gb1-esm2-%s
                tasks:
                  - dataset: gb1
                    split: low_vs_high
                models:
                  - family: esm2
                    checkpoint: %s
                    layers: all
                probes: [ridge]
                compute:
                  backend: %s
                  token_budget: 4096
                """.formatted(backend, GOLDEN_ESM2, backend);
    }

    private Run run(String backend, Map<String, String> embedderConfig) throws Exception {
        try (LocalStack stack = LocalStack.start(RepoLayout.locate(), work.resolve("state-" + backend), work, embedderConfig,
                System.out::println)) {
            ExperimentClient client = new ExperimentClient(stack.kafkaBootstrapServers());
            client.ensureTopics();
            ExperimentClient.Outcome outcome = client.submitAndFollow(spec(backend), Duration.ofMinutes(10), System.out::println,
                    new ProgressView(new PrintStream(System.out), false));
            assertNotNull(outcome.report(), backend + " run finished");
            assertEquals(List.of(), outcome.failures(), backend + " run had no failed jobs");
            Map<String, String> s3 = stack.config();
            try (ObjectStore store = new ObjectStore(new S3Settings(s3.get("plmlab.s3.endpoint"), s3.get("plmlab.s3.access-key"),
                    s3.get("plmlab.s3.secret-key"), LocalStack.BUCKET, s3.get("plmlab.s3.region")))) {
                // every layer object of every part, named by its key below the features id
                Map<String, NpyArray> features = new java.util.TreeMap<>();
                for (String key : store.list("embeddings/")) {
                    if (key.endsWith(".npy")) {
                        features.put(key.substring(key.indexOf('/', "embeddings/".length()) + 1),
                                Npy.fromBytes(store.get(key).orElseThrow()));
                    }
                }
                assertTrue(features.size() >= 3 * 4, "every layer of the 3-layer model, per part: " + features.keySet());
                return new Run(features,
                        new String(store.get(outcome.report().resultsCsvKey()).orElseThrow(), StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void localAndTritonBackendsAgree() throws Exception {
        Path models = work.resolve("models");
        Run local = run("local", Map.of("plmlab.embedder.model-cache", models.toString()));

        // Publish the variant the embedder forged into a Triton repository and serve it over KServe v2.
        Path forged;
        try (Stream<Path> dirs = Files.list(models)) {
            forged = dirs.filter(d -> Files.isRegularFile(d.resolve("model.onnx"))).findFirst().orElseThrow();
        }
        Path repository = work.resolve("triton-repository");
        TritonRepository.write(repository, forged.getFileName().toString(), forged, TritonOptions.gpu(64));
        Run triton;
        try (KServeServer server = KServeServer.start(repository)) {
            triton = run("triton", Map.of("plmlab.embedder.model-cache", models.toString(),
                    "plmlab.embedder.triton-url", server.baseUri().toString()));
            assertTrue(server.inferRequests() > 0, "the triton run went through the KServe server");
        }

        assertEquals(local.features().keySet(), triton.features().keySet());
        double worst = 0;
        for (String name : local.features().keySet()) {
            float[] a = local.features().get(name).floats();
            float[] b = triton.features().get(name).floats();
            assertEquals(a.length, b.length, name);
            for (int i = 0; i < a.length; i++) {
                worst = Math.max(worst, Math.abs(a[i] - b[i]));
            }
        }
        System.out.println("max abs feature difference local vs triton: " + worst);
        assertTrue(worst <= 1e-5, "features differ by " + worst);
        assertEquals(values(local.resultsCsv()).size(), values(triton.resultsCsv()).size());
        List<Double> a = values(local.resultsCsv());
        List<Double> b = values(triton.resultsCsv());
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i), b.get(i), 1e-5, "result " + i);
        }
    }

    private static List<Double> values(String csv) {
        return csv.lines().skip(1).map(line -> Double.parseDouble(line.split(",", 16)[9])).toList();
    }
}

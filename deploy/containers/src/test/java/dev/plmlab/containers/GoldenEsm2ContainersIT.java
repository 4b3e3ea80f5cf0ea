package dev.plmlab.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plmlab.forge.catalogue.ModelDownloader;
import dev.plmlab.forge.onnx.GraphOptions;
import dev.plmlab.forge.onnx.TritonModelName;
import dev.plmlab.model.ObjectKeys;
import dev.plmlab.model.spec.Variant;
import dev.plmlab.store.ObjectStore;
import dev.plmlab.store.S3Settings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * A golden-ESM-2 task through the containers with {@code compute.backend: triton}: the embedder
 * container fetches the checkpoint by its catalogue name from a loopback HTTP "catalogue" (an operator's
 * catalogue file names its URL), keeps it in the S3 model store, forges it, publishes the forged model to
 * the S3 Triton repository ({@code triton-models/}) and asks the KServe stand-in container, which runs in
 * explicit model-control mode over that repository and holds nothing at start, to load it.
 */
class GoldenEsm2ContainersIT {

    /** The catalogue name the spec's {@code family: esm2, size: t6_8M} means; served here by the golden tiny file. */
    private static final String OFFICIAL = "esm2_t6_8M_UR50D";
    private static final String PREFIX = "triton-models";
    private static final String CATALOGUE_IN_CONTAINER = "/etc/plmlab/catalogue";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern REPORT_KEYS = Pattern.compile("report ready: s3 keys (\\S+), (\\S+) and (\\S+)");

    @TempDir
    Path work;

    @Test
    void theEmbedderFetchesFromTheCataloguePublishesToS3AndTheKServeContainerLoadsIt() throws Exception {
        ContainerEngine engine = ContainerEngine.require();
        Map<String, String> images = PlmlabImages.build(engine);
        Path golden = Repo.sharedData().resolve("golden/esm2/esm2_t3_64_tiny.pt");
        String sha256 = ModelDownloader.sha256(golden);
        String served = TritonModelName.of(OFFICIAL, sha256, Variant.PRETRAINED, 0, GraphOptions.forged());
        Path logs = Path.of("target", "container-logs", "golden-esm2").toAbsolutePath();
        String modelPath = "/fair-esm/models/" + OFFICIAL + ".pt";
        int kservePort = Ports.free();
        long started = System.nanoTime();

        try (CatalogueServer catalogue = CatalogueServer.serving(modelPath, golden)) {
            Path catalogueDir = writeCatalogue(catalogue.url(modelPath), sha256, Files.size(golden));
            try (PlmlabStack stack = PlmlabStack.start(images, logs, (name, service) -> {
                if (name.equals("embedder")) {
                    service.withFileSystemBind(catalogueDir.toString(), CATALOGUE_IN_CONTAINER, BindMode.READ_ONLY)
                            .withEnv("PLMLAB_EMBEDDER_CATALOGUE_FILE", CATALOGUE_IN_CONTAINER + "/models.json")
                            .withEnv("PLMLAB_EMBEDDER_TRITON_URL", "http://127.0.0.1:" + kservePort);
                }
            })) {
                GenericContainer<?> kserve = stack.extra("kserve")
                        .withEnv("PLMLAB_S3_ACCESS_KEY", stack.accessKey)
                        .withEnv("PLMLAB_S3_SECRET_KEY", stack.secretKey)
                        .withCommand("--host", "127.0.0.1", "--port", Integer.toString(kservePort),
                                "--s3-endpoint", stack.s3Endpoint(), "--s3-bucket", PlmlabStack.BUCKET, "--s3-prefix", PREFIX,
                                "--s3-region", PlmlabStack.REGION, "--model-control-mode", "explicit")
                        .waitingFor(Wait.forLogMessage(".*KServe v2 server listening on .*", 1)
                                .withStartupTimeout(Duration.ofMinutes(2)));
                kserve.start();
                Map<String, GenericContainer<?>> all = new java.util.LinkedHashMap<>(stack.all());
                all.put("kserve", kserve);
                Hardening.assertNonRootAndReadOnly(all);
                String kserveUrl = "http://127.0.0.1:" + kservePort;
                assertEquals(List.of(), loaded(kserveUrl), "explicit mode: the KServe container holds no model at start");

                try (ObjectStore store = new ObjectStore(new S3Settings(stack.s3Endpoint(), stack.accessKey, stack.secretKey,
                        PlmlabStack.BUCKET, PlmlabStack.REGION))) {
                    assertEquals(List.of(), store.list(PREFIX + "/"), "nothing published before the run");
                    Path spec = Files.writeString(work.resolve("gb1-golden-esm2.yaml"), """
                            name: gb1-golden-esm2-containers
                            tasks:
                              - dataset: gb1
                                split: low_vs_high
                            models:
                              - family: esm2
                                size: t6_8M
                                layers: [0, 1, 2, 3]   # the tiny model under the 8M name has 3 blocks
                            probes: [ridge]
                            compute:
                              backend: triton
                              token_budget: 4096
                            """);
                    Cli.Run submit = Cli.run(logs.resolve("submit.log"), Duration.ofMinutes(25), stack.clientEnv(),
                            "submit", spec.toString(), "--kafka", stack.kafkaBootstrap(), "--timeout", "20");
                    assertEquals(0, submit.exitCode(), "plmlab submit: " + submit.output());
                    Matcher keys = REPORT_KEYS.matcher(submit.output());
                    assertTrue(keys.find(), "no 'report ready' line: " + submit.output());

                    assertEquals(List.of("GET " + modelPath), catalogue.requests(),
                            "the embedder fetched the checkpoint from the catalogue's URL, once");
                    assertTrue(store.exists(ObjectKeys.catalogueCheckpoint(OFFICIAL + ".pt")),
                            "the checkpoint is in the shared model store; the bucket holds " + store.list("models/"));
                    String entry = PREFIX + "/" + served + "/";
                    assertTrue(store.exists(entry + "config.pbtxt") && store.exists(entry + "1/model.onnx"),
                            "the embedder published " + entry + " to the S3 Triton repository; it holds " + store.list(PREFIX + "/"));
                    assertEquals(List.of(served), loaded(kserveUrl), "the KServe container loaded the published model on request");
                    String csv = new String(store.get(keys.group(1)).orElseThrow(), java.nio.charset.StandardCharsets.UTF_8);
                    long layers = csv.lines().filter(line -> line.contains(",spearman,")).count();
                    assertEquals(4, layers, "a test Spearman for each of the tiny model's 4 layer outputs: " + csv);
                    System.out.printf("golden ESM-2 in containers (triton via the KServe container): %.1f s in all, submit to"
                            + " report %.1f s; catalogue requests %s; served %s%n", (System.nanoTime() - started) / 1e9,
                            submit.took().toMillis() / 1e3, catalogue.requests(), served);
                }
            }
        }
    }

    /**
     * An operator's catalogue (models.json format) whose entry for {@link #OFFICIAL} names the loopback URL and
     * the file's sha256, in a folder the embedder's uid can read.
     */
    private Path writeCatalogue(String url, String sha256, long size) throws IOException {
        ObjectNode entry = JSON.createObjectNode()
                .put("name", OFFICIAL).put("family", "ESM2").put("layers", 3).put("dim", 64).put("attentionHeads", 4)
                .put("params", 0).put("pretrainingFraction", 1.0).putNull("pretrainingStep")
                .put("modelUrl", url).putNull("contactRegressionUrl").put("approxSizeBytes", size).put("sha256", sha256)
                .put("notes", "the golden tiny ESM-2 under the name of ESM-2 8M, served by the test");
        ObjectNode root = JSON.createObjectNode().put("description", "GoldenEsm2ContainersIT");
        root.putArray("models").add(entry);
        Path dir = Files.createDirectories(work.resolve("catalogue"));
        Path file = dir.resolve("models.json");
        JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        return dir;
    }

    /** The models the server reports READY (KServe v2 repository extension index). */
    private static List<String> loaded(String base) throws IOException, InterruptedException {
        HttpResponse<String> index = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/v2/repository/index"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, index.statusCode(), "index: " + index.body());
        List<String> ready = new ArrayList<>();
        for (JsonNode model : JSON.readTree(index.body())) {
            if ("READY".equals(model.path("state").asText())) {
                ready.add(model.path("name").asText());
            }
        }
        assertFalse(ready.contains(""), index.body());
        return ready;
    }
}

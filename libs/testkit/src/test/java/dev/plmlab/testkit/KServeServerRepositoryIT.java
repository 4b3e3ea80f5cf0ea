package dev.plmlab.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plmlab.forge.checkpoint.CheckpointReader;
import dev.plmlab.forge.onnx.GraphOptions;
import dev.plmlab.forge.onnx.OnnxGraphs;
import dev.plmlab.forge.onnx.TritonOptions;
import dev.plmlab.forge.onnx.TritonRepository;
import io.minio.MinioClient;
import io.minio.UploadObjectArgs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Explicit model control over an S3 repository (S3Proxy): nothing is loaded at start, the repository extension
 * loads and unloads, and KServeServerMain serves the same repository as its own process.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KServeServerRepositoryIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BUCKET = "models";
    private static final String PREFIX = "triton-models";
    private static final String INFER = "{\"inputs\":[{\"name\":\"tokens\",\"shape\":[1,4],\"datatype\":\"INT64\","
            + "\"data\":[[0,20,18,2]]}],\"outputs\":[{\"name\":\"mean\"}]}";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private S3ProxyProcess s3;
    private Path folder;

    @BeforeAll
    void publish() throws Exception {
        Path golden = Path.of(System.getProperty("plmlab.repo.root", "../.."), "libs", "forge", "src", "test", "resources",
                "golden", "esm2", "esm2_t3_64_tiny.pt");
        folder = Files.createTempDirectory("kserve-repository-it");
        Path forged = folder.resolve("forged");
        OnnxGraphs.write(CheckpointReader.read(golden), GraphOptions.defaults(), forged);
        Path repo = folder.resolve("repo");
        TritonRepository.write(repo, "esm2", forged, TritonOptions.gpu(4).withInstanceKind("KIND_CPU"));
        s3 = S3ProxyProcess.startTemporary();
        s3.createBucket(BUCKET);
        try (MinioClient client = client(); Stream<Path> files = Files.walk(repo)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                client.uploadObject(UploadObjectArgs.builder().bucket(BUCKET)
                        .object(PREFIX + "/" + repo.relativize(file).toString().replace('\\', '/'))
                        .filename(file.toString()).build());
            }
        }
    }

    @AfterAll
    void stop() throws Exception {
        if (s3 != null) {
            s3.close();
        }
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Test
    void explicitModeLoadsFromS3OnRequestAndUnloads() throws Exception {
        try (KServeServer server = KServeServer.start(ModelRepository.s3(location()), ModelControlMode.EXPLICIT)) {
            URI base = server.baseUri();
            assertTrue(server.models().isEmpty(), "nothing loaded at start: " + server.models());
            assertEquals("[{\"name\":\"esm2\"}]", post(base, "/v2/repository/index", "{}").body());
            assertEquals(400, get(base, "/v2/models/esm2/ready").statusCode());
            assertError(post(base, "/v2/models/esm2/infer", INFER), 404,
                    "Request for unknown model: 'esm2' has no available versions");

            HttpResponse<String> load = post(base, "/v2/repository/models/esm2/load", "");
            assertEquals(200, load.statusCode(), load.body());
            assertEquals(1, server.loads());
            assertEquals(200, get(base, "/v2/models/esm2/ready").statusCode());
            assertEquals(200, post(base, "/v2/models/esm2/infer", INFER).statusCode());
            JsonNode ready = JSON.readTree(post(base, "/v2/repository/index", "{\"ready\":true}").body());
            assertEquals("READY", ready.get(0).get("state").asText());
            assertEquals(200, post(base, "/v2/repository/models/esm2/load", "").statusCode());
            assertEquals(1, server.loads(), "a loaded model is not loaded again");

            assertEquals(200, post(base, "/v2/repository/models/esm2/unload", "").statusCode());
            assertEquals(1, server.unloads());
            assertFalse(server.models().contains("esm2"));
            JsonNode index = JSON.readTree(post(base, "/v2/repository/index", "").body());
            assertEquals("UNAVAILABLE", index.get(0).get("state").asText());
            assertEquals("unloaded", index.get(0).get("reason").asText());
            assertEquals("[]", post(base, "/v2/repository/index", "{\"ready\":true}").body());
            assertError(post(base, "/v2/models/esm2/infer", INFER), 404, "has no available versions");

            assertError(post(base, "/v2/repository/models/esm3/load", ""), 400,
                    "failed to load 'esm3', failed to poll from model repository");
            assertError(post(base, "/v2/models/esm3/infer", INFER), 404, "Request for unknown model: 'esm3' is not found");
        }
    }

    @Test
    void modeNoneLoadsEverythingAndRefusesControl() throws Exception {
        try (KServeServer server = KServeServer.start(ModelRepository.s3(location()), ModelControlMode.NONE)) {
            assertEquals(java.util.Set.of("esm2"), server.models());
            assertEquals(200, post(server.baseUri(), "/v2/models/esm2/infer", INFER).statusCode());
            assertError(post(server.baseUri(), "/v2/repository/models/esm2/unload", ""), 400, "--model-control-mode=none");
        }
    }

    @Test
    void mainServesTheS3RepositoryAsItsOwnProcess() throws Exception {
        List<String> command = new ArrayList<>(List.of(ChildProcess.javaExecutable(), classpathArgument(),
                KServeServerMain.class.getName(), "--port", "0", "--model-control-mode", "explicit",
                "--s3-endpoint", s3.endpoint(), "--s3-bucket", BUCKET, "--s3-prefix", PREFIX));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PLMLAB_S3_ACCESS_KEY", s3.accessKey());
        builder.environment().put("PLMLAB_S3_SECRET_KEY", s3.secretKey());
        Process process = builder.start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            String listening = null;
            List<String> seen = new ArrayList<>();
            while (listening == null && (line = out.readLine()) != null) {
                seen.add(line);
                if (line.startsWith(KServeServerMain.READY_LINE_PREFIX)) {
                    listening = line;
                }
            }
            assertTrue(listening != null, "no ready line; output: " + seen);
            assertTrue(listening.matches("KServe v2 server listening on 127\\.0\\.0\\.1:\\d+"), listening);
            URI base = URI.create("http://" + listening.substring(KServeServerMain.READY_LINE_PREFIX.length()));
            assertEquals(200, get(base, "/v2/health/live").statusCode());
            assertEquals(200, post(base, "/v2/repository/models/esm2/load", "").statusCode());
            assertEquals(200, post(base, "/v2/models/esm2/infer", INFER).statusCode());
        } finally {
            process.destroy();
            assertTrue(process.waitFor(20, TimeUnit.SECONDS), "KServeServerMain did not stop on SIGTERM");
        }
    }

    @Test
    void mainRejectsBadArgumentsWithUsage() throws Exception {
        Process process = new ProcessBuilder(ChildProcess.javaExecutable(), classpathArgument(),
                KServeServerMain.class.getName(), "--repository", folder.toString(), "--s3-endpoint", "http://x")
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(20, TimeUnit.SECONDS));
        assertEquals(2, process.exitValue(), output);
        assertTrue(output.contains("either --repository DIR or --s3-endpoint URL"), output);
    }

    /**
     * {@code @argfile} holding {@code -cp <this JVM's classpath>}: ONNX Runtime 1.29 crashes (SIGSEGV) in a process
     * whose command line is longer than about 4 KiB, and an argument file keeps the command line short.
     */
    private String classpathArgument() throws Exception {
        Path args = folder.resolve("classpath.args");
        if (!Files.exists(args)) {
            Files.writeString(args, "-cp \"" + System.getProperty("java.class.path").replace("\\", "\\\\") + "\"\n");
        }
        return "@" + args;
    }

    private S3ModelRepository.Location location() {
        return new S3ModelRepository.Location(s3.endpoint(), s3.region(), BUCKET, PREFIX, s3.accessKey(), s3.secretKey());
    }

    private MinioClient client() {
        return MinioClient.builder().endpoint(s3.endpoint()).credentials(s3.accessKey(), s3.secretKey()).region(s3.region()).build();
    }

    private static void assertError(HttpResponse<String> response, int status, String fragment) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        String error = JSON.readTree(response.body()).get("error").asText();
        assertTrue(error.contains(fragment), error);
    }

    private HttpResponse<String> get(URI base, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(URI base, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}

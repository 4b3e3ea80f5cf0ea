package dev.plmlab.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plmlab.forge.checkpoint.CheckpointReader;
import dev.plmlab.forge.onnx.GraphOptions;
import dev.plmlab.forge.onnx.OnnxGraphs;
import dev.plmlab.forge.onnx.TritonOptions;
import dev.plmlab.forge.onnx.TritonRepository;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The KServe v2 endpoints of {@link KServeServer} over the golden ESM-2, spoken to with a plain HTTP client. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KServeServerIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKENS_JSON = "{\"inputs\":[{\"name\":\"tokens\",\"shape\":[1,4],\"datatype\":\"INT64\","
            + "\"data\":[[0,20,18,2]]}],\"outputs\":[{\"name\":\"mean\"}]}";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private Path repo;
    private KServeServer server;

    @BeforeAll
    void serve() throws Exception {
        Path golden = Path.of(System.getProperty("plmlab.repo.root", "../.."), "libs", "forge", "src", "test", "resources",
                "golden", "esm2", "esm2_t3_64_tiny.pt");
        var checkpoint = CheckpointReader.read(golden);
        repo = Files.createTempDirectory("kserve-server-it");
        Path forged = Files.createTempDirectory("kserve-server-it-forged");
        OnnxGraphs.write(checkpoint, GraphOptions.defaults().withHiddenLayers(java.util.List.of(3)), forged);
        TritonRepository.write(repo, "esm2", forged, TritonOptions.gpu(4).withInstanceKind("KIND_CPU"));
        try (var files = Files.walk(forged)) { // the entry links or copies the weights: the forged folder can go
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        server = KServeServer.start(repo);
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
        try (var files = Files.walk(repo)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Test
    void healthAndMetadata() throws Exception {
        assertEquals(200, get("/v2/health/live").statusCode());
        assertEquals(200, get("/v2/health/ready").statusCode());
        assertEquals(200, get("/v2/models/esm2/ready").statusCode());
        JsonNode metadata = JSON.readTree(get("/v2/models/esm2").body());
        assertEquals("esm2", metadata.get("name").asText());
        assertEquals("onnxruntime_onnx", metadata.get("platform").asText());
        JsonNode input = metadata.get("inputs").get(0);
        assertEquals("tokens", input.get("name").asText());
        assertEquals("INT64", input.get("datatype").asText());
        assertEquals("[-1,-1]", input.get("shape").toString());
        JsonNode mean = find(metadata.get("outputs"), "mean");
        assertEquals("FP32", mean.get("datatype").asText());
        assertEquals("[-1,4,64]", mean.get("shape").toString());
        assertEquals("[-1,-1,64]", find(metadata.get("outputs"), "hidden_3").get("shape").toString());
        JsonNode config = JSON.readTree(get("/v2/models/esm2/config").body());
        assertEquals(4, config.get("max_batch_size").asInt());
        assertEquals("[-1]", find(config.get("input"), "tokens").get("dims").toString());
        assertEquals(200, get("/v2/models/esm2/versions/1/ready").statusCode());
    }

    @Test
    void jsonAndBinaryRequestsGiveTheSameValues() throws Exception {
        HttpResponse<byte[]> json = post("/v2/models/esm2/infer", TOKENS_JSON.getBytes(StandardCharsets.UTF_8), null);
        assertEquals(200, json.statusCode(), new String(json.body(), StandardCharsets.UTF_8));
        assertTrue(json.headers().firstValue("Inference-Header-Content-Length").isEmpty(), "no binary part");
        JsonNode output = JSON.readTree(json.body()).get("outputs").get(0);
        assertEquals("[1,4,64]", output.get("shape").toString());
        float[] fromJson = new float[output.get("data").size()];
        for (int i = 0; i < fromJson.length; i++) {
            fromJson[i] = (float) output.get("data").get(i).asDouble();
        }

        String header = "{\"inputs\":[{\"name\":\"tokens\",\"shape\":[1,4],\"datatype\":\"INT64\",\"parameters\":{\"binary_data_size\":32}}],"
                + "\"outputs\":[{\"name\":\"hidden_3\",\"parameters\":{\"binary_data\":true}},{\"name\":\"mean\",\"parameters\":{\"binary_data\":true}}]}";
        ByteBuffer body = ByteBuffer.allocate(header.length() + 32).order(ByteOrder.LITTLE_ENDIAN);
        body.put(header.getBytes(StandardCharsets.UTF_8)).putLong(0).putLong(20).putLong(18).putLong(2);
        HttpResponse<byte[]> binary = post("/v2/models/esm2/infer", body.array(), header.length());
        assertEquals(200, binary.statusCode(), new String(binary.body(), StandardCharsets.UTF_8));
        assertEquals("application/octet-stream", binary.headers().firstValue("Content-Type").orElseThrow());
        int jsonLength = Integer.parseInt(binary.headers().firstValue("Inference-Header-Content-Length").orElseThrow());
        JsonNode outputs = JSON.readTree(Arrays.copyOf(binary.body(), jsonLength)).get("outputs");
        assertEquals("hidden_3", outputs.get(0).get("name").asText());
        int hiddenBytes = outputs.get(0).get("parameters").get("binary_data_size").asInt();
        assertEquals(4 * 64 * 4, hiddenBytes);
        assertEquals(4 * 64 * 4, outputs.get(1).get("parameters").get("binary_data_size").asInt());
        assertEquals(jsonLength + 2 * 4 * 64 * 4, binary.body().length);
        float[] fromBinary = new float[4 * 64];
        ByteBuffer.wrap(binary.body(), jsonLength + hiddenBytes, 4 * 64 * 4).order(ByteOrder.LITTLE_ENDIAN)
                .asFloatBuffer().get(fromBinary);
        assertArrayEquals(fromJson, fromBinary, 1e-6f);
    }

    @Test
    void errorsAreJsonWithTheRightStatus() throws Exception {
        assertError(get("/v2/models/nope/ready"), 404, "unknown model");
        assertError(post("/v2/models/esm2/ready", new byte[0], null), 405, "method");
        assertError(post("/v2/models/esm2/infer", "{not json".getBytes(StandardCharsets.UTF_8), null), 400, "JSON");
        assertError(post("/v2/models/esm2/infer", TOKENS_JSON.replace("[1,4]", "[1,5]").getBytes(StandardCharsets.UTF_8), null),
                400, "4 values");
        assertError(post("/v2/models/esm2/infer", TOKENS_JSON.replace("\"mean\"", "\"logits\"").getBytes(StandardCharsets.UTF_8), null),
                400, "unexpected inference output");
        String five = "{\"inputs\":[{\"name\":\"tokens\",\"shape\":[5,1],\"datatype\":\"INT64\",\"data\":[0,0,0,0,0]}]}";
        assertError(post("/v2/models/esm2/infer", five.getBytes(StandardCharsets.UTF_8), null), 400, "batch-size must be <= 4");
        byte[] shortBinary = "{\"inputs\":[{\"name\":\"tokens\",\"shape\":[1,4],\"datatype\":\"INT64\",\"parameters\":{\"binary_data_size\":32}}]}"
                .getBytes(StandardCharsets.UTF_8);
        assertError(post("/v2/models/esm2/infer", shortBinary, shortBinary.length), 400, "binary_data_size");
    }

    @Test
    void aLoadingServerIsLiveButNotReady() throws Exception {
        try (KServeServer loading = KServeServer.start(repo, KServeServerOptions.defaults().withLoadingDelay(Duration.ofSeconds(30)))) {
            assertEquals(200, send(HttpRequest.newBuilder(loading.baseUri().resolve("/v2/health/live")).GET()).statusCode());
            assertEquals(503, send(HttpRequest.newBuilder(loading.baseUri().resolve("/v2/health/ready")).GET()).statusCode());
            assertEquals(503, send(HttpRequest.newBuilder(loading.baseUri().resolve("/v2/models/esm2/ready")).GET()).statusCode());
        }
    }

    private void assertError(HttpResponse<byte[]> response, int status, String fragment) throws Exception {
        String body = new String(response.body(), StandardCharsets.UTF_8);
        assertEquals(status, response.statusCode(), body);
        String error = JSON.readTree(body).get("error").asText();
        assertTrue(error.contains(fragment), error);
    }

    private static JsonNode find(JsonNode list, String name) {
        for (JsonNode node : list) {
            if (node.get("name").asText().equals(name)) {
                return node;
            }
        }
        throw new AssertionError(name + " not in " + list);
    }

    private HttpResponse<byte[]> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(server.baseUri().resolve(path)).GET());
    }

    private HttpResponse<byte[]> post(String path, byte[] body, Integer headerLength) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.baseUri().resolve(path))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (headerLength != null) {
            request.header("Inference-Header-Content-Length", headerLength.toString())
                    .header("Content-Type", "application/octet-stream");
        }
        return send(request);
    }

    private HttpResponse<byte[]> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}

package dev.plmlab.inference.kserve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.plmlab.inference.BackendOutputs;
import dev.plmlab.inference.InferenceException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client's bodies against the KServe v2 protocol and its binary tensor data extension as documented:
 * JSON header fields, {@code binary_data_size}, {@code Inference-Header-Content-Length}, and little-endian,
 * row-major tensor bytes following the JSON in the order the tensors are listed.
 */
class KServeProtocolTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void requestHeaderDescribesTheBinaryInputAndAsksForBinaryOutputs() throws IOException {
        long[][] tokens = {{0, 5, 2}, {0, 0x0102030405060708L, 1}};
        InferRequestBody request = KServeCodec.encodeRequest("tokens", tokens, List.of("mean", "hidden_2"), true);

        JsonNode header = JSON.readTree(Arrays.copyOf(request.body(), request.headerLength()));
        JsonNode input = header.get("inputs").get(0);
        assertEquals("tokens", input.get("name").asText());
        assertEquals("INT64", input.get("datatype").asText());
        assertEquals(List.of(2L, 3L), List.of(input.get("shape").get(0).asLong(), input.get("shape").get(1).asLong()));
        assertEquals(2 * 3 * 8, input.get("parameters").get("binary_data_size").asLong());
        assertFalse(input.has("data"), "binary inputs carry no JSON data");
        assertEquals("mean", header.get("outputs").get(0).get("name").asText());
        assertEquals("hidden_2", header.get("outputs").get(1).get("name").asText());
        for (JsonNode output : header.get("outputs")) {
            assertTrue(output.get("parameters").get("binary_data").asBoolean());
        }
        assertEquals(request.headerLength() + 48, request.body().length, "JSON, then exactly the tensor bytes");
    }

    @Test
    void requestTensorBytesAreLittleEndianRowMajor() {
        long[][] tokens = {{0, 5, 2}, {0, 0x0102030405060708L, 1}};
        InferRequestBody request = KServeCodec.encodeRequest("tokens", tokens, List.of("mean"), true);
        byte[] data = Arrays.copyOfRange(request.body(), request.headerLength(), request.body().length);
        // row 1, column 1 is element 4: bytes 32..39, least significant first
        assertArrayEquals(new byte[] {8, 7, 6, 5, 4, 3, 2, 1}, Arrays.copyOfRange(data, 32, 40));
        assertArrayEquals(new byte[] {5, 0, 0, 0, 0, 0, 0, 0}, Arrays.copyOfRange(data, 8, 16));
    }

    @Test
    void jsonOutputsAreRequestedWithoutBinaryData() throws IOException {
        InferRequestBody request = KServeCodec.encodeRequest("tokens", new long[][] {{1}}, List.of("mean"), false);
        JsonNode header = JSON.readTree(Arrays.copyOf(request.body(), request.headerLength()));
        assertFalse(header.get("outputs").get(0).get("parameters").get("binary_data").asBoolean());
    }

    @Test
    void binaryResponseOutputsTakeTheirBytesInListedOrder() {
        // mean [1,1,2] binary, hidden_0 [1,2,1] JSON, hidden_1 [1,1,1] binary: the binary part is mean then hidden_1
        String header = "{\"model_name\":\"m\",\"outputs\":["
                + "{\"name\":\"mean\",\"datatype\":\"FP32\",\"shape\":[1,1,2],\"parameters\":{\"binary_data_size\":8}},"
                + "{\"name\":\"hidden_0\",\"datatype\":\"FP32\",\"shape\":[1,2,1],\"data\":[0.5,-1.5]},"
                + "{\"name\":\"hidden_1\",\"datatype\":\"FP32\",\"shape\":[1,1,1],\"parameters\":{\"binary_data_size\":4}}]}";
        byte[] body = concat(header.getBytes(StandardCharsets.UTF_8), littleEndianFloats(1.25f, -2f, 7f));
        Map<String, KServeCodec.DecodedTensor> decoded = KServeCodec.decodeResponse(body, header.length());
        assertEquals(List.of("mean", "hidden_0", "hidden_1"), List.copyOf(decoded.keySet()));
        assertArrayEquals(new float[] {1.25f, -2f}, decoded.get("mean").values());
        assertArrayEquals(new float[] {0.5f, -1.5f}, decoded.get("hidden_0").values());
        assertArrayEquals(new float[] {7f}, decoded.get("hidden_1").values());
        assertArrayEquals(new float[] {1.25f, -2f}, decoded.get("mean").toRank3()[0][0]);
    }

    @Test
    void fp16OutputsAreWidened() {
        String header = "{\"outputs\":[{\"name\":\"mean\",\"datatype\":\"FP16\",\"shape\":[1,1,3],"
                + "\"parameters\":{\"binary_data_size\":6}}]}";
        // 1.0 = 0x3C00, -2.0 = 0xC000, 65504 = 0x7BFF
        ByteBuffer halves = ByteBuffer.allocate(6).order(ByteOrder.LITTLE_ENDIAN)
                .putShort((short) 0x3C00).putShort((short) 0xC000).putShort((short) 0x7BFF);
        byte[] body = concat(header.getBytes(StandardCharsets.UTF_8), halves.array());
        assertArrayEquals(new float[] {1f, -2f, 65504f}, KServeCodec.decodeResponse(body, header.length()).get("mean").values());
    }

    @Test
    void plainJsonResponsesWithNestedDataAreAccepted() {
        String json = "{\"outputs\":[{\"name\":\"mean\",\"datatype\":\"FP32\",\"shape\":[2,1,2],\"data\":[[[1,2]],[[3,4]]]}]}";
        KServeCodec.DecodedTensor mean = KServeCodec.decodeResponse(json.getBytes(StandardCharsets.UTF_8), null).get("mean");
        assertArrayEquals(new float[] {3f, 4f}, mean.toRank3()[1][0]);
    }

    @Test
    void inconsistentResponsesAreRejectedWithAReason() {
        String header = "{\"outputs\":[{\"name\":\"mean\",\"datatype\":\"FP32\",\"shape\":[1,1,2],\"parameters\":{\"binary_data_size\":8}}]}";
        byte[] shortBody = concat(header.getBytes(StandardCharsets.UTF_8), new byte[4]);
        InferenceException e = assertThrows(InferenceException.class, () -> KServeCodec.decodeResponse(shortBody, header.length()));
        assertTrue(e.getMessage().contains("8 bytes"), e.getMessage());
        assertEquals("batch too big", KServeCodec.errorMessage("{\"error\":\"batch too big\"}".getBytes(StandardCharsets.UTF_8)));
    }

    /** The HTTP exchange itself: method, path, headers and body as the extension prescribes. */
    @Test
    void backendSendsTheHeaderLengthAndOctetStreamAndReadsTheBinaryReply() throws Exception {
        AtomicReference<String> headerLength = new AtomicReference<>();
        AtomicReference<String> contentType = new AtomicReference<>();
        AtomicReference<byte[]> received = new AtomicReference<>();
        HttpServer stub = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        stub.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            byte[] request = exchange.getRequestBody().readAllBytes();
            if (path.equals("/v2/health/ready") || path.equals("/v2/models/m/ready")) {
                exchange.sendResponseHeaders(200, -1);
            } else if (path.equals("/v2/models/m/infer") && exchange.getRequestMethod().equals("POST")) {
                headerLength.set(exchange.getRequestHeaders().getFirst("Inference-Header-Content-Length"));
                contentType.set(exchange.getRequestHeaders().getFirst("Content-Type"));
                received.set(request);
                String header = "{\"model_name\":\"m\",\"outputs\":[{\"name\":\"mean\",\"datatype\":\"FP32\","
                        + "\"shape\":[1,2,1],\"parameters\":{\"binary_data_size\":8}}]}";
                byte[] body = concat(header.getBytes(StandardCharsets.UTF_8), littleEndianFloats(3f, 4f));
                exchange.getResponseHeaders().set("Inference-Header-Content-Length", Integer.toString(header.length()));
                exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            } else { // no /config and no metadata: the client must cope without them
                byte[] body = "{\"error\":\"not here\"}".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(404, body.length);
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        stub.start();
        try (KServeBackend backend = new KServeBackend(KServeConfig.of(
                URI.create("http://127.0.0.1:" + stub.getAddress().getPort() + "/"), "m")
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5)))) {
            BackendOutputs out = backend.infer(new long[][] {{0, 4, 2}});
            assertArrayEquals(new float[] {4f}, out.mean()[0][1]);
            assertEquals(0, backend.maxBatchSize(), "no config endpoint: no limit");
        } finally {
            stub.stop(0);
        }
        assertEquals("application/octet-stream", contentType.get());
        int jsonLength = Integer.parseInt(headerLength.get());
        JsonNode header = JSON.readTree(Arrays.copyOf(received.get(), jsonLength));
        assertEquals(24, header.get("inputs").get(0).get("parameters").get("binary_data_size").asInt());
        assertEquals(jsonLength + 24, received.get().length);
        assertEquals(Set.of("mean"), Set.of(header.get("outputs").get(0).get("name").asText()));
    }

    private static byte[] littleEndianFloats(float... values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            buffer.putFloat(v);
        }
        return buffer.array();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }
}

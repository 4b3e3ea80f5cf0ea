package dev.plmlab.inference.kserve;

import dev.plmlab.model.numeric.Float16;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plmlab.inference.InferenceException;
import dev.plmlab.inference.TokenBatches;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * KServe v2 (Open Inference Protocol) HTTP bodies with the binary tensor data extension.
 *
 * <p>Request: a JSON object, then the input's bytes. The input carries {@code "parameters":
 * {"binary_data_size": <bytes>}}, and the JSON's length goes in the {@code Inference-Header-Content-Length}
 * header. Each requested output carries {@code "parameters": {"binary_data": true}} when binary outputs are
 * wanted. Tensor bytes are little-endian, row-major, unpadded.
 *
 * <p>Response: the same layout. Outputs with {@code binary_data_size} take their bytes, in the order the
 * outputs are listed, from after the JSON header; outputs without it carry JSON {@code data} (flat, row-major,
 * or nested arrays).
 */
public final class KServeCodec {

    public static final String HEADER_LENGTH = "Inference-Header-Content-Length";
    public static final String BINARY_CONTENT_TYPE = "application/octet-stream";
    public static final String JSON_CONTENT_TYPE = "application/json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private KServeCodec() {
    }

    /** Encodes an INT64 [B, T] input named {@code inputName} and asks for {@code outputs}. */
    public static InferRequestBody encodeRequest(String inputName, long[][] tokens, List<String> outputs,
                                                 boolean binaryOutputs) {
        long[] flat = TokenBatches.flatten(tokens);
        int dataBytes = Math.multiplyExact(flat.length, Long.BYTES);
        ObjectNode root = JSON.createObjectNode();
        ObjectNode input = root.putArray("inputs").addObject();
        input.put("name", inputName);
        input.putArray("shape").add(tokens.length).add(tokens[0].length);
        input.put("datatype", "INT64");
        input.putObject("parameters").put("binary_data_size", dataBytes);
        ArrayNode requested = root.putArray("outputs");
        for (String name : outputs) {
            ObjectNode output = requested.addObject().put("name", name);
            output.putObject("parameters").put("binary_data", binaryOutputs);
        }
        byte[] header = root.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer body = ByteBuffer.allocate(header.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        body.put(header);
        body.asLongBuffer().put(flat);
        return new InferRequestBody(body.array(), header.length);
    }

    /** One decoded output tensor: float values, row-major, with their shape. */
    public record DecodedTensor(String datatype, long[] shape, float[] values) {

        /** The values as [d0][d1][d2]; the shape must have rank 3. */
        public float[][][] toRank3() {
            if (shape.length != 3) {
                throw new InferenceException("expected a rank-3 output, got shape " + java.util.Arrays.toString(shape));
            }
            float[][][] out = new float[(int) shape[0]][(int) shape[1]][(int) shape[2]];
            int at = 0;
            for (float[][] plane : out) {
                for (float[] row : plane) {
                    System.arraycopy(values, at, row, 0, row.length);
                    at += row.length;
                }
            }
            return out;
        }
    }

    /**
     * Decodes an inference response.
     *
     * @param headerLength the {@code Inference-Header-Content-Length} value, or null when the response is
     *                     plain JSON
     * @return output tensors by name, in response order
     */
    public static Map<String, DecodedTensor> decodeResponse(byte[] body, Integer headerLength) {
        int jsonLength = headerLength == null ? body.length : headerLength;
        if (jsonLength < 0 || jsonLength > body.length) {
            throw new InferenceException("response header length " + jsonLength + " outside a body of " + body.length + " bytes");
        }
        JsonNode root;
        try {
            root = JSON.readTree(body, 0, jsonLength);
        } catch (IOException e) {
            throw new InferenceException("response is not KServe v2 JSON: " + e.getMessage(), false, e);
        }
        JsonNode outputs = root.path("outputs");
        if (!outputs.isArray()) {
            throw new InferenceException("response has no outputs array: " + abbreviate(root.toString()));
        }
        Map<String, DecodedTensor> decoded = new LinkedHashMap<>();
        int binaryAt = jsonLength;
        for (JsonNode output : outputs) {
            String name = output.path("name").asText();
            String datatype = output.path("datatype").asText();
            long[] shape = shape(output.path("shape"), name);
            long count = 1;
            for (long d : shape) {
                count = Math.multiplyExact(count, d);
            }
            JsonNode size = output.path("parameters").path("binary_data_size");
            float[] values;
            if (!size.isMissingNode()) {
                long bytes = size.asLong();
                if (binaryAt + bytes > body.length) {
                    throw new InferenceException("output " + name + " claims " + bytes + " bytes at offset " + binaryAt
                            + " of a " + body.length + "-byte body");
                }
                values = binaryValues(name, datatype, ByteBuffer.wrap(body, binaryAt, (int) bytes).slice(), count);
                binaryAt += (int) bytes;
            } else {
                values = jsonValues(name, output.path("data"), count);
            }
            decoded.put(name, new DecodedTensor(datatype, shape, values));
        }
        return decoded;
    }

    /** The {@code error} message of an error response body, or the body itself if it is not one. */
    public static String errorMessage(byte[] body) {
        try {
            JsonNode error = JSON.readTree(body).path("error");
            if (error.isTextual()) {
                return error.asText();
            }
        } catch (IOException | RuntimeException ignored) {
            // not JSON: the raw text is the best message there is
        }
        return abbreviate(new String(body, StandardCharsets.UTF_8));
    }

    private static long[] shape(JsonNode node, String name) {
        if (!node.isArray()) {
            throw new InferenceException("output " + name + " has no shape");
        }
        long[] shape = new long[node.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = node.get(i).asLong();
        }
        return shape;
    }

    private static float[] binaryValues(String name, String datatype, ByteBuffer bytes, long count) {
        bytes.order(ByteOrder.LITTLE_ENDIAN);
        int width = switch (datatype) {
            case "FP32" -> 4;
            case "FP16" -> 2;
            case "FP64" -> 8;
            default -> throw new InferenceException("output " + name + " has datatype " + datatype
                    + "; only FP32, FP16 and FP64 outputs are supported");
        };
        if (bytes.remaining() != count * width) {
            throw new InferenceException("output " + name + ": " + bytes.remaining() + " bytes for " + count + " "
                    + datatype + " values");
        }
        float[] values = new float[(int) count];
        switch (datatype) {
            case "FP32" -> bytes.asFloatBuffer().get(values);
            case "FP16" -> {
                for (int i = 0; i < values.length; i++) {
                    values[i] = Float16.toFloat(bytes.getShort());
                }
            }
            default -> {
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) bytes.getDouble();
                }
            }
        }
        return values;
    }

    private static float[] jsonValues(String name, JsonNode data, long count) {
        if (!data.isArray()) {
            throw new InferenceException("output " + name + " has neither binary_data_size nor a data array");
        }
        List<JsonNode> leaves = new ArrayList<>();
        flattenInto(data, leaves);
        if (leaves.size() != count) {
            throw new InferenceException("output " + name + ": " + leaves.size() + " values for a shape of " + count);
        }
        float[] values = new float[leaves.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) leaves.get(i).asDouble();
        }
        return values;
    }

    private static void flattenInto(JsonNode node, List<JsonNode> leaves) {
        if (node.isArray()) {
            for (JsonNode child : node) {
                flattenInto(child, leaves);
            }
        } else {
            leaves.add(node);
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "...";
    }
}

package dev.plmlab.testkit;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The server side of KServe v2 inference bodies with the binary tensor data extension: a JSON object
 * (whose length the {@code Inference-Header-Content-Length} header gives when binary data follows), then each
 * binary tensor's bytes, little-endian, row-major, in the order the tensors are listed.
 */
final class KServeWire {

    static final String HEADER_LENGTH = "Inference-Header-Content-Length";
    private static final ObjectMapper JSON = new ObjectMapper();

    private KServeWire() {
    }

    /** A client error: answered with HTTP 400 and this message. */
    static final class BadRequest extends RuntimeException {
        BadRequest(String message) {
            super(message, null, false, false);
        }
    }

    /** One decoded input: its name, shape and values, with the tensor built from them. */
    record Input(String name, long[] shape, String datatype, OnnxTensor tensor) {
    }

    /** A requested output and whether it goes back as binary data. */
    record RequestedOutput(String name, boolean binary) {
    }

    /** A decoded request: inputs by name and the outputs asked for (empty: all, as JSON unless defaulted binary). */
    record Request(Map<String, Input> inputs, List<RequestedOutput> outputs, boolean binaryByDefault) {
    }

    static Request decode(OrtEnvironment env, byte[] body, String headerLengthValue) throws OrtException {
        int jsonLength = body.length;
        if (headerLengthValue != null) {
            try {
                jsonLength = Integer.parseInt(headerLengthValue.trim());
            } catch (NumberFormatException e) {
                throw new BadRequest(HEADER_LENGTH + " is not a number: " + headerLengthValue);
            }
            if (jsonLength < 0 || jsonLength > body.length) {
                throw new BadRequest(HEADER_LENGTH + " " + jsonLength + " exceeds the body of " + body.length + " bytes");
            }
        }
        JsonNode root;
        try {
            root = JSON.readTree(body, 0, jsonLength);
        } catch (IOException e) {
            throw new BadRequest("request header is not valid JSON: " + e.getMessage());
        }
        if (root == null || !root.path("inputs").isArray() || root.path("inputs").isEmpty()) {
            throw new BadRequest("request has no inputs");
        }
        Map<String, Input> inputs = new LinkedHashMap<>();
        int binaryAt = jsonLength;
        for (JsonNode input : root.path("inputs")) {
            String name = input.path("name").asText(null);
            if (name == null) {
                throw new BadRequest("an input has no name");
            }
            long[] shape = shape(input.path("shape"), name);
            long count = 1;
            for (long d : shape) {
                if (d < 0) {
                    throw new BadRequest("input '" + name + "' has a negative dimension");
                }
                count = Math.multiplyExact(count, d);
            }
            String datatype = input.path("datatype").asText("");
            JsonNode size = input.path("parameters").path("binary_data_size");
            OnnxTensor tensor;
            if (!size.isMissingNode()) {
                long bytes = size.asLong(-1);
                if (bytes < 0 || binaryAt + bytes > body.length) {
                    throw new BadRequest("input '" + name + "' binary_data_size " + size + " exceeds the "
                            + (body.length - binaryAt) + " bytes left in the body");
                }
                if (bytes != count * width(datatype, name)) {
                    throw new BadRequest("input '" + name + "': binary_data_size " + bytes + " does not match shape "
                            + java.util.Arrays.toString(shape) + " of " + datatype);
                }
                ByteBuffer data = ByteBuffer.wrap(body, binaryAt, (int) bytes).slice().order(ByteOrder.LITTLE_ENDIAN);
                tensor = binaryTensor(env, name, datatype, data, shape);
                binaryAt += (int) bytes;
            } else {
                tensor = jsonTensor(env, name, datatype, input.path("data"), shape, count);
            }
            inputs.put(name, new Input(name, shape, datatype, tensor));
        }
        if (binaryAt != body.length) {
            inputs.values().forEach(i -> i.tensor().close());
            throw new BadRequest((body.length - binaryAt) + " bytes after the last binary input are not claimed by any input");
        }
        boolean binaryByDefault = root.path("parameters").path("binary_data_output").asBoolean(false);
        List<RequestedOutput> outputs = new ArrayList<>();
        for (JsonNode output : root.path("outputs")) {
            JsonNode binary = output.path("parameters").path("binary_data");
            outputs.add(new RequestedOutput(output.path("name").asText(), binary.isMissingNode() ? binaryByDefault : binary.asBoolean()));
        }
        return new Request(inputs, outputs, binaryByDefault);
    }

    /**
     * Encodes the response; returns the body and, in {@code headerLength[0]}, the JSON's length (the whole
     * body when no output is binary).
     */
    static byte[] encode(String model, Map<String, OnnxTensor> results, List<RequestedOutput> outputs, int[] headerLength)
            throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("model_name", model);
        root.put("model_version", ServedModel.VERSION);
        ArrayNode list = root.putArray("outputs");
        ByteArrayOutputStream binary = new ByteArrayOutputStream();
        for (RequestedOutput requested : outputs) {
            OnnxTensor tensor = results.get(requested.name());
            ObjectNode output = list.addObject().put("name", requested.name());
            output.put("datatype", datatype(tensor.getInfo().type));
            ArrayNode shape = output.putArray("shape");
            for (long d : tensor.getInfo().getShape()) {
                shape.add(d);
            }
            if (requested.binary()) {
                byte[] bytes = littleEndianBytes(tensor);
                output.putObject("parameters").put("binary_data_size", bytes.length);
                binary.write(bytes);
            } else {
                jsonData(output.putArray("data"), tensor);
            }
        }
        byte[] header = root.toString().getBytes(StandardCharsets.UTF_8);
        headerLength[0] = header.length;
        byte[] body = new byte[header.length + binary.size()];
        System.arraycopy(header, 0, body, 0, header.length);
        System.arraycopy(binary.toByteArray(), 0, body, header.length, binary.size());
        return body;
    }

    /** KServe v2 datatype names for ORT element types. */
    static String datatype(OnnxJavaType type) {
        return switch (type) {
            case FLOAT -> "FP32";
            case FLOAT16 -> "FP16";
            case BFLOAT16 -> "BF16";
            case DOUBLE -> "FP64";
            case INT64 -> "INT64";
            case INT32 -> "INT32";
            case INT16 -> "INT16";
            case INT8 -> "INT8";
            case UINT8 -> "UINT8";
            case BOOL -> "BOOL";
            case STRING -> "BYTES";
            default -> throw new IllegalArgumentException("no KServe datatype for " + type);
        };
    }

    private static long[] shape(JsonNode node, String name) {
        if (!node.isArray()) {
            throw new BadRequest("input '" + name + "' has no shape");
        }
        long[] shape = new long[node.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = node.get(i).asLong();
        }
        return shape;
    }

    private static int width(String datatype, String name) {
        return switch (datatype) {
            case "INT64", "FP64" -> 8;
            case "INT32", "FP32" -> 4;
            default -> throw new BadRequest("input '" + name + "' has datatype '" + datatype
                    + "'; this server takes INT64, INT32, FP32 and FP64");
        };
    }

    private static OnnxTensor binaryTensor(OrtEnvironment env, String name, String datatype, ByteBuffer data, long[] shape)
            throws OrtException {
        return switch (datatype) {
            case "INT64" -> OnnxTensor.createTensor(env, copyLongs(data), shape);
            case "INT32" -> OnnxTensor.createTensor(env, java.nio.IntBuffer.wrap(ints(data)), shape);
            case "FP32" -> OnnxTensor.createTensor(env, java.nio.FloatBuffer.wrap(floats(data)), shape);
            case "FP64" -> OnnxTensor.createTensor(env, java.nio.DoubleBuffer.wrap(doubles(data)), shape);
            default -> throw new BadRequest("input '" + name + "': unsupported datatype " + datatype);
        };
    }

    private static java.nio.LongBuffer copyLongs(ByteBuffer data) {
        long[] values = new long[data.remaining() / Long.BYTES];
        data.asLongBuffer().get(values);
        return java.nio.LongBuffer.wrap(values);
    }

    private static int[] ints(ByteBuffer data) {
        int[] values = new int[data.remaining() / Integer.BYTES];
        data.asIntBuffer().get(values);
        return values;
    }

    private static float[] floats(ByteBuffer data) {
        float[] values = new float[data.remaining() / Float.BYTES];
        data.asFloatBuffer().get(values);
        return values;
    }

    private static double[] doubles(ByteBuffer data) {
        double[] values = new double[data.remaining() / Double.BYTES];
        data.asDoubleBuffer().get(values);
        return values;
    }

    private static OnnxTensor jsonTensor(OrtEnvironment env, String name, String datatype, JsonNode data, long[] shape,
                                         long count) throws OrtException {
        if (!data.isArray()) {
            throw new BadRequest("input '" + name + "' has neither binary_data_size nor a data array");
        }
        List<JsonNode> leaves = new ArrayList<>();
        flatten(data, leaves);
        if (leaves.size() != count) {
            throw new BadRequest("input '" + name + "': " + leaves.size() + " values for shape " + java.util.Arrays.toString(shape));
        }
        width(datatype, name); // rejects unsupported types with a message
        ByteBuffer buffer = ByteBuffer.allocate((int) count * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (JsonNode leaf : leaves) {
            switch (datatype) {
                case "INT64" -> buffer.putLong(leaf.asLong());
                case "INT32" -> buffer.putInt(leaf.asInt());
                case "FP32" -> buffer.putFloat((float) leaf.asDouble());
                default -> buffer.putDouble(leaf.asDouble());
            }
        }
        buffer.flip();
        return binaryTensor(env, name, datatype, buffer, shape);
    }

    private static void flatten(JsonNode node, List<JsonNode> leaves) {
        if (node.isArray()) {
            node.forEach(child -> flatten(child, leaves));
        } else {
            leaves.add(node);
        }
    }

    private static byte[] littleEndianBytes(OnnxTensor tensor) {
        OnnxJavaType type = tensor.getInfo().type;
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(tensor.getInfo().getNumElements() * type.size))
                .order(ByteOrder.LITTLE_ENDIAN);
        switch (type) {
            case FLOAT -> out.asFloatBuffer().put(tensor.getFloatBuffer());
            case DOUBLE -> out.asDoubleBuffer().put(tensor.getDoubleBuffer());
            case INT64 -> out.asLongBuffer().put(tensor.getLongBuffer());
            case INT32 -> out.asIntBuffer().put(tensor.getIntBuffer());
            case FLOAT16, BFLOAT16, INT16 -> out.asShortBuffer().put(tensor.getShortBuffer());
            default -> out.put(tensor.getByteBuffer()); // one-byte types have no byte order
        }
        return out.array();
    }

    private static void jsonData(ArrayNode data, OnnxTensor tensor) {
        switch (tensor.getInfo().type) {
            case INT64 -> {
                java.nio.LongBuffer values = tensor.getLongBuffer();
                while (values.hasRemaining()) {
                    data.add(values.get());
                }
            }
            case INT32 -> {
                java.nio.IntBuffer values = tensor.getIntBuffer();
                while (values.hasRemaining()) {
                    data.add(values.get());
                }
            }
            case DOUBLE -> {
                java.nio.DoubleBuffer values = tensor.getDoubleBuffer();
                while (values.hasRemaining()) {
                    data.add(values.get());
                }
            }
            default -> { // FP32, and FP16 widened to float by ORT
                java.nio.FloatBuffer values = tensor.getFloatBuffer();
                while (values.hasRemaining()) {
                    data.add(values.get());
                }
            }
        }
    }
}

package dev.plmlab.forge.onnx;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes a model built in memory ({@link OnnxGraphs#build}, tests) as {@code model.onnx}; forging writes
 * its files itself, streamed ({@link OnnxGraphs#write}), and shares the file names defined here. A protobuf message cannot exceed 2 GiB, so when the weights
 * are larger than a threshold they go to a sidecar file, {@code model.onnx.data}, referenced from each
 * initializer with {@code data_location = EXTERNAL} (the ONNX external-data convention, which ORT and
 * Triton resolve relative to the model file).
 */
public final class OnnxModelWriter {

    public static final String MODEL_FILE = "model.onnx";
    public static final String EXTERNAL_DATA_FILE = "model.onnx.data";
    /** Leaves room under protobuf's 2 GiB limit for the graph itself. */
    public static final long DEFAULT_EXTERNAL_DATA_THRESHOLD_BYTES = (2L << 30) - (128L << 20);
    /** Tensors smaller than this stay inline even in external-data mode (as onnx's own converter does). */
    static final int INLINE_TENSOR_MAX_BYTES = ExternalData.INLINE_MAX_BYTES;
    /** External tensors start at multiples of this, so ORT can memory-map them. */
    static final long EXTERNAL_ALIGNMENT = ExternalData.ALIGNMENT;

    private OnnxModelWriter() {
    }

    /** Writes {@code dir/model.onnx}, externalising the weights only if they approach 2 GiB. */
    public static Path write(ModelProto model, Path dir) throws IOException {
        return write(model, dir, DEFAULT_EXTERNAL_DATA_THRESHOLD_BYTES);
    }

    /**
     * @param externalDataThresholdBytes weights larger than this in total (raw bytes of all
     *                                   initializers) are written to {@code model.onnx.data}
     * @return the path of {@code model.onnx}
     */
    public static Path write(ModelProto model, Path dir, long externalDataThresholdBytes) throws IOException {
        Files.createDirectories(dir);
        Path modelFile = dir.resolve(MODEL_FILE);
        Path dataFile = dir.resolve(EXTERNAL_DATA_FILE);
        Files.deleteIfExists(dataFile); // a stale sidecar from an earlier, larger model must not linger
        ModelProto toWrite = initializerBytes(model) > externalDataThresholdBytes ? externalise(model, dataFile) : model;
        try (OutputStream out = Files.newOutputStream(modelFile)) {
            toWrite.writeTo(out);
        }
        return modelFile;
    }

    static long initializerBytes(ModelProto model) {
        long total = 0;
        for (TensorProto t : model.getGraph().getInitializerList()) {
            total += t.getRawData().size();
        }
        return total;
    }

    /** Moves every initializer's raw bytes (above the inline size) into {@code dataFile}. */
    private static ModelProto externalise(ModelProto model, Path dataFile) throws IOException {
        GraphProto.Builder graph = model.getGraph().toBuilder();
        try (FileChannel data = FileChannel.open(dataFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            long offset = 0;
            for (int i = 0; i < graph.getInitializerCount(); i++) {
                TensorProto tensor = graph.getInitializer(i);
                ByteString raw = tensor.getRawData();
                if (raw.size() < INLINE_TENSOR_MAX_BYTES) {
                    continue;
                }
                offset = (offset + EXTERNAL_ALIGNMENT - 1) / EXTERNAL_ALIGNMENT * EXTERNAL_ALIGNMENT;
                ByteBuffer bytes = raw.asReadOnlyByteBuffer();
                for (long at = offset; bytes.hasRemaining(); ) {
                    at += data.write(bytes, at); // positional writes may be partial
                }
                graph.setInitializer(i, tensor.toBuilder()
                        .clearRawData()
                        .setDataLocation(TensorProto.DataLocation.EXTERNAL)
                        .addExternalData(entry("location", dataFile.getFileName().toString()))
                        .addExternalData(entry("offset", Long.toString(offset)))
                        .addExternalData(entry("length", Integer.toString(raw.size()))));
                offset += raw.size();
            }
        }
        return model.toBuilder().setGraph(graph).build();
    }

    private static StringStringEntryProto entry(String key, String value) {
        return StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
    }
}

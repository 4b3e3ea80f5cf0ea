package dev.plmlab.forge.variants;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

import dev.plmlab.forge.checkpoint.Checkpoint;
import dev.plmlab.forge.checkpoint.CheckpointReader;
import dev.plmlab.forge.checkpoint.GoldenFixtures;
import dev.plmlab.forge.checkpoint.Tensor;

/** Golden checkpoints for variant tests, and a digest of a state's exact bytes. */
final class VariantFixtures {

    private VariantFixtures() {
    }

    /** The family's golden checkpoint with its contact regression merged in (ESM). */
    static Checkpoint golden(String family) {
        try {
            return CheckpointReader.readWithContactRegression(GoldenFixtures.checkpoint(family));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SHA-256 over every name, shape and float bit pattern, in state order. */
    static String digest(Checkpoint checkpoint) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, Tensor> e : checkpoint.state().entrySet()) {
                sha.update(e.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                ByteBuffer buffer = ByteBuffer.allocate(8 * e.getValue().shape().length + 4 * e.getValue().data().length);
                for (long d : e.getValue().shape()) {
                    buffer.putLong(d);
                }
                for (float v : e.getValue().data()) {
                    buffer.putInt(Float.floatToRawIntBits(v));
                }
                sha.update(buffer.array());
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static double mean(float[] values) {
        double sum = 0;
        for (float v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    static double std(float[] values) {
        double mean = mean(values);
        double sum = 0;
        for (float v : values) {
            sum += (v - mean) * (v - mean);
        }
        return Math.sqrt(sum / values.length);
    }
}

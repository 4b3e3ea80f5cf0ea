package dev.plmlab.forge.variants;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Deterministic random streams: one per (seed, operation, tensor name), so a tensor's new values depend
 * only on those three and not on which other tensors the checkpoint holds or the order they are visited.
 * Gaussians use Box-Muller on {@link SplittableRandom#nextDouble()} rather than the JDK's nextGaussian,
 * whose algorithm is not specified and could change between JDK releases.
 */
final class SeededStreams {

    private SeededStreams() {
    }

    static SplittableRandom forTensor(long seed, String operation, String tensorName) {
        return new SplittableRandom(seed ^ fnv1a64(operation + "/" + tensorName));
    }

    /** FNV-1a over UTF-8: a fixed, documented string hash (String.hashCode is only 32 bits). */
    static long fnv1a64(String text) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }

    /** Fills {@code out} with N(mean, std) samples. */
    static void gaussian(SplittableRandom random, double mean, double std, float[] out) {
        for (int i = 0; i < out.length; i += 2) {
            // Box-Muller: two independent normals from two uniforms; 1 - u keeps the log argument in (0, 1]
            double radius = Math.sqrt(-2.0 * Math.log(1.0 - random.nextDouble()));
            double angle = 2.0 * Math.PI * random.nextDouble();
            out[i] = (float) (mean + std * radius * Math.cos(angle));
            if (i + 1 < out.length) {
                out[i + 1] = (float) (mean + std * radius * Math.sin(angle));
            }
        }
    }

    /** Fills {@code out} with U(-bound, bound) samples. */
    static void uniform(SplittableRandom random, double bound, float[] out) {
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) ((random.nextDouble() * 2.0 - 1.0) * bound);
        }
    }
}

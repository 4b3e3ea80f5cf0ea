package dev.plmlab.forge.onnx.bench;

import dev.plmlab.forge.checkpoint.Checkpoint;
import dev.plmlab.forge.onnx.GraphOptions;
import dev.plmlab.forge.onnx.OnnxGraphs;
import dev.plmlab.forge.onnx.OnnxModelWriter;
import dev.plmlab.forge.onnx.OrtEmbedder;
import dev.plmlab.forge.onnx.RandomCheckpoints;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * CPU throughput of a forged ESM-2 graph the size of esm2_t6_8M (6 layers, dim 320, 20 heads, FFN 1280,
 * vocab 33) with random weights: 512 sequences of 265 residues, every layer mean-pooled (the default
 * graph: {@code mean} only). Not a test; run with
 *
 * <pre>
 * ./mvnw -pl libs/forge exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.plmlab.forge.onnx.bench.Esm2CpuThroughput -Dexec.args="[batch] [threads]"
 * </pre>
 *
 * Defaults: batch 16, threads = available processors. One warm-up batch precedes the timed pass. Prints
 * wall-clock throughput and throughput per CPU-second (the latter is the steadier figure on a shared machine).
 */
public final class Esm2CpuThroughput {

    private static final int SEQUENCES = 512;
    private static final int RESIDUES = 265;

    public static void main(String[] args) throws Exception {
        int batch = args.length > 0 ? Integer.parseInt(args[0]) : 16;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : Runtime.getRuntime().availableProcessors();

        Checkpoint ckpt = RandomCheckpoints.esm2(6, 320, 20, 42);
        Path dir = Files.createTempDirectory("forge-bench");
        Path model = OnnxModelWriter.write(OnnxGraphs.build(ckpt, GraphOptions.defaults()), dir);
        long[][] all = sequences(new Random(7));

        try (OrtEmbedder embedder = new OrtEmbedder(model, threads)) {
            embedder.run(slice(all, 0, batch)); // warm-up: first run allocates and plans
            long start = System.nanoTime();
            long cpuStart = processCpuNanos();
            double checksum = 0;
            for (int from = 0; from < SEQUENCES; from += batch) {
                float[][][] mean = embedder.run(slice(all, from, Math.min(SEQUENCES, from + batch))).mean();
                checksum += mean[0][6][0];
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpuSeconds = (processCpuNanos() - cpuStart) / 1e9;
            long tokens = (long) SEQUENCES * (RESIDUES + 2);
            System.out.printf("ESM-2 t6_8M-sized, CPU, batch %d, %d intra-op threads: %d sequences x %d residues in %.2f s%n",
                    batch, threads, SEQUENCES, RESIDUES, seconds);
            System.out.printf("  %.0f tokens/s (incl. cls+eos), %.0f residues/s, %.1f sequences/s (checksum %.4f)%n",
                    tokens / seconds, (double) SEQUENCES * RESIDUES / seconds, SEQUENCES / seconds, checksum);
            // on a shared machine wall time depends on the neighbours; CPU time much less so
            System.out.printf("  process CPU time %.2f s: %.0f tokens per CPU-second%n", cpuSeconds, tokens / cpuSeconds);
        } finally {
            Files.deleteIfExists(model);
            Files.deleteIfExists(dir);
        }
    }

    /** CPU time of the whole process, ORT's native threads included. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** cls + random standard residues (ids 4..23) + eos; all the same length, so no padding. */
    private static long[][] sequences(Random random) {
        long[][] rows = new long[SEQUENCES][RESIDUES + 2];
        for (long[] row : rows) {
            row[0] = 0;
            for (int i = 1; i <= RESIDUES; i++) {
                row[i] = 4 + random.nextInt(20);
            }
            row[RESIDUES + 1] = 2;
        }
        return rows;
    }

    private static long[][] slice(long[][] rows, int from, int to) {
        return java.util.Arrays.copyOfRange(rows, from, to);
    }
}

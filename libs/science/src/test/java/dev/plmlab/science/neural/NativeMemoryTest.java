package dev.plmlab.science.neural;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.plmlab.science.probe.FeatureRows;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Thousands of batches must not pile up native memory: every batch lives in a sub-manager that
 * is closed after it. Rows are generated on read (never one big array), 0.5 MB a batch, so keeping
 * the batches would grow the peak resident set by gigabytes; the test allows 300 MB beyond what
 * the Java heap itself grew (which the collector sizes as it likes).
 */
class NativeMemoryTest {
    private static final Path STATUS = Path.of("/proc/self/status");

    /** Rows computed from their index, as a lazily read feature store would hand them out. */
    private record GeneratedRows(int rows, int width) implements FeatureRows {
        @Override
        public void read(int row, float[] dst, int offset) {
            int label = row % 2;
            for (int j = 0; j < width; j++) {
                int h = (row * 31 + j) * 0x9E3779B1;
                dst[offset + j] = (h >>> 8) / (float) (1 << 24) - 0.5f + (j < 4 ? label : 0);
            }
        }
    }

    private static long peakResidentKb() throws IOException {
        for (String line : Files.readAllLines(STATUS)) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no VmHWM in " + STATUS);
    }

    private static int[] labels(int n) {
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
        }
        return y;
    }

    @Test
    void threeThousandBatchesKeepThePeakFlat() throws IOException {
        assumeTrue(Files.isReadable(STATUS), "needs Linux /proc to read the peak resident set");
        int width = 512;
        int batch = 256;
        TrainingSettings s = new TrainingSettings(0, 0, 1e-3, 1, 10, 5, batch, true, 0, 1);
        FeatureRows val = new GeneratedRows(batch, width);
        // warm-up: the engine, allocator pools and first-touch pages
        NeuralHeads.fitClassifier(s, new GeneratedRows(100 * batch, width), labels(100 * batch), val, labels(batch), 2, 1);
        long before = peakResidentKb();
        long heapBefore = Runtime.getRuntime().totalMemory();
        int rows = 3000 * batch;
        ClassifierFit fit = NeuralHeads.fitClassifier(s, new GeneratedRows(rows, width), labels(rows), val, labels(batch), 2, 1);
        long grownMb = (peakResidentKb() - before) / 1024;
        long heapGrownMb = (Runtime.getRuntime().totalMemory() - heapBefore) / (1024 * 1024);
        assertEquals(1, fit.epochsRun());
        System.out.printf("NativeMemoryTest: peak RSS +%d MB, Java heap committed +%d MB over 3000 batches%n",
                grownMb, heapGrownMb);
        assertTrue(grownMb - Math.max(0, heapGrownMb) < 300, "peak resident set grew by " + grownMb + " MB over 3000 batches of 0.5 MB; Java heap by " + heapGrownMb);
    }
}

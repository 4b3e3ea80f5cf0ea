package dev.plmlab.science.probe;

import java.util.stream.IntStream;

/**
 * Gram matrix of the rows of a dense row-major double matrix: {@code G[i][j] = row_i · row_j}.
 * With the centred features stored feature-major (one row per feature) this is
 * {@code Xcᵀ Xc}; with them stored example-major it is the kernel {@code Xc Xcᵀ}.
 *
 * <p>This is the most expensive step of a ridge probe (count²·length/2 multiply-adds), so it
 * has its own kernel rather than EJML's {@code multTransA}, which was measured about 5×
 * slower even multi-threaded on 8000 × 1280 (README, "Benchmark", {@code --breakdown}). The kernel computes 4 × 4 blocks of G with
 * 16 accumulators held in registers while streaming 8 rows, using {@link Math#fma} (a single
 * fused instruction on x86-64 and aarch64). Only blocks on or above the diagonal are
 * computed, then mirrored. The length dimension is walked in chunks so that the chunk of every
 * row stays in the last-level cache while all blocks pass over it. Row blocks run in parallel
 * on the fork-join pool (see {@link ForkJoinTasks}).
 *
 * <p>When {@link Simd#ENABLED}, full blocks use the SIMD kernel {@link VectorGramKernel}
 * instead (about 2.5× faster).
 */
final class Gram {
    private static final int BLOCK = 4;
    private static final int CHUNK = 1024;

    private Gram() {
    }

    /** {@code count × count} row-major Gram matrix of the {@code count} rows of {@code length} values. */
    static double[] ofRows(double[] rows, int count, int length) {
        return ofRows(rows, count, length, Simd.ENABLED);
    }

    /** As {@link #ofRows(double[], int, int)}, choosing the kernel (tests exercise both). */
    static double[] ofRows(double[] rows, int count, int length, boolean vector) {
        if (vector) {
            Simd.requireModule();
        }
        if ((long) count * length != rows.length) {
            throw new IllegalArgumentException("rows hold " + rows.length + " values, not " + count + " x " + length);
        }
        double[] g = new double[Math.multiplyExact(count, count)];
        int blocks = (count + BLOCK - 1) / BLOCK;
        for (int from = 0; from < length; from += CHUNK) {
            int chunkFrom = from;
            int chunkTo = Math.min(length, from + CHUNK);
            IntStream.range(0, blocks).parallel()
                    .forEach(b -> addBlockRow(rows, count, length, g, b * BLOCK, chunkFrom, chunkTo, vector));
        }
        for (int i = 0; i < count; i++) {
            for (int j = 0; j < i; j++) {
                g[i * count + j] = g[j * count + i];
            }
        }
        return g;
    }

    /** Adds the chunk [from, to) of the dot products of rows i0..i0+3 with rows j ≥ i0. */
    private static void addBlockRow(double[] x, int count, int length, double[] g, int i0, int from, int to,
                                    boolean vector) {
        for (int j0 = i0; j0 < count; j0 += BLOCK) {
            if (i0 + BLOCK <= count && j0 + BLOCK <= count) {
                if (vector) {
                    VectorGramKernel.addFullBlock(x, count, length, g, i0, j0, from, to);
                } else {
                    addFullBlock(x, count, length, g, i0, j0, from, to);
                }
            } else {
                addEdgeBlock(x, count, length, g, i0, j0, from, to);
            }
        }
    }

    private static void addFullBlock(double[] x, int count, int length, double[] g, int i0, int j0, int from, int to) {
        int g0 = i0 * count + j0;
        int g1 = g0 + count;
        int g2 = g1 + count;
        int g3 = g2 + count;
        double s00 = g[g0], s01 = g[g0 + 1], s02 = g[g0 + 2], s03 = g[g0 + 3];
        double s10 = g[g1], s11 = g[g1 + 1], s12 = g[g1 + 2], s13 = g[g1 + 3];
        double s20 = g[g2], s21 = g[g2 + 1], s22 = g[g2 + 2], s23 = g[g2 + 3];
        double s30 = g[g3], s31 = g[g3 + 1], s32 = g[g3 + 2], s33 = g[g3 + 3];
        int a0 = i0 * length;
        int a1 = a0 + length;
        int a2 = a1 + length;
        int a3 = a2 + length;
        int b0 = j0 * length;
        int b1 = b0 + length;
        int b2 = b1 + length;
        int b3 = b2 + length;
        for (int k = from; k < to; k++) {
            double x0 = x[a0 + k], x1 = x[a1 + k], x2 = x[a2 + k], x3 = x[a3 + k];
            double y0 = x[b0 + k], y1 = x[b1 + k], y2 = x[b2 + k], y3 = x[b3 + k];
            s00 = Math.fma(x0, y0, s00);
            s01 = Math.fma(x0, y1, s01);
            s02 = Math.fma(x0, y2, s02);
            s03 = Math.fma(x0, y3, s03);
            s10 = Math.fma(x1, y0, s10);
            s11 = Math.fma(x1, y1, s11);
            s12 = Math.fma(x1, y2, s12);
            s13 = Math.fma(x1, y3, s13);
            s20 = Math.fma(x2, y0, s20);
            s21 = Math.fma(x2, y1, s21);
            s22 = Math.fma(x2, y2, s22);
            s23 = Math.fma(x2, y3, s23);
            s30 = Math.fma(x3, y0, s30);
            s31 = Math.fma(x3, y1, s31);
            s32 = Math.fma(x3, y2, s32);
            s33 = Math.fma(x3, y3, s33);
        }
        g[g0] = s00;
        g[g0 + 1] = s01;
        g[g0 + 2] = s02;
        g[g0 + 3] = s03;
        g[g1] = s10;
        g[g1 + 1] = s11;
        g[g1 + 2] = s12;
        g[g1 + 3] = s13;
        g[g2] = s20;
        g[g2 + 1] = s21;
        g[g2 + 2] = s22;
        g[g2 + 3] = s23;
        g[g3] = s30;
        g[g3 + 1] = s31;
        g[g3 + 2] = s32;
        g[g3 + 3] = s33;
    }

    /** The last row or column of blocks when count is not a multiple of 4. */
    private static void addEdgeBlock(double[] x, int count, int length, double[] g, int i0, int j0, int from, int to) {
        for (int i = i0; i < Math.min(i0 + BLOCK, count); i++) {
            for (int j = j0; j < Math.min(j0 + BLOCK, count); j++) {
                double s = g[i * count + j];
                for (int k = from; k < to; k++) {
                    s = Math.fma(x[i * length + k], x[j * length + k], s);
                }
                g[i * count + j] = s;
            }
        }
    }
}

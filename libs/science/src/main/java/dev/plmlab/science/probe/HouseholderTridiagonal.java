package dev.plmlab.science.probe;

import java.util.stream.IntStream;

/**
 * Householder reduction of a symmetric matrix to tridiagonal form, {@code A = Q T Qᵀ}, keeping
 * Q as its reflectors (never formed) so that {@code Qᵀ b} and {@code Q w} cost O(size²).
 *
 * <p>Written here rather than taken from EJML because the ridge probe only needs those two
 * products: EJML's multi-threaded reduction plus its explicit Q was measured 3-4× slower than
 * this class for size 1280 (README, "Benchmark", {@code --breakdown}), and its symmetric
 * eigendecomposition 6-8× slower. This is the classic
 * unblocked algorithm (Golub and Van Loan, Algorithm 8.3.1): for column k, a reflector
 * {@code H = I - τ v vᵀ} zeroes A[k+2.., k]; the trailing block becomes
 * {@code A - v wᵀ - w vᵀ} with {@code p = τ A v}, {@code w = p - (τ/2)(pᵀv) v}. Only the upper
 * triangle is read and written; row k of it then holds v (v[0] = 1 implied). Each step's
 * rank-2 update is applied row by row during the next step's product (one pass over the
 * matrix per step instead of two).
 */
final class HouseholderTridiagonal {
    /** Rows per parallel task; below this a step runs on one thread (fork-join costs more). */
    private static final int PARALLEL_MIN_ROWS = 192;

    private final int size;
    private final double[] a;
    private final double[] diagonal;
    private final double[] offDiagonal;
    private final double[] tau;
    private final boolean simd;

    /** Reduces {@code a} (size × size row-major, symmetric), which is overwritten. */
    HouseholderTridiagonal(double[] a, int size) {
        this(a, size, Simd.ENABLED);
    }

    /** As {@link #HouseholderTridiagonal(double[], int)}, choosing the kernel (tests exercise both). */
    HouseholderTridiagonal(double[] a, int size, boolean simd) {
        if (simd) {
            Simd.requireModule();
        }
        this.simd = simd;
        if ((long) size * size != a.length) {
            throw new IllegalArgumentException("matrix holds " + a.length + " values, not " + size + " x " + size);
        }
        this.size = size;
        this.a = a;
        this.diagonal = new double[size];
        this.offDiagonal = new double[Math.max(size - 1, 0)];
        this.tau = new double[Math.max(size - 1, 0)];
        reduce();
    }

    double[] diagonal() {
        return diagonal;
    }

    /** {@code offDiagonal[i] = T[i][i+1] = T[i+1][i]}. */
    double[] offDiagonal() {
        return offDiagonal;
    }

    private void reduce() {
        double[] v = new double[size];
        double[] w = new double[size];
        // the previous step's rank-2 update, applied lazily to rows ≥ pendingFrom: each row gets it
        // just before the next step's product reads that row, so the matrix is streamed once per
        // step instead of twice (update, then product)
        double[] pendingV = new double[size];
        double[] pendingW = new double[size];
        int pendingFrom = -1;
        for (int k = 0; k + 2 < size; k++) {
            int row = k * size;
            int first = k + 1;
            if (pendingFrom >= 0) {
                updateRow(k, pendingV, pendingW);
            }
            double x0 = a[row + first];
            double sigma = 0;
            for (int j = first + 1; j < size; j++) {
                sigma += a[row + j] * a[row + j];
            }
            diagonal[k] = a[row + k];
            if (sigma == 0) {
                // column already zero below the sub-diagonal: H = I
                tau[k] = 0;
                offDiagonal[k] = x0;
                if (pendingFrom >= 0) {
                    double[] updateV = pendingV;
                    double[] updateW = pendingW;
                    forEachRowRange(first, (from, to) -> {
                        for (int i = from; i < to; i++) {
                            updateRow(i, updateV, updateW);
                        }
                    });
                    pendingFrom = -1;
                }
                continue;
            }
            double mu = Math.sqrt(x0 * x0 + sigma);
            // v1 = x0 - mu computed without cancellation when x0 > 0 (Golub and Van Loan 5.1.1)
            double v1 = x0 <= 0 ? x0 - mu : -sigma / (x0 + mu);
            double t = 2 * v1 * v1 / (sigma + v1 * v1);
            v[first] = 1;
            for (int j = first + 1; j < size; j++) {
                v[j] = a[row + j] / v1;
                a[row + j] = v[j];
            }
            a[row + first] = 1;
            tau[k] = t;
            offDiagonal[k] = mu;

            // w = A22 v, with A22 brought up to date on the way
            updateAndMultiply(first, pendingFrom >= 0, pendingV, pendingW, v, w);
            double pv = 0;
            for (int j = first; j < size; j++) {
                w[j] *= t;
                pv += w[j] * v[j];
            }
            double half = 0.5 * t * pv;
            for (int j = first; j < size; j++) {
                w[j] -= half * v[j];
            }
            double[] swap = pendingV;
            pendingV = v;
            v = swap;
            swap = pendingW;
            pendingW = w;
            w = swap;
            pendingFrom = first;
        }
        if (pendingFrom >= 0) {
            for (int i = pendingFrom; i < size; i++) {
                updateRow(i, pendingV, pendingW);
            }
        }
        if (size >= 2) {
            diagonal[size - 2] = a[(size - 2) * size + size - 2];
            offDiagonal[size - 2] = a[(size - 2) * size + size - 1];
        }
        if (size >= 1) {
            diagonal[size - 1] = a[size * size - 1];
        }
    }

    /** A[i][j] -= v_i w_j + w_i v_j for j ≥ i: row i's share of a rank-2 update (vectorised by C2). */
    private void updateRow(int i, double[] v, double[] w) {
        int row = i * size;
        double vi = v[i];
        double wi = w[i];
        for (int j = i; j < size; j++) {
            a[row + j] -= vi * w[j] + wi * v[j];
        }
    }

    /**
     * out[first..] = A[first.., first..] v[first..], reading only the upper triangle; when
     * {@code pending}, each row first gets the pending rank-2 update (while it is in cache).
     */
    private void updateAndMultiply(int first, boolean pending, double[] pendingV, double[] pendingW,
                                   double[] v, double[] out) {
        int tasks = taskCount(first);
        if (tasks <= 1) {
            java.util.Arrays.fill(out, first, size, 0);
            updateAndMultiplyRows(first, size, pending, pendingV, pendingW, v, out);
            return;
        }
        int[] bounds = triangleSplit(first, tasks);
        double[][] partial = new double[tasks][];
        IntStream.range(0, tasks).parallel().forEach(task -> {
            double[] part = new double[size];
            updateAndMultiplyRows(bounds[task], bounds[task + 1], pending, pendingV, pendingW, v, part);
            partial[task] = part;
        });
        for (int j = first; j < size; j++) {
            double sum = 0;
            for (double[] part : partial) {
                sum += part[j];
            }
            out[j] = sum;
        }
    }

    /** Rows [from, to): pending update, then their contribution to out = A v. */
    private void updateAndMultiplyRows(int from, int to, boolean pending, double[] pendingV, double[] pendingW,
                                       double[] v, double[] out) {
        for (int i = from; i < to; i++) {
            if (pending) {
                updateRow(i, pendingV, pendingW);
            }
            int row = i * size;
            double vi = v[i];
            if (simd) {
                out[i] += a[row + i] * vi + VectorSymmetricRowKernel.row(a, row, i + 1, size, vi, v, out);
                continue;
            }
            // row i of the upper triangle gives out[i] its dot product with v (4 independent
            // sums, so the FMAs overlap) and, as the lower triangle's column i, adds
            // A[i][j] v_i to out[j]; two loops, so that the second one vectorises
            double d0 = a[row + i] * vi;
            double d1 = 0;
            double d2 = 0;
            double d3 = 0;
            int j = i + 1;
            for (; j + 3 < size; j += 4) {
                d0 = Math.fma(a[row + j], v[j], d0);
                d1 = Math.fma(a[row + j + 1], v[j + 1], d1);
                d2 = Math.fma(a[row + j + 2], v[j + 2], d2);
                d3 = Math.fma(a[row + j + 3], v[j + 3], d3);
            }
            for (; j < size; j++) {
                d0 = Math.fma(a[row + j], v[j], d0);
            }
            for (int k = i + 1; k < size; k++) {
                out[k] += a[row + k] * vi;
            }
            out[i] += (d0 + d1) + (d2 + d3);
        }
    }

    /** A task per core for big trailing blocks, one task below {@link #PARALLEL_MIN_ROWS} rows. */
    private int taskCount(int first) {
        int rows = size - first;
        return rows >= PARALLEL_MIN_ROWS ? Math.min(ForkJoinTasks.parallelism(), rows / (PARALLEL_MIN_ROWS / 2)) : 1;
    }

    /** Runs {@code body} over row ranges of [first, size) with equal shares of the upper triangle. */
    private void forEachRowRange(int first, RowRange body) {
        int tasks = taskCount(first);
        if (tasks <= 1) {
            body.run(first, size);
            return;
        }
        int[] bounds = triangleSplit(first, tasks);
        IntStream.range(0, tasks).parallel().forEach(task -> body.run(bounds[task], bounds[task + 1]));
    }

    @FunctionalInterface
    private interface RowRange {
        void run(int from, int to);
    }

    /** Row bounds that give each task about the same share of the upper triangle of rows [first, size). */
    private int[] triangleSplit(int first, int tasks) {
        int rows = size - first;
        int[] bounds = new int[tasks + 1];
        bounds[0] = first;
        for (int t = 1; t < tasks; t++) {
            // rows below offset r hold (rows² - (rows - r)²) / 2 entries; solve for a share t / tasks
            double remaining = rows * Math.sqrt(1.0 - (double) t / tasks);
            bounds[t] = Math.max(bounds[t - 1], first + (int) Math.round(rows - remaining));
        }
        bounds[tasks] = size;
        return bounds;
    }

    /** {@code Qᵀ b} as a new array. */
    double[] transposedQTimes(double[] b) {
        double[] x = b.clone();
        for (int k = 0; k + 2 < size; k++) {
            applyReflector(k, x);
        }
        return x;
    }

    /** {@code Q w} as a new array. */
    double[] qTimes(double[] w) {
        double[] x = w.clone();
        for (int k = size - 3; k >= 0; k--) {
            applyReflector(k, x);
        }
        return x;
    }

    /** x ← (I - τ_k v_k v_kᵀ) x, v_k stored in row k from column k+1 (its first entry is 1). */
    private void applyReflector(int k, double[] x) {
        double t = tau[k];
        if (t == 0) {
            return;
        }
        int row = k * size;
        double dot = 0;
        for (int j = k + 1; j < size; j++) {
            dot += a[row + j] * x[j];
        }
        double scale = t * dot;
        for (int j = k + 1; j < size; j++) {
            x[j] -= scale * a[row + j];
        }
    }
}

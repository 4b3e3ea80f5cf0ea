package dev.plmlab.science.probe;

import java.util.Arrays;
import java.util.concurrent.ForkJoinPool;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_MT_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_MT_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.ejml.interfaces.decomposition.TridiagonalSimilarDecomposition_F64;

/**
 * Benchmark (not a test): ridge probe on 8000 × 1280 float features, the 6 default alphas,
 * each scored on a 700-row validation set, the same computation as bench/ridge_numpy.py on the
 * same data (both generate it with the same splitmix64 hash, so their validation ρ must agree).
 *
 * <p>Run from the repo root (see libs/science/README.md):
 * <pre>
 * ./mvnw -B -q -pl libs/science test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.plmlab.science.probe.RidgeBench [-Dexec.args="--reps 5 --threads 1 --breakdown"]
 * </pre>
 * {@code --threads N} runs the probe in a pool of N threads (default: every core). Maven runs
 * the bench in its own JVM, so {@code MAVEN_OPTS="--add-modules jdk.incubator.vector"} turns on
 * the SIMD Gram kernel (the output says which kernel ran).
 * {@code --breakdown} also times the two expensive parts and the EJML alternatives that were
 * tried for them (multi-threaded {@code multTransA} for the Gram matrix; multi-threaded
 * tridiagonal reduction with explicit Q, and symmetric eigendecomposition).
 */
public final class RidgeBench {
    static final int N = 8000;
    static final int P = 1280;
    static final int N_VAL = 700;

    private RidgeBench() {
    }

    public static void main(String[] args) {
        int reps = 5;
        int warmup = 2;
        boolean breakdown = false;
        int threads = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--reps" -> reps = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--breakdown" -> breakdown = true;
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (threads > 0) {
            // the probe's parallel work runs in the pool of the thread that calls it
            int warmupRuns = warmup;
            int timedRuns = reps;
            boolean withBreakdown = breakdown;
            int poolThreads = threads;
            ForkJoinPool pool = new ForkJoinPool(threads);
            try {
                pool.submit(() -> run(warmupRuns, timedRuns, withBreakdown, poolThreads)).join();
            } finally {
                pool.shutdown();
            }
        } else {
            run(warmup, reps, breakdown, Runtime.getRuntime().availableProcessors());
        }
    }

    private static void run(int warmup, int reps, boolean breakdown, int threads) {
        FeatureMatrix x = new FeatureMatrix(uniformFloats(0, N * P), N, P);
        FeatureMatrix xVal = new FeatureMatrix(uniformFloats(1L << 40, N_VAL * P), N_VAL, P);
        double[] y = targets(x, 2L << 40);
        double[] yVal = targets(xVal, 3L << 40);
        System.out.printf("java %s, %d cpus, %d threads, Gram kernel %s, ridge %d x %d, val %d, alphas %s%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), threads,
                Simd.ENABLED ? "SIMD (Vector API)" : "scalar", N, P, N_VAL, Arrays.toString(RidgeProbe.DEFAULT_ALPHAS));

        RidgeProbe probe = new RidgeProbe();
        RidgeFit fit = null;
        for (int i = 0; i < warmup; i++) {
            fit = probe.fit(x, y, xVal, yVal);
        }
        double[] seconds = new double[reps];
        for (int i = 0; i < reps; i++) {
            long start = System.nanoTime();
            fit = probe.fit(x, y, xVal, yVal);
            seconds[i] = (System.nanoTime() - start) / 1e9;
        }
        for (AlphaScore s : fit.validationScores()) {
            System.out.printf("  alpha %-6g val rho %.6f%n", s.alpha(), s.validationSpearman());
        }
        System.out.printf("  chosen alpha %g%n", fit.chosenAlpha());
        Arrays.sort(seconds);
        System.out.printf("java fit+predict (6 alphas): median %.3f s, min %.3f s over %d reps %s%n",
                seconds[reps / 2], seconds[0], reps, Arrays.toString(seconds));
        if (breakdown) {
            breakdown(x);
        }
    }

    private static void breakdown(FeatureMatrix x) {
        double[] xct = new double[N * P];
        DMatrixRMaj xc = new DMatrixRMaj(N, P);
        double[] means = new double[P];
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < P; j++) {
                means[j] += x.get(i, j) / (double) N;
            }
        }
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < P; j++) {
                double v = x.get(i, j) - means[j];
                xct[j * N + i] = v;
                xc.set(i, j, v);
            }
        }
        for (int round = 0; round < 2; round++) {
            long t0 = System.nanoTime();
            double[] g = Gram.ofRows(xct, P, N);
            long t1 = System.nanoTime();
            DMatrixRMaj ejmlGram = new DMatrixRMaj(P, P);
            CommonOps_MT_DDRM.multTransA(xc, xc, ejmlGram);
            long t2 = System.nanoTime();
            new HouseholderTridiagonal(g.clone(), P);
            long t3 = System.nanoTime();
            TridiagonalSimilarDecomposition_F64<DMatrixRMaj> tri = DecompositionFactory_MT_DDRM.tridiagonal(P);
            tri.decompose(DMatrixRMaj.wrap(P, P, g.clone()));
            tri.getQ(null, false);
            long t4 = System.nanoTime();
            EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_MT_DDRM.eig(P, true, true);
            eig.decompose(DMatrixRMaj.wrap(P, P, g.clone()));
            long t5 = System.nanoTime();
            System.out.printf("  breakdown round %d: Gram: plmlab kernel %.3f s, EJML MT multTransA %.3f s"
                            + " | decomposition: plmlab tridiagonal %.3f s, EJML MT tridiagonal + Q %.3f s,"
                            + " EJML MT symmetric eig + vectors %.3f s%n",
                    round, (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9, (t4 - t3) / 1e9, (t5 - t4) / 1e9);
        }
    }

    /** splitmix64 of (seed + index), top 24 bits as a uniform in [-0.5, 0.5); exact in float32. */
    static float[] uniformFloats(long seed, int count) {
        float[] out = new float[count];
        for (int i = 0; i < count; i++) {
            out[i] = (float) uniform(seed + i);
        }
        return out;
    }

    static double uniform(long index) {
        long z = index * 0x9E3779B97F4A7C15L;
        z ^= z >>> 30;
        z *= 0xBF58476D1CE4E5B9L;
        z ^= z >>> 27;
        z *= 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return (z >>> 40) * 0x1p-24 - 0.5;
    }

    /** y = Σ_{j<16} x_j (j+1)/16 + 0.5 noise: a signal the probe can find, so ρ is meaningful. */
    static double[] targets(FeatureMatrix x, long noiseSeed) {
        double[] y = new double[x.rows()];
        for (int i = 0; i < y.length; i++) {
            double sum = 0;
            for (int j = 0; j < 16; j++) {
                sum += x.get(i, j) * (j + 1) / 16.0;
            }
            y[i] = sum + 0.5 * uniform(noiseSeed + i);
        }
        return y;
    }
}

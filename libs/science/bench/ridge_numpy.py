#!/usr/bin/env python3
"""numpy twin of RidgeBench.java: ridge on 8000 x 1280 float32 features, the 6 default alphas,
each scored by Spearman rho on a 700-row validation set.

Same data as the Java bench (same splitmix64 hash), same computation: float64, centre X and
z-score y with train statistics, Gram X^T X, one decomposition (numpy's eigh, the idiomatic
choice), coefficients for every alpha, predictions on validation, Spearman rho, pick the best
(ties to the larger alpha). The printed validation rho must match the Java bench's.

    python3 libs/science/bench/ridge_numpy.py [--reps 5] [--warmup 2]

Threads: numpy's BLAS uses every core; for one thread set OPENBLAS_NUM_THREADS=1 (and
OMP_NUM_THREADS=1) in the environment, as the Java bench's --threads 1.
"""
import argparse
import os
import time

import numpy as np
from scipy.stats import spearmanr

N, P, N_VAL = 8000, 1280, 700
ALPHAS = [1e-3, 1e-2, 1e-1, 1.0, 10.0, 100.0]
MASK64 = np.uint64(0xFFFFFFFFFFFFFFFF)


def uniform(seed, count):
    """splitmix64 of (seed + index), top 24 bits as a uniform in [-0.5, 0.5)."""
    z = (np.arange(count, dtype=np.uint64) + np.uint64(seed)) * np.uint64(0x9E3779B97F4A7C15)
    z ^= z >> np.uint64(30)
    z *= np.uint64(0xBF58476D1CE4E5B9)
    z ^= z >> np.uint64(27)
    z *= np.uint64(0x94D049BB133111EB)
    z ^= z >> np.uint64(31)
    return (z >> np.uint64(40)).astype(np.float64) * 2.0**-24 - 0.5


def targets(x, noise_seed):
    w = (np.arange(16) + 1) / 16.0
    return x[:, :16].astype(np.float64) @ w + 0.5 * uniform(noise_seed, x.shape[0])


def fit(x, y, x_val, y_val):
    xd = x.astype(np.float64)
    means = xd.mean(axis=0)
    xc = xd - means
    y_mean, y_std = y.mean(), y.std()
    z = (y - y_mean) / y_std
    eigenvalues, vectors = np.linalg.eigh(xc.T @ xc)
    rotated = vectors.T @ (xc.T @ z)
    x_val_c = x_val.astype(np.float64) - means
    scores = []
    for alpha in ALPHAS:
        coef = vectors @ (rotated / (eigenvalues + alpha))
        pred = x_val_c @ coef * y_std + y_mean
        scores.append(spearmanr(y_val, pred)[0])
    best = max(scores)
    chosen = max(a for a, s in zip(ALPHAS, scores) if s >= best - 1e-9)
    return scores, chosen


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=2)
    args = parser.parse_args()
    x = uniform(0, N * P).astype(np.float32).reshape(N, P)
    x_val = uniform(1 << 40, N_VAL * P).astype(np.float32).reshape(N_VAL, P)
    y = targets(x, 2 << 40)
    y_val = targets(x_val, 3 << 40)
    threads = os.environ.get("OPENBLAS_NUM_THREADS", "all")
    print(f"numpy {np.__version__}, {os.cpu_count()} cpus, {threads} threads, ridge {N} x {P}, val {N_VAL}, alphas {ALPHAS}")
    for _ in range(args.warmup):
        fit(x, y, x_val, y_val)
    times = []
    for _ in range(args.reps):
        start = time.perf_counter()
        scores, chosen = fit(x, y, x_val, y_val)
        times.append(time.perf_counter() - start)
    for alpha, score in zip(ALPHAS, scores):
        print(f"  alpha {alpha:<6g} val rho {score:.6f}")
    print(f"  chosen alpha {chosen:g}")
    times.sort()
    print(f"numpy fit+predict (6 alphas): median {times[len(times) // 2]:.3f} s, min {times[0]:.3f} s "
          f"over {args.reps} reps {[round(t, 3) for t in times]}")


if __name__ == "__main__":
    main()

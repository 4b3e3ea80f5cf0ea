#!/usr/bin/python3
"""Reference numbers for dev.plmlab.report.stats and dev.plmlab.science.metrics.Bootstrap.

Writes two JSON fixtures that the Java unit tests read:
  libs/report/src/test/resources/stats-scipy.json     t-tests (scipy), Holm (numpy), paired bootstrap
  libs/science/src/test/resources/bootstrap-scipy.json Bootstrap.interval / overUnits CIs

Run from the repo root with Debian's /usr/bin/python3 (numpy + scipy):
  /usr/bin/python3 libs/report/bench/stats_scipy_fixture.py

Everything is deterministic: inputs are literals or come from numpy's legacy RandomState with a
fixed seed, and the bootstrap indices come from a re-implementation of java.util.SplittableRandom
(JDK 17: SplitMix64 with GOLDEN_GAMMA, mix32, RandomSupport.boundedNextInt's rejection loop), so
both sides resample the very same units. Non-finite numbers are written as the strings "NaN",
"Infinity", "-Infinity" (Double.parseDouble reads them) to keep the files plain JSON.
"""
import json
import math
import os
import re
import sys
import warnings

import numpy as np
import scipy
from scipy import stats

MASK64 = (1 << 64) - 1
GOLDEN_GAMMA = 0x9E3779B97F4A7C15


def _signed32(x):
    x &= 0xFFFFFFFF
    return x - (1 << 32) if x >= 1 << 31 else x


class SplittableRandom:
    """java.util.SplittableRandom(seed): only what Bootstrap uses, i.e. nextInt(bound)."""

    def __init__(self, seed):
        self.seed = seed & MASK64
        self.gamma = GOLDEN_GAMMA

    def _next_seed(self):
        self.seed = (self.seed + self.gamma) & MASK64
        return self.seed

    @staticmethod
    def _mix32(z):
        # z = (z ^ (z >>> 33)) * 0x62a9d9ed799705f5L; (int)(((z ^ (z >>> 28)) * 0xcb24d0a5c88c35b3L) >>> 32)
        z = ((z ^ (z >> 33)) * 0x62A9D9ED799705F5) & MASK64
        return _signed32((((z ^ (z >> 28)) * 0xCB24D0A5C88C35B3) & MASK64) >> 32)

    def next_int(self, bound=None):
        r = self._mix32(self._next_seed())
        if bound is None:
            return r
        m = bound - 1
        if bound & m == 0:  # power of two
            return r & m
        # for (int u = r >>> 1; u + m - (r = u % bound) < 0; u = nextInt() >>> 1);
        u = (r & 0xFFFFFFFF) >> 1
        while True:
            r = u % bound
            if _signed32(u + m - r) >= 0:
                return r
            u = (self._mix32(self._next_seed()) & 0xFFFFFFFF) >> 1


def resample_indices(units, resamples, seed):
    random = SplittableRandom(seed)
    return [np.array([random.next_int(units) for _ in range(units)]) for _ in range(resamples)]


def tails(level):
    # the same two doubles the Java side computes: tail = (1 - level) / 2, and 1 - tail
    tail = (1 - level) / 2
    return tail, 1 - tail


def enc(x):
    if isinstance(x, (list, tuple, np.ndarray)):
        return [enc(v) for v in x]
    x = float(x)
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return x


def result(t, df, p):
    return {"t": enc(t), "df": enc(df), "p": enc(p)}


def r4(values):
    return [round(float(v), 4) for v in values]


def near_constant(values):
    """True when the values are all equal but numpy's ddof=1 variance of them is not exactly 0."""
    v = np.asarray(values, dtype=float)
    return bool(len(v) > 1 and np.all(v == v[0]) and np.var(v, ddof=1) != 0)


# ---------------------------------------------------------------- t-tests


def one_sample_cases():
    rs = np.random.RandomState(20261201)
    return [
        ("ablation n=3 below", [0.41, 0.43, 0.40], 0.52),
        ("n=3 above", [0.55, 0.58, 0.56], 0.52),
        ("n=2 below", [0.50, 0.47], 0.52),
        ("n=2 above", [0.61, 0.66], 0.52),
        ("n=10 around", r4(rs.normal(0.60, 0.03, 10)), 0.59),
        ("n=10 far below", r4(rs.normal(0.30, 0.02, 10)), 0.52),
        ("n=40 negative values", r4(rs.normal(-0.2, 0.5, 40)), 0.0),
        ("n=5 tight far below (tiny p)", [0.3001, 0.3002, 0.2999, 0.3000, 0.3003], 0.52),
        ("t exactly 0", [0.4, 0.6], 0.5),
        ("zero variance below", [0.5, 0.5, 0.5], 0.52),
        ("zero variance above", [0.75, 0.75, 0.75, 0.75], 0.52),
        ("zero variance at popmean", [0.5, 0.5, 0.5], 0.5),
        ("zero variance with rounding in numpy's mean", [0.1, 0.1, 0.1], 0.5),
        ("n=1", [0.4], 0.5),
    ]


def welch_cases():
    rs = np.random.RandomState(7)
    return [
        ("n=3 vs n=5 above", [0.61, 0.63, 0.60], [0.55, 0.52, 0.58, 0.50, 0.54]),
        ("n=2 vs n=10", [0.70, 0.64], r4(rs.normal(0.6, 0.05, 10))),
        ("a below b", [0.41, 0.43, 0.40], [0.50, 0.52, 0.49, 0.55]),
        ("very unequal variances", r4(rs.normal(0.5, 0.001, 6)), r4(rs.normal(0.49, 0.2, 12))),
        ("n=30 vs n=25", r4(rs.normal(0.0, 1.0, 30)), r4(rs.normal(-0.3, 2.0, 25))),
        ("a constant, b varies", [0.6, 0.6, 0.6], [0.55, 0.52, 0.58]),
        ("identical samples (t = 0)", [0.3, 0.4, 0.5], [0.3, 0.4, 0.5]),
        ("both constant, a above", [0.75, 0.75, 0.75], [0.5, 0.5]),
        ("both constant, a below", [0.25, 0.25], [0.5, 0.5, 0.5]),
        ("both constant and equal", [0.5, 0.5], [0.5, 0.5, 0.5]),
        ("n=1 in a", [0.6], [0.5, 0.52, 0.49]),
    ]


def welch_df(a, b):
    """scipy's own Welch-Satterthwaite df (ttest_ind's result has no df attribute in scipy 1.10)."""
    from scipy.stats import _stats_py

    a = np.asarray(a, float)
    b = np.asarray(b, float)
    with np.errstate(divide="ignore", invalid="ignore"):
        df, _ = _stats_py._unequal_var_ttest_denom(np.var(a, ddof=1), len(a), np.var(b, ddof=1), len(b))
    return float(df)


# ---------------------------------------------------------------- Holm


def holm(p):
    """statsmodels multipletests(method="holm")[1] on the non-NaN entries; NaN stays NaN."""
    p = np.asarray(p, dtype=float)
    out = np.full(p.shape, np.nan)
    keep = ~np.isnan(p)
    q = p[keep]
    m = len(q)
    if m:
        order = np.argsort(q, kind="mergesort")
        adjusted = np.maximum.accumulate(q[order] * np.arange(m, 0, -1))
        adjusted = np.minimum(adjusted, 1.0)
        back = np.empty(m)
        back[order] = adjusted
        out[keep] = back
    return out


def holm_cases():
    return [
        ("hand example", [0.01, 0.04, 0.03, 0.005]),
        ("ties", [0.02, 0.02, 0.02, 0.5]),
        ("NaN does not count in m", [0.01, float("nan"), 0.04, 0.03]),
        ("capped at 1", [0.3, 0.6, 0.9]),
        ("single", [0.04]),
        ("all NaN", [float("nan"), float("nan")]),
        ("zero and one", [0.0, 1.0, 0.2, 0.0]),
        ("monotone step-down", [0.001, 0.011, 0.012, 0.013, 0.2, 0.04]),
    ]


# ---------------------------------------------------------------- bootstrap


def spearman(x, y):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # constant resamples: scipy warns and returns NaN
        return float(stats.spearmanr(x, y)[0])


def percentile_bootstrap(units, statistic, resamples, level, seed):
    scores = []
    for idx in resample_indices(units, resamples, seed):
        s = statistic(idx)
        if not math.isnan(s):
            scores.append(s)
    scores = np.array(scores)
    lo, hi = tails(level)
    return scores, float(np.quantile(scores, lo)), float(np.quantile(scores, hi))


def paired(units, difference, resamples, level, seed):
    scores, ci_low, ci_high = percentile_bootstrap(units, difference, resamples, level, seed)
    observed = difference(np.arange(units))
    p = (1 + int(np.sum(scores <= 0))) / (len(scores) + 1)
    return {"resamples": resamples, "level": level, "seed": seed, "observed": enc(observed),
            "ci_low": ci_low, "ci_high": ci_high, "p": p, "kept": len(scores)}


def spearman_difference_case(name, rs, n, noise_a, noise_b, resamples, level, seed):
    truth = np.round(rs.normal(0, 1, n), 2)  # rounding leaves ties in the truth
    a = np.round(truth + rs.normal(0, noise_a, n), 3)
    b = np.round(truth + rs.normal(0, noise_b, n), 3)
    out = {"name": name, "kind": "spearman_difference", "truth": enc(truth), "a": enc(a), "b": enc(b)}
    out.update(paired(n, lambda i: spearman(truth[i], a[i]) - spearman(truth[i], b[i]), resamples, level, seed))
    return out


def pooled_accuracy_difference_case(name, correct_a, correct_b, scored, resamples, level, seed):
    ca, cb, sc = (np.asarray(v, dtype=np.int64) for v in (correct_a, correct_b, scored))

    def difference(i):
        total = sc[i].sum()
        return math.nan if total == 0 else ca[i].sum() / total - cb[i].sum() / total

    out = {"name": name, "kind": "pooled_accuracy_difference",
           "correct_a": ca.tolist(), "correct_b": cb.tolist(), "scored": sc.tolist()}
    out.update(paired(len(sc), difference, resamples, level, seed))
    return out


def paired_bootstrap_cases():
    rs = np.random.RandomState(11)
    cases = [
        spearman_difference_case("spearman A better, 300 units", rs, 300, 0.6, 0.9, 1000, 0.95, 42),
        spearman_difference_case("spearman nearly equal, 250 units", rs, 250, 0.8, 0.82, 1000, 0.9, 2026),
    ]
    units = 200
    scored = rs.randint(30, 300, units)
    correct_b = rs.binomial(scored, 0.70)
    correct_a = np.minimum(scored, correct_b + rs.binomial(scored, 0.02))
    cases.append(pooled_accuracy_difference_case(
        "pooled accuracy, 200 proteins", correct_a, correct_b, scored, 2000, 0.95, 7))
    correct_b2 = rs.binomial(scored, 0.70)
    cases.append(pooled_accuracy_difference_case(
        "pooled accuracy, same rate", rs.binomial(scored, 0.70), correct_b2, scored, 1000, 0.95, -3))
    # 5 units, 3 of them with nothing scored: (3/5)^5 = 7.8 % of resamples are NaN and dropped
    cases.append(pooled_accuracy_difference_case(
        "pooled accuracy, NaN resamples dropped", [9, 0, 0, 4, 0], [7, 0, 0, 5, 0], [10, 0, 0, 6, 0],
        1000, 0.95, 42))
    return cases


def science_cases():
    rs = np.random.RandomState(5)
    out = []
    n = 300
    truth = np.round(rs.normal(0, 1, n), 3)
    pred = np.round(truth + rs.normal(0, 0.7, n), 3)
    for resamples, level, seed in [(1000, 0.95, 42), (500, 0.9, 123456789)]:
        _, low, high = percentile_bootstrap(n, lambda i: spearman(truth[i], pred[i]), resamples, level, seed)
        out.append({"name": f"spearman {n} items, seed {seed}", "kind": "spearman",
                    "truth": enc(truth), "pred": enc(pred), "resamples": resamples, "level": level,
                    "seed": seed, "low": low, "high": high})
    # a short, tied sample: constant resamples give NaN and are dropped
    truth = np.array([1.0, 1.0, 1.0, 1.0, 2.0, 3.0, 3.0, 4.0])
    pred = np.array([0.2, 0.1, 0.4, 0.3, 0.5, 0.9, 0.6, 0.8])
    scores, low, high = percentile_bootstrap(len(truth), lambda i: spearman(truth[i], pred[i]), 2000, 0.9, 7)
    out.append({"name": "spearman 8 tied items, NaN resamples dropped", "kind": "spearman",
                "truth": enc(truth), "pred": enc(pred), "resamples": 2000, "level": 0.9, "seed": 7,
                "low": low, "high": high, "kept": len(scores)})
    units = 120
    scored = rs.randint(0, 200, units)
    correct = rs.binomial(scored, 0.8)

    def accuracy(i):
        total = scored[i].sum()
        return math.nan if total == 0 else correct[i].sum() / total

    _, low, high = percentile_bootstrap(units, accuracy, 1000, 0.95, 42)
    out.append({"name": "pooled accuracy over 120 units", "kind": "pooled_accuracy",
                "correct": correct.tolist(), "scored": scored.tolist(), "resamples": 1000, "level": 0.95,
                "seed": 42, "low": low, "high": high})
    return out


# ---------------------------------------------------------------- main


def dumps(content):
    """Indented JSON with flat lists of numbers kept on one line, so that the files stay short."""
    text = json.dumps(content, indent=1, allow_nan=False)
    flat = re.compile(r"\[\s*((?:[-\w.+\"]+,\s*)*[-\w.+\"]+)\s*\]")
    return flat.sub(lambda m: "[" + re.sub(r",\s+", ", ", m.group(1)) + "]", text) + "\n"


def main():
    root = os.getcwd()
    if len(sys.argv) > 1:
        root = sys.argv[1]
    versions = {"numpy": np.__version__, "scipy": scipy.__version__}
    warnings.simplefilter("ignore", RuntimeWarning)  # n=1 and (nearly) constant inputs

    one_sample = []
    for name, sample, popmean in one_sample_cases():
        less = stats.ttest_1samp(sample, popmean, alternative="less")
        greater = stats.ttest_1samp(sample, popmean, alternative="greater")
        one_sample.append({"name": name, "sample": sample, "popmean": popmean,
                           "scipy_near_constant": near_constant(sample),
                           "less": result(less.statistic, less.df, less.pvalue),
                           "greater": result(greater.statistic, greater.df, greater.pvalue)})

    welch = []
    for name, a, b in welch_cases():
        r = stats.ttest_ind(a, b, equal_var=False, alternative="greater")
        va = np.var(a, ddof=1) if len(a) > 1 else math.nan
        vb = np.var(b, ddof=1) if len(b) > 1 else math.nan
        welch.append({"name": name, "a": a, "b": b,
                      "scipy_near_constant": near_constant(a) or near_constant(b),
                      "both_variances_zero": bool(va == 0 and vb == 0),
                      "greater": result(r.statistic, welch_df(a, b), r.pvalue)})

    holm_out = [{"name": name, "p": enc(p), "adjusted": enc(holm(p))} for name, p in holm_cases()]

    random = SplittableRandom(42)
    stream = {"seed": 42, "bound": 300, "first": [random.next_int(300) for _ in range(64)]}
    random = SplittableRandom(-3)
    stream_neg = {"seed": -3, "bound": 5, "first": [random.next_int(5) for _ in range(64)]}

    report = {"generator": "libs/report/bench/stats_scipy_fixture.py", "versions": versions,
              "one_sample": one_sample, "welch": welch, "holm": holm_out,
              "splittable_random": [stream, stream_neg], "paired_bootstrap": paired_bootstrap_cases()}
    science = {"generator": "libs/report/bench/stats_scipy_fixture.py", "versions": versions,
               "splittable_random": [stream], "intervals": science_cases()}

    for path, content in [("libs/report/src/test/resources/stats-scipy.json", report),
                          ("libs/science/src/test/resources/bootstrap-scipy.json", science)]:
        full = os.path.join(root, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w") as f:
            f.write(dumps(content))
        print("wrote", path)


if __name__ == "__main__":
    main()

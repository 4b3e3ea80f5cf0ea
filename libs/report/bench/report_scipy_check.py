#!/usr/bin/python3
"""Recompute every significance test of a finished local-mode experiment with scipy and compare with
the report's statistics.csv.

    /usr/bin/python3 libs/report/bench/report_scipy_check.py STATE_DIR EXPERIMENT_ID

STATE_DIR is a `plmlab run --state` folder (S3Proxy's filesystem backend keeps each object at
STATE_DIR/s3/data/plmlab/<key>). Reads reports/<id>/request.json, every outcome and its stored test
predictions, regroups them as the report does (ablation seeds against the pretrained result at each
layer), and checks: the one-sided one-sample t-test (scipy.stats.ttest_1samp(..., alternative="less"))
and its Holm correction to 1e-9; the paired bootstrap (the same SplittableRandom stream, spearmanr or
pooled accuracy, np.quantile) to 1e-12. Prints one line per test and the largest differences; exits 1 on
a mismatch.
"""
import csv
import json
import os
import sys
from collections import defaultdict

import numpy as np
from scipy import stats

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stats_scipy_fixture import SplittableRandom, holm  # noqa: E402

RESAMPLES, LEVEL, SEED = 1000, 0.95, 42


def load(root, key):
    with open(os.path.join(root, key)) as f:
        return json.load(f)


def headline(outcomes):
    names = [m["metric"] for o in outcomes for m in o["metrics"]]
    return "spearman" if "spearman" in names else "accuracy"


def value(outcome, metric):
    return next(m["value"] for m in outcome["metrics"] if m["metric"] == metric)


def resampled_metric(predictions):
    if predictions["metric"] == "spearman":
        truth, predicted = np.array(predictions["truth"]), np.array(predictions["predicted"])
        return lambda idx: stats.spearmanr(truth[idx], predicted[idx]).correlation
    correct, scored = np.array(predictions["correct"]), np.array(predictions["scored"])
    return lambda idx: correct[idx].sum() / scored[idx].sum()


def paired(first, second, units):
    fa = [resampled_metric(p) for p in first]
    fb = [resampled_metric(p) for p in second]

    def difference(idx):
        d = np.mean([f(idx) for f in fa]) - np.mean([f(idx) for f in fb])
        return 0.0 if abs(d) <= 1e-12 else d  # rounding counts as no difference, as in ResampledHeadline

    observed = difference(np.arange(units))
    rng = SplittableRandom(SEED)
    deltas = []
    for _ in range(RESAMPLES):
        idx = np.array([rng.next_int(units) for _ in range(units)])
        d = difference(idx)
        if not np.isnan(d):
            deltas.append(d)
    deltas = np.array(deltas)
    tail = (1 - LEVEL) / 2
    low, high = np.quantile(deltas, [tail, 1 - tail])
    p = (1 + np.sum(deltas <= 0)) / (len(deltas) + 1)
    return observed, low, high, p


def main(state, experiment):
    root = os.path.join(state, "s3", "data", "plmlab")
    request = load(root, f"reports/{experiment}/request.json")
    outcomes = [load(root, key) for key in request["resultKeys"]]
    with open(os.path.join(root, f"reports/{experiment}/statistics.csv")) as f:
        reported = list(csv.DictReader(f))
    groups = defaultdict(list)
    for o in outcomes:
        groups[(o["task"], o["split"], o["model"], o["probe"], o["pretraining"], o["variant"], o["layer"])].append(o)
    metric_of = {}
    for o in outcomes:
        metric_of.setdefault((o["task"], o["split"]), []).append(o)
    worst = defaultdict(float)
    failures = 0
    families = defaultdict(list)
    for row in reported:
        if row["comparison"] == "one-hot":
            continue
        families[(row["task"], row["split"], row["model"], row["probe"], row["pretraining"], row["comparison"])].append(row)
    for family, rows in families.items():
        task, split, model, probe, pretraining, ablation = family
        metric = headline(metric_of[(task, split)])
        ps = []
        for row in rows:
            layer = int(row["layer"])
            key = (task, split, model, probe, float(pretraining))
            pre = groups[key[:5] + ("pretrained", layer)]
            abl = groups[key[:5] + (ablation, layer)]
            by_seed = defaultdict(list)
            for o in abl:
                by_seed[o["modelSeed"]].append(value(o, metric))
            sample = [np.mean(v) for _, v in sorted(by_seed.items())]
            popmean = np.mean([value(o, metric) for o in pre])
            t = stats.ttest_1samp(sample, popmean, alternative="less")
            ps.append(t.pvalue)
            for name, ours, theirs in [("t", float(row["t"] or "nan"), t.statistic), ("t_p", float(row["t_p"] or "nan"), t.pvalue)]:
                d = abs(ours - theirs) if not (np.isnan(ours) and np.isnan(theirs)) else 0.0
                worst[name] = max(worst[name], d)
                failures += d > 1e-9
            if row["paired_delta"]:
                first = [load(root, o["predictionsKey"]) for o in pre]
                second = [load(root, o["predictionsKey"]) for o in abl]
                units = len(first[0]["truth"] if first[0]["truth"] else first[0]["correct"])
                observed, low, high, p = paired(first, second, units)
                for name, ours, theirs in [("paired_delta", row["paired_delta"], observed), ("paired_ci_low", row["paired_ci_low"], low),
                                           ("paired_ci_high", row["paired_ci_high"], high), ("paired_p", row["paired_p"], p)]:
                    d = abs(float(ours) - theirs)
                    worst[name] = max(worst[name], d)
                    if d > 1e-12:
                        failures += 1
                        print(f"  MISMATCH {name}: report {ours}, scipy/numpy {theirs!r}")
            print(f"{task}/{split} {model} {probe} {ablation} layer {layer}: t-test p {t.pvalue:.6g} (report {row['t_p']}), "
                  f"paired delta {row['paired_delta']} [{row['paired_ci_low']}, {row['paired_ci_high']}] p {row['paired_p']}")
        for row, adjusted in zip(rows, holm(np.array(ps))):
            d = abs(float(row["t_p_holm"] or "nan") - adjusted) if not np.isnan(adjusted) else 0.0
            worst["t_p_holm"] = max(worst["t_p_holm"], d)
            failures += d > 1e-9
    print("largest differences:", ", ".join(f"{k} {v:.2e}" for k, v in sorted(worst.items())))
    print("MISMATCH" if failures else "all equal within tolerance (t-test 1e-9, bootstrap 1e-12)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))

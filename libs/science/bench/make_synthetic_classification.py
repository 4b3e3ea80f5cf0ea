#!/usr/bin/env python3
"""Writes the synthetic 10-class sequence-level task both linear-probe cross-checks read.

10 Gaussian classes in 64 dimensions whose means are close enough that a linear head reaches
well under 100 % (so seed-to-seed differences show), saved as float32 features and int64 labels:
{train,val,test}_x.npy and {train,val,test}_y.npy (2,000 / 500 / 1,000 rows).

    /usr/bin/python3 make_synthetic_classification.py OUT_DIR
"""
import os
import sys

import numpy as np

CLASSES, WIDTH = 10, 64
ROWS = {"train": 2000, "val": 500, "test": 1000}


def main(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    rng = np.random.default_rng(20240601)
    means = rng.normal(0.0, 0.35, size=(CLASSES, WIDTH))
    # a shared offset and uneven feature scales, as embeddings have
    offset = rng.normal(0.0, 1.0, size=WIDTH)
    scale = rng.uniform(0.5, 2.0, size=WIDTH)
    for part, n in ROWS.items():
        y = rng.integers(0, CLASSES, size=n)
        x = (means[y] + rng.normal(0.0, 1.0, size=(n, WIDTH))) * scale + offset
        np.save(os.path.join(out_dir, f"{part}_x.npy"), x.astype(np.float32))
        np.save(os.path.join(out_dir, f"{part}_y.npy"), y.astype(np.int64))
    print("wrote", out_dir)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])

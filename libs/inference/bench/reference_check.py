#!/usr/bin/env python3
"""Compares every layer of a `plmlab embed` .npz with the reference implementation's forward pass.

    PYTHONPATH=/tmp/fair-esm:/tmp/psm python3 reference_check.py CHECKPOINT.pt IN.fasta OUT.npz [--pool mean|none]

The checkpoint is loaded with the reference loader (fair-esm's load_model_and_alphabet_core, or
protein-sequence-models' load_carp), each FASTA sequence is run alone (no padding) in float32, and each
array the .npz holds ('layer<k>' [N, D] with --pool mean, '<i>_layer<k>' [len_i, D] with --pool none) is
compared with the reference's mean over residue positions or its per-residue states. Prints the max abs
difference per layer and overall, and exits 1 when it exceeds --tolerance (default 1e-4).
"""
import argparse
import os
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from reference_models import Reference  # noqa: E402


def read_fasta(path):
    records, name, seq = [], None, []
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line.startswith(">"):
                if name is not None:
                    records.append((name, "".join(seq)))
                name, seq = line[1:].split()[0], []
            elif line:
                seq.append(line)
    if name is not None:
        records.append((name, "".join(seq)))
    return records


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("checkpoint")
    parser.add_argument("fasta")
    parser.add_argument("npz")
    parser.add_argument("--pool", choices=["mean", "none"], default="mean")
    parser.add_argument("--tolerance", type=float, default=1e-4)
    parser.add_argument("--threads", type=int, default=0, help="torch threads (default: torch's choice)")
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)

    started = time.time()
    reference = Reference(args.checkpoint)
    records = read_fasta(args.fasta)
    npz = np.load(args.npz)
    ids = [str(x) for x in npz["ids"]]
    if ids != [name for name, _ in records]:
        sys.exit("ids differ from the FASTA ids")
    worst = {}
    magnitude = 0.0
    for i, (_, sequence) in enumerate(records):
        states = reference.residues(sequence)
        for k, value in states.items():
            value = value.numpy()
            if args.pool == "mean":
                key = "layer%d" % k
                if key not in npz:
                    continue
                expected, actual = value.mean(axis=0), npz[key][i].astype(np.float32)
            else:
                key = "%d_layer%d" % (i, k)
                if key not in npz:
                    continue
                expected, actual = value, npz[key].astype(np.float32)
            if expected.shape != actual.shape:
                sys.exit("%s: shape %s, reference %s" % (key, actual.shape, expected.shape))
            worst[k] = max(worst.get(k, 0.0), float(np.abs(expected - actual).max()))
            magnitude = max(magnitude, float(np.abs(expected).max()))
    if not worst:
        sys.exit("no layer of the .npz matched the reference's layers")
    for k in sorted(worst):
        print("layer %2d  max abs diff %.3e" % (k, worst[k]))
    overall = max(worst.values())
    print("%s %s, %d sequences, %d layers, pool %s: max abs diff %.3e (max |reference value| %.3g), %.0f s"
          % (reference.family, os.path.basename(args.checkpoint), len(records), len(worst), args.pool, overall,
             magnitude, time.time() - started))
    sys.exit(0 if overall <= args.tolerance else 1)


if __name__ == "__main__":
    main()

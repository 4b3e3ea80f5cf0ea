#!/usr/bin/env python3
"""Compares every layer of `plmlab embed` .npz files with the reference implementation's forward pass.

    PYTHONPATH=$SCRATCH/fair-esm:$SCRATCH/psm python3 reference_check.py CHECKPOINT.pt IN.fasta OUT.npz [OUT2.npz ...]

The checkpoint is loaded with the reference loader (fair-esm's load_model_and_alphabet_core, or
protein-sequence-models' load_carp), the FASTA sequences are run in float32 without padding (a batch holds
sequences of one length only, so each row is its sequence's run alone), once for all the .npz files, and every array they hold ('layer<k>' [N, D] from --pool mean, '<i>_layer<k>'
[len_i, D] from --pool none; which one is read from the file) is compared with the reference's mean over
residue positions or its per-residue states. Prints the max abs difference per layer and overall for each
file, and exits 1 when one exceeds --tolerance (default 1e-4).
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


def pooling_of(npz):
    if any(key.startswith("layer") for key in npz.files):
        return "mean"
    if any("_layer" in key for key in npz.files):
        return "none"
    sys.exit("neither 'layer<k>' nor '<i>_layer<k>' arrays: not a plmlab embed .npz")


def compare(i, states, files):
    """Sequence i's reference states against each file's arrays; keeps the worst difference per layer."""
    for path, npz, pool, worst, magnitude in files:
        for k, value in states.items():
            value = value.numpy()
            if pool == "mean":
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
                sys.exit("%s %s: shape %s, reference %s" % (path, key, actual.shape, expected.shape))
            worst[k] = max(worst.get(k, 0.0), float(np.abs(expected - actual).max()))
            magnitude[0] = max(magnitude[0], float(np.abs(expected).max()))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("checkpoint")
    parser.add_argument("fasta")
    parser.add_argument("npz", nargs="+")
    parser.add_argument("--tolerance", type=float, default=1e-4)
    parser.add_argument("--threads", type=int, default=0, help="torch threads (default: torch's choice)")
    parser.add_argument("--onednn-linear", action="store_true",
                        help="run nn.Linear through oneDNN instead of torch's BLAS (Debian's torch uses netlib's "
                             "reference BLAS: ~1 GFLOPS); the modules and the float32 arithmetic stay the reference's")
    parser.add_argument("--batch", type=int, default=8,
                        help="most sequences per reference batch; only sequences of one length share a batch (default 8)")
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)

    started = time.time()
    reference = Reference(args.checkpoint, args.onednn_linear)
    records = read_fasta(args.fasta)
    files = []
    for path in args.npz:
        npz = np.load(path)
        if [str(x) for x in npz["ids"]] != [name for name, _ in records]:
            sys.exit(path + ": ids differ from the FASTA ids")
        files.append((path, npz, pooling_of(npz), {}, [0.0]))
    by_length = {}
    for i, (_, sequence) in enumerate(records):
        by_length.setdefault(len(sequence), []).append(i)
    batches = [group[j:j + args.batch] for group in by_length.values() for j in range(0, len(group), args.batch)]
    for batch in batches:
        for i, states in zip(batch, reference.residues([records[i][1] for i in batch])):
            compare(i, states, files)
    failed = False
    for path, npz, pool, worst, magnitude in files:
        if not worst:
            sys.exit(path + ": no layer matched the reference's layers")
        for k in sorted(worst):
            print("%s layer %2d  max abs diff %.3e" % (os.path.basename(path), k, worst[k]))
        overall = max(worst.values())
        failed |= overall > args.tolerance
        print("%s: %s %s, %d sequences, %d layers, pool %s: max abs diff %.3e (max |reference value| %.3g)"
              % (os.path.basename(path), reference.family, os.path.basename(args.checkpoint), len(records), len(worst),
                 pool, overall, magnitude[0]))
    print("%.0f s" % (time.time() - started))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()

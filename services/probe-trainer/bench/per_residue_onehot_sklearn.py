"""Cross-check of plmlab's per-residue linear probe on one-hot features, with scikit-learn.

A FLIP per-residue FASTA layout (a labels FASTA with `>id SET=train|test VALIDATION=True|False`, the
sequences FASTA, optionally a mask FASTA) is read from a zip; every scored residue (mask 1, or every residue
without a mask) becomes one row of the 23-letter one-hot plmlab uses; a multinomial logistic regression is
fitted on the train rows (validation rows pick C) and scored on the test rows.

  /usr/bin/python3 per_residue_onehot_sklearn.py ZIP LABELS_ENTRY SEQUENCES_ENTRY [MASK_ENTRY]

e.g. ../../../../shared/data/flip/secondary_structure/splits.zip splits/sampled.fasta splits/sequences.fasta splits/mask.fasta
"""
import sys
import zipfile

import numpy as np
from sklearn.linear_model import LogisticRegression

ALPHABET = "ACDEFGHIKLMNPQRSTVWYBXU"


def fasta(text):
    """Records in file order, repeats kept: (name, header, residues)."""
    records, name, header, parts = [], None, None, []
    for line in text.splitlines():
        if line.startswith(">"):
            if name is not None:
                records.append((name, header, "".join(parts)))
            header = line[1:].strip()
            name = header.split()[0]
            parts = []
        elif line.strip():
            parts.append(line.strip())
    if name is not None:
        records.append((name, header, "".join(parts)))
    return records


def part_of(header):
    fields = dict(f.split("=", 1) for f in header.split()[1:])
    return "test" if fields["SET"] == "test" else ("val" if fields.get("VALIDATION") == "True" else "train")


def labelled(records):
    """plmlab's rules for a labels FASTA: an exact repeat counts once; an id in both train and test is left out."""
    seen, parts = {}, {}
    for name, header, label in records:
        seen.setdefault((name, header, label), None)
        parts.setdefault(name, set()).add("test" if part_of(header) == "test" else "train")
    kept = {}
    for name, header, label in seen:
        if len(parts[name]) == 1:
            assert name not in kept or kept[name] == (header, label), "an id repeated with other labels: " + name
            kept[name] = (header, label)
    return kept


def main():
    archive, labels_entry, sequences_entry = sys.argv[1:4]
    mask_entry = sys.argv[4] if len(sys.argv) > 4 else None
    with zipfile.ZipFile(archive) as z:
        labels = labelled(fasta(z.read(labels_entry).decode()))
        sequences = {n: (h, r) for n, h, r in fasta(z.read(sequences_entry).decode())}
        masks = {n: (h, r) for n, h, r in fasta(z.read(mask_entry).decode())} if mask_entry else {}
    classes = sorted({c for _, l in labels.values() for c in l})
    column = {c: i for i, c in enumerate(ALPHABET)}
    rows = {"train": ([], []), "val": ([], []), "test": ([], [])}
    for name, (header, label) in labels.items():
        part = part_of(header)
        sequence = sequences[name][1]
        mask = masks[name][1] if masks else "1" * len(sequence)
        assert len(sequence) == len(label) == len(mask), name
        for residue, y, m in zip(sequence, label, mask):
            residue = "X" if residue in "ZOJ" else residue  # plmlab encodes Z, O, J as X
            if m == "1" and residue in column:
                rows[part][0].append(column[residue])
                rows[part][1].append(classes.index(y))
    def design(part):
        x = np.zeros((len(rows[part][0]), len(ALPHABET)), dtype=np.float32)
        x[np.arange(len(rows[part][0])), rows[part][0]] = 1
        return x, np.array(rows[part][1])
    xtr, ytr = design("train")
    xva, yva = design("val")
    xte, yte = design("test")
    print("proteins: %s" % {p: sum(1 for h, _ in labels.values() if part_of(h) == p) for p in ("train", "val", "test")})
    print("scored residues: train %d, val %d, test %d; classes %s" % (len(ytr), len(yva), len(yte), classes))
    best = None
    for c in [0.01, 1.0, 100.0]:
        model = LogisticRegression(C=c, max_iter=1000).fit(xtr, ytr)
        val = model.score(xva, yva)
        print("C=%g: val accuracy %.4f, test accuracy %.4f" % (c, val, model.score(xte, yte)))
        if best is None or val > best[0]:
            best = (val, c, model.score(xte, yte))
    print("chosen on validation: C=%g, test accuracy %.4f" % (best[1], best[2]))


if __name__ == "__main__":
    main()

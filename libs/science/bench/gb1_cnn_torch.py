#!/usr/bin/env python3
"""Shanehsazzadeh et al.'s CNN recipes on GB1, in PyTorch, for the cross-check against plmlab's
CnnBaseline (same recipe, independent code and random streams).

Data: FLIP's gb1 splits.zip, entry splits/<split>.csv (sequence,target,set,validation); the first
56 residues; train = set train and validation not True, val = validation True, test = set test.
Recipe: one-hot over 21 tokens (20 amino acids + pad), channels first; 'SAME'-padded Conv1d(k 5)
layers; flax's default init (LeCun normal truncated at 2σ, zero biases); targets z-scored on
train; MSE; shuffled batches; Adam with per-layer lr and decoupled weight decay (torch AdamW ==
flax.optim.Adam's weight_decay); predictions clipped to the train range; test Spearman.

    /usr/bin/python3 gb1_cnn_torch.py SPLITS_ZIP --split sampled --architecture maxpool \
        [--epochs N] [--batch 256] [--filters 1024] [--seeds 42 0 12345] [--threads 1]
"""
import argparse
import csv
import io
import math
import time
import zipfile

import numpy as np
import torch
from scipy.stats import spearmanr
from torch import nn

AMINO_ACIDS = "ACDEFGHIKLMNPQRSTVWY"
# (dilations, relu after conv, per-position dense width, lrs, weight decays, epochs, batch)
RECIPES = {
    "maxpool": ([1], True, 0, [1e-3, 5e-6], [0.0, 0.05], 50, 256),
    "linear-maxpool": ([1], False, 2048, [1e-3, 5e-5, 5e-6], [0.0, 0.05, 0.05], 50, 256),
    "3-maxpool": ([1, 1, 1], True, 0, [5e-4, 5e-5], [0.025, 0.025], 5, 16),
    "3-dilated": ([1, 2, 1], True, 0, [5e-4, 5e-5], [0.025, 0.025], 5, 16),
}


def read_split(zip_path, split, keep=56):
    with zipfile.ZipFile(zip_path) as z:
        rows = list(csv.DictReader(io.TextIOWrapper(z.open(f"splits/{split}.csv"), "utf-8")))
    parts = {"train": ([], []), "val": ([], []), "test": ([], [])}
    for r in rows:
        validation = r["validation"].strip() == "True"
        part = "test" if r["set"] == "test" else ("val" if validation else "train")
        parts[part][0].append(r["sequence"][:keep])
        parts[part][1].append(float(r["target"]))
    return {k: (v[0], np.array(v[1])) for k, v in parts.items()}


def one_hot(sequences, length):
    x = np.zeros((len(sequences), 21, length), dtype=np.float32)
    x[:, 20, :] = 1.0
    for i, s in enumerate(sequences):
        for j, c in enumerate(s):
            x[i, 20, j] = 0.0
            x[i, AMINO_ACIDS.index(c), j] = 1.0
    return torch.from_numpy(x)


def lecun_normal_(tensor, fan_in):
    std = math.sqrt(1.0 / fan_in) / 0.87962566103423978
    nn.init.trunc_normal_(tensor, std=std, a=-2 * std, b=2 * std)


class Cnn(nn.Module):
    def __init__(self, architecture, filters):
        super().__init__()
        dilations, self.relu_after_conv, dense, _, _, _, _ = RECIPES[architecture]
        channels, convs = 21, []
        for d in dilations:
            convs.append(nn.Conv1d(channels, filters, 5, padding=2 * d, dilation=d))
            channels = filters
        self.convs = nn.ModuleList(convs)
        self.position = nn.Linear(filters, dense) if dense else None
        self.out = nn.Linear(dense or filters, 1)
        for conv in self.convs:
            lecun_normal_(conv.weight, conv.in_channels * 5)
            nn.init.zeros_(conv.bias)
        for layer in [self.position, self.out]:
            if layer is not None:
                lecun_normal_(layer.weight, layer.in_features)
                nn.init.zeros_(layer.bias)

    def groups(self):
        layers = [list(self.convs.parameters())]
        if self.position is not None:
            layers.append(list(self.position.parameters()))
        layers.append(list(self.out.parameters()))
        return layers

    def forward(self, x):
        for conv in self.convs:
            x = conv(x)
            if self.relu_after_conv:
                x = torch.relu(x)
        if self.position is not None:
            x = torch.relu(self.position(x.transpose(1, 2))).amax(dim=1)
        else:
            x = x.amax(dim=2)
        return self.out(x).squeeze(1)


def predict(model, x, batch=256):
    model.eval()
    with torch.no_grad():
        return torch.cat([model(x[i:i + batch]) for i in range(0, len(x), batch)]).numpy()


def run(seed, data, architecture, epochs, batch, filters):
    torch.manual_seed(seed)
    (s_tr, y_tr), (s_te, y_te) = data["train"], data["test"]
    length = max(len(s) for s in s_tr + data["val"][0])
    x_tr, x_te = one_hot(s_tr, length), one_hot(s_te, length)
    mean, std = y_tr.mean(), y_tr.std()
    z = torch.from_numpy(((y_tr - mean) / std).astype(np.float32))
    model = Cnn(architecture, filters)
    _, _, _, lrs, decays, _, _ = RECIPES[architecture]
    optimizer = torch.optim.AdamW([{"params": p, "lr": lr, "weight_decay": wd}
                                   for p, lr, wd in zip(model.groups(), lrs, decays)], eps=1e-8)
    generator = torch.Generator().manual_seed(seed)
    for _ in range(epochs):
        model.train()
        order = torch.randperm(len(z), generator=generator)
        for i in range(0, len(z), batch):
            idx = order[i:i + batch]
            loss = ((model(x_tr[idx]) - z[idx]) ** 2).mean()
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
    y = np.clip(predict(model, x_te) * std + mean, y_tr.min(), y_tr.max())
    return spearmanr(y_te, y).correlation


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("splits_zip")
    parser.add_argument("--split", default="sampled")
    parser.add_argument("--architecture", default="maxpool", choices=sorted(RECIPES))
    parser.add_argument("--epochs", type=int)
    parser.add_argument("--batch", type=int)
    parser.add_argument("--filters", type=int, default=1024)
    parser.add_argument("--seeds", type=int, nargs="+", default=[42, 0, 12345])
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    recipe = RECIPES[args.architecture]
    epochs = args.epochs or recipe[5]
    batch = args.batch or recipe[6]
    data = read_split(args.splits_zip, args.split)
    rhos = []
    for seed in args.seeds:
        start = time.time()
        rho = run(seed, data, args.architecture, epochs, batch, args.filters)
        rhos.append(rho)
        print(f"torch {args.split} {args.architecture} epochs {epochs} seed {seed}: test spearman {rho:.4f} "
              f"({time.time() - start:.0f} s)", flush=True)
    print(f"torch {args.split} {args.architecture} epochs {epochs}: mean {np.mean(rhos):.4f} ± "
          f"{np.std(rhos, ddof=1):.4f} (sample std)")


if __name__ == "__main__":
    main()

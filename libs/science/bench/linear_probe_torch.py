#!/usr/bin/env python3
"""The reference's linear-classifier loop (microsoft/protein-transfer, scr/model/train_test.py),
re-implemented in PyTorch for the cross-check against plmlab's NeuralHeads.

nn.Linear(d, classes); CrossEntropyLoss; Adam(lr 1e-4); ReduceLROnPlateau(mode min, factor 0.1)
stepped on the validation loss; up to 100 epochs; the train loader shuffled, batch 256; early
stopping: a val loss strictly below the minimum resets a counter, else +1; stop when
epoch > 5 and counter == 10 (0-based epochs). Epoch losses are the mean of batch means, as
the reference computes them. --keep best restores the best-validation weights (plmlab's
default); --keep last is the reference as published.

    /usr/bin/python3 linear_probe_torch.py DATA_DIR [--seeds 42 0 12345] [--keep best|last] [--threads 1] [--lr 1e-4]
"""
import argparse
import copy
import os

import numpy as np
import torch
from torch import nn


def load(data_dir, part):
    x = torch.from_numpy(np.load(os.path.join(data_dir, f"{part}_x.npy")))
    y = torch.from_numpy(np.load(os.path.join(data_dir, f"{part}_y.npy")))
    return x, y


def epoch_loss(model, loader, criterion, optimizer=None):
    model.train(optimizer is not None)
    total = 0.0
    with torch.set_grad_enabled(optimizer is not None):
        for x, y in loader:
            loss = criterion(model(x), y)
            if optimizer is not None:
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
            total += loss.item()
    return total / len(loader)


def run(seed, data, keep, epochs=100, patience=10, min_epoch=5, batch=256, lr=1e-4):
    torch.manual_seed(seed)
    (xtr, ytr), (xva, yva), (xte, yte) = data
    classes = int(max(ytr.max(), yva.max(), yte.max())) + 1
    model = nn.Linear(xtr.shape[1], classes)
    criterion = nn.CrossEntropyLoss()
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, mode="min", factor=0.1)
    generator = torch.Generator().manual_seed(seed)
    train = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(xtr, ytr), batch_size=batch,
                                        shuffle=True, generator=generator)
    val = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(xva, yva), batch_size=batch)
    best_loss, counter, best_state, best_epoch, ran = float("inf"), 0, None, 0, 0
    for epoch in range(epochs):
        epoch_loss(model, train, criterion, optimizer)
        val_loss = epoch_loss(model, val, criterion)
        scheduler.step(val_loss)
        ran = epoch + 1
        if val_loss < best_loss:
            best_loss, counter, best_epoch = val_loss, 0, epoch + 1
            best_state = copy.deepcopy(model.state_dict())
        else:
            counter += 1
        if epoch > min_epoch and counter == patience:
            break
    if keep == "best":
        model.load_state_dict(best_state)
    with torch.no_grad():
        accuracy = (model(xte).argmax(1) == yte).double().mean().item()
    return accuracy, ran, best_epoch


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("data_dir")
    parser.add_argument("--seeds", type=int, nargs="+", default=[42, 0, 12345])
    parser.add_argument("--keep", choices=["best", "last"], default="best")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--lr", type=float, default=1e-4)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    data = [load(args.data_dir, p) for p in ("train", "val", "test")]
    accuracies = []
    for seed in args.seeds:
        accuracy, ran, best = run(seed, data, args.keep, lr=args.lr)
        accuracies.append(accuracy)
        print(f"torch seed {seed}: test accuracy {accuracy:.4f} (epochs {ran}, best epoch {best})")
    print(f"torch keep={args.keep} lr={args.lr:g}: mean {np.mean(accuracies):.4f} ± {np.std(accuracies, ddof=1):.4f} (sample std)")


if __name__ == "__main__":
    main()

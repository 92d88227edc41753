#!/usr/bin/python3
"""Trains, in plain PyTorch, the classifier that bench/calibration imports (setting imported_20k).

The point of that setting is a network Lethe did not build: calibration must choose lr and
epochs for an architecture it knows nothing about (arch `torchscript`), where no tuned
per-architecture table could have helped. So the network here is none of Lethe's: two 3x3
convolutions before a single max-pool (Lethe's cnn pools after each), then a narrow 40-unit
hidden layer, about 388k parameters.

It trains on exactly the training rows of Lethe's subset d20000_2000 (their ids are in the
catalog's `datasets.train_ids`, indices into Fashion-MNIST's training split), fed as Lethe
feeds a model: float images [N, 1, 28, 28] in [0, 1] with no normalisation (ml/dataset.cpp,
toInput), logits [N, 10] out. The recipe is Lethe's default CREATE MODEL recipe (SGD lr 0.05,
momentum 0.9, weight decay 5e-4, batches of 128, 8 epochs, cosine annealed per step to 0), so
the `retrain` reference of the imported model, which trains this network from fresh weights
with IMPORT MODEL's default recipe, repeats the same training.

    /usr/bin/python3 bench/imported_model.py --catalog CATALOG.db --out bench/models/imported_cnn.pt

(/usr/bin/python3: Debian's python3-torch 1.13 and numpy live there, not in a pyenv python.)
Without the dataset in --catalog (or without --catalog) it creates it with build/shell/lethe.
"""
import argparse
import gzip
import json
import math
import os
import sqlite3
import subprocess
import sys
import tempfile
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATASET = "d20000_2000"
CREATE_DATASET = (
    "CREATE DATASET IF NOT EXISTS fmnist FROM BUILTIN 'fashion-mnist'; "
    "CREATE DATASET IF NOT EXISTS d20000_2000 AS SUBSET OF fmnist WITH (train = 20000, test = 2000, seed = 1);"
)


class ImportedCnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, 3)   # 28 -> 26
        self.conv2 = nn.Conv2d(32, 64, 3)  # 26 -> 24, pooled to 12
        self.hidden = nn.Linear(64 * 12 * 12, 40)
        self.out = nn.Linear(40, 10)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = F.relu(self.conv1(x))
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        return self.out(F.relu(self.hidden(torch.flatten(x, 1))))


def read_idx(path):
    """An IDX file (gzip): big-endian magic (type, rank), the dimensions, then the uint8 data."""
    with gzip.open(path, "rb") as f:
        data = f.read()
    rank = data[3]
    dims = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(rank)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * rank).reshape(dims)


def subset_rows(catalog, lethe):
    """(train_ids, test_ids, folder of the IDX files) of d20000_2000, creating it if needed."""
    if catalog is None:
        catalog = os.path.join(tempfile.mkdtemp(prefix="lethe_import_"), "catalog.db")
    db = sqlite3.connect(catalog)
    has = db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'datasets'").fetchone()
    if not has or not db.execute("SELECT 1 FROM datasets WHERE name = ?", (DATASET,)).fetchone():
        db.close()
        print(f"creating {DATASET} in {catalog} with {lethe}", flush=True)
        subprocess.run([lethe, catalog, "-c", CREATE_DATASET], check=True, stdout=subprocess.DEVNULL)
        db = sqlite3.connect(catalog)
    train_ids, test_ids, parent = db.execute(
        "SELECT train_ids, test_ids, parent_id FROM datasets WHERE name = ?", (DATASET,)).fetchone()
    # The ids index the parent's splits; they are the file's rows only when the parent is the
    # builtin Fashion-MNIST itself, not a subset of it.
    kind, path = db.execute("SELECT kind, path FROM datasets WHERE id = ?", (parent,)).fetchone()
    if kind != "builtin":
        sys.exit(f"{DATASET}'s parent is a {kind} dataset, not the builtin fashion-mnist")
    return json.loads(train_ids), json.loads(test_ids), path or "/usr/share/datasets/fashion-mnist"


def to_input(images):
    """As Lethe's toInput: bytes to float in [0, 1], one channel."""
    return torch.from_numpy(images.astype(np.float32) / 255.0).unsqueeze(1)


@torch.no_grad()
def accuracy(model, x, y):
    model.eval()
    correct = sum(int((model(x[i:i + 1000]).argmax(1) == y[i:i + 1000]).sum()) for i in range(0, len(x), 1000))
    return 100.0 * correct / len(x)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--catalog", help="Lethe catalog with (or to receive) d20000_2000; default: a temporary one")
    parser.add_argument("--out", default=os.path.join(REPO, "bench/models/imported_cnn.pt"))
    parser.add_argument("--lethe", default=os.path.join(REPO, "build/shell/lethe"), help="the shell, to create the dataset")
    parser.add_argument("--epochs", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    train_ids, test_ids, folder = subset_rows(args.catalog, args.lethe)
    images = read_idx(os.path.join(folder, "train-images-idx3-ubyte.gz"))
    labels = read_idx(os.path.join(folder, "train-labels-idx1-ubyte.gz"))
    test_images = read_idx(os.path.join(folder, "t10k-images-idx3-ubyte.gz"))
    test_labels = read_idx(os.path.join(folder, "t10k-labels-idx1-ubyte.gz"))
    x, y = to_input(images[train_ids]), torch.from_numpy(labels[train_ids].astype(np.int64))
    tx, ty = to_input(test_images[test_ids]), torch.from_numpy(test_labels[test_ids].astype(np.int64))
    print(f"{DATASET}: {len(x)} training rows, {len(tx)} test rows", flush=True)

    model = ImportedCnn()
    print(f"parameters: {sum(p.numel() for p in model.parameters())}", flush=True)
    batch = 128
    steps = args.epochs * math.ceil(len(x) / batch)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9, weight_decay=5e-4)
    # Cosine from lr to 0 over all steps, as Lethe's default schedule.
    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda step: 0.5 * (1 + math.cos(math.pi * step / steps)))
    start = time.time()
    for epoch in range(1, args.epochs + 1):
        model.train()
        order = torch.randperm(len(x))
        total = 0.0
        for i in range(0, len(x), batch):
            rows = order[i:i + batch]
            loss = F.cross_entropy(model(x[rows]), y[rows])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            schedule.step()
            total += float(loss) * len(rows)
        print(f"epoch {epoch}: loss {total / len(x):.4f}, {time.time() - start:.0f} s", flush=True)
    print(f"train accuracy {accuracy(model, x, y):.2f}, test accuracy {accuracy(model, tx, ty):.2f}", flush=True)

    model.eval()
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    torch.jit.save(torch.jit.script(model), args.out)
    print(f"written: {args.out} ({os.path.getsize(args.out)} bytes)")


if __name__ == "__main__":
    main()

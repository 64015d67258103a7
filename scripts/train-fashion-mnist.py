#!/usr/bin/env python3
"""Train the "mini-ILSVRC" models on Fashion-MNIST and export them to ONNX.

The lecture's ImageNet architectures (LeNet-5, AlexNet, VGG, GoogLeNet, ResNet) in miniature, small enough to
train on two CPU cores in minutes and to evaluate 10k test images offline in seconds. They exist so Podium's
offline demo evaluates real, reproducible models; they are not ImageNet results.

Reproduce (Debian's PyTorch 1.13, CPU, one thread per process):

    /usr/bin/python3 scripts/train-fashion-mnist.py

Data: the 60k TRAIN files are read from .cache/fashion-mnist/ (gitignored), the 10k TEST files from the
committed datasets/fashion-mnist/. Both come from Debian's `dataset-fashion-mnist` (MIT); see
`missing_train_files_message` for how to get them.

Writes models/fashion-mnist/<arch>.onnx, <arch>.model.json and training-summary.json; check the ONNX files
with onnxruntime (no PyTorch): node models/fashion-mnist/verify-onnx.mjs
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import math
import os
import random
import struct
import sys
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

REPO = Path(__file__).resolve().parent.parent
TRAIN_DIR = REPO / ".cache" / "fashion-mnist"
TEST_DIR = REPO / "datasets" / "fashion-mnist"
OUT_DIR = REPO / "models" / "fashion-mnist"
SCRIPT_PATH = "scripts/train-fashion-mnist.py"

LABELS = [
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
    "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
]

# One thread: on the shared 2-core machine, two OpenMP threads ran 5-8x SLOWER than one (threads spin at every
# barrier while the other is descheduled). Single-threaded runs are also bit-reproducible whatever the load.
THREADS = 1
BATCH_SIZE = 128
LEARNING_RATE = 2e-3
WEIGHT_DECAY = 5e-4


def missing_train_files_message(path: Path) -> str:
    return (
        f"missing Fashion-MNIST training file {path}; run datasets/fashion-mnist/prepare.sh, or: "
        "cd /tmp && apt-get download dataset-fashion-mnist && dpkg-deb -x dataset-fashion-mnist_*.deb fm && "
        f"mkdir -p {TRAIN_DIR} && cp fm/usr/share/datasets/fashion-mnist/train-*.gz {TRAIN_DIR}/"
    )


# ---------------------------------------------------------------------------------------------------------
# IDX files (http://yann.lecun.com/exdb/mnist/): big-endian magic (0x0803 images, 0x0801 labels) and dims.

def read_idx(path: Path, expected_magic: int) -> np.ndarray:
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic = struct.unpack(">I", data[:4])[0]
    if magic != expected_magic:
        raise ValueError(f"{path}: IDX magic {magic:#06x}, expected {expected_magic:#06x}")
    ndim = magic & 0xFF
    dims = struct.unpack(">" + "I" * ndim, data[4 : 4 + 4 * ndim])
    body = np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim)
    if body.size != int(np.prod(dims)):
        raise ValueError(f"{path}: {body.size} bytes of data for dims {dims}")
    return body.reshape(dims)


def load_split(directory: Path, prefix: str) -> tuple[np.ndarray, np.ndarray]:
    images_path = directory / f"{prefix}-images-idx3-ubyte.gz"
    labels_path = directory / f"{prefix}-labels-idx1-ubyte.gz"
    for path in (images_path, labels_path):
        if not path.exists():
            if prefix == "train":
                raise FileNotFoundError(missing_train_files_message(path))
            raise FileNotFoundError(f"missing Fashion-MNIST test file {path} (committed under datasets/fashion-mnist/)")
    images = read_idx(images_path, 0x0803)
    labels = read_idx(labels_path, 0x0801)
    if images.shape[0] != labels.shape[0]:
        raise ValueError(f"{images_path}: {images.shape[0]} images but {labels.shape[0]} labels")
    return images, labels


# ---------------------------------------------------------------------------------------------------------
# Architectures. Each docstring says what was scaled down relative to the paper.

class LeNet5(nn.Module):
    """LeCun et al. 1998: C1 6@5x5, S2 avg-pool, C3 16@5x5, S4 avg-pool, C5 120, F6 84, output 10; tanh.

    28x28 is padded to 32x32 by C1's padding=2 (the paper pads the digits to 32x32 too). Differences: C3 is
    fully connected to S2 (not the paper's sparse table), subsampling is plain average pooling (no trainable
    coefficient), and the output is a linear layer with softmax cross-entropy (not RBF units).
    """

    family = "lenet"

    def __init__(self) -> None:
        super().__init__()
        self.c1 = nn.Conv2d(1, 6, 5, padding=2)
        self.c3 = nn.Conv2d(6, 16, 5)
        self.c5 = nn.Linear(16 * 5 * 5, 120)
        self.f6 = nn.Linear(120, 84)
        self.output = nn.Linear(84, 10)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = F.avg_pool2d(torch.tanh(self.c1(x)), 2)
        x = F.avg_pool2d(torch.tanh(self.c3(x)), 2)
        x = torch.flatten(x, 1)
        x = torch.tanh(self.c5(x))
        x = torch.tanh(self.f6(x))
        return self.output(x)


class MiniAlexNet(nn.Module):
    """Krizhevsky et al. 2012: 5 conv + 3 FC, ReLU, overlapping 3x3/2 max-pool, dropout 0.5 in the FC layers.

    Scaled down: widths 96-256-384-384-256 -> 24-48-64-64-48 and FC 4096-4096 -> 256-256; conv1 is 5x5
    stride 1 (not 11x11 stride 4, which would erase a 28x28 image); no local response normalisation,
    no grouped (two-GPU) convolutions.
    """

    family = "alexnet"

    def __init__(self) -> None:
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 24, 5, padding=2), nn.ReLU(inplace=True),   # 28x28
            nn.MaxPool2d(3, 2),                                      # 13x13
            nn.Conv2d(24, 48, 5, padding=2), nn.ReLU(inplace=True),
            nn.MaxPool2d(3, 2),                                      # 6x6
            nn.Conv2d(48, 64, 3, padding=1), nn.ReLU(inplace=True),
            nn.Conv2d(64, 64, 3, padding=1), nn.ReLU(inplace=True),
            nn.Conv2d(64, 48, 3, padding=1), nn.ReLU(inplace=True),
            nn.MaxPool2d(3, 2),                                      # 2x2
        )
        self.classifier = nn.Sequential(
            nn.Dropout(0.5), nn.Linear(48 * 2 * 2, 256), nn.ReLU(inplace=True),
            nn.Dropout(0.5), nn.Linear(256, 256), nn.ReLU(inplace=True),
            nn.Linear(256, 10),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.classifier(torch.flatten(self.features(x), 1))


class MiniVGG(nn.Module):
    """Simonyan & Zisserman 2014: stacks of 3x3 convs (padding 1) and 2x2 max-pools, then 3 FC layers.

    Scaled down: 3 blocks of two convs (VGG-16 has 5 blocks of 2-3), widths 64..512 -> 16-32-64,
    FC 4096-4096 -> 256-256 with dropout 0.5. No BatchNorm, as in the paper.
    """

    family = "vgg"

    def __init__(self) -> None:
        super().__init__()
        layers: list[nn.Module] = []
        in_channels = 1
        for width in (16, 32, 64):
            layers += [
                nn.Conv2d(in_channels, width, 3, padding=1), nn.ReLU(inplace=True),
                nn.Conv2d(width, width, 3, padding=1), nn.ReLU(inplace=True),
                nn.MaxPool2d(2),
            ]
            in_channels = width
        self.features = nn.Sequential(*layers)                       # 28 -> 14 -> 7 -> 3
        self.classifier = nn.Sequential(
            nn.Dropout(0.5), nn.Linear(64 * 3 * 3, 256), nn.ReLU(inplace=True),
            nn.Dropout(0.5), nn.Linear(256, 256), nn.ReLU(inplace=True),
            nn.Linear(256, 10),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.classifier(torch.flatten(self.features(x), 1))


class Inception(nn.Module):
    """GoogLeNet's module: 1x1 | 1x1 -> 3x3 | 1x1 -> 5x5 | 3x3 max-pool -> 1x1, concatenated on channels."""

    def __init__(self, in_channels: int, c1: int, c3_reduce: int, c3: int, c5_reduce: int, c5: int, pool_proj: int) -> None:
        super().__init__()
        self.branch1 = nn.Sequential(nn.Conv2d(in_channels, c1, 1), nn.ReLU(inplace=True))
        self.branch3 = nn.Sequential(
            nn.Conv2d(in_channels, c3_reduce, 1), nn.ReLU(inplace=True),
            nn.Conv2d(c3_reduce, c3, 3, padding=1), nn.ReLU(inplace=True),
        )
        self.branch5 = nn.Sequential(
            nn.Conv2d(in_channels, c5_reduce, 1), nn.ReLU(inplace=True),
            nn.Conv2d(c5_reduce, c5, 5, padding=2), nn.ReLU(inplace=True),
        )
        self.branch_pool = nn.Sequential(
            nn.MaxPool2d(3, 1, padding=1), nn.Conv2d(in_channels, pool_proj, 1), nn.ReLU(inplace=True),
        )
        self.out_channels = c1 + c3 + c5 + pool_proj

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.cat([self.branch1(x), self.branch3(x), self.branch5(x), self.branch_pool(x)], 1)


class MiniGoogLeNet(nn.Module):
    """Szegedy et al. 2014: stem, Inception modules, global average pooling, dropout 0.4, one FC layer.

    Scaled down: a 3x3 conv stem (not 7x7/2 + 3x3), three Inception modules (3a, 3b, 4a) at 1/4 of the
    paper's widths (the paper has nine), no auxiliary classifiers, no local response normalisation.
    """

    family = "googlenet"

    def __init__(self) -> None:
        super().__init__()
        self.stem = nn.Sequential(
            nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(inplace=True),
            nn.MaxPool2d(2),                                         # 14x14
        )
        self.inception3a = Inception(32, 16, 24, 32, 4, 8, 8)        # -> 64
        self.inception3b = Inception(64, 32, 32, 48, 8, 24, 16)      # -> 120
        self.pool = nn.MaxPool2d(3, 2, padding=1)                    # 7x7
        self.inception4a = Inception(120, 48, 24, 52, 4, 12, 16)     # -> 128
        self.dropout = nn.Dropout(0.4)
        self.fc = nn.Linear(self.inception4a.out_channels, 10)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.inception3b(self.inception3a(self.stem(x)))
        x = self.inception4a(self.pool(x))
        x = torch.flatten(F.adaptive_avg_pool2d(x, 1), 1)
        return self.fc(self.dropout(x))


class BasicBlock(nn.Module):
    """ResNet's two-3x3-conv block; the shortcut is the identity, or a 1x1 conv + BN projection when the
    shape changes (option B of the paper)."""

    def __init__(self, in_channels: int, out_channels: int, stride: int) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(in_channels, out_channels, 3, stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(out_channels)
        self.conv2 = nn.Conv2d(out_channels, out_channels, 3, 1, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(out_channels)
        self.shortcut: nn.Module = nn.Identity()
        if stride != 1 or in_channels != out_channels:
            self.shortcut = nn.Sequential(
                nn.Conv2d(in_channels, out_channels, 1, stride, bias=False), nn.BatchNorm2d(out_channels),
            )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = F.relu(self.bn1(self.conv1(x)), inplace=True)
        y = self.bn2(self.conv2(y))
        return F.relu(y + self.shortcut(x), inplace=True)


class MiniResNet(nn.Module):
    """He et al. 2015: BatchNorm stem, stages of BasicBlocks, global average pooling, one FC layer.

    Scaled down: a 3x3 conv stem + 2x2 max-pool (not 7x7/2 + 3x3/2), three stages of widths 32-64-128 (the
    paper's ResNet-18 has four of 64..512), blocks per stage 2-1-1 (ResNet-18: 2-2-2-2).
    """

    family = "resnet"

    def __init__(self) -> None:
        super().__init__()
        self.stem = nn.Sequential(
            nn.Conv2d(1, 32, 3, padding=1, bias=False), nn.BatchNorm2d(32), nn.ReLU(inplace=True),
            nn.MaxPool2d(2),                                         # 14x14
        )
        self.stages = nn.Sequential(
            BasicBlock(32, 32, 1), BasicBlock(32, 32, 1),            # identity shortcuts, 14x14
            BasicBlock(32, 64, 2),                                   # projection, 7x7
            BasicBlock(64, 128, 2),                                  # projection, 4x4
        )
        self.fc = nn.Linear(128, 10)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.stages(self.stem(x))
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1))


# Epochs were tuned so the whole run fits ~25 min on 2 shared cores (see models/fashion-mnist/README.md).
ARCHITECTURES: dict[str, dict] = {
    "lenet5": {
        "build": LeNet5, "epochs": 10, "title": "LeNet-5 (mini)", "year": 1998, "architecture": "LeNet",
        "paper": "Gradient-Based Learning Applied to Document Recognition",
        "url": "https://doi.org/10.1109/5.726791",
    },
    "mini-alexnet": {
        "build": MiniAlexNet, "epochs": 5, "title": "AlexNet (mini)", "year": 2012, "architecture": "AlexNet",
        "paper": "ImageNet Classification with Deep Convolutional Neural Networks",
        "url": "https://papers.nips.cc/paper/2012/hash/c399862d3b9d6b76c8436e924a68c45b-Abstract.html",
    },
    "mini-vgg": {
        "build": MiniVGG, "epochs": 5, "title": "VGG (mini)", "year": 2014, "architecture": "VGG",
        "paper": "Very Deep Convolutional Networks for Large-Scale Image Recognition",
        "url": "https://arxiv.org/abs/1409.1556",
    },
    "mini-googlenet": {
        "build": MiniGoogLeNet, "epochs": 6, "title": "GoogLeNet (mini)", "year": 2014, "architecture": "GoogLeNet",
        "paper": "Going Deeper with Convolutions",
        "url": "https://arxiv.org/abs/1409.4842",
    },
    "mini-resnet": {
        "build": MiniResNet, "epochs": 3, "title": "ResNet (mini)", "year": 2015, "architecture": "ResNet",
        "paper": "Deep Residual Learning for Image Recognition",
        "url": "https://arxiv.org/abs/1512.03385",
    },
}


# ---------------------------------------------------------------------------------------------------------
# Training

def seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def init_relu_convs(model: nn.Module) -> None:
    # He initialisation (as torchvision's VGG/AlexNet-era recipes) so the BatchNorm-free ReLU nets start training
    # at once; PyTorch's default conv init shrinks activations layer by layer.
    for module in model.modules():
        if isinstance(module, nn.Conv2d):
            nn.init.kaiming_normal_(module.weight, mode="fan_out", nonlinearity="relu")
            if module.bias is not None:
                nn.init.zeros_(module.bias)


def count_params(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())


@torch.no_grad()
def evaluate(model: nn.Module, images: torch.Tensor, labels: torch.Tensor) -> dict:
    model.eval()
    correct1 = correct5 = 0
    for start in range(0, images.shape[0], 1000):
        logits = model(images[start : start + 1000])
        target = labels[start : start + 1000]
        top5 = logits.topk(5, dim=1).indices
        correct1 += int((top5[:, 0] == target).sum())
        correct5 += int((top5 == target[:, None]).any(dim=1).sum())
    n = images.shape[0]
    return {"top1": correct1 / n, "top5": correct5 / n, "correct_top1": correct1, "count": n}


def train_one(arch: str, spec: dict, epochs: int, seed: int, train_x, train_y, test_x, test_y) -> tuple[nn.Module, dict]:
    # Each architecture is seeded on its own so training one alone reproduces the full run's weights.
    seed_everything(seed)
    model = spec["build"]()
    if model.family != "lenet":
        init_relu_convs(model)
    params = count_params(model)
    steps_per_epoch = math.ceil(train_x.shape[0] / BATCH_SIZE)
    optimizer = torch.optim.AdamW(model.parameters(), lr=LEARNING_RATE, weight_decay=WEIGHT_DECAY)
    scheduler = torch.optim.lr_scheduler.OneCycleLR(
        optimizer, max_lr=LEARNING_RATE, total_steps=epochs * steps_per_epoch, pct_start=0.2,
    )
    shuffle = torch.Generator().manual_seed(seed)
    print(f"[{arch}] {params:,} parameters, {epochs} epochs", flush=True)
    history = []
    started = time.perf_counter()
    for epoch in range(1, epochs + 1):
        model.train()
        epoch_started = time.perf_counter()
        order = torch.randperm(train_x.shape[0], generator=shuffle)
        loss_sum = 0.0
        for start in range(0, order.shape[0], BATCH_SIZE):
            batch = order[start : start + BATCH_SIZE]
            loss = F.cross_entropy(model(train_x[batch]), train_y[batch])
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            scheduler.step()
            loss_sum += float(loss) * batch.shape[0]
        train_loss = loss_sum / order.shape[0]
        train_seconds = time.perf_counter() - epoch_started
        result = evaluate(model, test_x, test_y)
        history.append({
            "epoch": epoch, "train_loss": round(train_loss, 6), "test_top1": result["top1"],
            "test_top5": result["top5"], "seconds": round(time.perf_counter() - epoch_started, 1),
        })
        print(
            f"[{arch}] epoch {epoch}/{epochs}  train loss {train_loss:.4f}  test top-1 {result['top1']:.4f}  "
            f"top-5 {result['top5']:.4f}  ({train_seconds:.0f}s train, {train_x.shape[0] / train_seconds:.0f} img/s)",
            flush=True,
        )
    seconds = time.perf_counter() - started
    final = evaluate(model, test_x, test_y)
    summary = {
        "architecture": arch, "family": spec["build"].family, "params": params, "epochs": epochs,
        "seconds": round(seconds, 1), "test_top1": final["top1"], "test_top5": final["top5"],
        "test_correct_top1": final["correct_top1"], "test_count": final["count"], "history": history,
    }
    return model, summary


def export_onnx(model: nn.Module, path: Path) -> None:
    model.eval()
    torch.onnx.export(
        model, torch.zeros(1, 1, 28, 28), str(path),
        input_names=["input"], output_names=["logits"],
        dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}},
        opset_version=13, do_constant_folding=True,
    )


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def paper_fields(spec: dict) -> dict:
    return {"title": spec["title"], "year": spec["year"], "paper": spec["paper"], "paper_url": spec["url"]}


def manifest_for(arch: str, spec: dict, result: dict, normalisation: dict, seed: int, command: str) -> dict:
    """A `podium-model/1` manifest (packages/datasets/src/model-manifest/schema.ts, a strict schema: provenance
    that has no field of its own goes into metadata.source / metadata.notes; the structured record is
    training-summary.json)."""
    model_class = spec["build"]
    scaled_down = " ".join(line.strip() for line in model_class.__doc__.split("\n\n", 1)[1].splitlines()).strip()
    return {
        "format": "podium-model/1",
        "task": "classification",
        "model": f"{arch}.onnx",
        "runtime": "onnx",
        "metadata": {
            "name": f"{spec['title']}, Fashion-MNIST",
            "architecture": spec["architecture"],
            "year": spec["year"],
            "paper_url": spec["url"],
            "license": "MIT",
            "source": (
                f"trained here by {SCRIPT_PATH}: `{command}` (seed {seed}, {result['epochs']} epochs, "
                f"{result['train_images']:,} train images, torch {torch.__version__} (Debian python3-torch) CPU, {THREADS} thread, "
                f"{result['seconds']:.0f} s); structured record in training-summary.json"
            ),
            "notes": (
                f"Miniature of {spec['architecture']} (\"{spec['paper']}\", {spec['year']}) trained on Fashion-MNIST, "
                f"not an ImageNet model: {scaled_down} {result['params']:,} parameters. "
                f"Fashion-MNIST test (10,000 images) top-1 {result['test_top1']:.4f}, top-5 {result['test_top5']:.4f} "
                f"measured by PyTorch at training time. Licence MIT: weights trained here on Fashion-MNIST (MIT, Zalando SE)."
            ),
        },
        "preprocessing": {
            "input_size": [1, 28, 28],
            "interpolation": "bilinear",
            "mean": [normalisation["mean"]],
            "std": [normalisation["std"]],
            "crop_pct": 1,
            "crop_mode": "squash",
            "layout": "NCHW",
            "value_range": "0-1",
            "dtype": "float32",
        },
        "output": {
            "output": "logits",
            "scores": "logits",
            "labels": {"space": "fashion-mnist", "classes": LABELS, "to_dataset": "identity"},
        },
    }


def main() -> int:
    global OUT_DIR
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--arch", default="all", help="comma-separated subset of: " + ", ".join(ARCHITECTURES))
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--epochs", type=int, help="override every architecture's epoch count (for smoke tests)")
    parser.add_argument("--limit-train", type=int, help="train on the first N images only (for smoke tests)")
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="output folder (default models/fashion-mnist)")
    parser.add_argument("--manifests-only", action="store_true",
                        help="rewrite the .model.json files from training-summary.json and the .onnx files; no training")
    args = parser.parse_args()

    names = list(ARCHITECTURES) if args.arch == "all" else [a.strip() for a in args.arch.split(",")]
    unknown = [a for a in names if a not in ARCHITECTURES]
    if unknown:
        print(f"error: unknown --arch {', '.join(unknown)} (choose from {', '.join(ARCHITECTURES)})", file=sys.stderr)
        return 2

    OUT_DIR = args.out.resolve()

    torch.set_num_threads(THREADS)
    torch.set_num_interop_threads(1)
    torch.use_deterministic_algorithms(True)
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    summary_path = OUT_DIR / "training-summary.json"
    summary = json.loads(summary_path.read_text()) if summary_path.exists() else {"models": {}}

    if args.manifests_only:
        for arch in names:
            if arch not in summary["models"]:
                print(f"error: {summary_path}: no training record for {arch}; train it first", file=sys.stderr)
                return 1
            result = summary["models"][arch]
            result.update(paper_fields(ARCHITECTURES[arch]))
            manifest = manifest_for(arch, ARCHITECTURES[arch], result, summary["normalisation"], result["seed"], result["command"])
            (OUT_DIR / f"{arch}.model.json").write_text(json.dumps(manifest, indent=2) + "\n")
        summary_path.write_text(json.dumps(summary, indent=2) + "\n")
        return 0

    try:
        train_images, train_labels = load_split(TRAIN_DIR, "train")
        test_images, test_labels = load_split(TEST_DIR, "t10k")
    except (FileNotFoundError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1

    # Normalisation statistics of the 60k train pixels after x/255, in float64.
    scaled = train_images.astype(np.float64) / 255.0
    mean, std = float(scaled.mean()), float(scaled.std())
    normalisation = {"mean": mean, "std": std, "computed_on": "train, 60000 images, pixels / 255, population std"}
    print(f"train mean {mean:.6f} std {std:.6f}", flush=True)

    def to_tensor(images: np.ndarray) -> torch.Tensor:
        x = torch.from_numpy(images.astype(np.float32) / 255.0)
        return ((x - mean) / std).unsqueeze(1).contiguous()

    if args.limit_train:
        train_images, train_labels = train_images[: args.limit_train], train_labels[: args.limit_train]
    train_x, train_y = to_tensor(train_images), torch.from_numpy(train_labels.astype(np.int64))
    test_x, test_y = to_tensor(test_images), torch.from_numpy(test_labels.astype(np.int64))

    command = "/usr/bin/python3 " + " ".join([SCRIPT_PATH] + sys.argv[1:])
    summary.update({
        "dataset": "Fashion-MNIST (Debian dataset-fashion-mnist, MIT): 60,000 train / 10,000 test",
        "normalisation": normalisation,
        "framework": f"torch {torch.__version__}, CPU, {THREADS} threads, deterministic algorithms",
        "batch_size": BATCH_SIZE,
    })
    for arch in names:
        spec = ARCHITECTURES[arch]
        epochs = args.epochs or spec["epochs"]
        model, result = train_one(arch, spec, epochs, args.seed, train_x, train_y, test_x, test_y)
        result.update({"seed": args.seed, "command": command, "train_images": int(train_x.shape[0]), **paper_fields(spec)})
        onnx_path = OUT_DIR / f"{arch}.onnx"
        export_onnx(model, onnx_path)
        result["onnx_bytes"] = onnx_path.stat().st_size
        result["onnx_sha256"] = sha256_of(onnx_path)
        # Re-read so that runs of disjoint --arch subsets in parallel do not drop each other's entries.
        if summary_path.exists():
            summary["models"] = json.loads(summary_path.read_text())["models"]
        summary["models"][arch] = result
        manifest = manifest_for(arch, spec, result, normalisation, args.seed, command)
        (OUT_DIR / f"{arch}.model.json").write_text(json.dumps(manifest, indent=2) + "\n")
        summary_path.write_text(json.dumps(summary, indent=2) + "\n")
        print(
            f"[{arch}] done in {result['seconds']:.0f}s: test top-1 {result['test_top1']:.4f} top-5 {result['test_top5']:.4f}, "
            f"{os.path.relpath(onnx_path, REPO)} {result['onnx_bytes']:,} bytes",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/bin/sh
# Re-extracts Fashion-MNIST from Debian's dataset-fashion-mnist package (no other network access):
# the test split into this folder (committed, checked below) and the training split into
# <repo>/.cache/fashion-mnist/ (git-ignored; read by scripts/train-fashion-mnist.py). Needs apt-get and dpkg-deb.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
train="$here/../../.cache/fashion-mnist"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
apt-get download dataset-fashion-mnist || { apt-get update && apt-get download dataset-fashion-mnist; }
dpkg-deb -x dataset-fashion-mnist_*.deb x
src=x/usr/share/datasets/fashion-mnist
cp "$src/t10k-images-idx3-ubyte.gz" "$src/t10k-labels-idx1-ubyte.gz" "$here/"
mkdir -p "$train"
cp "$src/train-images-idx3-ubyte.gz" "$src/train-labels-idx1-ubyte.gz" "$train/"
cd "$here"
sha256sum -c <<'SUMS'
cc1d090a38ace84dfa1aa66e3ada7c336ef481a96936906477e6dd344da56eaa  t10k-images-idx3-ubyte.gz
8d3605d196f4be44669e46906da9733c8131fef761fdbfec72c424d5222f1a05  t10k-labels-idx1-ubyte.gz
SUMS
cd "$train"
sha256sum -c <<'SUMS'
b0564c3eedabfbf835052cff8503ea422014ce006caf5b757f851416ee8300c7  train-images-idx3-ubyte.gz
0ae29f65d86684f32d1b9c85147786c547b9c6aebcaf235f0400a0cce308b056  train-labels-idx1-ubyte.gz
SUMS

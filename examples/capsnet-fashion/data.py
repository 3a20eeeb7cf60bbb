#!/usr/bin/python3
"""Fashion-MNIST IDX files -> .npy arrays for capsnet-fashion.

Writes to OUT_DIR (default: data/ beside this file):
  x_train.npy / y_train.npy   first 55,000 training images   (used for training)
  x_val.npy   / y_val.npy     last 5,000 training images     (held out: validation + calibration)
  x_test.npy  / y_test.npy    all 10,000 test images
  x_calib.npy                 500 images drawn (seed 0) from x_val      -- checked in
  x_test_small.npy / y_test_small.npy   first 200 test images           -- checked in
x_* are float32 N x 1 x 28 x 28 in [0, 1] (pixel / 255), y_* are int64 class indices.
"""
import argparse
import gzip
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_SRC = "/usr/share/datasets/fashion-mnist"  # Debian package dataset-fashion-mnist
DEFAULT_OUT = os.path.join(HERE, "data")
N_TRAIN = 55000          # training images actually trained on; the rest (5,000) are held out
CALIB_N, CALIB_SEED = 500, 0
TEST_SMALL_N = 200
CLASSES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
           "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]


def read_idx_images(path):
    with gzip.open(path, "rb") as f:
        raw = f.read()
    magic, n, rows, cols = np.frombuffer(raw[:16], dtype=">u4")
    assert magic == 0x803, f"{path}: bad IDX image magic {magic:#x}"
    x = np.frombuffer(raw[16:], dtype=np.uint8)
    assert x.size == n * rows * cols, f"{path}: truncated"
    return (x.reshape(n, 1, rows, cols).astype(np.float32) / 255.0)


def read_idx_labels(path):
    with gzip.open(path, "rb") as f:
        raw = f.read()
    magic, n = np.frombuffer(raw[:8], dtype=">u4")
    assert magic == 0x801, f"{path}: bad IDX label magic {magic:#x}"
    y = np.frombuffer(raw[8:], dtype=np.uint8)
    assert y.size == n, f"{path}: truncated"
    return y.astype(np.int64)


def load_split(src, name):
    x = read_idx_images(os.path.join(src, f"{name}-images-idx3-ubyte.gz"))
    y = read_idx_labels(os.path.join(src, f"{name}-labels-idx1-ubyte.gz"))
    assert len(x) == len(y)
    return x, y


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--src", default=DEFAULT_SRC, help="directory with the 4 IDX .gz files")
    ap.add_argument("--out", default=DEFAULT_OUT, help="output directory (default: %(default)s)")
    args = ap.parse_args()
    if not os.path.exists(os.path.join(args.src, "train-images-idx3-ubyte.gz")):
        raise SystemExit(f"{args.src}: Fashion-MNIST not found; run scripts/install-deps.sh --with-training")
    os.makedirs(args.out, exist_ok=True)

    x_tr, y_tr = load_split(args.src, "train")
    x_te, y_te = load_split(args.src, "t10k")
    assert len(x_tr) == 60000 and len(x_te) == 10000
    x_val, y_val = x_tr[N_TRAIN:], y_tr[N_TRAIN:]
    idx = np.sort(np.random.default_rng(CALIB_SEED).choice(len(x_val), CALIB_N, replace=False))
    arrays = {
        "x_train": x_tr[:N_TRAIN], "y_train": y_tr[:N_TRAIN],
        "x_val": x_val, "y_val": y_val,
        "x_test": x_te, "y_test": y_te,
        "x_calib": x_val[idx],
        "x_test_small": x_te[:TEST_SMALL_N], "y_test_small": y_te[:TEST_SMALL_N],
    }
    for name, a in arrays.items():
        np.save(os.path.join(args.out, name + ".npy"), np.ascontiguousarray(a))
        print(f"{name:14s} {str(a.dtype):8s} {a.shape}")
    print(f"wrote {len(arrays)} arrays to {args.out}")


if __name__ == "__main__":
    main()

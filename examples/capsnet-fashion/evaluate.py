#!/usr/bin/python3
"""Compiles an exported CapsNet with capsc twice, runs the generated C++ on the host over a set of images
and compares the two compilations: by default capsule layers raised vs generic ops only (the scores
must agree within 1e-5); with --quantize=int8|pow2 float vs quantized (calibrated on --calib), where
--max-drop bounds the accuracy lost in percentage points.

Usage: examples/capsnet-fashion/evaluate.py MODEL.onnx [X.npy Y.npy] [--build DIR]
           [--quantize int8|pow2 [--calib X_CALIB.npy] [--max-drop PP]]
       (default X/Y: the full 10,000-image test split written by data.py, else data/x_test_small.npy;
        default calibration set: data/x_calib.npy, 500 training images disjoint from the test split)
Needs a built capsc (scripts/build.sh). Prints one table; exits 1 if anything fails.
"""
import argparse
import os
import subprocess
import sys
import tempfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))


def build(capsc, runtime_lib, model, out_dir, extra):
    os.makedirs(out_dir, exist_ok=True)
    subprocess.run([capsc, model, "-name=net", "-o", out_dir] + extra, check=True)
    inc = ["-I" + os.path.join(ROOT, "runtime", "include"), "-I" + out_dir]
    subprocess.run(["g++", "-std=c++17", "-O2", "-ffp-contract=off", *inc, "-c", os.path.join(out_dir, "net.cpp"),
                    "-o", os.path.join(out_dir, "net.o")], check=True)
    exe = os.path.join(out_dir, "batch-runner")
    subprocess.run(["gcc", "-std=c99", "-O2", *inc, os.path.join(HERE, "batch_runner.c"), os.path.join(out_dir, "net.o"),
                    runtime_lib, "-lm", "-o", exe], check=True)
    size = subprocess.run(["size", os.path.join(out_dir, "net.o")], check=True, stdout=subprocess.PIPE,
                          universal_newlines=True).stdout.split("\n")[1].split()
    arena = [l for l in open(os.path.join(out_dir, "net.h")) if "_ARENA_BYTES" in l][0].split()[2].rstrip("u")
    return exe, int(size[0]) + int(size[1]), int(arena)


def weight_bytes(out_dir):
    """Bytes of the model's constant arrays (weights, biases, requantization tables) in the generated code."""
    sections = subprocess.run(["size", "-A", os.path.join(out_dir, "net.o")], check=True, stdout=subprocess.PIPE,
                              universal_newlines=True).stdout.split("\n")
    return sum(int(l.split()[1]) for l in sections if l.startswith(".rodata"))


def run(exe, x, work):
    images, scores = os.path.join(work, "x.f32"), os.path.join(work, "y.f32")
    x.astype("<f4").tofile(images)
    subprocess.run([exe, images, str(len(x)), scores], check=True)
    return np.fromfile(scores, dtype="<f4").reshape(len(x), -1)


if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("model")
    p.add_argument("x", nargs="?")
    p.add_argument("y", nargs="?")
    p.add_argument("--build", default=os.path.join(ROOT, "build"))
    p.add_argument("--quantize", choices=("int8", "pow2"))
    p.add_argument("--calib", default=os.path.join(HERE, "data", "x_calib.npy"))
    p.add_argument("--calib-method", default="mse")
    p.add_argument("--max-drop", type=float, help="largest accuracy loss allowed (percentage points)")
    args = p.parse_args()
    if not args.x:
        full = os.path.join(HERE, "data", "x_test.npy")
        args.x, args.y = (full, os.path.join(HERE, "data", "y_test.npy")) if os.path.exists(full) else (
            os.path.join(HERE, "data", "x_test_small.npy"), os.path.join(HERE, "data", "y_test_small.npy"))
    capsc = os.path.join(args.build, "bin", "capsc")
    x, y = np.load(args.x), np.load(args.y)
    with tempfile.TemporaryDirectory() as work:
        rows = []
        outputs = {}
        if args.quantize:
            variants = (("float", []), (args.quantize, ["-quantize=" + args.quantize, "-calib=" + args.calib,
                                                       "-calib-method=" + args.calib_method]))
        else:
            variants = (("raised", []), ("generic", ["-raise-capsules=false"]))
        for name, extra in variants:
            out_dir = os.path.join(work, name)
            exe, flash, arena = build(capsc, os.path.join(args.build, "lib", "libcapsrt.a"), args.model, out_dir,
                                      extra)
            outputs[name] = run(exe, x, work)
            acc = float((outputs[name].argmax(1) == y).mean())
            rows.append((name, acc, flash, weight_bytes(out_dir), arena))
    (a, _, _, wa, _), (b, _, _, wb, _) = rows
    diff = float(np.abs(outputs[a] - outputs[b]).max())
    agree = float((outputs[a].argmax(1) == outputs[b].argmax(1)).mean())
    print(f"{os.path.basename(args.model)} on {len(x)} images of {os.path.basename(args.x)}" +
          (f", calibrated on {os.path.basename(args.calib)} ({args.calib_method})" if args.quantize else ""))
    print("| compilation | accuracy | flash bytes (code + weights) | weight bytes | arena bytes |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, acc, flash, weights, arena in rows:
        print(f"| {name} | {acc * 100:.2f} % | {flash} | {weights} | {arena} |")
    if args.quantize:
        drop = (rows[0][1] - rows[1][1]) * 100
        print(f"accuracy change {-drop:+.2f} pp; top-1 agreement {agree * 100:.2f} %; "
              f"weights {wb / wa * 100:.1f} % of float")
        sys.exit(0 if args.max_drop is None or drop <= args.max_drop else 1)
    print(f"max |{a} - {b}| over all scores: {diff:.2e}; top-1 agreement {agree * 100:.2f} %")
    sys.exit(0 if diff <= 1e-5 else 1)

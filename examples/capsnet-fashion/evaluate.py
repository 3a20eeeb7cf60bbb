#!/usr/bin/python3
"""Compiles an exported CapsNet with capsc twice (capsule layers raised, and generic ops only), runs the
generated C++ on the host over a set of images and reports accuracy and the largest difference between
the two compilations.

Usage: examples/capsnet-fashion/evaluate.py MODEL.onnx X.npy Y.npy [--build DIR]
       (default X/Y: the full 10,000-image test split written by data.py, else x_test_small.npy)
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
    args = p.parse_args()
    if not args.x:
        full = os.path.join(HERE, "data", "x_test.npy")
        args.x, args.y = (full, os.path.join(HERE, "data", "y_test.npy")) if os.path.exists(full) else (
            os.path.join(HERE, "x_test_small.npy"), os.path.join(HERE, "y_test_small.npy"))
    capsc = os.path.join(args.build, "bin", "capsc")
    x, y = np.load(args.x), np.load(args.y)
    with tempfile.TemporaryDirectory() as work:
        rows = []
        outputs = {}
        for name, extra in (("raised", []), ("generic", ["-raise-capsules=false"])):
            exe, flash, arena = build(capsc, os.path.join(args.build, "lib", "libcapsrt.a"), args.model,
                                      os.path.join(work, name), extra)
            outputs[name] = run(exe, x, work)
            acc = float((outputs[name].argmax(1) == y).mean())
            rows.append((name, acc, flash, arena))
    diff = float(np.abs(outputs["raised"] - outputs["generic"]).max())
    agree = float((outputs["raised"].argmax(1) == outputs["generic"].argmax(1)).mean())
    print(f"{os.path.basename(args.model)} on {len(x)} images of {os.path.basename(args.x)}")
    print("| compilation | accuracy | flash bytes (code + weights) | arena bytes |")
    print("| --- | ---: | ---: | ---: |")
    for name, acc, flash, arena in rows:
        print(f"| {name} | {acc * 100:.2f} % | {flash} | {arena} |")
    print(f"max |raised - generic| over all scores: {diff:.2e}; top-1 agreement {agree * 100:.2f} %")
    sys.exit(0 if diff <= 1e-5 else 1)

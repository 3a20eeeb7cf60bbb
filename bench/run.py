#!/usr/bin/python3
"""Board benchmark: instructions retired per layer on QEMU (deterministic, -icount), MACs, flash and arena
bytes of the int8 benchmark networks (bench/make_models.py), against the published figures.

Usage: bench/run.py [-target=cortex-m7] [--build DIR] [--json FILE] [--markdown FILE]
  Writes the models to BUILD/bench/models, runs capsc-check -target=T -quantize=int8 -report on them (the
  board's outputs must be bit-identical to capsc's evaluator), prints one table per network, for the
  Cortex-M7 the targets of issue 5 with where each one stands, and next to each network's measured total the
  total capsc's per-op cost model estimates (capsc -report, where the target has one); --json keeps
  capsc-check's report, --markdown rewrites the target's generated section of that file
  (`<!-- BEGIN bench TARGET ... -->` to `<!-- END bench TARGET -->`: docs/performance.md for the Cortex-M7,
  docs/riscv.md for rv32imc).
"""
import argparse
import json
import os
import subprocess
import sys

import numpy as np
import onnx
from onnx import numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

# (network, layer or None for the whole network, target instructions, published / reference figure)
TARGETS = [
    ("capsnet_mnist", "conv1", 0.6e6, "1.85 M (published quantized-CapsNet kernels, same M7)"),
    ("capsnet_mnist", "primary_caps", 3.2e6, "6.62 M (published)"),
    ("capsnet_mnist", "capsule_layer", 1.2e6, "9.03 M (published: 3 routings, 16 instructions/MAC)"),
    ("capsnet_mnist", None, 5.0e6, "17.5 M (published)"),
    ("ds_cnn", None, 5.7e6, "7.64 M (CMSIS-NN v7)"),
    ("resnet8", None, 22.5e6, "30.0 M (CMSIS-NN v7)"),
]


def mega(n):
    return "%.2f M" % (n / 1e6)


def fill_expected_outputs(capsc, case):
    """Float outputs of each data set from capsc's evaluator (the runtime's ref kernels), so capsc-check's
    error against float in LSBs means something."""
    sets = sorted(d for d in os.listdir(case) if d.startswith("test_data_set_"))
    x = np.stack([numpy_helper.to_array(onnx.load_tensor(os.path.join(case, s, "input_0.pb"))) for s in sets])
    np.save(os.path.join(case, "inputs.npy"), x)
    subprocess.run([capsc, os.path.join(case, "model.onnx"), "-eval=" + os.path.join(case, "inputs.npy"),
                    "-eval-output=" + os.path.join(case, "outputs.npy"), "-emit=mlir"], check=True,
                   stdout=subprocess.DEVNULL)
    y = np.load(os.path.join(case, "outputs.npy"))
    for s, out in zip(sets, y):
        onnx.save_tensor(numpy_helper.from_array(out.astype(np.float32)), os.path.join(case, s, "output_0.pb"))


def estimate(capsc, target, case):
    """Instructions capsc's cost model for `target` estimates for the case (capsc -report)."""
    path = os.path.join(case, "estimate-%s.json" % target)
    subprocess.run([capsc, os.path.join(case, "model.onnx"), "-target=" + target, "-quantize=int8",
                    "-calib=" + os.path.join(case, "inputs.npy"), "-report=" + path, "-o",
                    os.path.join(case, "estimate-out")], check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    with open(path) as f:
        return json.load(f).get("estimated_instructions")


def tables(report, estimates, goals):
    lines = []
    cases = {c["name"]: c for c in report["cases"]}
    for c in report["cases"]:
        est = estimates.get(c["name"])
        lines += ["", "**%s**: %s instructions (cost model: %s), %s MACs (%.2f instructions/MAC), flash %s bytes "
                  "(code + weights), arena %s bytes" % (c["name"], mega(c["total_instructions"]),
                                                        mega(est) if est else "—", mega(c["macs"]),
                                                        c["total_instructions"] / c["macs"],
                                                        format(c["flash_bytes"], ","), format(c["arena_bytes"], ",")),
                  "",
                  "| layer (ONNX node) | kernels | instructions | MACs | instructions/MAC |",
                  "| --- | --- | ---: | ---: | ---: |"]
        for l in c["layers"]:
            lines.append("| %s | %s | %s | %s | %s |" % (
                l["name"], ", ".join("`%s`" % k for k in l["kernels"]), format(l["instructions"], ","),
                format(l["macs"], ",") if l["macs"] else "—",
                "%.2f" % l["instructions_per_mac"] if l["instructions_per_mac"] else "—"))
    if not goals:
        return lines
    lines += ["", "| target (issue 5) | measured | goal | reference | met |", "| --- | ---: | ---: | --- | --- |"]
    for net, layer, goal, reference in TARGETS:
        case = cases.get(net)
        if case is None:
            continue
        if layer is None:
            got = case["total_instructions"]
        else:
            got = sum(l["instructions"] for l in case["layers"] if l["name"] == layer)
        lines.append("| %s %s | %s | ≤ %s | %s | %s |" % (net, layer or "(whole network)", mega(got), mega(goal),
                                                           reference, "yes" if got <= goal else "no"))
    return lines


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("-target", "--target", default="cortex-m7")
    p.add_argument("--build", default=os.path.join(ROOT, "build"))
    p.add_argument("--json")
    p.add_argument("--markdown")
    args = p.parse_args()
    capsc, check = os.path.join(args.build, "bin", "capsc"), os.path.join(args.build, "bin", "capsc-check")
    models = os.path.join(args.build, "bench", "models")
    os.makedirs(models, exist_ok=True)
    subprocess.run([sys.executable, os.path.join(HERE, "make_models.py"), models], check=True,
                   stdout=subprocess.DEVNULL)
    cases = [os.path.join(models, d) for d in sorted(os.listdir(models))]
    for case in cases:
        fill_expected_outputs(capsc, case)
    report_path = args.json or os.path.join(args.build, "bench", "report-%s-int8.json" % args.target)
    command = [check, "-target=" + args.target, "-quantize=int8", "-report=" + report_path] + cases
    if subprocess.run(command).returncode != 0:
        sys.exit(1)
    with open(report_path) as f:
        report = json.load(f)
    info = json.loads(subprocess.run([capsc, "-target=" + args.target, "--target-info"], check=True,
                                     stdout=subprocess.PIPE, universal_newlines=True).stdout)
    lines = ["Target %s, int8 (capsc -quantize=int8, calibrated on random inputs), %s 12 -O2, "
             "instructions retired on QEMU `%s` (`-icount shift=%d`)." % (
                 args.target, info["compiler"], info["qemu_machine"], report["icount_shift"])]
    estimates = {os.path.basename(case): estimate(capsc, args.target, case) for case in cases}
    lines += tables(report, estimates, goals=args.target == "cortex-m7")
    text = "\n".join(lines) + "\n"
    print(text)
    if args.markdown:
        with open(args.markdown) as f:
            doc = f.read()
        begin = "<!-- BEGIN bench %s (generated by bench/run.py) -->" % args.target
        end = "<!-- END bench %s -->" % args.target
        if begin not in doc or end not in doc:
            sys.exit("%s has no %s ... %s section" % (args.markdown, begin, end))
        doc = doc[:doc.index(begin) + len(begin)] + "\n\n" + text + "\n" + doc[doc.index(end):]
        with open(args.markdown, "w") as f:
            f.write(doc)


if __name__ == "__main__":
    main()

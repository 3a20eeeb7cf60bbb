#!/usr/bin/python3
"""Select the ONNX backend node tests that capsc can compile.

Usage: scripts/node-tests.py [--ops OP,OP,...] [--capsc CAPSC] [--data-dir DIR] [-o FILE] [--summary]
                             [--rejected] [--const-inputs]

A test directory under DIR (default: Debian libonnx-testdata's node tests) is selected when its
model.onnx uses only the given ops of the default ONNX domain (default: the ops `capsc --list-ops`
prints), every graph input and output is a float32 tensor (capsc's only I/O type for now), it is
static inference code and it has at least one test_data_set_*. The selected directories are printed
one per line, sorted, or written to FILE; feed them to capsc-check:

    scripts/node-tests.py -o /tmp/node-tests.txt && build/bin/capsc-check $(cat /tmp/node-tests.txt)

--const-inputs selects for `capsc-check -const-inputs`, which bakes every graph input that is not
float32 (shapes, axes, pads, indices, ...) into the model as a constant from the test data: graph
inputs then only need to be tensors (outputs must still be float32), and a value that decides a
shape (Range's inputs) counts as run-time only when it stays a graph input, i.e. when it is float32:

    scripts/node-tests.py --const-inputs -o /tmp/node-tests.txt &&
        build/bin/capsc-check -const-inputs $(cat /tmp/node-tests.txt)

--summary prints to stderr how many tests each op appears in; --rejected prints why each test that was
not selected was left out (to stderr).

The selection code (capsc_ops, examine, examine_all) is shared with scripts/conformance.py, which
loads this file as a module with importlib; keep everything above main() free of command-line handling.
"""

import argparse
import collections
import os
import re
import subprocess
import sys

import onnx

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_DATA_DIR = "/usr/share/libonnx-testdata/data/node"
DEFAULT_CAPSC = os.path.join(REPO_ROOT, "build", "bin", "capsc")

ONNX_DOMAINS = ("", "ai.onnx")


def parse_ops(text):
    return [op for op in re.split(r"[\s,]+", text) if op]


def capsc_ops(capsc=DEFAULT_CAPSC):
    """The default-domain ONNX ops capsc's importer supports (`capsc --list-ops`, without its own ai.capsc
    ops, which no backend node test uses); raises RuntimeError when it cannot tell."""
    try:
        result = subprocess.run([capsc, "--list-ops"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                universal_newlines=True, timeout=60)
    except OSError as e:
        raise RuntimeError("cannot run %s --list-ops: %s" % (capsc, e.strerror or e))
    except subprocess.TimeoutExpired:
        raise RuntimeError("%s --list-ops timed out" % capsc)
    ops = [op for op in parse_ops(result.stdout) if "." not in op]
    if result.returncode != 0 or not ops:
        detail = (result.stderr.strip().splitlines() or ["no output"])[0]
        raise RuntimeError("%s --list-ops failed (exit %d): %s" % (capsc, result.returncode, detail))
    return ops


def baked(value, const_inputs):
    """Whether capsc-check (with -const-inputs when const_inputs) bakes graph input `value` into the model."""
    return (const_inputs and value.type.WhichOneof("value") == "tensor_type" and
            value.type.tensor_type.elem_type != onnx.TensorProto.FLOAT)


def inference_only(graph, initializers, const_inputs=False):
    """Why the graph is not static inference code (capsc compiles fixed shapes for inference), or None."""
    runtime_inputs = {v.name for v in graph.input if v.name not in initializers and not baked(v, const_inputs)}
    for n in graph.node:
        if n.op_type == "BatchNormalization":
            training = [a for a in n.attribute if a.name == "training_mode"]
            if (training and onnx.helper.get_attribute_value(training[0])) or len(n.output) > 1:
                return "BatchNormalization in training mode"
        if n.op_type == "Range" and any(i in runtime_inputs for i in n.input):
            return "Range of graph inputs (output shape depends on input values)"
    return None


def examine(test_dir, allowed, const_inputs=False):
    """(op types of the graph, None) when selected, else (op types, reason); const_inputs: select for
    `capsc-check -const-inputs`, which bakes the non-float32 graph inputs."""
    model_path = os.path.join(test_dir, "model.onnx")
    if not os.path.isfile(model_path):
        return [], "no model.onnx"
    try:
        model = onnx.load(model_path)
    except Exception as e:  # an unreadable model is not a test we can run
        return [], "cannot load model.onnx: %s" % (str(e).splitlines()[0] if str(e) else type(e).__name__)
    graph = model.graph
    ops = [n.op_type for n in graph.node]
    foreign = sorted({"%s.%s" % (n.domain, n.op_type) for n in graph.node if n.domain not in ONNX_DOMAINS})
    if foreign:
        return ops, "ops of another domain: " + ", ".join(foreign)
    unsupported = sorted(set(ops) - allowed)
    if unsupported:
        return ops, "unsupported ops: " + ", ".join(unsupported)
    initializers = {i.name for i in graph.initializer}
    reason = inference_only(graph, initializers, const_inputs)
    if reason:
        return ops, reason
    values = [("input", v) for v in graph.input if v.name not in initializers]
    values += [("output", v) for v in graph.output]
    for kind, v in values:
        if v.type.WhichOneof("value") != "tensor_type":
            return ops, "%s %s is not a tensor" % (kind, v.name)
        if kind == "input" and baked(v, const_inputs):
            continue
        if v.type.tensor_type.elem_type != onnx.TensorProto.FLOAT:
            return ops, "%s %s is %s" % (kind, v.name,
                                         onnx.TensorProto.DataType.Name(v.type.tensor_type.elem_type).lower())
    if not any(e.startswith("test_data_set_") for e in os.listdir(test_dir)):
        return ops, "no test_data_set_*"
    return ops, None


def examine_all(data_dir, allowed, const_inputs=False):
    """examine() every test directory of data_dir, sorted by name: a list of (name, dir, ops, reason)."""
    cases = []
    for name in sorted(os.listdir(data_dir)):
        test_dir = os.path.join(data_dir, name)
        if os.path.isdir(test_dir):
            ops, reason = examine(test_dir, set(allowed), const_inputs)
            cases.append((name, test_dir, ops, reason))
    return cases


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ops", help="comma- or space-separated op types (default: `CAPSC --list-ops`)")
    parser.add_argument("--capsc", default=DEFAULT_CAPSC, help="capsc binary asked for the supported ops "
                        "(default: build/bin/capsc of this checkout)")
    parser.add_argument("--data-dir", default=DEFAULT_DATA_DIR, help="node test root (default: %(default)s)")
    parser.add_argument("-o", "--output", help="write the selected directories to this file instead of stdout")
    parser.add_argument("--summary", action="store_true", help="print per-op counts of the selection to stderr")
    parser.add_argument("--rejected", action="store_true", help="print each rejected test and why to stderr")
    parser.add_argument("--const-inputs", action="store_true",
                        help="select for `capsc-check -const-inputs`, which bakes non-float32 graph inputs "
                             "into the model as constants from the test data")
    args = parser.parse_args()

    if args.ops is not None:
        allowed = set(parse_ops(args.ops))
    else:
        try:
            allowed = set(capsc_ops(args.capsc))
        except RuntimeError as e:
            sys.stderr.write("node-tests: %s\n(build capsc, point --capsc at it or give --ops)\n" % e)
            return 1
    if not os.path.isdir(args.data_dir):
        sys.stderr.write("node-tests: no directory %s (Debian package libonnx-testdata)\n" % args.data_dir)
        return 1

    selected = []
    by_op = collections.defaultdict(list)
    cases = examine_all(args.data_dir, allowed, args.const_inputs)
    total = len(cases)
    for name, test_dir, ops, reason in cases:
        if reason:
            if args.rejected:
                sys.stderr.write("rejected %s: %s\n" % (name, reason))
            continue
        selected.append(test_dir)
        for op in sorted(set(ops)):
            by_op[op].append(name)

    text = "".join(d + "\n" for d in selected)
    if args.output:
        with open(args.output, "w") as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    if args.summary:
        sys.stderr.write("%d of %d node tests selected\n" % (len(selected), total))
        for op in sorted(by_op):
            sys.stderr.write("  %-20s %3d\n" % (op, len(by_op[op])))
        unused = sorted(allowed - set(by_op))
        if unused:
            sys.stderr.write("  ops in no selected test: %s\n" % ", ".join(unused))
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
"""Select the ONNX backend node tests that capsc can compile.

Usage: scripts/node-tests.py [--ops OP,OP,...] [--data-dir DIR] [-o FILE] [--summary] [--rejected]

A test directory under DIR (default: Debian libonnx-testdata's node tests) is selected when its
model.onnx uses only the given ops of the default ONNX domain, every graph input and output is a
float32 tensor (capsc's only I/O type for now) and it has at least one test_data_set_*. The selected
directories are printed one per line, sorted, or written to FILE; feed them to capsc-check:

    scripts/node-tests.py -o /tmp/node-tests.txt && build/bin/capsc-check $(cat /tmp/node-tests.txt)

--summary prints to stderr how many tests each op appears in; --rejected prints why each test that was
not selected was left out (to stderr).
"""

import argparse
import collections
import os
import re
import sys

import onnx

DEFAULT_DATA_DIR = "/usr/share/libonnx-testdata/data/node"

# The ONNX ops capsc supports (Dropout in inference only).
SUPPORTED_OPS = [
    "Conv", "Gemm", "MatMul", "BatchNormalization",
    "Relu", "Clip", "LeakyRelu", "Sigmoid", "Tanh",
    "MaxPool", "AveragePool", "GlobalAveragePool", "GlobalMaxPool",
    "Add", "Sub", "Mul", "Div", "Sqrt", "Pow", "Exp", "Abs", "Neg", "Reciprocal",
    "ReduceSum", "ReduceMean", "ReduceMax", "Softmax",
    "Reshape", "Transpose", "Concat", "Slice", "Squeeze", "Unsqueeze", "Flatten", "Pad",
    "Cast", "Identity", "Constant", "Dropout",
    "Shape", "Gather", "ConstantOfShape", "Range", "Expand", "Where",
]
# Helpers of the shape arithmetic PyTorch exports around view/expand (folded at compile time):
# Equal feeds Where in `expand`'s -1 handling. Add/Sub/Mul/Div/Cast/Gather on int64 are in the list above.
SHAPE_HELPER_OPS = ["Equal"]
DEFAULT_OPS = SUPPORTED_OPS + SHAPE_HELPER_OPS

ONNX_DOMAINS = ("", "ai.onnx")


def parse_ops(text):
    return [op for op in re.split(r"[\s,]+", text) if op]


def inference_only(graph, initializers):
    """Why the graph is not static inference code (capsc compiles fixed shapes for inference), or None."""
    runtime_inputs = {v.name for v in graph.input if v.name not in initializers}
    for n in graph.node:
        if n.op_type == "BatchNormalization":
            training = [a for a in n.attribute if a.name == "training_mode"]
            if (training and onnx.helper.get_attribute_value(training[0])) or len(n.output) > 1:
                return "BatchNormalization in training mode"
        if n.op_type == "Range" and any(i in runtime_inputs for i in n.input):
            return "Range of graph inputs (output shape depends on input values)"
    return None


def examine(test_dir, allowed):
    """(op types of the graph, None) when selected, else (op types, reason)."""
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
    reason = inference_only(graph, initializers)
    if reason:
        return ops, reason
    values = [("input", v) for v in graph.input if v.name not in initializers]
    values += [("output", v) for v in graph.output]
    for kind, v in values:
        if v.type.WhichOneof("value") != "tensor_type":
            return ops, "%s %s is not a tensor" % (kind, v.name)
        if v.type.tensor_type.elem_type != onnx.TensorProto.FLOAT:
            return ops, "%s %s is %s" % (kind, v.name,
                                         onnx.TensorProto.DataType.Name(v.type.tensor_type.elem_type).lower())
    if not any(e.startswith("test_data_set_") for e in os.listdir(test_dir)):
        return ops, "no test_data_set_*"
    return ops, None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ops", help="comma- or space-separated op types (default: capsc's supported ops)")
    parser.add_argument("--data-dir", default=DEFAULT_DATA_DIR, help="node test root (default: %(default)s)")
    parser.add_argument("-o", "--output", help="write the selected directories to this file instead of stdout")
    parser.add_argument("--summary", action="store_true", help="print per-op counts of the selection to stderr")
    parser.add_argument("--rejected", action="store_true", help="print each rejected test and why to stderr")
    args = parser.parse_args()

    allowed = set(parse_ops(args.ops)) if args.ops is not None else set(DEFAULT_OPS)
    if not os.path.isdir(args.data_dir):
        sys.stderr.write("node-tests: no directory %s (Debian package libonnx-testdata)\n" % args.data_dir)
        return 1

    selected = []
    by_op = collections.defaultdict(list)
    total = 0
    for name in sorted(os.listdir(args.data_dir)):
        test_dir = os.path.join(args.data_dir, name)
        if not os.path.isdir(test_dir):
            continue
        total += 1
        ops, reason = examine(test_dir, allowed)
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

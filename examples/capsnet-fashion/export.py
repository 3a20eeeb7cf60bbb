#!/usr/bin/python3
"""Export a capsnet-fashion model to ONNX (opset 13, batch fixed at 1, input 'image', output
'scores'), optionally with another routing implementation / iteration count than it was
trained with, and optionally as an ONNX backend-test case (DIR/model.onnx +
DIR/test_data_set_0/{input_0,output_0}.pb, output = PyTorch's).

  export.py checkpoints/mnist_capsnet.pt -o out.onnx --routing b --iterations 2
  export.py checkpoints/mnist_capsnet.pt --case-dir test-exports/mnist_capsnet_a1 --routing a --iterations 1
  export.py --test-exports     # the three checked-in compiler-test cases under test-exports/

Every export is checked with onnx.checker (full_check) and strict shape inference and its op types
are printed.
"""
import argparse
import collections
import os

import numpy as np
import onnx
import onnx.helper
import onnx.numpy_helper
import onnx.shape_inference
import torch

import capsnet

HERE = os.path.dirname(os.path.abspath(__file__))
OPSET = 13
# checked-in compiler-test cases: (case name, routing, iterations), all with the trained
# MnistCapsNet weights and image 0 of x_test_small.npy
TEST_EXPORTS = [("mnist_capsnet_a_1iter", "a", 1),
                ("mnist_capsnet_b_2iter", "b", 2),
                ("mnist_capsnet_c_3iter", "c", 3)]


def load_model(ckpt, routing=None, iterations=None):
    """Builds the model named in a checkpoint written by train.py and loads its weights."""
    blob = torch.load(ckpt, map_location="cpu")
    name = blob["model"]
    routing = routing or blob.get("routing", "a")
    iterations = iterations or blob.get("iterations", 3)
    model = capsnet.build(name, routing=routing, iterations=iterations)
    model.load_state_dict(blob["state_dict"])
    return model.eval(), name


def check_onnx(path, quiet=False):
    """onnx.checker + strict shape inference; returns {op_type: count}."""
    model = onnx.load(path)
    onnx.checker.check_model(model, full_check=True)
    onnx.shape_inference.infer_shapes(model, check_type=True, strict_mode=True, data_prop=True)
    ops = collections.Counter(n.op_type for n in model.graph.node)
    if not quiet:
        ins = [(i.name, [d.dim_value for d in i.type.tensor_type.shape.dim]) for i in model.graph.input]
        outs = [(o.name, [d.dim_value for d in o.type.tensor_type.shape.dim]) for o in model.graph.output]
        print(f"{os.path.relpath(path)}: opset {model.opset_import[0].version}, "
              f"{len(model.graph.node)} nodes, {len(model.graph.initializer)} initializers, "
              f"inputs {ins}, outputs {outs}")
        print("  ops: " + ", ".join(f"{k}x{v}" for k, v in sorted(ops.items())))
    return ops


def _static(vi):
    t = vi.type.tensor_type
    return t.HasField("shape") and all(d.HasField("dim_value") for d in t.shape.dim)


def _dims(vi):
    return [d.dim_value for d in vi.type.tensor_type.shape.dim]


def _einsum_shape(equation, in_shapes):
    """Output shape of an explicit-output einsum (no ellipsis) from static input shapes."""
    lhs, rhs = equation.replace(" ", "").split("->")
    size = {}
    for term, shape in zip(lhs.split(","), in_shapes):
        assert "." not in term and len(term) == len(shape), (equation, in_shapes)
        for ch, n in zip(term, shape):
            assert size.setdefault(ch, n) == n, (equation, in_shapes)
    return [size[ch] for ch in rhs]


def fix_shapes(path):
    """torch.onnx gives Einsum outputs (and everything after them) symbolic dims such as
    'ReduceL2scores_dim_0' although the batch is fixed at 1, and ONNX 1.12's Einsum shape inference
    only knows the rank. Replace those value_infos by static shapes: Einsum outputs computed from
    the equation, everything else by ONNX shape inference (strict), graph outputs included."""
    model = onnx.load(path)
    g = model.graph
    if all(_static(vi) for vi in list(g.value_info) + list(g.output)):
        return
    keep = [vi for vi in g.value_info if _static(vi)]
    del g.value_info[:]
    g.value_info.extend(keep)
    for out in g.output:
        if not _static(out):
            out.type.tensor_type.ClearField("shape")
    for _ in range(len(g.node)):
        inferred = onnx.shape_inference.infer_shapes(model, strict_mode=True)
        known = {vi.name: vi for vi in list(inferred.graph.value_info) + list(g.input) + list(g.output)
                 if _static(vi)}
        known.update({t.name: onnx.helper.make_tensor_value_info(t.name, t.data_type, list(t.dims))
                      for t in g.initializer})
        outputs = {o.name for o in g.output}
        added = 0
        for node in g.node:
            if node.op_type != "Einsum" or node.output[0] in known:
                continue
            if all(i in known for i in node.input):
                eq = next(a.s.decode() for a in node.attribute if a.name == "equation")
                shape = _einsum_shape(eq, [_dims(known[i]) for i in node.input])
                elem = known[node.input[0]].type.tensor_type.elem_type
                vi = onnx.helper.make_tensor_value_info(node.output[0], elem, shape)
                if node.output[0] in outputs:
                    next(o for o in g.output if o.name == node.output[0]).CopyFrom(vi)
                else:
                    g.value_info.append(vi)
                added += 1
        if not added:
            break
    for out, inf in zip(g.output, inferred.graph.output):
        assert _static(inf), f"{path}: no static shape inferred for output {inf.name}"
        out.type.CopyFrom(inf.type)
    del g.value_info[:]      # keep the file as torch.onnx writes it otherwise: only Einsum results
    g.value_info.extend(vi for vi in inferred.graph.value_info
                        if _static(vi) and vi.name in {n.output[0] for n in g.node if n.op_type == "Einsum"})
    onnx.save(model, path)


def export_onnx(model, path, quiet=False):
    model = model.eval()
    dummy = torch.zeros(1, 1, 28, 28)
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with torch.no_grad():
        torch.onnx.export(model, dummy, path, opset_version=OPSET, do_constant_folding=True,
                          input_names=["image"], output_names=["scores"], training=torch.onnx.TrainingMode.EVAL)
    fix_shapes(path)
    return check_onnx(path, quiet=quiet)


def write_case(model, case_dir, image):
    """ONNX backend-test layout: case_dir/model.onnx, case_dir/test_data_set_0/{input_0,output_0}.pb."""
    ops = export_onnx(model, os.path.join(case_dir, "model.onnx"))
    x = torch.from_numpy(np.ascontiguousarray(image, dtype=np.float32).reshape(1, 1, 28, 28))
    with torch.no_grad():
        y = model(x).numpy()
    ds = os.path.join(case_dir, "test_data_set_0")
    os.makedirs(ds, exist_ok=True)
    for fname, arr, tname in (("input_0.pb", x.numpy(), "image"), ("output_0.pb", y, "scores")):
        with open(os.path.join(ds, fname), "wb") as f:
            f.write(onnx.numpy_helper.from_array(arr, tname).SerializeToString())
    print(f"  scores {np.array2string(y[0], precision=4)}")
    return ops, y


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("checkpoint", nargs="?", default=os.path.join(HERE, "checkpoints", "mnist_capsnet.pt"))
    ap.add_argument("-o", "--output", help="write this .onnx file")
    ap.add_argument("--case-dir", help="write an ONNX backend-test case directory instead")
    ap.add_argument("--routing", choices="abc", help="MnistCapsNet routing implementation (default: as trained)")
    ap.add_argument("--iterations", type=int, choices=(1, 2, 3), help="routing iterations (default: as trained)")
    ap.add_argument("--image", type=int, default=0, help="index into data/x_test_small.npy for --case-dir")
    ap.add_argument("--test-exports", action="store_true", help="write the checked-in cases to test-exports/")
    args = ap.parse_args()
    torch.set_num_threads(2)
    x_small = lambda: np.load(os.path.join(HERE, "data", "x_test_small.npy"))

    if args.test_exports:
        for case, routing, iters in TEST_EXPORTS:
            model, _ = load_model(args.checkpoint, routing, iters)
            write_case(model, os.path.join(HERE, "test-exports", case), x_small()[args.image])
        return
    model, name = load_model(args.checkpoint, args.routing, args.iterations)
    if args.case_dir:
        write_case(model, args.case_dir, x_small()[args.image])
    else:
        export_onnx(model, args.output or os.path.join(HERE, "models", name + ".onnx"))


if __name__ == "__main__":
    main()

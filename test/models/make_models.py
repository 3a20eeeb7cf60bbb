#!/usr/bin/python3
"""Writes the small multi-layer CNN test models of test/models/ with their expected outputs.

Usage: test/models/make_models.py [--out DIR] [--check-only] [NAME...]

For each model: DIR/<name>/model.onnx and DIR/<name>/test_data_set_{0,1}/{input_0,output_0}.pb in the
ONNX backend test layout (what tools/capsc-check reads). Weights and inputs come from fixed seeds and the
expected outputs from PyTorch in float32, so a rerun with the same torch/onnx (1.13 / 1.12) writes the same
files. The files are committed: regenerating them needs torch, which the build does not.

Every model is checked with onnx.checker and onnx.shape_inference, and its node op types are printed.
"""

import argparse
import collections
import os

import numpy as np
import onnx
import onnx.shape_inference
import torch
import torch.nn as nn
import torch.nn.functional as F
from onnx import numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
NUM_DATA_SETS = 2


class LeNet(nn.Module):
    """conv 5x5 → relu → maxpool 2 → conv 5x5 → relu → avgpool 2 → flatten → Gemm → relu → Gemm → softmax."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 4 * 4, 64)
        self.fc2 = nn.Linear(64, 10)

    def forward(self, x):  # 1x1x28x28
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)  # 6x12x12
        x = F.avg_pool2d(F.relu(self.conv2(x)), 2)  # 16x4x4
        x = torch.flatten(x, 1)
        x = F.relu(self.fc1(x))
        return F.softmax(self.fc2(x), dim=1)


class MixedCNN(nn.Module):
    """Strided padded conv, BatchNorm, LeakyReLU, a dilated depthwise branch and a 1x1 branch concatenated,
    sigmoid, global average pool, flatten through x.view(x.size(0), -1), Gemm, tanh."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3, stride=2, padding=1)
        self.bn = nn.BatchNorm2d(8)
        self.act = nn.LeakyReLU(0.1)
        self.depthwise = nn.Conv2d(8, 8, 3, padding=2, dilation=2, groups=8)
        self.pointwise = nn.Conv2d(8, 8, 1)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(16, 10)
        with torch.no_grad():  # running statistics of a "trained" network, not the identity defaults
            self.bn.running_mean.copy_(torch.randn(8) * 0.5)
            self.bn.running_var.copy_(torch.rand(8) * 1.5 + 0.5)
            self.bn.weight.copy_(torch.rand(8) + 0.5)
            self.bn.bias.copy_(torch.randn(8) * 0.2)

    def forward(self, x):  # 1x3x32x32
        x = self.act(self.bn(self.conv(x)))  # 8x16x16
        x = torch.cat([self.depthwise(x), self.pointwise(x)], dim=1)  # 16x16x16
        x = self.pool(torch.sigmoid(x))  # 16x1x1
        x = x.view(x.size(0), -1)
        return torch.tanh(self.fc(x))


class ResNetTiny(nn.Module):
    """Residual block, ReLU6, avg pool counting padding, reflect pad, view + transpose, matmul with a
    constant, elementwise abs/sqrt/div/exp and ReduceMean."""

    def __init__(self):
        super().__init__()
        self.stem = nn.Conv2d(4, 8, 3, padding=1)
        self.conv1 = nn.Conv2d(8, 8, 3, padding=1)
        self.conv2 = nn.Conv2d(8, 8, 3, padding=1)
        self.pool = nn.AvgPool2d(3, stride=2, padding=1, count_include_pad=True)
        self.register_buffer("proj", torch.randn(8, 6) * 0.5)

    def forward(self, x):  # 1x4x16x16
        x = F.relu(self.stem(x))
        x = F.relu6(self.conv2(F.relu(self.conv1(x))) + x)  # 8x16x16
        x = self.pool(x)  # 8x8x8
        x = F.pad(x, (1, 1, 1, 1), mode="reflect")  # 8x10x10
        t = x.view(x.size(0), x.size(1), -1).transpose(1, 2)  # 1x100x8
        t = torch.matmul(t, self.proj)  # 1x100x6
        m = t.mean(dim=1)  # 1x6
        s = torch.abs(t) / torch.sqrt(t * t + 1.0)  # in [0, 1)
        return s.mean(dim=1) + torch.exp(m * 0.1)  # 1x6


def lenet_input(g):
    return torch.rand(1, 1, 28, 28, generator=g)  # pixel intensities in [0, 1]


def mixed_cnn_input(g):
    return torch.randn(1, 3, 32, 32, generator=g)  # normalized image


def resnet_tiny_input(g):
    return torch.randn(1, 4, 16, 16, generator=g) * 2.0 + 0.5  # wide enough that ReLU6 clips at 6


# name -> (module class, opset, input maker, extra torch.onnx.export arguments)
MODELS = collections.OrderedDict([
    ("lenet", (LeNet, 13, lenet_input, {})),
    # Without constant folding and with training=PRESERVE (the module is in eval mode, so BN exports
    # for inference) the exporter neither folds BatchNormalization into the conv nor the shape subgraph.
    ("mixed_cnn", (MixedCNN, 11, mixed_cnn_input, {"do_constant_folding": False,
                                                   "training": torch.onnx.TrainingMode.PRESERVE})),
    ("resnet_tiny", (ResNetTiny, 17, resnet_tiny_input, {})),
])


def init_weights(model):
    """He-normal weights: PyTorch's default init shrinks activations layer by layer, which leaves an
    untrained softmax near uniform and lets errors in early layers hide. Small non-zero biases."""
    for m in model.modules():
        if isinstance(m, (nn.Conv2d, nn.Linear)):
            fan_in = m.weight[0].numel()
            with torch.no_grad():
                m.weight.normal_(0.0, (2.0 / fan_in) ** 0.5)
                m.bias.uniform_(-0.1, 0.1)


def write_tensor(path, array):
    with open(path, "wb") as f:
        f.write(numpy_helper.from_array(np.ascontiguousarray(array, dtype=np.float32)).SerializeToString())


def pin_output_shapes(model_path, *outputs):
    """Replace symbolic output dims by their values. When a shape comes from a Shape/Gather/Concat
    subgraph, the exporter declares it symbolic ("Addoutput_dim_0"); the model has fixed shapes, so the
    interface says so, and the compiler still has to fold the subgraph inside."""
    model = onnx.load(model_path)
    for value, array in zip(model.graph.output, outputs):
        dims = value.type.tensor_type.shape.dim
        assert len(dims) == array.dim(), (value.name, len(dims), tuple(array.shape))
        for dim, size in zip(dims, array.shape):
            if not dim.HasField("dim_value"):
                dim.Clear()
                dim.dim_value = int(size)
            assert dim.dim_value == size, (value.name, dim.dim_value, tuple(array.shape))
    onnx.save(model, model_path)


def make(name, out_dir):
    cls, opset, make_input, export_args = MODELS[name]
    seed = 1000 + list(MODELS).index(name)
    torch.manual_seed(seed)
    model = cls().eval()
    init_weights(model)
    case_dir = os.path.join(out_dir, name)
    os.makedirs(case_dir, exist_ok=True)
    model_path = os.path.join(case_dir, "model.onnx")

    g = torch.Generator().manual_seed(seed)
    inputs = [make_input(g) for _ in range(NUM_DATA_SETS)]
    torch.onnx.export(model, (inputs[0],), model_path, opset_version=opset, input_names=["input"],
                      output_names=["output"], **export_args)
    with torch.no_grad():
        outputs = [model(x) for x in inputs]
    pin_output_shapes(model_path, outputs[0])
    for i, (x, y) in enumerate(zip(inputs, outputs)):
        set_dir = os.path.join(case_dir, "test_data_set_%d" % i)
        os.makedirs(set_dir, exist_ok=True)
        write_tensor(os.path.join(set_dir, "input_0.pb"), x.numpy())
        write_tensor(os.path.join(set_dir, "output_0.pb"), y.numpy())
    return case_dir


def check(case_dir):
    """Checker, shape inference and the data sets' shapes; returns the node op types in graph order."""
    model_path = os.path.join(case_dir, "model.onnx")
    onnx.checker.check_model(model_path)
    model = onnx.load(model_path)
    inferred = onnx.shape_inference.infer_shapes(model, check_type=True, strict_mode=True)
    out_type = inferred.graph.output[0].type.tensor_type
    out_shape = [d.dim_value if d.HasField("dim_value") else None for d in out_type.shape.dim]
    for i in range(NUM_DATA_SETS):
        set_dir = os.path.join(case_dir, "test_data_set_%d" % i)
        for kind, value in (("input", inferred.graph.input[0]), ("output", inferred.graph.output[0])):
            t = onnx.TensorProto()
            with open(os.path.join(set_dir, kind + "_0.pb"), "rb") as f:
                t.ParseFromString(f.read())
            a = numpy_helper.to_array(t)
            shape = [d.dim_value for d in value.type.tensor_type.shape.dim]
            if list(a.shape) != shape or a.dtype != np.float32:
                raise SystemExit("%s: %s_0.pb of %s is %s %s, the graph says %s" % (
                    case_dir, kind, os.path.basename(set_dir), a.dtype, a.shape, shape))
            if not np.isfinite(a).all():
                raise SystemExit("%s: %s_0.pb holds non-finite values" % (case_dir, kind))
    size_kb = os.path.getsize(model_path) / 1024.0
    if size_kb >= 200:
        raise SystemExit("%s: model.onnx is %.0f KB, over the 200 KB budget" % (case_dir, size_kb))
    return model, out_shape, size_kb


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=HERE, help="output directory (default: this script's directory)")
    parser.add_argument("--check-only", action="store_true", help="only check and describe existing models")
    parser.add_argument("names", nargs="*", help="models to write (default: all of %s)" % ", ".join(MODELS))
    args = parser.parse_args()
    torch.set_num_threads(1)
    for name in args.names or MODELS:
        if name not in MODELS:
            raise SystemExit("unknown model '%s' (known: %s)" % (name, ", ".join(MODELS)))
        case_dir = os.path.join(args.out, name) if args.check_only else make(name, args.out)
        model, out_shape, size_kb = check(case_dir)
        ops = [n.op_type for n in model.graph.node]
        opset = {o.domain: o.version for o in model.opset_import}.get("", None)
        print("%s: opset %s, %.1f KB, %d nodes, output %s" % (name, opset, size_kb, len(ops), out_shape))
        print("  ops:", " ".join(ops))
        print("  distinct:", ", ".join("%s x%d" % (op, c) for op, c in sorted(collections.Counter(ops).items())))


if __name__ == "__main__":
    main()

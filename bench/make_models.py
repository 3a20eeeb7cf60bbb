#!/usr/bin/python3
"""Writes the Cortex-M benchmark networks as ONNX cases (model.onnx + test_data_set_*/input_0.pb) with
seeded random weights: the three CapsNets of the published quantized-CapsNet MCU work and MLPerf Tiny's
DS-CNN and ResNet-8 shapes. Speed does not depend on the weights' values; the capsule networks use capsc's
`ai.capsc` ops (docs/custom-ops.md). Expected outputs are not computed here: bench/run.py compiles with
-quantize=int8 and capsc-check requires the board's outputs to be bit-identical to capsc's evaluator.

Usage: bench/make_models.py OUT_DIR
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

RNG = np.random.default_rng(2026)
CALIB_SETS = 4  # random inputs: calibration data for -quantize (capsc-check calibrates on the data sets)


class Net:
    def __init__(self, name, input_shape):
        self.name, self.input_shape = name, input_shape
        self.nodes, self.inits, self.count = [], [], 0
        self.last, self.channels = "input", input_shape[1]

    def weight(self, shape, fan_in):
        self.count += 1
        name = "w%d" % self.count
        self.inits.append(numpy_helper.from_array(RNG.normal(0, (2.0 / fan_in) ** 0.5, shape).astype(np.float32),
                                                  name))
        return name

    def node(self, op, inputs, name, domain="", **attrs):
        self.nodes.append(helper.make_node(op, inputs, [name], name=name, domain=domain, **attrs))
        self.last = name
        return name

    def conv(self, name, out_c, k, stride=1, pad=0, relu=True, groups=1, source=None):
        """Conv (k = (kh, kw) or int) with bias, optionally followed by ReLU; returns the output name."""
        kh, kw = (k, k) if isinstance(k, int) else k
        in_c = self.channels
        w = self.weight((out_c, in_c // groups, kh, kw), in_c // groups * kh * kw)
        b = self.weight((out_c,), 100)
        pads = list(pad) if isinstance(pad, (tuple, list)) else [pad] * 4
        self.node("Conv", [source or self.last, w, b], name, kernel_shape=[kh, kw], strides=[stride, stride],
                  pads=pads, group=groups)
        self.channels = out_c
        return self.node("Relu", [name], name + "_relu") if relu else name

    def classifier(self, classes):
        """Global average pooling, flatten and a fully connected layer to `classes` scores."""
        self.node("GlobalAveragePool", [self.last], "pool")
        self.node("Flatten", [self.last], "flatten")
        w, b = self.weight((self.channels, classes), self.channels), self.weight((classes,), 100)
        self.node("Gemm", [self.last, w, b], "fc")
        return [1, classes]

    def save(self, out_dir, output_shape):
        graph = helper.make_graph(self.nodes, self.name,
                                  [helper.make_tensor_value_info("input", TensorProto.FLOAT, self.input_shape)],
                                  [helper.make_tensor_value_info(self.last, TensorProto.FLOAT, output_shape)],
                                  self.inits)
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13),
                                                        helper.make_opsetid("ai.capsc", 1)])
        model.ir_version = 8
        d = os.path.join(out_dir, self.name)
        for k in range(CALIB_SETS):
            os.makedirs(os.path.join(d, "test_data_set_%d" % k), exist_ok=True)
            x = RNG.uniform(0, 1, self.input_shape).astype(np.float32)
            onnx.save_tensor(numpy_helper.from_array(x), os.path.join(d, "test_data_set_%d" % k, "input_0.pb"))
            # capsc-check needs an expected output per data set; -quantize compares with the evaluator instead.
            onnx.save_tensor(numpy_helper.from_array(np.zeros(output_shape, np.float32)),
                             os.path.join(d, "test_data_set_%d" % k, "output_0.pb"))
        onnx.save(model, os.path.join(d, "model.onnx"))


def capsnet(name, input_shape, conv_layers, pcaps_k, pcaps_stride, in_caps, out_caps, out_dim):
    """conv layers [(out_c, k, stride)] -> primary capsules (16 types x 4D) -> dynamic routing (3) -> length."""
    net = Net(name, input_shape)
    for i, (out_c, k, stride) in enumerate(conv_layers):
        net.conv("conv%d" % (i + 1), out_c, k, stride)
    w = net.weight((64, net.channels, pcaps_k, pcaps_k), net.channels * pcaps_k * pcaps_k)
    b = net.weight((64,), 100)
    net.node("PrimaryCaps", [net.last, w, b], "primary_caps", domain="ai.capsc", strides=[pcaps_stride] * 2,
             capsule_dim=4)
    wr = net.weight((in_caps, out_caps, out_dim, 4), 4)
    net.node("DynamicRouting", [net.last, wr], "capsule_layer", domain="ai.capsc", iterations=3)
    net.node("CapsLength", [net.last], "length", domain="ai.capsc")
    return net, [1, out_caps]


def ds_cnn():
    """MLPerf Tiny keyword spotting DS-CNN: 49x10 MFCC -> conv 10x4 s2 (64) -> 4 x (depthwise 3x3 + pointwise
    1x1, 64) -> average pool -> FC 12 (batch norms folded into the convolutions)."""
    net = Net("ds_cnn", [1, 1, 49, 10])
    net.conv("conv1", 64, (10, 4), 2, pad=(4, 1, 5, 2))
    for i in range(4):
        net.conv("dw%d" % (i + 1), 64, 3, 1, pad=1, groups=64)
        net.conv("pw%d" % (i + 1), 64, 1)
    return net, net.classifier(12)


def resnet8():
    """MLPerf Tiny image classification ResNet-8: conv 3x3 16 -> 3 residual stacks (16, 32 s2, 64 s2; a 1x1
    projection where the shape changes) -> average pool -> FC 10."""
    net = Net("resnet8", [1, 3, 32, 32])
    x = net.conv("conv1", 16, 3, 1, pad=1)
    for i, (c, s) in enumerate([(16, 1), (32, 2), (64, 2)]):
        stack = "stack%d" % (i + 1)
        shortcut = x
        if s != 1:
            in_c = net.channels
            shortcut = net.conv(stack + "_proj", c, 1, s, relu=False, source=x)
            net.channels = in_c
        net.conv(stack + "_a", c, 3, s, pad=1, source=x)
        y = net.conv(stack + "_b", c, 3, 1, pad=1, relu=False)
        net.node("Add", [y, shortcut], stack + "_add")
        x = net.node("Relu", [net.last], stack + "_relu")
    return net, net.classifier(10)


def main():
    out_dir = sys.argv[1]
    nets = [
        capsnet("capsnet_mnist", [1, 1, 28, 28], [(16, 7, 1)], 7, 2, 1024, 10, 6),
        capsnet("capsnet_smallnorb", [1, 2, 32, 32], [(32, 7, 1)], 7, 2, 1600, 5, 6),
        capsnet("capsnet_cifar", [1, 3, 32, 32], [(32, 3, 1), (32, 3, 1), (64, 3, 2), (64, 3, 2)], 3, 2, 64, 10, 5),
        ds_cnn(),
        resnet8(),
    ]
    for net, output_shape in nets:
        net.save(out_dir, output_shape)
        print("wrote", os.path.join(out_dir, net.name))


if __name__ == "__main__":
    main()

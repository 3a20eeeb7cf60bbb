#!/usr/bin/python3
"""Writes pre-quantized ONNX test models, built with onnx.helper (no capsc involved), and their expected
outputs from an independent numpy implementation of the ONNX quantization semantics.

Usage: test/models/make_qdq_models.py [--out DIR]

  qdq_cnn      ONNX Runtime's QDQ format: QuantizeLinear/DequantizeLinear pairs around every tensor,
               uint8 activations, symmetric per-channel int8 conv weights and int32 biases (scale =
               input scale x weight scale), a per-tensor int8 fully connected layer (Gemm, transB=1).
  qdq_mlp      QDQ MatMul (per-tensor int8 weights) + Add of a dequantized int8 constant, ReLU, a second
               MatMul and a residual Add of two quantized activations.
  qlinear_cnn  the operator format: QuantizeLinear -> QLinearConv -> QLinearMatMul -> DequantizeLinear,
               int8 activations.

The expected outputs are the models' own dequantized references: every op computed in float64 on the
dequantized values, then quantized with round-half-to-even and saturation as the ONNX spec defines
QuantizeLinear. DIR/<name>/model.onnx and test_data_set_{0,1}/{input_0,output_0}.pb in the ONNX backend
test layout. Fixed seeds: a rerun writes the same files. They are committed.
"""

import argparse
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))


def quantize(x, scale, zp, dtype):
    info = np.iinfo(dtype)
    return np.clip(np.round(x / scale) + zp, info.min, info.max).astype(dtype)


def dequantize(q, scale, zp):
    return (q.astype(np.float64) - zp) * scale


def fake_quant(x, scale, zp, dtype):
    return dequantize(quantize(x, scale, zp, dtype), scale, zp)


def conv2d(x, w, b):
    """Valid (no padding) stride-1 NCHW convolution in float64."""
    n, c, h, wd = x.shape
    o, _, kh, kw = w.shape
    y = np.zeros((n, o, h - kh + 1, wd - kw + 1))
    for i in range(h - kh + 1):
        for j in range(wd - kw + 1):
            y[:, :, i, j] = np.tensordot(x[:, :, i:i + kh, j:j + kw], w, axes=([1, 2, 3], [1, 2, 3]))
    return y + b.reshape(1, -1, 1, 1)


def maxpool2(x):
    n, c, h, w = x.shape
    return x.reshape(n, c, h // 2, 2, w // 2, 2).max(axis=(3, 5))


def init(name, array):
    return numpy_helper.from_array(array, name)


def qdq_cnn(rng):
    """(model, reference function)."""
    s_x, z_x = 1.0 / 255.0, 0           # input in [0, 1], uint8
    w = rng.normal(0, 0.3, (4, 1, 3, 3))
    s_w = np.abs(w).reshape(4, -1).max(axis=1) / 127.0
    w_q = np.clip(np.round(w / s_w.reshape(4, 1, 1, 1)), -127, 127).astype(np.int8)
    b = rng.normal(0, 0.1, 4)
    b_q = np.round(b / (s_x * s_w)).astype(np.int32)
    s_c, z_c = 0.02, 128                # conv + relu output, uint8
    fc = rng.normal(0, 0.2, (3, 36))
    s_fc = float(np.abs(fc).max() / 127.0)
    fc_q = np.clip(np.round(fc / s_fc), -127, 127).astype(np.int8)
    fcb = rng.normal(0, 0.1, 3)
    fcb_q = np.round(fcb / (s_c * s_fc)).astype(np.int32)
    s_y, z_y = 0.05, 128

    inits = [
        init("x_scale", np.array(s_x, np.float32)), init("x_zp", np.array(z_x, np.uint8)),
        init("w_q", w_q), init("w_scale", s_w.astype(np.float32)), init("w_zp", np.zeros(4, np.int8)),
        init("b_q", b_q), init("b_scale", (s_x * s_w).astype(np.float32)), init("b_zp", np.zeros(4, np.int32)),
        init("c_scale", np.array(s_c, np.float32)), init("c_zp", np.array(z_c, np.uint8)),
        init("fc_q", fc_q), init("fc_scale", np.array(s_fc, np.float32)), init("fc_zp", np.array(0, np.int8)),
        init("fcb_q", fcb_q), init("fcb_scale", np.array(s_c * s_fc, np.float32)),
        init("fcb_zp", np.array(0, np.int32)),
        init("y_scale", np.array(s_y, np.float32)), init("y_zp", np.array(z_y, np.uint8)),
        init("shape", np.array([1, 36], np.int64)),
    ]
    nodes = [
        helper.make_node("QuantizeLinear", ["x", "x_scale", "x_zp"], ["x_q"], name="q_x"),
        helper.make_node("DequantizeLinear", ["x_q", "x_scale", "x_zp"], ["x_dq"], name="dq_x"),
        helper.make_node("DequantizeLinear", ["w_q", "w_scale", "w_zp"], ["w"], name="dq_w", axis=0),
        helper.make_node("DequantizeLinear", ["b_q", "b_scale", "b_zp"], ["b"], name="dq_b", axis=0),
        helper.make_node("Conv", ["x_dq", "w", "b"], ["c"], name="conv"),
        helper.make_node("Relu", ["c"], ["r"], name="relu"),
        helper.make_node("QuantizeLinear", ["r", "c_scale", "c_zp"], ["r_q"], name="q_r"),
        helper.make_node("DequantizeLinear", ["r_q", "c_scale", "c_zp"], ["r_dq"], name="dq_r"),
        helper.make_node("MaxPool", ["r_dq"], ["p"], name="pool", kernel_shape=[2, 2], strides=[2, 2]),
        helper.make_node("QuantizeLinear", ["p", "c_scale", "c_zp"], ["p_q"], name="q_p"),
        helper.make_node("DequantizeLinear", ["p_q", "c_scale", "c_zp"], ["p_dq"], name="dq_p"),
        helper.make_node("Reshape", ["p_dq", "shape"], ["f"], name="flatten"),
        helper.make_node("QuantizeLinear", ["f", "c_scale", "c_zp"], ["f_q"], name="q_f"),
        helper.make_node("DequantizeLinear", ["f_q", "c_scale", "c_zp"], ["f_dq"], name="dq_f"),
        helper.make_node("DequantizeLinear", ["fc_q", "fc_scale", "fc_zp"], ["fcw"], name="dq_fcw"),
        helper.make_node("DequantizeLinear", ["fcb_q", "fcb_scale", "fcb_zp"], ["fcb"], name="dq_fcb"),
        helper.make_node("Gemm", ["f_dq", "fcw", "fcb"], ["g"], name="fc", transB=1),
        helper.make_node("QuantizeLinear", ["g", "y_scale", "y_zp"], ["g_q"], name="q_g"),
        helper.make_node("DequantizeLinear", ["g_q", "y_scale", "y_zp"], ["y"], name="dq_y"),
    ]
    graph = helper.make_graph(nodes, "qdq_cnn", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 1, 8, 8])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 3])], inits)

    def reference(x):
        xd = fake_quant(x, s_x, z_x, np.uint8)
        wd = w_q.astype(np.float64) * s_w.reshape(4, 1, 1, 1)
        bd = b_q.astype(np.float64) * s_x * s_w
        r = fake_quant(np.maximum(conv2d(xd, wd, bd), 0), s_c, z_c, np.uint8)
        f = fake_quant(maxpool2(r).reshape(1, 36), s_c, z_c, np.uint8)
        g = f @ (fc_q.astype(np.float64) * s_fc).T + fcb_q * s_c * s_fc
        return fake_quant(g, s_y, z_y, np.uint8)

    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)]), reference


def qdq_mlp(rng):
    s_x, z_x = 2.0 / 255.0, 128          # input in [-1, 1], uint8
    w1 = rng.normal(0, 0.3, (16, 8))
    s_w1 = float(np.abs(w1).max() / 127.0)
    w1_q = np.clip(np.round(w1 / s_w1), -127, 127).astype(np.int8)
    s_m, z_m = 0.03, 128                 # MatMul output
    b = rng.normal(0, 0.2, 8)
    s_b = float(np.abs(b).max() / 127.0)
    b_q = np.clip(np.round(b / s_b), -127, 127).astype(np.int8)
    s_h, z_h = 0.02, 0                   # after bias + ReLU
    w2 = rng.normal(0, 0.3, (8, 8))
    s_w2 = float(np.abs(w2).max() / 127.0)
    w2_q = np.clip(np.round(w2 / s_w2), -127, 127).astype(np.int8)
    s_h2, z_h2 = 0.025, 128
    s_y, z_y = 0.04, 100

    def pair(name, scale, zp):
        return [init(name + "_scale", np.array(scale, np.float32)), init(name + "_zp", np.array(zp, np.uint8))]

    inits = (pair("x", s_x, z_x) + pair("m", s_m, z_m) + pair("a", s_m, z_m) + pair("h", s_h, z_h) +
             pair("h2", s_h2, z_h2) + pair("y", s_y, z_y) + [
                 init("w1_q", w1_q), init("w1_scale", np.array(s_w1, np.float32)), init("w1_zp", np.array(0, np.int8)),
                 init("b_q", b_q), init("b_scale", np.array(s_b, np.float32)), init("b_zp", np.array(0, np.int8)),
                 init("w2_q", w2_q), init("w2_scale", np.array(s_w2, np.float32)), init("w2_zp", np.array(0, np.int8)),
             ])

    def qdq(tensor, name, out):
        return [helper.make_node("QuantizeLinear", [tensor, name + "_scale", name + "_zp"], [out + "_q"],
                                 name="q_" + out),
                helper.make_node("DequantizeLinear", [out + "_q", name + "_scale", name + "_zp"], [out],
                                 name="dq_" + out)]

    nodes = (qdq("x", "x", "x_dq") + [
        helper.make_node("DequantizeLinear", ["w1_q", "w1_scale", "w1_zp"], ["w1"], name="dq_w1"),
        helper.make_node("MatMul", ["x_dq", "w1"], ["m"], name="matmul1")] + qdq("m", "m", "m_dq") + [
        helper.make_node("DequantizeLinear", ["b_q", "b_scale", "b_zp"], ["b"], name="dq_b"),
        helper.make_node("Add", ["m_dq", "b"], ["a"], name="bias")] + qdq("a", "a", "a_dq") + [
        helper.make_node("Relu", ["a_dq"], ["r"], name="relu")] + qdq("r", "h", "h") + [
        helper.make_node("DequantizeLinear", ["w2_q", "w2_scale", "w2_zp"], ["w2"], name="dq_w2"),
        helper.make_node("MatMul", ["h", "w2"], ["m2"], name="matmul2")] + qdq("m2", "h2", "h2") + [
        helper.make_node("Add", ["h", "h2"], ["s"], name="residual")] + qdq("s", "y", "y"))
    graph = helper.make_graph(nodes, "qdq_mlp", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 16])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 8])], inits)

    def reference(x):
        xd = fake_quant(x, s_x, z_x, np.uint8)
        m = fake_quant(xd @ (w1_q * s_w1), s_m, z_m, np.uint8)
        a = fake_quant(m + b_q * s_b, s_m, z_m, np.uint8)
        h = fake_quant(np.maximum(a, 0), s_h, z_h, np.uint8)
        h2 = fake_quant(h @ (w2_q * s_w2), s_h2, z_h2, np.uint8)
        return fake_quant(h + h2, s_y, z_y, np.uint8)

    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)]), reference


def qlinear_cnn(rng):
    s_x, z_x = 1.0 / 127.0, 0           # int8 activations
    w = rng.normal(0, 0.3, (2, 1, 3, 3))
    s_w = np.abs(w).reshape(2, -1).max(axis=1) / 127.0
    w_q = np.clip(np.round(w / s_w.reshape(2, 1, 1, 1)), -127, 127).astype(np.int8)
    b_q = np.round(rng.normal(0, 0.1, 2) / (s_x * s_w)).astype(np.int32)
    s_c, z_c = 0.03, -10
    m = rng.normal(0, 0.3, (72, 4))
    s_m = float(np.abs(m).max() / 127.0)
    m_q = np.clip(np.round(m / s_m), -127, 127).astype(np.int8)
    s_y, z_y = 0.04, 5

    inits = [
        init("x_scale", np.array(s_x, np.float32)), init("x_zp", np.array(z_x, np.int8)),
        init("w_q", w_q), init("w_scale", s_w.astype(np.float32)), init("w_zp", np.zeros(2, np.int8)),
        init("b_q", b_q),
        init("c_scale", np.array(s_c, np.float32)), init("c_zp", np.array(z_c, np.int8)),
        init("m_q", m_q), init("m_scale", np.array(s_m, np.float32)), init("m_zp", np.array(0, np.int8)),
        init("y_scale", np.array(s_y, np.float32)), init("y_zp", np.array(z_y, np.int8)),
        init("shape", np.array([1, 72], np.int64)),
    ]
    nodes = [
        helper.make_node("QuantizeLinear", ["x", "x_scale", "x_zp"], ["x_q"], name="q_x"),
        helper.make_node("QLinearConv", ["x_q", "x_scale", "x_zp", "w_q", "w_scale", "w_zp", "c_scale", "c_zp",
                                         "b_q"], ["c_q"], name="qconv"),
        helper.make_node("Reshape", ["c_q", "shape"], ["f_q"], name="flatten"),
        helper.make_node("QLinearMatMul", ["f_q", "c_scale", "c_zp", "m_q", "m_scale", "m_zp", "y_scale", "y_zp"],
                         ["y_q"], name="qmatmul"),
        helper.make_node("DequantizeLinear", ["y_q", "y_scale", "y_zp"], ["y"], name="dq_y"),
    ]
    graph = helper.make_graph(nodes, "qlinear_cnn",
                              [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 1, 8, 8])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 4])], inits)

    def reference(x):
        xd = fake_quant(x, s_x, z_x, np.int8)
        wd = w_q.astype(np.float64) * s_w.reshape(2, 1, 1, 1)
        c = fake_quant(conv2d(xd, wd, b_q * s_x * s_w), s_c, z_c, np.int8)
        y = c.reshape(1, 72) @ (m_q.astype(np.float64) * s_m)
        return fake_quant(y, s_y, z_y, np.int8)

    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)]), reference


def write(out, name, model, reference, rng):
    onnx.checker.check_model(model, full_check=True)
    case = os.path.join(out, name)
    os.makedirs(case, exist_ok=True)
    onnx.save(model, os.path.join(case, "model.onnx"))
    shape = [d.dim_value for d in model.graph.input[0].type.tensor_type.shape.dim]
    low = -1 if name == "qdq_mlp" else 0
    for k in range(2):
        x = rng.uniform(low, 1, shape).astype(np.float32)
        y = reference(x.astype(np.float64)).astype(np.float32)
        d = os.path.join(case, "test_data_set_%d" % k)
        os.makedirs(d, exist_ok=True)
        onnx.save_tensor(numpy_helper.from_array(x, "x"), os.path.join(d, "input_0.pb"))
        onnx.save_tensor(numpy_helper.from_array(y, "y"), os.path.join(d, "output_0.pb"))
    print(name, [n.op_type for n in model.graph.node])


if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--out", default=HERE)
    args = p.parse_args()
    for name, make in (("qdq_cnn", qdq_cnn), ("qdq_mlp", qdq_mlp), ("qlinear_cnn", qlinear_cnn)):
        rng = np.random.RandomState(42)
        model, reference = make(rng)
        write(args.out, name, model, reference, rng)

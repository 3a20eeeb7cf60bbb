#!/usr/bin/python3
"""Makes test/models/custom_capsnet{,_efficient}: small capsule networks written with capsc's ai.capsc
custom-domain ops (docs/custom-ops.md), with expected outputs from an independent numpy implementation
(textbook routing that stores the logits b and couplings c). Deterministic (fixed seed).

Usage: test/models/make_custom_capsnet.py   (writes next to this script)
"""
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))


def conv2d(x, w, b, stride):
    n, c, h, wd = x.shape
    o, _, kh, kw = w.shape
    oh, ow = (h - kh) // stride + 1, (wd - kw) // stride + 1
    y = np.zeros((n, o, oh, ow), np.float64)
    for i in range(oh):
        for j in range(ow):
            patch = x[:, :, i * stride:i * stride + kh, j * stride:j * stride + kw]
            y[:, :, i, j] = np.einsum("nckl,ockl->no", patch, w)
    return y + b[None, :, None, None]


def squash(s, variant, eps):
    n2 = (s * s).sum(-1, keepdims=True)
    if variant == "efficient":
        n = np.sqrt(n2)
        return s * (1 - np.exp(-n)) / (n + eps)
    return s * n2 / (1 + n2) / np.sqrt(n2 + eps)


def softmax(x, axis):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def dynamic_routing(u_hat, iterations, eps):
    b = np.zeros(u_hat.shape[:3])
    for r in range(iterations):
        c = softmax(b, axis=2)
        v = squash((c[..., None] * u_hat).sum(1), "sabour", eps)
        if r + 1 < iterations:
            b = b + (u_hat * v[:, None]).sum(-1)
    return v


def self_attention_routing(u_hat, log_prior, eps):
    d = u_hat.shape[-1]
    a = np.einsum("nijd,njd->nij", u_hat, u_hat.sum(1)) / np.sqrt(d)
    c = softmax(a, axis=2) + log_prior[None]
    return squash((c[..., None] * u_hat).sum(1), "efficient", eps)


def save_case(name, graph, inputs, outputs):
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13), helper.make_opsetid("ai.capsc", 1)])
    model.ir_version = 8
    d = os.path.join(HERE, name)
    os.makedirs(os.path.join(d, "test_data_set_0"), exist_ok=True)
    onnx.save(model, os.path.join(d, "model.onnx"))
    for k, a in enumerate(inputs):
        onnx.save_tensor(numpy_helper.from_array(a.astype(np.float32)), os.path.join(d, "test_data_set_0", f"input_{k}.pb"))
    for k, a in enumerate(outputs):
        onnx.save_tensor(numpy_helper.from_array(a.astype(np.float32)), os.path.join(d, "test_data_set_0", f"output_{k}.pb"))


def main():
    rng = np.random.default_rng(7)
    eps = 1e-7
    x = rng.uniform(0, 1, (1, 1, 12, 12)).astype(np.float32)
    w1 = (rng.normal(0, 0.3, (8, 1, 3, 3))).astype(np.float32)
    b1 = rng.normal(0, 0.1, 8).astype(np.float32)
    wp = (rng.normal(0, 0.15, (16, 8, 3, 3))).astype(np.float32)
    bp = rng.normal(0, 0.1, 16).astype(np.float32)
    # conv 3x3 -> 10x10, relu, primary caps 3x3 stride 2 -> 16 x 4 x 4 = 256 values = 64 capsules of 4D
    h = np.maximum(conv2d(x.astype(np.float64), w1, b1, 1), 0)
    u = squash(conv2d(h, wp, bp, 2).reshape(1, -1, 4), "sabour", eps)
    wr = rng.normal(0, 0.5, (64, 5, 6, 4)).astype(np.float32)
    u_hat = np.einsum("ijdk,nik->nijd", wr.astype(np.float64), u)
    scores = np.sqrt((dynamic_routing(u_hat, 3, eps) ** 2).sum(-1))

    inits = [numpy_helper.from_array(a, n) for a, n in [(w1, "w1"), (b1, "b1"), (wp, "wp"), (bp, "bp"), (wr, "w_route")]]
    nodes = [
        helper.make_node("Conv", ["image", "w1", "b1"], ["c1"], name="conv1"),
        helper.make_node("Relu", ["c1"], ["r1"], name="relu1"),
        helper.make_node("PrimaryCaps", ["r1", "wp", "bp"], ["u"], name="primary", domain="ai.capsc",
                         strides=[2, 2], capsule_dim=4),
        helper.make_node("DynamicRouting", ["u", "w_route"], ["v"], name="digit", domain="ai.capsc", iterations=3),
        helper.make_node("CapsLength", ["v"], ["scores"], name="length", domain="ai.capsc"),
    ]
    graph = helper.make_graph(nodes, "custom_capsnet",
                              [helper.make_tensor_value_info("image", TensorProto.FLOAT, [1, 1, 12, 12])],
                              [helper.make_tensor_value_info("scores", TensorProto.FLOAT, [1, 5])], inits)
    save_case("custom_capsnet", graph, [x], [scores])

    # Efficient-CapsNet style: squash as its own op, self-attention routing with log priors.
    s = conv2d(h, wp, bp, 2).reshape(1, -1, 8)
    u8 = squash(s, "efficient", eps)
    wr8 = rng.normal(0, 0.3, (32, 4, 6, 8)).astype(np.float32)
    prior = rng.normal(0, 0.05, (32, 4)).astype(np.float32)
    u_hat8 = np.einsum("ijdk,nik->nijd", wr8.astype(np.float64), u8)
    scores8 = np.sqrt((self_attention_routing(u_hat8, prior.astype(np.float64), eps) ** 2).sum(-1))
    inits = [numpy_helper.from_array(a, n) for a, n in
             [(w1, "w1"), (b1, "b1"), (wp, "wp"), (bp, "bp"), (wr8, "w_route"), (prior, "log_prior"),
              (np.array([1, 32, 8], np.int64), "caps_shape")]]
    nodes = [
        helper.make_node("Conv", ["image", "w1", "b1"], ["c1"], name="conv1"),
        helper.make_node("Relu", ["c1"], ["r1"], name="relu1"),
        helper.make_node("Conv", ["r1", "wp", "bp"], ["c2"], name="conv2", strides=[2, 2]),
        helper.make_node("Reshape", ["c2", "caps_shape"], ["s"], name="to_caps"),
        helper.make_node("Squash", ["s"], ["u"], name="squash", domain="ai.capsc", variant="efficient"),
        helper.make_node("SelfAttentionRouting", ["u", "w_route", "log_prior"], ["v"], name="fc_caps",
                         domain="ai.capsc"),
        helper.make_node("CapsLength", ["v"], ["scores"], name="length", domain="ai.capsc"),
    ]
    graph = helper.make_graph(nodes, "custom_capsnet_efficient",
                              [helper.make_tensor_value_info("image", TensorProto.FLOAT, [1, 1, 12, 12])],
                              [helper.make_tensor_value_info("scores", TensorProto.FLOAT, [1, 4])], inits)
    save_case("custom_capsnet_efficient", graph, [x], [scores8])


if __name__ == "__main__":
    main()

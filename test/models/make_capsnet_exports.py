#!/usr/bin/python3
"""Exports tiny CapsNets from PyTorch: test/models/capsnet_<style><iters>/ in the ONNX backend-test layout
(model.onnx, test_data_set_{0,1}/input_0.pb and output_0.pb computed by PyTorch). capsc-check runs them
raised and generic, and the caps-raise-capsules lit tests read their models.

Each model: primary capsules (conv 3x3 stride 2 on 2x6x6 -> 8 ch x 2x2, viewed as 8 capsules of 4D,
squashed) -> prediction vectors for 3 output capsules of 4D -> dynamic routing -> class scores.
The three styles write the same function as the three routing implementations of
examples/capsnet-fashion/capsnet.py do; capsnet_efficient is an Efficient-CapsNet layer (self-attention
routing with a log prior) (5-D broadcast MatMul + mul/sum; einsum + torch.norm; reshapes
around bmm), at opset 13. Regenerate with: test/models/make_capsnet_exports.py
"""
import os

import onnx
import onnx.numpy_helper
import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
I, J, D, K = 8, 3, 4, 4
EPS = 1e-7


def squash_mul(s):
    n2 = (s * s).sum(-1, keepdim=True)
    return n2 / (1 + n2) * s / torch.sqrt(n2 + EPS)


def squash_norm(s):
    sq = torch.norm(s, p=2, dim=-1, keepdim=True).pow(2)
    return sq / (1 + sq) * s / torch.sqrt(sq + EPS)


def squash_pow(s):
    n2 = s.pow(2).sum(-1, keepdim=True)
    return s * (n2 / ((1 + n2) * torch.sqrt(n2 + EPS)))


def squash_efficient(s):
    n = torch.norm(s, dim=-1, keepdim=True)
    return (1 - 1 / torch.exp(n)) * (s / (n + EPS))


class TinyEfficient(nn.Module):
    """Efficient-CapsNet's layer: depthwise primary capsules, einsum u_hat, self-attention routing with a
    learned (here random) log prior."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(2, 8, 3, stride=2)
        self.W = nn.Parameter(torch.randn(J, I, K, D) * 0.5)
        self.b = nn.Parameter(torch.randn(J, I, 1) * 0.1)

    def forward(self, x):
        n = x.shape[0]
        u = squash_efficient(self.conv(x).view(n, I, K))
        u_hat = torch.einsum("nil,kild->nkid", u, self.W)                      # [N, J, I, D]
        a = torch.einsum("nkiz,nkjz->nki", u_hat, u_hat)[..., None] / D ** 0.5  # [N, J, I, 1]
        c = F.softmax(a, dim=1) + self.b
        v = squash_efficient((u_hat * c).sum(dim=-2))
        return torch.norm(v, dim=-1)


class Tiny(nn.Module):
    def __init__(self, style, iterations):
        super().__init__()
        self.style, self.iterations = style, iterations
        self.conv = nn.Conv2d(2, 8, 3, stride=2)
        self.W = nn.Parameter(torch.randn(I, J, D, K) * 0.5)

    def forward(self, x):
        n = x.shape[0]
        u = x = self.conv(x).view(n, -1, K)
        if self.style == "a":
            u = squash_mul(u)
            u_hat = torch.matmul(self.W[None], u[:, :, None, :, None]).squeeze(-1)
            b = torch.zeros(n, I, J)
            for r in range(self.iterations):
                c = F.softmax(b, dim=2)
                v = squash_mul((c[..., None] * u_hat).sum(1))
                if r + 1 < self.iterations:
                    b = b + (u_hat * v[:, None]).sum(-1)
            return (v * v).sum(-1).sqrt()
        if self.style == "b":
            u = squash_norm(u)
            u_hat = torch.einsum("ijkl,nil->nijk", self.W, u)
            b = torch.zeros(n, J, I)
            for r in range(self.iterations):
                c = torch.softmax(b, dim=1)
                v = squash_norm(torch.einsum("nji,nijk->njk", c, u_hat))
                if r + 1 < self.iterations:
                    b = b + torch.einsum("nijk,njk->nji", u_hat, v)
            return torch.norm(v, p=2, dim=-1)
        u = squash_pow(u)
        w_t = self.W.reshape(I, J * D, K).transpose(1, 2)
        u_hat = torch.bmm(u.permute(1, 0, 2), w_t).reshape(I, n, J, D).permute(1, 2, 0, 3)  # [N, J, I, D]
        logits = torch.zeros(n, I, J)
        for r in range(self.iterations):
            c = torch.softmax(logits, dim=-1).transpose(1, 2).reshape(n * J, 1, I)
            v = squash_pow(torch.bmm(c, u_hat.reshape(n * J, I, D)).reshape(n, J, D))
            if r + 1 < self.iterations:
                logits = logits + torch.bmm(u_hat.reshape(n * J, I, D), v.reshape(n * J, D, 1)).reshape(n, J, I).transpose(1, 2)
        return torch.sqrt(torch.bmm(v.reshape(n * J, 1, D), v.reshape(n * J, D, 1)).reshape(n, J))


def main():
    cases = [(f"capsnet_{style}{it}", style, it) for style in "abc" for it in (1, 2, 3)]
    for name, style, iterations in cases + [("capsnet_efficient", "e", 1)]:
        torch.manual_seed(1)
        model = (TinyEfficient() if style == "e" else Tiny(style, iterations)).eval()
        if True:
            d = os.path.join(HERE, name)
            os.makedirs(d, exist_ok=True)
            torch.onnx.export(model, torch.rand(1, 2, 6, 6), os.path.join(d, "model.onnx"),
                              opset_version=13, input_names=["image"], output_names=["scores"])
            for k in range(2):
                x = torch.rand(1, 2, 6, 6) * (1 + 2 * k)
                with torch.no_grad():
                    y = model(x)
                os.makedirs(os.path.join(d, f"test_data_set_{k}"), exist_ok=True)
                for name, t in (("input_0", x), ("output_0", y)):
                    onnx.save_tensor(onnx.numpy_helper.from_array(t.numpy()),
                                     os.path.join(d, f"test_data_set_{k}", f"{name}.pb"))


if __name__ == "__main__":
    main()

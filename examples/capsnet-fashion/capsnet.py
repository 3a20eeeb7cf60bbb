#!/usr/bin/python3
"""Capsule networks for 28x28x1 images, in plain PyTorch, exportable to ONNX opset 13.

MnistCapsNet      -- the MNIST-sized CapsNet of the quantized-CapsNet-on-MCU work
                     (conv 7x7/16 -> primary caps 7x7 s2, 16 types x 4D -> 10 x 6D digit caps,
                     dynamic routing-by-agreement, Sabour et al. 2017), ~297 K parameters.
                     Three equivalent routing implementations ('a', 'b', 'c') that export to
                     differently shaped ONNX graphs.
EfficientCapsNet  -- Efficient-CapsNet (Mazzia et al. 2021) for 28x28x1: conv stack, depthwise
                     primary capsules (16 x 8D), fully-connected capsules 10 x 16D with
                     self-attention routing, ~162 K parameters.

Both take images in [0, 1] as N x 1 x 28 x 28 float32 (no normalization: the first conv's bias
absorbs the offset) and return class scores = capsule lengths, N x 10.

Run this file to print parameter counts and check that the three routings agree.
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

EPS = 1e-7


# --------------------------------------------------------------------------------------------
# Squash functions.  All compute v = |s|^2 / (1 + |s|^2) * s / sqrt(|s|^2 + eps) over the last
# axis, written differently so that the exported graphs differ.
# --------------------------------------------------------------------------------------------
def squash_a(s, eps=EPS):
    sq = (s * s).sum(dim=-1, keepdim=True)                      # Mul, ReduceSum
    return sq / (1.0 + sq) * s / torch.sqrt(sq + eps)


def squash_b(s, eps=EPS):
    sq = torch.norm(s, p=2, dim=-1, keepdim=True).pow(2)        # ReduceL2, Pow
    return (sq / (1.0 + sq)) * (s / torch.sqrt(sq + eps))


def squash_c(s, eps=EPS):
    sq = s.pow(2).sum(dim=-1, keepdim=True)                     # Pow, ReduceSum
    return s * (sq / ((1.0 + sq) * torch.sqrt(sq + eps)))


def squash_efficient(s, eps=EPS):
    """Efficient-CapsNet squash: (1 - exp(-|s|)) * s / (|s| + eps)."""
    n = torch.sqrt((s * s).sum(dim=-1, keepdim=True))
    return (1.0 - torch.exp(-n)) * (s / (n + eps))


def margin_loss(scores, labels, m_pos=0.9, m_neg=0.1, lam=0.5):
    """Sabour et al. margin loss on capsule lengths, summed over classes, mean over the batch."""
    t = F.one_hot(labels, scores.shape[1]).to(scores.dtype)
    loss = t * F.relu(m_pos - scores).pow(2) + lam * (1.0 - t) * F.relu(scores - m_neg).pow(2)
    return loss.sum(dim=1).mean()


def count_params(model):
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


# --------------------------------------------------------------------------------------------
# MnistCapsNet
# --------------------------------------------------------------------------------------------
class MnistCapsNet(nn.Module):
    """Input [N,1,28,28] -> Conv7x7/16 + ReLU [N,16,22,22] -> Conv7x7 s2 /64 [N,64,8,8]
    -> primary capsules: plain row-major reshape of the NCHW tensor, x.view(N, -1, 4) ->
    [N,1024,4] (so capsule i holds the 4 consecutive elements 4i..4i+3 of the flattened
    [64,8,8] tensor: channel i // 16, row (i % 16) // 2, columns 0-3 (i even) or 4-7 (i odd) of
    that channel's 8x8 map -- not the channel-grouped layout of Sabour et al.; the network learns
    either) -> squash
    -> digit capsules 10 x 6D: u_hat[n,i,j,:] = W[i,j] @ u[n,i], W [1024,10,6,4], dynamic routing
    (`iterations` rounds, default 3) -> scores = |v_j|, [N,10].

    routing='a': broadcast matmul on a 5-D weight, F.softmax(b, dim=2), agreement by mul+sum.
    routing='b': einsum for u_hat, s and agreement, squash via torch.norm, logits as [N,10,1024].
    routing='c': permute/reshape + torch.bmm everywhere, logits kept as a list of agreements,
                 first round uses the uniform coupling 1/10 directly.
    All three compute the same function for the same weights (see check_routings()).
    """

    in_caps, in_dim, out_caps, out_dim = 1024, 4, 10, 6

    def __init__(self, routing="a", iterations=3):
        super().__init__()
        assert routing in ("a", "b", "c"), routing
        assert iterations >= 1
        self.routing, self.iterations = routing, iterations
        self.conv1 = nn.Conv2d(1, 16, kernel_size=7, stride=1)
        self.primary = nn.Conv2d(16, 16 * 4, kernel_size=7, stride=2)
        self.W = nn.Parameter(0.05 * torch.randn(self.in_caps, self.out_caps, self.out_dim, self.in_dim))

    def forward(self, x):
        n = x.shape[0]
        x = F.relu(self.conv1(x))                 # [N,16,22,22]
        x = self.primary(x)                       # [N,64,8,8]
        u = x.view(n, -1, self.in_dim)            # [N,1024,4]  row-major reshape of NCHW
        return getattr(self, "_route_" + self.routing)(u)

    # (a) -------------------------------------------------------------------------------------
    def _route_a(self, u):
        u = squash_a(u)
        # [1,1024,10,6,4] @ [N,1024,1,4,1] -> [N,1024,10,6,1]
        u_hat = torch.matmul(self.W[None], u[:, :, None, :, None]).squeeze(-1)   # [N,1024,10,6]
        b = torch.zeros(u.shape[0], self.in_caps, self.out_caps, dtype=u.dtype, device=u.device)
        for r in range(self.iterations):
            c = F.softmax(b, dim=2)                                   # over the 10 output caps
            s = (c[..., None] * u_hat).sum(dim=1)                     # [N,10,6]
            v = squash_a(s)
            if r < self.iterations - 1:
                b = b + (u_hat * v[:, None]).sum(dim=-1)              # [N,1024,10]
        return torch.sqrt((v * v).sum(dim=-1))                       # [N,10]

    # (b) -------------------------------------------------------------------------------------
    def _route_b(self, u):
        u = squash_b(u)
        u_hat = torch.einsum("ijkl,nil->nijk", self.W, u)             # [N,1024,10,6]
        b = torch.zeros(u.shape[0], self.out_caps, self.in_caps, dtype=u.dtype, device=u.device)
        for r in range(self.iterations):
            c = torch.softmax(b, dim=1)                               # [N,10,1024], over dim 1
            s = torch.einsum("nji,nijk->njk", c, u_hat)               # [N,10,6]
            v = squash_b(s)
            if r < self.iterations - 1:
                b = b + torch.einsum("nijk,njk->nji", u_hat, v)        # [N,10,1024]
        return torch.norm(v, p=2, dim=-1)                            # [N,10]

    # (c) -------------------------------------------------------------------------------------
    def _route_c(self, u):
        n = u.shape[0]
        I, J, D, K = self.in_caps, self.out_caps, self.out_dim, self.in_dim
        u = squash_c(u)
        # per input capsule i: [N,4] @ [4,60] -> [N,60]  (batched over i with bmm)
        w_t = self.W.reshape(I, J * D, K).transpose(1, 2)             # [1024,4,60]
        u_t = u.permute(1, 0, 2)                                      # [1024,N,4]
        u_hat = torch.bmm(u_t, w_t).reshape(I, n, J, D).permute(1, 2, 0, 3)   # [N,10,1024,6]
        u_hat_b = u_hat.reshape(n * J, I, D)                          # [N*10,1024,6]
        u_hat_t = u_hat_b.transpose(1, 2)                             # [N*10,6,1024]
        agreements = []                                               # logits = sum of these
        for r in range(self.iterations):
            if agreements:
                logits = agreements[0]
                for a in agreements[1:]:
                    logits = logits + a                               # [N,1024,10]
                c = torch.softmax(logits.reshape(n * I, J), dim=-1).reshape(n, I, J)
                c_t = c.transpose(1, 2).reshape(n * J, I, 1)          # [N*10,1024,1]
                s = torch.bmm(u_hat_t, c_t).reshape(n, J, D)          # [N,10,6]
            else:
                s = u_hat.sum(dim=2) * (1.0 / J)                      # softmax(0) = 1/10
            v = squash_c(s)
            if r < self.iterations - 1:
                agr = torch.bmm(u_hat_b, v.reshape(n * J, D, 1))      # [N*10,1024,1]
                agreements.append(agr.reshape(n, J, I).transpose(1, 2))
        return torch.sqrt(torch.bmm(v.reshape(n * J, 1, D), v.reshape(n * J, D, 1)).reshape(n, J))


# --------------------------------------------------------------------------------------------
# EfficientCapsNet
# --------------------------------------------------------------------------------------------
class EfficientCapsNet(nn.Module):
    """Efficient-CapsNet (Mazzia et al. 2021) for 28x28x1, 161,824 trainable parameters (as in
    the paper's MNIST model).

    Conv5x5/32 -> Conv3x3/64 -> Conv3x3/64 -> Conv3x3 s2/128, each Conv+BatchNorm+ReLU (BN folds
    into the conv at export)  [N,128,9,9]
    -> primary caps: depthwise Conv 9x9 (128 ch, groups=128) [N,128,1,1] -> view [N,16,8] ->
       squash_efficient
    -> FC caps 10 x 16D: u_hat = einsum('nil,kild->nkid', u, W), W [10,16,8,16] -> [N,10,16,16]
       self-attention routing: A[n,k,i] = sum_j sum_z u_hat[n,k,i,z] u_hat[n,k,j,z] / sqrt(16);
       c = softmax(A over k (output capsules)) + b  (b: learned log prior [10,16,1], zero init);
       s[n,k] = sum_i c[n,k,i] u_hat[n,k,i]; v = squash_efficient(s)
    -> scores = |v| [N,10].
    """

    def __init__(self):
        super().__init__()

        def block(cin, cout, k, stride=1):
            return nn.Sequential(nn.Conv2d(cin, cout, k, stride=stride),
                                 nn.BatchNorm2d(cout), nn.ReLU(inplace=True))

        self.features = nn.Sequential(block(1, 32, 5), block(32, 64, 3), block(64, 64, 3),
                                      block(64, 128, 3, stride=2))          # [N,128,9,9]
        self.primary = nn.Conv2d(128, 128, kernel_size=9, groups=128)       # depthwise
        self.in_caps, self.in_dim, self.out_caps, self.out_dim = 16, 8, 10, 16
        W = torch.empty(self.out_caps, self.in_caps, self.in_dim, self.out_dim)
        nn.init.kaiming_normal_(W)
        self.W = nn.Parameter(W)
        self.b = nn.Parameter(torch.zeros(self.out_caps, self.in_caps, 1))

    def forward(self, x):
        n = x.shape[0]
        x = self.primary(self.features(x))                                  # [N,128,1,1]
        u = squash_efficient(x.view(n, self.in_caps, self.in_dim))          # [N,16,8]
        u_hat = torch.einsum("nil,kild->nkid", u, self.W)                   # [N,10,16,16]
        a = torch.einsum("nkiz,nkjz->nki", u_hat, u_hat)[..., None]         # [N,10,16,1]
        a = a / math.sqrt(self.out_dim)
        c = F.softmax(a, dim=1) + self.b                                    # over output caps
        s = (u_hat * c).sum(dim=2)                                          # [N,10,16]
        v = squash_efficient(s)
        return torch.sqrt((v * v).sum(dim=-1))                             # [N,10]


MODELS = {"mnist_capsnet": MnistCapsNet, "efficient_capsnet": EfficientCapsNet}


def build(name, routing="a", iterations=3):
    if name == "mnist_capsnet":
        return MnistCapsNet(routing=routing, iterations=iterations)
    if name == "efficient_capsnet":
        return EfficientCapsNet()
    raise ValueError(name)


def check_routings(state_dict=None, batch=4, seed=0, iterations=(1, 2, 3), tol=1e-5):
    """Asserts that routings a, b and c give the same scores for shared weights. Returns max diff."""
    torch.manual_seed(seed)
    worst = 0.0
    for it in iterations:
        nets = {r: MnistCapsNet(routing=r, iterations=it).eval() for r in "abc"}
        if state_dict is None:   # random weights, W scaled up so that capsule lengths are ~0.5
            sd = {k: (20 * v if k == "W" else v) for k, v in nets["a"].state_dict().items()}
        else:
            sd = state_dict
        for net in nets.values():
            net.load_state_dict(sd)
        x = torch.rand(batch, 1, 28, 28)
        with torch.no_grad():
            out = {r: net(x) for r, net in nets.items()}
        for r in "bc":
            d = (out[r] - out["a"]).abs().max().item()
            worst = max(worst, d)
            assert d < tol, f"routing {r} vs a, {it} iterations: max abs diff {d}"
    return worst


if __name__ == "__main__":
    for name in MODELS:
        print(f"{name}: {count_params(build(name)):,} parameters")
    print(f"routings a/b/c agree: max abs diff {check_routings():.3g}")

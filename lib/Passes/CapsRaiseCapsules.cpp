//===- CapsRaiseCapsules.cpp - unrolled capsule subgraphs to capsule ops --===//
//
// Exported CapsNets spell each capsule layer as dozens of generic ops, and
// every exporter (and every way of writing the PyTorch code) spells it
// differently. Instead of one pattern per spelling, this pass finds a *region*:
// the ops computing one value from one input and constants only. It then checks
// by value that the region is the capsule op: the region runs on probe inputs
// in the evaluator (the reference kernels) and must agree with the capsule op's
// kernel. Structure finds candidates, values decide; a region that computes
// something else is left alone.
//
//===----------------------------------------------------------------------===//
#include "capsc/Eval/Evaluator.h"
#include "capsc/Passes/Passes.h"
#include "capsrt/capsrt.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Builders.h"
#include "mlir/Transforms/RegionUtils.h"
#include "llvm/ADT/SetVector.h"

#include <cmath>
#include <map>
#include <random>

namespace capsc {
#define GEN_PASS_DEF_CAPSRAISECAPSULESPASS
#include "capsc/Passes/Passes.h.inc"
} // namespace capsc

using namespace mlir;
using capsc::Buffer;
namespace caps = capsc::caps;

namespace {

/// Largest region considered: an unrolled 3-iteration routing is ~60 ops.
constexpr size_t kMaxRegionOps = 400;

ArrayRef<int64_t> shapeOf(Value v) {
  return cast<RankedTensorType>(v.getType()).getShape();
}
int64_t numElements(Value v) {
  return cast<RankedTensorType>(v.getType()).getNumElements();
}

/// The ops computing `out` from `in` and constants only, in program order, or
/// failure when `out` depends on anything else (or does not depend on `in`).
FailureOr<SmallVector<Operation *>> regionBetween(Value in, Value out) {
  llvm::SetVector<Operation *> seen;
  SmallVector<Value> stack{out};
  bool usesInput = false;
  while (!stack.empty()) {
    Value v = stack.pop_back_val();
    if (v == in) {
      usesInput = true;
      continue;
    }
    Operation *def = v.getDefiningOp();
    if (!def || !(isa<arith::ConstantOp>(def) ||
                  isa<caps::CapsDialect>(def->getDialect())))
      return failure();
    if (isa<arith::ConstantOp>(def) || !seen.insert(def))
      continue;
    if (seen.size() > kMaxRegionOps)
      return failure();
    llvm::append_range(stack, def->getOperands());
  }
  if (!usesInput)
    return failure();
  SmallVector<Operation *> ops(seen.begin(), seen.end());
  llvm::sort(ops,
             [](Operation *a, Operation *b) { return a->isBeforeInBlock(b); });
  return ops;
}

/// Runs a region on `probe` for its input; the value of `out`.
FailureOr<Buffer> evaluateRegion(ArrayRef<Operation *> ops, Value in,
                                 const Buffer &probe, Value out) {
  // Probes that make a kernel fail just fail the match.
  ScopedDiagnosticHandler silence(in.getContext(),
                                  [](Diagnostic &) { return success(); });
  std::map<const void *, Buffer>
      env; // node-based: pointers stay valid while it grows
  env[in.getAsOpaquePointer()] = probe;
  for (Operation *op : ops) {
    SmallVector<const Buffer *> operands;
    for (Value v : op->getOperands()) {
      auto it = env.find(v.getAsOpaquePointer());
      if (it == env.end()) {
        auto c = v.getDefiningOp<arith::ConstantOp>();
        auto dense = c ? dyn_cast<DenseElementsAttr>(c.getValue()) : nullptr;
        if (!dense)
          return failure();
        it = env.emplace(v.getAsOpaquePointer(), capsc::constantData(dense))
                 .first;
      }
      operands.push_back(&it->second);
    }
    auto result = capsc::evaluateOp(op, operands);
    if (failed(result))
      return failure();
    env[op->getResult(0).getAsOpaquePointer()] = std::move(*result);
  }
  return env[out.getAsOpaquePointer()];
}

bool allClose(const Buffer &got, const Buffer &want, double rtol, double atol) {
  if (got.size() != want.size())
    return false;
  for (size_t i = 0; i < got.size(); ++i)
    if (!(std::fabs((double)got[i] - want[i]) <=
          atol + rtol * std::fabs((double)want[i])))
      return false;
  return true;
}

/// Values of splat constants a region reads: candidate epsilons.
SmallVector<float> scalarConstants(ArrayRef<Operation *> ops) {
  SmallVector<float> values;
  for (Operation *op : ops)
    for (Value v : op->getOperands())
      if (auto c = v.getDefiningOp<arith::ConstantOp>())
        if (auto dense = dyn_cast<DenseElementsAttr>(c.getValue());
            dense && dense.isSplat())
          values.push_back(dense.getSplatValue<float>());
  return values;
}

/// x for x * x or pow(x, 2): the squares of which capsule norms are summed.
Value squaredValue(Value v) {
  if (auto mul = v.getDefiningOp<caps::MulOp>();
      mul && mul.getLhs() == mul.getRhs())
    return mul.getLhs();
  if (auto pow = v.getDefiningOp<caps::PowOp>())
    if (auto c = pow.getRhs().getDefiningOp<arith::ConstantOp>())
      if (auto dense = dyn_cast<DenseElementsAttr>(c.getValue());
          dense && dense.isSplat() && dense.getSplatValue<float>() == 2.0f &&
          pow.getType() == pow.getLhs().getType())
        return pow.getLhs();
  return Value();
}

int32_t squashVariantId(StringRef variant) {
  return variant == "efficient" ? CAPS_SQUASH_EFFICIENT : CAPS_SQUASH_SABOUR;
}

struct SquashMatch {
  StringRef variant;
  float epsilon;
};

struct CapsRaiseCapsulesPass
    : capsc::impl::CapsRaiseCapsulesPassBase<CapsRaiseCapsulesPass> {
  std::mt19937 rng{20171026}; // fixed: raising must be deterministic

  Buffer randomNormal(int64_t n, float sigma) {
    std::normal_distribution<float> dist(0.0f, sigma);
    Buffer b(n);
    for (float &x : b)
      x = dist(rng);
    return b;
  }

  void runOnOperation() override {
    for (auto func : getOperation().getOps<func::FuncOp>()) {
      // Each stage sees the previous one's result without its dead ops (their
      // uses would hide the single-use shapes later stages look for).
      for (auto stage : {&CapsRaiseCapsulesPass::raiseSquash,
                         &CapsRaiseCapsulesPass::raiseLength,
                         &CapsRaiseCapsulesPass::raisePrimaryCaps,
                         &CapsRaiseCapsulesPass::raiseRouting,
                         &CapsRaiseCapsulesPass::raisePredict}) {
        (this->*stage)(func);
        eraseDeadOps(func);
      }
    }
  }

  static void eraseDeadOps(func::FuncOp func) {
    for (Operation &op :
         llvm::make_early_inc_range(llvm::reverse(func.getBody().front())))
      if (isOpTriviallyDead(&op))
        op.erase();
  }

  //===--------------------------------------------------------------------===//
  // Squash: any region from s to y = f(s) that computes one of the squash
  // formulas
  //===--------------------------------------------------------------------===//

  /// Probe capsules with norms spread over 1e-2 .. 1e2, so both the large- and
  /// the small-norm behaviour of the formula are seen.
  Buffer squashProbe(Value s) {
    int64_t dim = shapeOf(s).back(), count = numElements(s) / dim;
    Buffer probe = randomNormal(count * dim, 1.0f);
    std::uniform_real_distribution<float> exponent(-2.0f, 2.0f);
    for (int64_t c = 0; c < count; ++c) {
      float n2 = 0;
      for (int64_t d = 0; d < dim; ++d)
        n2 += probe[c * dim + d] * probe[c * dim + d];
      float scale =
          std::pow(10.0f, exponent(rng)) / std::sqrt(std::max(n2, 1e-12f));
      for (int64_t d = 0; d < dim; ++d)
        probe[c * dim + d] *= scale;
    }
    return probe;
  }

  std::optional<SquashMatch> identifySquash(ArrayRef<Operation *> region,
                                            Value s, Value y) {
    Buffer probe = squashProbe(s);
    auto got = evaluateRegion(region, s, probe, y);
    if (failed(got))
      return std::nullopt;
    SmallVector<float> epsilons;
    for (float c : scalarConstants(region))
      if (c > 0.0f && c < 1e-2f)
        epsilons.push_back(c);
    epsilons.push_back(1e-30f); // a formula without epsilon: only a zero
                                // capsule differs (0, not NaN)
    int64_t dim = shapeOf(s).back();
    for (StringRef variant : {StringRef("sabour"), StringRef("efficient")}) {
      for (float eps : epsilons) {
        caps_squash_params_t p{(int32_t)(numElements(s) / dim), (int32_t)dim,
                               squashVariantId(variant), eps};
        Buffer want(probe.size());
        if (caps_squash_f32(&p, probe.data(), want.data()) == CAPS_OK &&
            allClose(*got, want, 1e-5, 1e-7))
          return SquashMatch{variant, eps};
      }
    }
    return std::nullopt;
  }

  void raiseSquash(func::FuncOp func) {
    SmallVector<caps::ReduceSumOp> norms;
    func.walk([&](caps::ReduceSumOp r) { norms.push_back(r); });
    for (caps::ReduceSumOp r : norms) {
      Value s = squaredValue(r.getInput());
      if (!s || !r.getKeepdims())
        continue;
      int64_t rank = shapeOf(s).size();
      if (rank < 2 || r.getAxes() != ArrayRef<int64_t>{rank - 1})
        continue;
      // Candidates for y: values of s's type downstream of s through
      // elementwise arithmetic.
      llvm::SetVector<Operation *> closure;
      SmallVector<Value> frontier{s};
      while (!frontier.empty() && closure.size() < 64) {
        Value v = frontier.pop_back_val();
        for (Operation *user : v.getUsers())
          if (isa<caps::MulOp, caps::AddOp, caps::SubOp, caps::DivOp,
                  caps::SqrtOp, caps::PowOp, caps::ExpOp, caps::NegOp,
                  caps::ReciprocalOp, caps::ReduceSumOp>(user) &&
              closure.insert(user))
            frontier.push_back(user->getResult(0));
      }
      SmallVector<Operation *> candidates(closure.begin(), closure.end());
      llvm::sort(candidates, [](Operation *a, Operation *b) {
        return b->isBeforeInBlock(a);
      }); // latest first
      for (Operation *cand : candidates) {
        Value y = cand->getResult(0);
        if (y.getType() != s.getType() || y.use_empty())
          continue;
        auto region = regionBetween(s, y);
        if (failed(region) || !llvm::is_contained(*region, r.getOperation()))
          continue;
        auto match = identifySquash(*region, s, y);
        if (!match)
          continue;
        OpBuilder b(cand);
        auto squash = b.create<caps::SquashOp>(
            cand->getLoc(), s.getType(), s, b.getStringAttr(match->variant),
            b.getF32FloatAttr(match->epsilon));
        squash->emitRemark()
            << "raised caps.squash (" << match->variant << ", epsilon "
            << match->epsilon << ") from " << region->size() << " ops";
        y.replaceAllUsesWith(squash.getResult());
        break;
      }
    }
  }

  //===--------------------------------------------------------------------===//
  // Length: sqrt(reduce_sum(v * v, last axis))
  //===--------------------------------------------------------------------===//

  void raiseLength(func::FuncOp func) {
    SmallVector<caps::SqrtOp> roots;
    func.walk([&](caps::SqrtOp op) { roots.push_back(op); });
    for (caps::SqrtOp root : roots) {
      auto sum = root.getInput().getDefiningOp<caps::ReduceSumOp>();
      Value v = sum ? squaredValue(sum.getInput()) : Value();
      if (!v || sum.getKeepdims())
        continue;
      int64_t rank = shapeOf(v).size();
      if (rank < 2 || sum.getAxes() != ArrayRef<int64_t>{rank - 1})
        continue;
      OpBuilder b(root);
      auto length = b.create<caps::LengthOp>(root.getLoc(), root.getType(), v);
      length->emitRemark() << "raised caps.length";
      root.replaceAllUsesWith(length.getResult());
    }
  }

  //===--------------------------------------------------------------------===//
  // Primary capsules: squash(reshape(conv2d)) into [N, caps, dim]
  //===--------------------------------------------------------------------===//

  void raisePrimaryCaps(func::FuncOp func) {
    SmallVector<caps::SquashOp> squashes;
    func.walk([&](caps::SquashOp op) { squashes.push_back(op); });
    for (caps::SquashOp sq : squashes) {
      auto reshape = sq.getInput().getDefiningOp<caps::ReshapeOp>();
      auto conv = reshape ? reshape.getInput().getDefiningOp<caps::Conv2dOp>()
                          : nullptr;
      if (!conv || conv.getChannelsLast() || shapeOf(sq.getInput()).size() != 3 ||
          !reshape->hasOneUse() || !conv->hasOneUse())
        continue;
      OpBuilder b(sq);
      auto primary = b.create<caps::PrimaryCapsOp>(
          sq.getLoc(), sq.getType(), conv.getInput(), conv.getWeight(),
          conv.getBias(), conv.getStridesAttr(), conv.getPadsAttr(),
          conv.getDilationsAttr(), conv.getGroupAttr(), sq.getVariantAttr(),
          sq.getEpsilonAttr(), /*channels_last=*/UnitAttr());
      primary->emitRemark() << "raised caps.primary_caps";
      sq.replaceAllUsesWith(primary.getResult());
    }
  }

  //===--------------------------------------------------------------------===//
  // Dynamic routing: a region from prediction vectors to the last squash
  //===--------------------------------------------------------------------===//

  /// Permutations p with transpose(x, p) of shape [N, I, J, D] for x of shape
  /// `s` (dim 0 is N), given the output capsules [N, J, D]: J and D are found
  /// by size; several when sizes coincide.
  static SmallVector<SmallVector<int64_t>>
  routingLayouts(ArrayRef<int64_t> s, int64_t j, int64_t d) {
    SmallVector<SmallVector<int64_t>> perms;
    for (int64_t pj = 1; pj < 4; ++pj)
      for (int64_t pd = 1; pd < 4; ++pd) {
        if (pj == pd || s[pj] != j || s[pd] != d)
          continue;
        int64_t pi = 6 - pj - pd;
        perms.push_back({0, pi, pj, pd});
      }
    return perms;
  }

  void raiseRouting(func::FuncOp func) {
    SmallVector<caps::SquashOp> squashes;
    func.walk([&](caps::SquashOp op) { squashes.push_back(op); });
    llvm::DenseSet<Operation *>
        consumed; // ops inside a raised routing: their squashes are not outputs
    for (caps::SquashOp v : llvm::reverse(squashes)) {
      if (consumed.contains(v) || v->use_empty())
        continue;
      ArrayRef<int64_t> vs = shapeOf(v.getResult());
      if (vs.size() != 3)
        continue;
      // Candidate inputs: 4-D values upstream of v holding N, J and D, earliest
      // first.
      SmallVector<Value> candidates;
      llvm::SetVector<Operation *> upstream;
      SmallVector<Value> stack{v.getInput()};
      while (!stack.empty() && upstream.size() < kMaxRegionOps) {
        Value x = stack.pop_back_val();
        if (auto shape = shapeOf(x);
            shape.size() == 4 && shape[0] == vs[0] &&
            !routingLayouts(shape, vs[1], vs[2]).empty())
          if (!x.getDefiningOp<arith::ConstantOp>() &&
              !llvm::is_contained(candidates, x))
            candidates.push_back(x);
        if (Operation *def = x.getDefiningOp();
            def && !isa<arith::ConstantOp>(def) && upstream.insert(def))
          llvm::append_range(stack, def->getOperands());
      }
      llvm::sort(candidates, [](Value a, Value b) {
        Operation *da = a.getDefiningOp(), *db = b.getDefiningOp();
        if (!da || !db)
          return !da && db;
        return da->isBeforeInBlock(db);
      });
      for (Value x : candidates) {
        auto region = regionBetween(x, v.getResult());
        if (failed(region))
          continue;
        int64_t iterations = llvm::count_if(
            *region, [](Operation *op) { return isa<caps::SquashOp>(op); });
        std::optional<SmallVector<int64_t>> layout =
            identifyRouting(*region, x, v, iterations);
        std::optional<SelfAttentionMatch> attention;
        if (!layout && iterations == 1)
          if ((attention = identifySelfAttention(*region, x, v)))
            layout = attention->perm;
        if (!layout)
          continue;
        OpBuilder b(v);
        Value uHat = x;
        ArrayRef<int64_t> xs = shapeOf(x);
        if (*layout != ArrayRef<int64_t>{0, 1, 2, 3}) {
          SmallVector<int64_t> shape;
          for (int64_t p : *layout)
            shape.push_back(xs[p]);
          uHat = b.create<caps::TransposeOp>(
              v.getLoc(), RankedTensorType::get(shape, b.getF32Type()), x,
              b.getDenseI64ArrayAttr(*layout));
        }
        Operation *routing;
        if (attention) {
          ArrayRef<int64_t> us = shapeOf(uHat);
          auto priorType =
              RankedTensorType::get({us[1], us[2]}, b.getF32Type());
          auto prior = b.create<arith::ConstantOp>(
              v.getLoc(), priorType,
              DenseElementsAttr::get(priorType,
                                     ArrayRef<float>(attention->logPrior)));
          routing = b.create<caps::SelfAttentionRoutingOp>(
              v.getLoc(), v.getType(), uHat, prior, v.getVariantAttr(),
              v.getEpsilonAttr());
          routing->emitRemark() << "raised caps.self_attention_routing from "
                                << region->size() << " ops";
        } else {
          routing = b.create<caps::DynamicRoutingOp>(
              v.getLoc(), v.getType(), uHat, b.getI64IntegerAttr(iterations),
              v.getVariantAttr(), v.getEpsilonAttr());
          routing->emitRemark()
              << "raised caps.dynamic_routing (" << iterations
              << " iterations) from " << region->size() << " ops";
        }
        v.replaceAllUsesWith(routing->getResult(0));
        consumed.insert(region->begin(), region->end());
        break;
      }
    }
  }

  /// `data` (of shape `shape`) transposed by `perm` (4-D).
  static Buffer transposed(const Buffer &data, ArrayRef<int64_t> shape,
                           ArrayRef<int64_t> perm) {
    SmallVector<int64_t> strides(4, 1), out;
    for (int64_t d = 2; d >= 0; --d)
      strides[d] = strides[d + 1] * shape[d + 1];
    for (int64_t p : perm)
      out.push_back(shape[p]);
    Buffer result(data.size());
    int64_t k = 0;
    for (int64_t a = 0; a < out[0]; ++a)
      for (int64_t b = 0; b < out[1]; ++b)
        for (int64_t c = 0; c < out[2]; ++c)
          for (int64_t e = 0; e < out[3]; ++e) {
            int64_t idx[4] = {a, b, c, e}, src = 0;
            for (int d = 0; d < 4; ++d)
              src += idx[d] * strides[perm[d]];
            result[k++] = data[src];
          }
    return result;
  }

  /// A random probe (prediction-vector-sized values) for `x` and what the
  /// region computes from it for `out`.
  std::optional<std::pair<Buffer, Buffer>>
  probeRegion(ArrayRef<Operation *> region, Value x, Value out) {
    Buffer probe = randomNormal(numElements(x), 0.3f);
    auto got = evaluateRegion(region, x, probe, out);
    if (failed(got))
      return std::nullopt;
    return std::make_pair(std::move(probe), std::move(*got));
  }

  /// Routing kernel parameters for prediction vectors of shape `xs` read in
  /// `perm` order ([N, I, J, D]), squashing like `v`.
  static caps_routing_params_t routingParams(ArrayRef<int64_t> xs,
                                             ArrayRef<int64_t> perm,
                                             int64_t iterations,
                                             caps::SquashOp v) {
    return caps_routing_params_t{(int32_t)xs[perm[0]],
                                 (int32_t)xs[perm[1]],
                                 (int32_t)xs[perm[2]],
                                 (int32_t)xs[perm[3]],
                                 (int32_t)iterations,
                                 squashVariantId(v.getVariant()),
                                 v.getEpsilon().convertToFloat()};
  }

  static Buffer routingScratch(const caps_routing_params_t &p) {
    return Buffer(std::max(caps_routing_get_buffer_size(&p), 1));
  }

  /// The layout under which `region` (x -> v) is dynamic routing with
  /// `iterations`, if any.
  std::optional<SmallVector<int64_t>>
  identifyRouting(ArrayRef<Operation *> region, Value x, caps::SquashOp v,
                  int64_t iterations) {
    if (iterations < 1)
      return std::nullopt;
    ArrayRef<int64_t> xs = shapeOf(x), vs = shapeOf(v.getResult());
    auto probed = probeRegion(region, x, v.getResult());
    if (!probed)
      return std::nullopt;
    const auto &[probe, got] = *probed;
    for (SmallVector<int64_t> &perm : routingLayouts(xs, vs[1], vs[2])) {
      Buffer canon = transposed(probe, xs, perm);
      caps_routing_params_t p = routingParams(xs, perm, iterations, v);
      Buffer scratch = routingScratch(p), want(numElements(v.getResult()));
      if (caps_dynamic_routing_f32(&p, canon.data(), scratch.data(),
                                   want.data()) == CAPS_OK &&
          allClose(got, want, 1e-4, 1e-6))
        return perm;
    }
    return std::nullopt;
  }

  struct SelfAttentionMatch {
    SmallVector<int64_t> perm;
    Buffer logPrior; // [I, J]
  };

  /// Self-attention routing (one softmax, one squash) with log priors from one
  /// of the region's constants holding I x J values (in either order);
  /// confirmed on a random probe.
  std::optional<SelfAttentionMatch>
  identifySelfAttention(ArrayRef<Operation *> region, Value x,
                        caps::SquashOp v) {
    if (llvm::count_if(region, [](Operation *op) {
          return isa<caps::SoftmaxOp>(op);
        }) != 1)
      return std::nullopt;
    ArrayRef<int64_t> xs = shapeOf(x), vs = shapeOf(v.getResult());
    auto probed = probeRegion(region, x, v.getResult());
    if (!probed)
      return std::nullopt;
    const auto &[probe, got] = *probed;
    for (SmallVector<int64_t> &perm : routingLayouts(xs, vs[1], vs[2])) {
      int64_t ins = xs[perm[1]], outs = xs[perm[2]];
      Buffer canon = transposed(probe, xs, perm);
      for (Operation *op : region)
        for (Value c : op->getOperands()) {
          auto cst = c.getDefiningOp<arith::ConstantOp>();
          auto dense =
              cst ? dyn_cast<DenseElementsAttr>(cst.getValue()) : nullptr;
          if (!dense || dense.getNumElements() != ins * outs)
            continue;
          SmallVector<int64_t> dims;
          for (int64_t d : dense.getType().getShape())
            if (d != 1)
              dims.push_back(d);
          Buffer data = capsc::constantData(dense);
          for (bool transposedPrior : {false, true}) {
            if (dims.size() == 2 &&
                dims != ArrayRef<int64_t>(
                            transposedPrior ? SmallVector<int64_t>{outs, ins}
                                            : SmallVector<int64_t>{ins, outs}))
              continue;
            Buffer prior(ins * outs);
            for (int64_t i = 0; i < ins; ++i)
              for (int64_t j = 0; j < outs; ++j)
                prior[i * outs + j] =
                    transposedPrior ? data[j * ins + i] : data[i * outs + j];
            caps_routing_params_t p = routingParams(xs, perm, 1, v);
            Buffer scratch = routingScratch(p),
                   want(numElements(v.getResult()));
            if (caps_self_attention_routing_f32(&p, canon.data(), prior.data(),
                                                scratch.data(),
                                                want.data()) == CAPS_OK &&
                allClose(got, want, 1e-4, 1e-6))
              return SelfAttentionMatch{perm, prior};
          }
        }
    }
    return std::nullopt;
  }

  //===--------------------------------------------------------------------===//
  // Predict: the linear map from capsules u to the routing's prediction vectors
  //===--------------------------------------------------------------------===//

  void raisePredict(func::FuncOp func) {
    SmallVector<Operation *> routings;
    func.walk([&](Operation *op) {
      if (isa<caps::DynamicRoutingOp, caps::SelfAttentionRoutingOp>(op))
        routings.push_back(op);
    });
    for (Operation *routing : routings) {
      Value y = routing->getOperand(0);
      if (y.getDefiningOp<caps::PredictOp>())
        continue;
      ArrayRef<int64_t> ys = shapeOf(y); // [N, I, J, D]
      SmallVector<Value> candidates;
      llvm::SetVector<Operation *> upstream;
      SmallVector<Value> stack{y};
      while (!stack.empty() && upstream.size() < 32) {
        Value x = stack.pop_back_val();
        if (auto s = shapeOf(x); s.size() == 3 && s[0] == ys[0] &&
                                 s[1] == ys[1] &&
                                 !x.getDefiningOp<arith::ConstantOp>())
          candidates.push_back(x);
        if (Operation *def = x.getDefiningOp();
            def && !isa<arith::ConstantOp>(def) && upstream.insert(def))
          llvm::append_range(stack, def->getOperands());
      }
      for (Value u : candidates) {
        auto region = regionBetween(u, y);
        if (failed(region))
          continue;
        auto weights = recoverPredictWeights(*region, u, y);
        if (!weights)
          continue;
        OpBuilder b(routing);
        int64_t k = shapeOf(u)[2];
        auto wType =
            RankedTensorType::get({ys[1], ys[2], ys[3], k}, b.getF32Type());
        auto w = b.create<arith::ConstantOp>(
            routing->getLoc(), wType,
            DenseElementsAttr::get(wType, ArrayRef<float>(*weights)));
        auto predict =
            b.create<caps::PredictOp>(routing->getLoc(), y.getType(), u, w);
        predict->emitRemark()
            << "raised caps.predict from " << region->size() << " ops";
        routing->setOperand(0, predict.getResult());
        break;
      }
    }
  }

  /// W [I, J, D, K] of a region that computes y[n, i, j, d] = sum_k W[i, j, d,
  /// k] u[n, i, k], read off with unit probes (exact: products with 1 and 0)
  /// and then confirmed on a random probe.
  std::optional<Buffer> recoverPredictWeights(ArrayRef<Operation *> region,
                                              Value u, Value y) {
    ArrayRef<int64_t> us = shapeOf(u), ys = shapeOf(y);
    int64_t n = us[0], ins = us[1], k = us[2], outs = ys[2] * ys[3];
    Buffer weights(ins * outs * k);
    for (int64_t kk = 0; kk < k; ++kk) {
      Buffer probe(n * ins * k, 0.0f);
      for (int64_t c = 0; c < n * ins; ++c)
        probe[c * k + kk] = 1.0f;
      auto got = evaluateRegion(region, u, probe, y);
      if (failed(got))
        return std::nullopt;
      for (int64_t i = 0; i < ins; ++i)
        for (int64_t o = 0; o < outs; ++o)
          weights[(i * outs + o) * k + kk] = (*got)[i * outs + o];
    }
    Buffer zero(n * ins * k, 0.0f);
    auto atZero = evaluateRegion(region, u, zero, y);
    if (failed(atZero) ||
        llvm::any_of(*atZero, [](float f) { return f != 0.0f; }))
      return std::nullopt; // affine, not linear
    Buffer probe = randomNormal(n * ins * k, 1.0f), want(numElements(y));
    auto got = evaluateRegion(region, u, probe, y);
    caps_predict_params_t p{(int32_t)n, (int32_t)ins, (int32_t)k,
                            (int32_t)ys[2], (int32_t)ys[3]};
    if (failed(got) ||
        caps_predict_f32(&p, probe.data(), weights.data(), want.data()) !=
            CAPS_OK ||
        !allClose(*got, want, 1e-5, 1e-6))
      return std::nullopt;
    return weights;
  }
};
} // namespace

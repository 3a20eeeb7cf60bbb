//===- Calibration.cpp - activation ranges for quantization ---------------===//
#include "capsc/Eval/Calibration.h"
#include "capsc/Dialect/Caps/CapsDialect.h"
#include "capsc/Kernels/KernelCall.h"

#include "mlir/IR/Builders.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>

using namespace mlir;

namespace capsc {

//===----------------------------------------------------------------------===//
// .npy files
//===----------------------------------------------------------------------===//

int64_t NpyArray::numElements() const {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

double NpyArray::at(int64_t i) const {
  const char *p = data.data() + i * itemSize;
  auto read = [&](auto value) {
    std::memcpy(&value, p, sizeof(value));
    return static_cast<double>(value);
  };
  switch (kind) {
  case 'f':
    return itemSize == 4 ? read(float()) : read(double());
  case 'i':
    return itemSize == 1   ? read(int8_t())
           : itemSize == 2 ? read(int16_t())
           : itemSize == 4 ? read(int32_t())
                           : read(int64_t());
  default: // 'u', 'b'
    return itemSize == 1   ? read(uint8_t())
           : itemSize == 2 ? read(uint16_t())
           : itemSize == 4 ? read(uint32_t())
                           : read(uint64_t());
  }
}

bool readNpy(StringRef path, NpyArray &array, std::string &error) {
  auto file = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                          /*RequiresNullTerminator=*/false);
  if (!file) {
    error = "cannot read '" + path.str() + "': " + file.getError().message();
    return false;
  }
  StringRef bytes = (*file)->getBuffer();
  auto fail = [&](const Twine &why) {
    error = ("'" + path + "' is not a supported .npy file: " + why).str();
    return false;
  };
  if (bytes.size() < 10 || !bytes.starts_with("\x93NUMPY"))
    return fail("missing the \\x93NUMPY magic");
  unsigned major = static_cast<unsigned char>(bytes[6]);
  size_t headerLen, offset;
  if (major == 1) {
    headerLen = static_cast<unsigned char>(bytes[8]) |
                static_cast<unsigned char>(bytes[9]) << 8;
    offset = 10;
  } else if (major == 2 || major == 3) {
    if (bytes.size() < 12)
      return fail("truncated header");
    headerLen = 0;
    for (int i = 3; i >= 0; --i)
      headerLen = headerLen << 8 | static_cast<unsigned char>(bytes[8 + i]);
    offset = 12;
  } else {
    return fail("unknown format version " + Twine(major));
  }
  if (offset + headerLen > bytes.size())
    return fail("truncated header");
  StringRef header = bytes.substr(offset, headerLen);
  // The header is a Python dict literal: {'descr': '<f4', 'fortran_order':
  // False, 'shape': (500, 1, 28, 28), }
  auto valueOf = [&](StringRef key) -> StringRef {
    size_t at = header.find(("'" + key + "'").str());
    if (at == StringRef::npos)
      return "";
    StringRef rest = header.drop_front(at + key.size() + 2).ltrim(" :");
    return rest;
  };
  StringRef descr = valueOf("descr");
  if (!descr.consume_front("'"))
    return fail("no 'descr'");
  descr = descr.take_until([](char c) { return c == '\''; });
  if (descr.size() < 3 || (descr[0] != '<' && descr[0] != '|'))
    return fail("dtype '" + descr + "' is not little-endian");
  array.kind = descr[1];
  if (!StringRef("fiub").contains(array.kind) ||
      descr.drop_front(2).getAsInteger(10, array.itemSize) ||
      !(array.itemSize == 1 || array.itemSize == 2 || array.itemSize == 4 ||
        array.itemSize == 8) ||
      (array.kind == 'f' && array.itemSize < 4))
    return fail("unsupported dtype '" + descr + "'");
  if (!valueOf("fortran_order").starts_with("False"))
    return fail("Fortran order is not supported");
  StringRef shape = valueOf("shape");
  if (!shape.consume_front("("))
    return fail("no 'shape'");
  shape = shape.take_until([](char c) { return c == ')'; });
  array.shape.clear();
  for (StringRef dim : llvm::split(shape, ',')) {
    dim = dim.trim();
    if (dim.empty())
      continue;
    int64_t d;
    if (dim.getAsInteger(10, d) || d < 0 || d > (int64_t{1} << 40))
      return fail("bad dim '" + dim + "'");
    array.shape.push_back(d);
  }
  int64_t count = 1;
  for (int64_t d : array.shape) {
    if (d != 0 && count > (int64_t{1} << 40) / d)
      return fail("too many elements");
    count *= d;
  }
  size_t dataOffset = offset + headerLen;
  if (static_cast<uint64_t>(count) * array.itemSize !=
      bytes.size() - dataOffset)
    return fail("data size does not match the shape");
  array.data.assign(bytes.begin() + dataOffset, bytes.end());
  return true;
}

bool splitSamples(const NpyArray &array, int64_t inputElements,
                  std::vector<Sample> &samples, std::string &error) {
  if (array.kind != 'f' || array.itemSize != 4) {
    error = "calibration data must be float32";
    return false;
  }
  int64_t total = array.numElements();
  if (array.shape.empty() || total == 0 || total % inputElements != 0) {
    error = "calibration data has " + std::to_string(total) +
            " elements, not a positive multiple of the model input's " +
            std::to_string(inputElements);
    return false;
  }
  const auto *values = reinterpret_cast<const float *>(array.data.data());
  for (int64_t at = 0; at < total; at += inputElements)
    samples.push_back({Buffer(values + at, values + at + inputElements)});
  return true;
}

//===----------------------------------------------------------------------===//
// Ranges
//===----------------------------------------------------------------------===//

namespace {
constexpr int kBins = 2048;

struct Stats {
  double min = INFINITY, max = -INFINITY;
  std::vector<double> histogram; // kBins over [min, max] (second pass)

  void observe(ArrayRef<float> values) {
    for (float v : values) {
      if (std::isnan(v))
        continue;
      min = std::min(min, double(v));
      max = std::max(max, double(v));
    }
  }
  void bin(ArrayRef<float> values) {
    if (histogram.empty())
      histogram.assign(kBins, 0.0);
    double width = (max - min) / kBins;
    for (float v : values) {
      if (std::isnan(v) || width <= 0)
        continue;
      int b = static_cast<int>((double(v) - min) / width);
      histogram[std::clamp(b, 0, kBins - 1)] += 1;
    }
  }
  double center(int b) const { return min + (max - min) * (b + 0.5) / kBins; }

  /// The range the method chooses.
  std::pair<double, double> choose(const CalibrationOptions &o) const {
    if (o.method == RangeMethod::MinMax || histogram.empty() || max <= min)
      return {min, max};
    double total = 0;
    for (double c : histogram)
      total += c;
    if (o.method == RangeMethod::Percentile) {
      double tail = total * (1.0 - o.percentile / 100.0) / 2.0, acc = 0;
      int lo = 0, hi = kBins - 1;
      while (lo < kBins - 1 && acc + histogram[lo] <= tail)
        acc += histogram[lo++];
      acc = 0;
      while (hi > lo && acc + histogram[hi] <= tail)
        acc += histogram[hi--];
      return {min + (max - min) * lo / kBins,
              min + (max - min) * (hi + 1) / kBins};
    }
    // MSE: shrink the range toward 0 and keep the clipping with the smallest
    // expected squared error (clipping error + rounding noise step^2 / 12).
    double bestErr = INFINITY, bestF = 1.0;
    for (int i = 0; i <= 40; ++i) {
      double f = 1.0 - i * 0.02;
      double lo = std::min(0.0, min * f), hi = std::max(0.0, max * f);
      double step = (hi - lo) / 255.0, err = 0;
      for (int b = 0; b < kBins; ++b) {
        if (histogram[b] == 0)
          continue;
        double x = center(b);
        double c = std::clamp(x, lo, hi);
        err += histogram[b] * (x != c ? (x - c) * (x - c) : step * step / 12);
      }
      if (err < bestErr) {
        bestErr = err;
        bestF = f;
      }
    }
    return {min * bestF, max * bestF};
  }
};

struct RoutingStats {
  std::vector<float> maxLogit, maxCoupling;
};
} // namespace

LogicalResult calibrate(func::FuncOp func, ArrayRef<Sample> samples,
                        const CalibrationOptions &options) {
  if (samples.empty())
    return func.emitError("calibration needs at least one sample");
  // Keys: a Value's opaque pointer, or a primary_caps op (its pre-squash
  // convolution output).
  std::map<const void *, Stats> stats;
  std::map<Operation *, RoutingStats> routing;
  bool binning = false;
  auto record = [&](const void *key, ArrayRef<float> values) {
    Stats &s = stats[key];
    binning ? s.bin(values) : s.observe(values);
  };

  auto observe = [&](Operation *op, Value result, ArrayRef<const void *> ins,
                     const RawBuffer &data) {
    record(result.getAsOpaquePointer(), asFloats(data));
    if (!op)
      return;
    if (auto pcaps = dyn_cast<caps::PrimaryCapsOp>(op)) {
      // The convolution alone: the first of the op's kernel calls.
      auto calls = getKernelCalls(op);
      if (failed(calls))
        return;
      Buffer conv(data.size() / sizeof(float));
      SmallVector<void *> args{
          const_cast<void *>(ins[0]), const_cast<void *>(ins[1]),
          ins.size() > 2 ? const_cast<void *>(ins[2]) : nullptr, conv.data()};
      if (invokeKernel(calls->front(), args) == CAPS_OK)
        record(op, conv);
    }
    if (!binning &&
        isa<caps::DynamicRoutingOp, caps::SelfAttentionRoutingOp>(op)) {
      auto calls = getKernelCalls(op);
      if (failed(calls))
        return;
      const KernelCall &call = calls->front();
      auto p = std::get<caps_routing_params_t>(call.params);
      bool dynamic = isa<caps::DynamicRoutingOp>(op);
      int iterations = dynamic ? p.iterations : 1;
      RoutingStats &r = routing[op];
      r.maxLogit.resize(iterations, 0.0f);
      r.maxCoupling.resize(iterations, 0.0f);
      Buffer scratch(call.scratchBytes / sizeof(float) + 1),
          out(data.size() / sizeof(float));
      const auto *uHat = static_cast<const float *>(ins[0]);
      if (dynamic)
        caps_dynamic_routing_stats_f32(&p, uHat, scratch.data(), out.data(),
                                       r.maxLogit.data(), r.maxCoupling.data());
      else
        caps_self_attention_routing_stats_f32(
            &p, uHat, static_cast<const float *>(ins[1]), scratch.data(),
            out.data(), r.maxLogit.data(), r.maxCoupling.data());
    }
  };

  bool tty = llvm::sys::Process::StandardErrIsDisplayed();
  int passes = options.method == RangeMethod::MinMax ? 1 : 2;
  for (int pass = 0; pass < passes; ++pass) {
    binning = pass == 1;
    int lastShown = -1;
    for (auto [i, sample] : llvm::enumerate(samples)) {
      if (failed(evaluateFunction(func, sample, observe)))
        return failure();
      if (!options.progress)
        continue;
      int percent = static_cast<int>((100 * (pass * samples.size() + i + 1)) /
                                     (passes * samples.size()));
      if (percent == lastShown || (!tty && percent % 10 != 0))
        continue;
      lastShown = percent;
      llvm::errs() << "capsc: calibrating on " << samples.size()
                   << " samples: " << percent << "%" << (tty ? "\r" : "\n");
    }
  }
  if (options.progress && tty)
    llvm::errs() << "\n";

  Builder b(func.getContext());
  auto rangeAttr = [&](const void *key) -> DenseF32ArrayAttr {
    auto it = stats.find(key);
    if (it == stats.end() || !(it->second.min <= it->second.max))
      return {};
    auto [lo, hi] = it->second.choose(options);
    return b.getDenseF32ArrayAttr(
        {static_cast<float>(lo), static_cast<float>(hi)});
  };
  for (BlockArgument arg : func.getArguments())
    if (auto attr = rangeAttr(arg.getAsOpaquePointer()))
      func.setArgAttr(arg.getArgNumber(), "caps.calib", attr);
  for (Operation &op : func.getBody().front()) {
    if (op.getNumResults() != 1 || isConstantLike(&op))
      continue;
    if (auto attr = rangeAttr(op.getResult(0).getAsOpaquePointer()))
      op.setAttr("caps.calib", attr);
    if (auto attr = rangeAttr(&op))
      op.setAttr("caps.calib_pre", attr);
    if (auto it = routing.find(&op); it != routing.end()) {
      SmallVector<float> flat;
      for (auto [l, c] : llvm::zip(it->second.maxLogit, it->second.maxCoupling))
        flat.append({l, c});
      op.setAttr("caps.routing_stats", b.getDenseF32ArrayAttr(flat));
    }
  }
  return success();
}

} // namespace capsc

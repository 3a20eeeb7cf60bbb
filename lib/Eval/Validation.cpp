//===- Validation.cpp - float vs quantized model on a data set ------------===//
#include "capsc/Eval/Validation.h"
#include "capsc/Dialect/Caps/CapsDialect.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cmath>
#include <map>

using namespace mlir;

namespace capsc {
namespace {
/// Ops are matched between the two functions by name and location: the
/// quantized function is the float one with types changed in place.
std::string opKey(Operation *op) {
  std::string key;
  llvm::raw_string_ostream os(key);
  os << op->getName() << "@";
  op->getLoc().print(os);
  return key;
}

/// Rows of the first output and the index of each row's maximum.
SmallVector<int64_t> argmaxRows(func::FuncOp func, const Buffer &out) {
  auto type = cast<RankedTensorType>(func.getResultTypes()[0]);
  int64_t rows = type.getRank() > 1 ? type.getDimSize(0) : 1;
  int64_t cols = static_cast<int64_t>(out.size()) / std::max<int64_t>(rows, 1);
  SmallVector<int64_t> result;
  for (int64_t r = 0; r < rows; ++r) {
    const float *row = out.data() + r * cols;
    result.push_back(std::max_element(row, row + cols) - row);
  }
  return result;
}

struct Power {
  double signal = 0, noise = 0;
};
} // namespace

FailureOr<ValidationResult> validate(func::FuncOp floatFunc,
                                     func::FuncOp quantizedFunc,
                                     ArrayRef<Sample> samples,
                                     ArrayRef<int64_t> labels, bool progress) {
  ValidationResult result;
  std::map<std::string, Buffer> reference; // float op outputs, this sample
  std::map<std::string, Power> power;
  std::vector<std::string> order; // quantized ops in program order
  std::map<std::string, std::string> nodeOf;
  int64_t rows = 0, agree = 0, floatRight = 0, quantRight = 0;
  for (auto [i, sample] : llvm::enumerate(samples)) {
    reference.clear();
    auto floatOut =
        evaluateFunction(floatFunc, sample,
                         [&](Operation *op, Value v, ArrayRef<const void *>,
                             const RawBuffer &data) {
                           if (op && isa<caps::CapsDialect>(op->getDialect())) {
                             ArrayRef<float> f = asFloats(data);
                             reference[opKey(op)] = Buffer(f.begin(), f.end());
                           }
                         });
    if (failed(floatOut))
      return failure();
    auto quantOut = evaluateFunction(
        quantizedFunc, sample,
        [&](Operation *op, Value v, ArrayRef<const void *>,
            const RawBuffer &data) {
          auto q = dyn_cast<quant::UniformQuantizedType>(
              getElementTypeOrSelf(v.getType()));
          if (!op || !q || !isa<caps::CapsDialect>(op->getDialect()) ||
              q.getStorageTypeIntegralWidth() != 8)
            return;
          auto it = reference.find(opKey(op));
          if (it == reference.end() || it->second.size() != data.size())
            return;
          auto [p, inserted] = power.try_emplace(it->first);
          if (inserted) {
            order.push_back(it->first);
            nodeOf[it->first] = caps::nodeName(op->getLoc());
          }
          // A ReLU / clip folded into the op's saturation: compare with the
          // float model after it.
          double lo = -INFINITY, hi = INFINITY;
          if (auto clamp =
                  op->getAttrOfType<DenseF64ArrayAttr>("caps.fused_clamp")) {
            lo = clamp[0];
            hi = clamp[1];
          }
          const auto *values = reinterpret_cast<const int8_t *>(data.data());
          for (size_t k = 0; k < data.size(); ++k) {
            double x = std::clamp(double(it->second[k]), lo, hi);
            double xq = q.getScale() * (double(values[k]) - q.getZeroPoint());
            p->second.signal += x * x;
            p->second.noise += (x - xq) * (x - xq);
          }
        });
    if (failed(quantOut))
      return failure();
    SmallVector<int64_t> f = argmaxRows(floatFunc, floatOut->front()),
                         q = argmaxRows(quantizedFunc, quantOut->front());
    for (size_t r = 0; r < f.size(); ++r, ++rows) {
      agree += f[r] == q[r];
      if (!labels.empty() && rows < static_cast<int64_t>(labels.size())) {
        floatRight += f[r] == labels[rows];
        quantRight += q[r] == labels[rows];
      }
    }
    if (progress && ((i + 1) % 100 == 0 || i + 1 == samples.size()))
      llvm::errs() << "capsc: validating: " << i + 1 << "/" << samples.size()
                   << " samples\n";
  }
  if (!labels.empty() && static_cast<int64_t>(labels.size()) != rows)
    return floatFunc.emitError()
           << "-labels has " << labels.size() << " labels for " << rows
           << " validation rows";
  result.samples = static_cast<int64_t>(samples.size());
  result.top1Agreement = rows ? double(agree) / rows : 0.0;
  if (!labels.empty() && rows) {
    result.floatAccuracy = double(floatRight) / rows;
    result.quantizedAccuracy = double(quantRight) / rows;
  }
  for (const std::string &key : order) {
    const Power &p = power[key];
    LayerSqnr layer;
    layer.op = key.substr(0, key.find('@'));
    layer.sqnrDb = p.noise > 0 ? 10.0 * std::log10(p.signal / p.noise)
                               : std::numeric_limits<double>::infinity();
    layer.name = nodeOf[key];
    result.layers.push_back(layer);
  }
  return result;
}

bool writeNpy(StringRef path, ArrayRef<int64_t> shape, ArrayRef<Buffer> arrays,
              std::string &error) {
  std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" +
                       std::to_string(arrays.size()) + ",";
  for (int64_t d : shape)
    header += " " + std::to_string(d) + ",";
  header += "), }";
  // Magic (6) + version (2) + length (2) + header + '\n', padded to 64.
  size_t total = 10 + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header += '\n';
  std::error_code ec;
  llvm::raw_fd_ostream os(path, ec);
  if (ec) {
    error = "cannot write '" + path.str() + "': " + ec.message();
    return false;
  }
  os << "\x93NUMPY" << '\x01' << '\x00';
  os << static_cast<char>(header.size() & 0xff)
     << static_cast<char>(header.size() >> 8) << header;
  for (const Buffer &b : arrays)
    os.write(reinterpret_cast<const char *>(b.data()),
             b.size() * sizeof(float));
  return true;
}

} // namespace capsc

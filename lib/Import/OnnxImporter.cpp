//===- OnnxImporter.cpp - ONNX model to caps dialect ----------------------===//
//
// This is the only translation unit that calls onnx, and onnx throws: it is
// compiled with -fexceptions and every onnx call sits inside one try block in
// importOnnxFile.
//
// Import works node by node in graph order. Values are either MLIR values
// (float tensors computed at run time) or host constants (initializers,
// Constant nodes and everything computed from constants only: the shape
// arithmetic PyTorch exports). Shape arithmetic is folded here on host
// constants, so every caps op is created with static shapes and attributes.
//
//===----------------------------------------------------------------------===//

#include "capsc/Import/OnnxImporter.h"
#include "capsc/Dialect/Caps/CapsDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include "onnx/checker.h"
#include "onnx/defs/parser.h"
#include "onnx/onnx_pb.h"
#include "onnx/shape_inference/implementation.h"
#include "onnx/version_converter/convert.h"

#include <cmath>
#include <cstring>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <set>

using namespace mlir;

namespace capsc {
namespace {

/// Opsets older than this are upgraded by onnx's version converter before
/// import.
constexpr int kMinOpset = 13;

/// capsc's own operator domain (docs/custom-ops.md): capsule ops that import
/// directly.
constexpr const char *kCapscDomain = "ai.capsc";

/// A tensor known at compile time. Integer and boolean tensors keep exact int64
/// values, float tensors float values; `isFloat` says which vector holds the
/// data.
struct HostTensor {
  SmallVector<int64_t> shape;
  bool isFloat = false;
  /// onnx::TensorProto data type it was read as (0 when computed).
  int32_t dtype = 0;
  std::vector<int64_t> ints;
  std::vector<float> floats;

  int64_t size() const {
    return isFloat ? (int64_t)floats.size() : (int64_t)ints.size();
  }
  /// The integer data, for uses that need integers (shapes, axes, indices);
  /// throws for float data.
  const std::vector<int64_t> &i() const;
  double at(int64_t i) const { return isFloat ? floats[i] : (double)ints[i]; }
};

int64_t numElements(ArrayRef<int64_t> shape) {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

/// Largest tensor capsc accepts: the runtime indexes with int32, and no
/// microcontroller holds more.
constexpr int64_t kMaxElements = std::numeric_limits<int32_t>::max();

/// numElements for shapes read from the model: rejects negative dims and sizes
/// past kMaxElements before anything multiplies or allocates with them.
int64_t checkedElements(ArrayRef<int64_t> shape, const Twine &what);

/// Spatial attributes of a Conv or pooling node in 2-D form: 1-D windows become
/// [1, k] windows over an [N, C, 1, L] view, so one 2-D kernel serves both.
struct Window {
  SmallVector<int64_t> kernel, strides, dilations,
      pads; // pads: top, left, bottom, right
};

/// Error raised by a node handler; collected and reported with the node's name
/// and op type.
struct NodeError {
  std::string message;
};

class Importer {
public:
  Importer(MLIRContext &ctx, const onnx::ModelProto &model,
           const ImportOptions &options, StringRef path)
      : ctx(ctx), model(model), options(options), path(path.str()),
        builder(&ctx) {
    for (const auto &opset : model.opset_import())
      if (opset.domain().empty() || opset.domain() == "ai.onnx")
        opset_ = opset.version();
  }

  OwningOpRef<ModuleOp> run();

  static const std::map<std::string,
                        void (Importer::*)(const onnx::NodeProto &)> &
  handlers();

private:
  // Values -------------------------------------------------------------------
  bool has(const std::string &name) const {
    return values.count(name) || consts.count(name);
  }
  Value get(const std::string &name);
  const HostTensor *getConst(const std::string &name) const {
    auto it = consts.find(name);
    return it == consts.end() ? nullptr : &it->second;
  }
  const HostTensor &needConst(const onnx::NodeProto &node, int index,
                              StringRef what);
  std::optional<const HostTensor *> optConst(const onnx::NodeProto &node,
                                             int index, StringRef what);
  bool allConst(const onnx::NodeProto &node) const {
    for (const auto &in : node.input())
      if (!in.empty() && !consts.count(in))
        return false;
    return true;
  }
  Value input(const onnx::NodeProto &node, int index);
  Value optInput(const onnx::NodeProto &node, int index) {
    return index < node.input_size() && !node.input(index).empty()
               ? input(node, index)
               : Value();
  }
  void setOutput(const onnx::NodeProto &node, int index, Value v) {
    values[node.output(index)] = v;
  }
  void setConst(const onnx::NodeProto &node, int index, HostTensor t) {
    consts[node.output(index)] = std::move(t);
  }

  // Attributes ----------------------------------------------------------------
  const onnx::AttributeProto *attr(const onnx::NodeProto &node,
                                   StringRef name) const {
    for (const auto &a : node.attribute())
      if (a.name() == name)
        return &a;
    return nullptr;
  }
  int64_t attrInt(const onnx::NodeProto &node, StringRef name,
                  int64_t dflt) const {
    const auto *a = attr(node, name);
    return a ? a->i() : dflt;
  }
  float attrFloat(const onnx::NodeProto &node, StringRef name,
                  float dflt) const {
    const auto *a = attr(node, name);
    return a ? a->f() : dflt;
  }
  std::string attrString(const onnx::NodeProto &node, StringRef name,
                         StringRef dflt) const {
    const auto *a = attr(node, name);
    return a ? a->s() : dflt.str();
  }
  SmallVector<int64_t> attrInts(const onnx::NodeProto &node, StringRef name,
                                ArrayRef<int64_t> dflt = {}) const {
    const auto *a = attr(node, name);
    return a ? SmallVector<int64_t>(a->ints().begin(), a->ints().end())
             : SmallVector<int64_t>(dflt);
  }

  // Helpers -------------------------------------------------------------------
  /// NameLoc of the node (its name, else its first output's) fused with its op
  /// type, so every diagnostic and generated symbol can name the ONNX node it
  /// came from.
  Location locOf(const onnx::NodeProto &node) const {
    std::string name = !node.name().empty()
                           ? node.name()
                           : (node.output_size() ? node.output(0) : "");
    return FusedLoc::get(&ctx, {NameLoc::get(StringAttr::get(&ctx, name))},
                         StringAttr::get(&ctx, node.op_type()));
  }
  RankedTensorType tensorType(ArrayRef<int64_t> shape) const {
    return RankedTensorType::get(shape, Float32Type::get(&ctx));
  }
  static ArrayRef<int64_t> shapeOf(Value v) {
    return cast<RankedTensorType>(v.getType()).getShape();
  }
  [[noreturn]] static void fail(const Twine &msg) {
    throw NodeError{msg.str()};
  }
  static int64_t normAxis(int64_t axis, int64_t rank) {
    int64_t a = axis < 0 ? axis + rank : axis;
    if (a < 0 || a >= rank)
      fail("axis " + Twine(axis) + " is out of range for rank " + Twine(rank));
    return a;
  }
  HostTensor fromProto(const onnx::TensorProto &t);
  Value materialize(const HostTensor &t, Location loc);
  template <typename OpT, typename... Args>
  Value create(const onnx::NodeProto &node, Args &&...args) {
    return builder.create<OpT>(locOf(node), std::forward<Args>(args)...)
        .getResult();
  }
  Window window(const onnx::NodeProto &node, ArrayRef<int64_t> in,
                ArrayRef<int64_t> kernel);
  Value to2d(const onnx::NodeProto &node, Value v);
  Value reshape(const onnx::NodeProto &node, Value v, ArrayRef<int64_t> shape);
  /// Shape of input 0, a host constant's or a run-time tensor's.
  SmallVector<int64_t> inputShape(const onnx::NodeProto &node);
  /// Output 0 = input 0 with another shape: a reshaped host constant or a
  /// caps.reshape.
  void setReshaped(const onnx::NodeProto &node, ArrayRef<int64_t> shape);
  bool foldConstNode(const onnx::NodeProto &node);

  // Node handlers
  // ---------------------------------------------------------------
  void importConv(const onnx::NodeProto &node);
  void importGemm(const onnx::NodeProto &node);
  void importMatMul(const onnx::NodeProto &node);
  void importBatchNorm(const onnx::NodeProto &node);
  void importUnary(const onnx::NodeProto &node);
  void importClip(const onnx::NodeProto &node);
  void importLeakyRelu(const onnx::NodeProto &node);
  void importMinMax(const onnx::NodeProto &node);
  void importBinary(const onnx::NodeProto &node);
  void importPool(const onnx::NodeProto &node);
  void importGlobalPool(const onnx::NodeProto &node);
  void importReduce(const onnx::NodeProto &node);
  void importSoftmax(const onnx::NodeProto &node);
  void importReshape(const onnx::NodeProto &node);
  void importFlatten(const onnx::NodeProto &node);
  void importSqueeze(const onnx::NodeProto &node);
  void importUnsqueeze(const onnx::NodeProto &node);
  void importTranspose(const onnx::NodeProto &node);
  void importConcat(const onnx::NodeProto &node);
  void importSlice(const onnx::NodeProto &node);
  void importPad(const onnx::NodeProto &node);
  void importCast(const onnx::NodeProto &node);
  void importIdentity(const onnx::NodeProto &node);
  void importConstant(const onnx::NodeProto &node);
  void importShape(const onnx::NodeProto &node);
  void importConstOnly(const onnx::NodeProto &node);
  void importEinsum(const onnx::NodeProto &node);
  void importExpand(const onnx::NodeProto &node);
  Value einsumReduce(const onnx::NodeProto &node, Value v, std::string &labels,
                     StringRef keep);
  void importQuantizeLinear(const onnx::NodeProto &node);
  void importDequantizeLinear(const onnx::NodeProto &node);
  void importQLinear(const onnx::NodeProto &node);
  /// Scales and zero points (as int8: uint8 ones shifted by -128) of a
  /// quantized ONNX tensor, from the node's scale and zero-point inputs.
  struct QParams {
    std::vector<double> scales;
    std::vector<int64_t> zeroPoints;
    int64_t axis = 0;
    bool isUnsigned = false;
  };
  QParams qparams(const onnx::NodeProto &node, int scaleIndex, int zpIndex,
                  int64_t axis, int64_t rank,
                  int32_t defaultType = onnx::TensorProto::UINT8);
  /// q (stored ints of a quantized tensor) as floats scale * (q - zero point).
  HostTensor dequantized(const HostTensor &q, const QParams &p);
  /// Records the model's quantization of the weights `name` (symmetric int8
  /// only) for caps.weight_quant.
  void recordWeightQuant(const std::string &name, const QParams &p,
                         int32_t dtype);
  /// Records that the float value `v` is quantized as (scale, zero point) in
  /// the model (caps.qdq on its defining op or function argument).
  void annotateQuantized(Value v, const QParams &p);
  void importCapsSquash(const onnx::NodeProto &node);
  void importCapsPrimaryCaps(const onnx::NodeProto &node);
  void importCapsRouting(const onnx::NodeProto &node);
  void importCapsLength(const onnx::NodeProto &node);
  StringAttr squashVariant(const onnx::NodeProto &node, StringRef dflt);

  MLIRContext &ctx;
  const onnx::ModelProto &model;
  const ImportOptions &options;
  std::string path;
  OpBuilder builder;
  int64_t opset_ = 1;
  std::map<std::string, Value> values;
  std::map<std::string, HostTensor> consts;
  std::map<std::string, Value> materialized;
  /// Constants that are dequantized int8 weights of the model: their
  /// quantized type, attached as caps.weight_quant when materialized.
  std::map<std::string, Type> weightQuant;
};

//===----------------------------------------------------------------------===//
// Values
//===----------------------------------------------------------------------===//

HostTensor Importer::fromProto(const onnx::TensorProto &t) {
  HostTensor h;
  h.dtype = t.data_type();
  h.shape.assign(t.dims().begin(), t.dims().end());
  int64_t n = checkedElements(h.shape, "tensor '" + t.name() + "'");
  if (t.has_data_location() && t.data_location() == onnx::TensorProto::EXTERNAL)
    fail("tensor '" + t.name() +
         "' uses external data, which capsc does not read");
  const std::string &raw = t.raw_data();
  auto fromRaw = [&](auto zero, auto &out) {
    using T = decltype(zero);
    if ((int64_t)raw.size() != n * (int64_t)sizeof(T))
      fail("tensor '" + t.name() + "' has " + Twine(raw.size()) +
           " bytes of data, expected " + Twine(n * (int64_t)sizeof(T)));
    for (int64_t i = 0; i < n; ++i) {
      T v;
      std::memcpy(&v, raw.data() + i * sizeof(T), sizeof(T));
      out.push_back(v);
    }
  };
  auto checkCount = [&](int64_t have) {
    if (have != n)
      fail("tensor '" + t.name() + "' has " + Twine(have) +
           " values, expected " + Twine(n));
  };
  switch (t.data_type()) {
  case onnx::TensorProto::FLOAT:
    h.isFloat = true;
    if (!raw.empty())
      fromRaw(0.0f, h.floats);
    else {
      checkCount(t.float_data_size());
      h.floats.assign(t.float_data().begin(), t.float_data().end());
    }
    break;
  case onnx::TensorProto::DOUBLE:
    h.isFloat = true;
    if (!raw.empty()) {
      std::vector<double> d;
      fromRaw(0.0, d);
      h.floats.assign(d.begin(), d.end());
    } else {
      checkCount(t.double_data_size());
      h.floats.assign(t.double_data().begin(), t.double_data().end());
    }
    break;
  case onnx::TensorProto::INT64:
    if (!raw.empty())
      fromRaw(int64_t(0), h.ints);
    else {
      checkCount(t.int64_data_size());
      h.ints.assign(t.int64_data().begin(), t.int64_data().end());
    }
    break;
  case onnx::TensorProto::INT32:
  case onnx::TensorProto::INT16:
  case onnx::TensorProto::INT8:
  case onnx::TensorProto::UINT16:
  case onnx::TensorProto::UINT8:
  case onnx::TensorProto::BOOL: {
    // Raw data holds the narrow type; int32_data holds every one of these
    // widened.
    auto narrow = [&](auto zero) {
      std::vector<decltype(zero)> d;
      fromRaw(zero, d);
      h.ints.assign(d.begin(), d.end());
    };
    if (raw.empty()) {
      checkCount(t.int32_data_size());
      h.ints.assign(t.int32_data().begin(), t.int32_data().end());
    } else if (t.data_type() == onnx::TensorProto::INT32) {
      narrow(int32_t(0));
    } else if (t.data_type() == onnx::TensorProto::INT16) {
      narrow(int16_t(0));
    } else if (t.data_type() == onnx::TensorProto::INT8) {
      narrow(int8_t(0));
    } else if (t.data_type() == onnx::TensorProto::UINT16) {
      narrow(uint16_t(0));
    } else {
      narrow(uint8_t(0));
    }
    break;
  }
  case onnx::TensorProto::UINT32:
  case onnx::TensorProto::UINT64: {
    std::vector<uint64_t> d;
    if (raw.empty()) {
      checkCount(t.uint64_data_size());
      d.assign(t.uint64_data().begin(), t.uint64_data().end());
    } else if (t.data_type() == onnx::TensorProto::UINT32) {
      std::vector<uint32_t> d32;
      fromRaw(uint32_t(0), d32);
      d.assign(d32.begin(), d32.end());
    } else {
      fromRaw(uint64_t(0), d);
    }
    for (uint64_t v : d) {
      if (v > (uint64_t)std::numeric_limits<int64_t>::max())
        fail("tensor '" + t.name() + "' holds a value beyond int64");
      h.ints.push_back((int64_t)v);
    }
    break;
  }
  default:
    fail("tensor '" + t.name() + "' has element type " +
         onnx::TensorProto::DataType_Name(
             (onnx::TensorProto::DataType)t.data_type()) +
         ", which capsc does not support");
  }
  return h;
}

Value Importer::materialize(const HostTensor &t, Location loc) {
  SmallVector<float> data;
  data.reserve(t.size());
  for (int64_t i = 0; i < t.size(); ++i)
    data.push_back((float)t.at(i));
  auto type = tensorType(t.shape);
  return builder.create<arith::ConstantOp>(
      loc, type, DenseElementsAttr::get(type, ArrayRef<float>(data)));
}

Value Importer::get(const std::string &name) {
  if (auto it = values.find(name); it != values.end())
    return it->second;
  if (auto it = materialized.find(name); it != materialized.end())
    return it->second;
  auto it = consts.find(name);
  if (it == consts.end())
    fail("input '" + name +
         "' is neither a graph input, an initializer nor the output of an "
         "earlier node");
  // An integer constant read as float data (Pow's exponent may be integer):
  // exact below 2^24.
  if (!it->second.isFloat && llvm::any_of(it->second.ints, [](int64_t v) {
        return std::abs(v) > (1 << 24);
      }))
    fail("integer tensor '" + name +
         "' is used as float data but holds values beyond 2^24");
  OpBuilder::InsertionGuard guard(builder);
  builder.setInsertionPointToStart(builder.getInsertionBlock());
  Value v = materialize(it->second, NameLoc::get(StringAttr::get(&ctx, name)));
  if (auto q = weightQuant.find(name); q != weightQuant.end())
    v.getDefiningOp()->setAttr("caps.weight_quant", TypeAttr::get(q->second));
  materialized[name] = v;
  return v;
}

Value Importer::input(const onnx::NodeProto &node, int index) {
  if (index >= node.input_size() || node.input(index).empty())
    fail("missing input " + Twine(index));
  return get(node.input(index));
}

const HostTensor &Importer::needConst(const onnx::NodeProto &node, int index,
                                      StringRef what) {
  if (index >= node.input_size() || node.input(index).empty())
    fail("missing input " + Twine(index) + " (" + what + ")");
  const HostTensor *t = getConst(node.input(index));
  if (!t) {
    if (!has(node.input(index)))
      get(node.input(index)); // reports the dangling name
    fail(Twine(what) + " (input '" + node.input(index) +
         "') must be a compile-time constant");
  }
  return *t;
}

std::optional<const HostTensor *>
Importer::optConst(const onnx::NodeProto &node, int index, StringRef what) {
  if (index >= node.input_size() || node.input(index).empty())
    return std::nullopt;
  return &needConst(node, index, what);
}

Value Importer::reshape(const onnx::NodeProto &node, Value v,
                        ArrayRef<int64_t> shape) {
  if (numElements(shape) != numElements(shapeOf(v)))
    fail("cannot reshape " + Twine(numElements(shapeOf(v))) +
         " elements into " + Twine(numElements(shape)));
  return create<caps::ReshapeOp>(node, tensorType(shape), v);
}

SmallVector<int64_t> Importer::inputShape(const onnx::NodeProto &node) {
  if (const HostTensor *c = getConst(node.input(0)))
    return c->shape;
  return SmallVector<int64_t>(shapeOf(input(node, 0)));
}

void Importer::setReshaped(const onnx::NodeProto &node,
                           ArrayRef<int64_t> shape) {
  const HostTensor *c = getConst(node.input(0));
  if (!c) {
    setOutput(node, 0, reshape(node, input(node, 0), shape));
    return;
  }
  if (numElements(shape) != c->size())
    fail("cannot reshape " + Twine(c->size()) + " elements into " +
         Twine(numElements(shape)));
  HostTensor r = *c;
  r.shape.assign(shape.begin(), shape.end());
  setConst(node, 0, r);
}

//===----------------------------------------------------------------------===//
// Compile-time folding of shape arithmetic
//===----------------------------------------------------------------------===//

int64_t checkedElements(ArrayRef<int64_t> shape, const Twine &what) {
  int64_t n = 1;
  for (int64_t d : shape) {
    if (d < 0)
      throw NodeError{(what + " has a negative dim").str()};
    if (d != 0 && n > kMaxElements / d)
      throw NodeError{(what + " has more than 2^31-1 elements").str()};
    n *= d;
  }
  return n;
}

const std::vector<int64_t> &HostTensor::i() const {
  if (isFloat)
    throw NodeError{"expects an integer tensor (shape, axes, pads or indices), "
                    "got float data"};
  return ints;
}

/// Numpy broadcasting of two shapes.
SmallVector<int64_t> broadcastShapes(ArrayRef<int64_t> a, ArrayRef<int64_t> b) {
  size_t rank = std::max(a.size(), b.size());
  SmallVector<int64_t> out(rank);
  for (size_t i = 0; i < rank; ++i) {
    int64_t da = i < rank - a.size() ? 1 : a[i - (rank - a.size())];
    int64_t db = i < rank - b.size() ? 1 : b[i - (rank - b.size())];
    if (da != db && da != 1 && db != 1)
      throw NodeError{"shapes do not broadcast"};
    out[i] = da == 1 ? db : da;
  }
  return out;
}

/// Index into a broadcast operand of shape `in` for flat output index `flat` of
/// shape `out`.
int64_t broadcastIndex(ArrayRef<int64_t> in, ArrayRef<int64_t> out,
                       int64_t flat) {
  int64_t idx = 0, stride = 1;
  for (int64_t d = (int64_t)out.size() - 1; d >= 0; --d) {
    int64_t coord = flat % out[d];
    flat /= out[d];
    int64_t id = d - ((int64_t)out.size() - (int64_t)in.size());
    if (id >= 0) {
      if (in[id] != 1)
        idx += coord * stride;
      stride *= in[id];
    }
  }
  return idx;
}

/// Elementwise op over broadcast host tensors; integer results unless either
/// input is float.
HostTensor foldElementwise(const std::vector<const HostTensor *> &ins,
                           bool floatResult,
                           const std::function<double(ArrayRef<double>)> &fn) {
  SmallVector<int64_t> shape;
  for (const HostTensor *t : ins)
    shape = broadcastShapes(shape, t->shape);
  HostTensor r;
  r.shape = shape;
  r.isFloat = floatResult;
  int64_t n = numElements(shape);
  SmallVector<double> args(ins.size());
  for (int64_t i = 0; i < n; ++i) {
    for (size_t k = 0; k < ins.size(); ++k)
      args[k] = ins[k]->at(broadcastIndex(ins[k]->shape, shape, i));
    double v = fn(args);
    if (floatResult)
      r.floats.push_back((float)v);
    else
      r.ints.push_back((int64_t)v);
  }
  return r;
}

/// Integer-exact elementwise op for int64 shape arithmetic (Add/Sub/Mul/Div on
/// shapes).
HostTensor foldIntBinary(const HostTensor &a, const HostTensor &b,
                         const std::function<int64_t(int64_t, int64_t)> &fn) {
  HostTensor r;
  r.shape = broadcastShapes(a.shape, b.shape);
  int64_t n = numElements(r.shape);
  for (int64_t i = 0; i < n; ++i)
    r.ints.push_back(fn(a.i()[broadcastIndex(a.shape, r.shape, i)],
                        b.i()[broadcastIndex(b.shape, r.shape, i)]));
  return r;
}

/// Gathers elements of `t` (row-major) at flat positions `index(i)` into a
/// tensor of `shape`.
HostTensor gatherFlat(const HostTensor &t, ArrayRef<int64_t> shape,
                      const std::function<int64_t(int64_t)> &index) {
  HostTensor r;
  r.shape.assign(shape.begin(), shape.end());
  r.isFloat = t.isFloat;
  int64_t n = numElements(shape);
  for (int64_t i = 0; i < n; ++i) {
    int64_t j = index(i);
    if (t.isFloat)
      r.floats.push_back(t.floats[j]);
    else
      r.ints.push_back(t.ints[j]);
  }
  return r;
}

/// Resolves ONNX Slice's starts/ends/axes/steps into per-dim (start, size,
/// step), clamped as ONNX does.
void resolveSlice(ArrayRef<int64_t> shape, const HostTensor &starts,
                  const HostTensor &ends, const HostTensor *axes,
                  const HostTensor *steps, SmallVector<int64_t> &outStart,
                  SmallVector<int64_t> &outSize,
                  SmallVector<int64_t> &outStep) {
  int64_t rank = shape.size();
  outStart.assign(rank, 0);
  outStep.assign(rank, 1);
  outSize.assign(shape.begin(), shape.end());
  if (starts.size() != ends.size() || (axes && axes->size() != starts.size()) ||
      (steps && steps->size() != starts.size()))
    throw NodeError{"starts, ends, axes and steps differ in length"};
  for (int64_t i = 0; i < starts.size(); ++i) {
    int64_t axis = axes ? axes->i()[i] : i;
    if (axis < 0)
      axis += rank;
    if (axis < 0 || axis >= rank)
      throw NodeError{"slice axis out of range"};
    int64_t dim = shape[axis];
    int64_t step = steps ? steps->i()[i] : 1;
    if (step == 0)
      throw NodeError{"slice step is 0"};
    int64_t s = starts.i()[i], e = ends.i()[i];
    if (s < 0)
      s += dim;
    if (e < 0 && e > std::numeric_limits<int64_t>::min() / 2)
      e += dim;
    if (step > 0) {
      s = std::clamp<int64_t>(s, 0, dim);
      e = std::clamp<int64_t>(e, 0, dim);
    } else {
      s = std::clamp<int64_t>(s, 0, dim - 1);
      e = std::clamp<int64_t>(e, -1, dim - 1);
    }
    int64_t size =
        step > 0 ? (e - s + step - 1) / step : (s - e + (-step) - 1) / (-step);
    outStart[axis] = s;
    outStep[axis] = step;
    outSize[axis] = std::max<int64_t>(size, 0);
  }
}

/// Evaluates a node whose inputs are all host constants. Returns false when the
/// op has no host folding (it is then imported as caps ops on materialized
/// constants).
bool Importer::foldConstNode(const onnx::NodeProto &node) {
  const std::string &op = node.op_type();
  auto in = [&](int i) -> const HostTensor & {
    return needConst(node, i, "input");
  };
  auto isInt = [&](int i) { return !in(i).isFloat; };
  if (op == "Constant" || op == "Shape")
    return false; // handled by their own importers
  if (op == "Identity") {
    setConst(node, 0, in(0));
    return true;
  }
  if (op == "Cast") {
    int64_t to = attrInt(node, "to", 1);
    bool toFloat =
        to == onnx::TensorProto::FLOAT || to == onnx::TensorProto::DOUBLE;
    setConst(node, 0,
             foldElementwise({&in(0)}, toFloat,
                             [](ArrayRef<double> a) { return a[0]; }));
    return true;
  }
  if ((op == "Add" || op == "Sub" || op == "Mul" || op == "Div") && isInt(0) &&
      isInt(1)) {
    std::function<int64_t(int64_t, int64_t)> fn;
    if (op == "Add")
      fn = [](int64_t a, int64_t b) { return a + b; };
    else if (op == "Sub")
      fn = [](int64_t a, int64_t b) { return a - b; };
    else if (op == "Mul")
      fn = [](int64_t a, int64_t b) { return a * b; };
    else
      fn = [](int64_t a, int64_t b) {
        if (b == 0)
          throw NodeError{"integer division by zero"};
        int64_t q = a / b;
        return (q * b != a && ((a < 0) != (b < 0)))
                   ? q - 1
                   : q; // floor, as numpy for ints
      };
    setConst(node, 0, foldIntBinary(in(0), in(1), fn));
    return true;
  }
  if (op == "Equal" || op == "Less" || op == "Greater" || op == "Not") {
    std::function<double(ArrayRef<double>)> fn;
    if (op == "Equal")
      fn = [](ArrayRef<double> a) { return a[0] == a[1] ? 1.0 : 0.0; };
    else if (op == "Less")
      fn = [](ArrayRef<double> a) { return a[0] < a[1] ? 1.0 : 0.0; };
    else if (op == "Greater")
      fn = [](ArrayRef<double> a) { return a[0] > a[1] ? 1.0 : 0.0; };
    else
      fn = [](ArrayRef<double> a) { return a[0] == 0 ? 1.0 : 0.0; };
    std::vector<const HostTensor *> ins;
    for (int i = 0; i < node.input_size(); ++i)
      ins.push_back(&in(i));
    setConst(node, 0, foldElementwise(ins, false, fn));
    return true;
  }
  if (op == "Where") {
    const HostTensor &c = in(0), &x = in(1), &y = in(2);
    if (x.isFloat != y.isFloat)
      fail("Where branches differ in element type");
    if (!x.isFloat) {
      HostTensor r;
      r.shape = broadcastShapes(broadcastShapes(c.shape, x.shape), y.shape);
      for (int64_t i = 0, n = numElements(r.shape); i < n; ++i)
        r.ints.push_back(c.i()[broadcastIndex(c.shape, r.shape, i)]
                             ? x.i()[broadcastIndex(x.shape, r.shape, i)]
                             : y.i()[broadcastIndex(y.shape, r.shape, i)]);
      setConst(node, 0, r);
    } else {
      setConst(node, 0,
               foldElementwise({&c, &x, &y}, true, [](ArrayRef<double> a) {
                 return a[0] != 0 ? a[1] : a[2];
               }));
    }
    return true;
  }
  if (op == "Gather") {
    const HostTensor &data = in(0), &idx = in(1);
    int64_t rank = data.shape.size();
    int64_t axis = normAxis(attrInt(node, "axis", 0), rank);
    SmallVector<int64_t> shape(data.shape.begin(), data.shape.begin() + axis);
    shape.append(idx.shape.begin(), idx.shape.end());
    shape.append(data.shape.begin() + axis + 1, data.shape.end());
    int64_t inner =
        numElements(ArrayRef<int64_t>(data.shape).drop_front(axis + 1));
    int64_t nidx = numElements(idx.shape), dim = data.shape[axis];
    setConst(node, 0, gatherFlat(data, shape, [&](int64_t i) {
               int64_t o = i / (nidx * inner), k = (i / inner) % nidx,
                       r = i % inner;
               int64_t j = idx.i()[k] < 0 ? idx.i()[k] + dim : idx.i()[k];
               if (j < 0 || j >= dim)
                 throw NodeError{"Gather index out of range"};
               return (o * dim + j) * inner + r;
             }));
    return true;
  }
  if (op == "Unsqueeze" || op == "Squeeze" || op == "Reshape" ||
      op == "Flatten" || op == "Expand" || op == "Concat" || op == "Slice" ||
      op == "Transpose") {
    // Shape-only transforms of constants: compute the shape with the same code
    // as run-time imports, then move data on the host.
    const HostTensor &data = in(0);
    SmallVector<int64_t> shape;
    if (op == "Concat") {
      int64_t axis = normAxis(attrInt(node, "axis", 0), data.shape.size());
      shape = data.shape;
      shape[axis] = 0;
      std::vector<const HostTensor *> parts;
      for (int i = 0; i < node.input_size(); ++i) {
        const HostTensor &t = in(i);
        bool compatible =
            t.isFloat == data.isFloat && t.shape.size() == data.shape.size();
        for (size_t d = 0; compatible && d < t.shape.size(); ++d)
          compatible = (int64_t)d == axis || t.shape[d] == data.shape[d];
        if (!compatible)
          fail("Concat inputs differ in element type, rank or non-axis dims");
        parts.push_back(&t);
        shape[axis] += in(i).shape[axis];
      }
      int64_t inner =
          numElements(ArrayRef<int64_t>(shape).drop_front(axis + 1));
      HostTensor r;
      r.shape = shape;
      r.isFloat = data.isFloat;
      int64_t outer = numElements(ArrayRef<int64_t>(shape).take_front(axis));
      for (int64_t o = 0; o < outer; ++o)
        for (const HostTensor *t : parts) {
          int64_t block = t->shape[axis] * inner;
          if (r.isFloat)
            r.floats.insert(r.floats.end(), t->floats.begin() + o * block,
                            t->floats.begin() + (o + 1) * block);
          else
            r.ints.insert(r.ints.end(), t->ints.begin() + o * block,
                          t->ints.begin() + (o + 1) * block);
        }
      setConst(node, 0, r);
      return true;
    }
    if (op == "Expand") {
      const HostTensor &s = in(1);
      shape = broadcastShapes(data.shape,
                              SmallVector<int64_t>(s.i().begin(), s.i().end()));
      checkedElements(shape, "Expand's result");
      setConst(node, 0, gatherFlat(data, shape, [&](int64_t i) {
                 return broadcastIndex(data.shape, shape, i);
               }));
      return true;
    }
    if (op == "Slice") {
      SmallVector<int64_t> starts, sizes, steps;
      const HostTensor *axes =
          node.input_size() > 3 && !node.input(3).empty() ? &in(3) : nullptr;
      const HostTensor *st =
          node.input_size() > 4 && !node.input(4).empty() ? &in(4) : nullptr;
      resolveSlice(data.shape, in(1), in(2), axes, st, starts, sizes, steps);
      setConst(node, 0, gatherFlat(data, sizes, [&](int64_t i) {
                 int64_t j = 0, stride = 1;
                 for (int64_t d = (int64_t)sizes.size() - 1; d >= 0; --d) {
                   int64_t c = i % sizes[d];
                   i /= sizes[d];
                   j += (starts[d] + c * steps[d]) * stride;
                   stride *= data.shape[d];
                 }
                 return j;
               }));
      return true;
    }
    if (op == "Transpose") {
      int64_t rank = data.shape.size();
      SmallVector<int64_t> perm = attrInts(node, "perm");
      if (perm.empty())
        for (int64_t d = rank - 1; d >= 0; --d)
          perm.push_back(d);
      SmallVector<int64_t> sorted(perm);
      llvm::sort(sorted);
      for (int64_t d = 0; d < rank; ++d)
        if ((int64_t)sorted.size() != rank || sorted[d] != d)
          fail("perm is not a permutation of the dims");
      for (int64_t p : perm)
        shape.push_back(data.shape[p]);
      setConst(node, 0, gatherFlat(data, shape, [&](int64_t i) {
                 SmallVector<int64_t> coord(rank);
                 for (int64_t d = rank - 1; d >= 0; --d) {
                   coord[d] = i % shape[d];
                   i /= shape[d];
                 }
                 int64_t j = 0;
                 SmallVector<int64_t> inCoord(rank);
                 for (int64_t d = 0; d < rank; ++d)
                   inCoord[perm[d]] = coord[d];
                 for (int64_t d = 0; d < rank; ++d)
                   j = j * data.shape[d] + inCoord[d];
                 return j;
               }));
      return true;
    }
    // Pure reshapes: reuse the run-time importers' shape logic on a placeholder
    // type.
    return false;
  }
  if (op == "ConstantOfShape") {
    HostTensor r;
    const HostTensor &s = in(0);
    r.shape.assign(s.i().begin(), s.i().end());
    HostTensor value;
    if (const auto *a = attr(node, "value"))
      value = fromProto(a->t());
    else {
      value.isFloat = true;
      value.floats = {0.0f};
    }
    r.isFloat = value.isFloat;
    int64_t n = checkedElements(r.shape, "ConstantOfShape's shape");
    if (value.size() != 1)
      fail("ConstantOfShape's value must hold one element");
    if (r.isFloat)
      r.floats.assign(n, value.floats.at(0));
    else
      r.ints.assign(n, value.i().at(0));
    setConst(node, 0, r);
    return true;
  }
  if (op == "Range") {
    const HostTensor &s = in(0), &l = in(1), &d = in(2);
    HostTensor r;
    r.isFloat = s.isFloat;
    double start = s.at(0), limit = l.at(0), delta = d.at(0);
    if (delta == 0)
      fail("Range delta is 0");
    double count = std::ceil((limit - start) / delta);
    if (!(count < (double)kMaxElements))
      fail("Range has too many elements");
    int64_t n = std::max<int64_t>((int64_t)count, 0);
    r.shape = {n};
    for (int64_t i = 0; i < n; ++i) {
      if (r.isFloat)
        r.floats.push_back((float)(start + i * delta));
      else
        r.ints.push_back(s.i().at(0) + i * d.i().at(0));
    }
    setConst(node, 0, r);
    return true;
  }
  return false;
}

//===----------------------------------------------------------------------===//
// Node importers
//===----------------------------------------------------------------------===//

Window Importer::window(const onnx::NodeProto &node, ArrayRef<int64_t> in,
                        ArrayRef<int64_t> kernel) {
  size_t rank = kernel.size();
  auto lift = [&](SmallVector<int64_t> v, int64_t one) {
    if (v.size() != rank)
      fail("expects " + Twine(rank) + " values per spatial attribute, got " +
           Twine(v.size()));
    if (rank == 1)
      v.insert(v.begin(), one);
    return v;
  };
  Window w;
  w.kernel = lift(SmallVector<int64_t>(kernel), 1);
  w.strides = lift(attrInts(node, "strides", SmallVector<int64_t>(rank, 1)), 1);
  w.dilations =
      lift(attrInts(node, "dilations", SmallVector<int64_t>(rank, 1)), 1);
  SmallVector<int64_t> pads =
      attrInts(node, "pads", SmallVector<int64_t>(2 * rank, 0));
  if (pads.size() != 2 * rank)
    fail("expects " + Twine(2 * rank) + " pads, got " + Twine(pads.size()));
  w.pads = rank == 1 ? SmallVector<int64_t>{0, pads[0], 0, pads[1]} : pads;
  SmallVector<int64_t> in2(in);
  if (rank == 1)
    in2.insert(in2.begin(), 1);
  std::string autoPad = attrString(node, "auto_pad", "NOTSET");
  if (autoPad == "VALID") {
    w.pads.assign(4, 0);
  } else if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
    for (int d = 0; d < 2; ++d) {
      int64_t out = (in2[d] + w.strides[d] - 1) / w.strides[d];
      int64_t total =
          std::max<int64_t>((out - 1) * w.strides[d] +
                                w.dilations[d] * (w.kernel[d] - 1) + 1 - in2[d],
                            0);
      int64_t small = total / 2, big = total - small;
      w.pads[d] = autoPad == "SAME_UPPER" ? small : big;
      w.pads[2 + d] = autoPad == "SAME_UPPER" ? big : small;
    }
  } else if (autoPad != "NOTSET") {
    fail("unknown auto_pad '" + autoPad + "'");
  }
  return w;
}

/// [N, C, L] -> [N, C, 1, L] for 1-D windows; 4-D passes through; other ranks
/// are unsupported.
Value Importer::to2d(const onnx::NodeProto &node, Value v) {
  ArrayRef<int64_t> s = shapeOf(v);
  if (s.size() == 4)
    return v;
  if (s.size() != 3)
    fail("only 1-D and 2-D windows are supported (input rank 3 or 4), got "
         "rank " +
         Twine(s.size()));
  return reshape(node, v, {s[0], s[1], 1, s[2]});
}

static int64_t windowOut(int64_t in, int64_t padBegin, int64_t padEnd,
                         int64_t k, int64_t s, int64_t d, bool ceilMode) {
  int64_t out = caps::windowOutputSize(in, padBegin, padEnd, k, s, d, ceilMode);
  if (out <= 0)
    throw NodeError{"the window is larger than the padded input (or a stride "
                    "is not positive)"};
  return out;
}

void Importer::importConv(const onnx::NodeProto &node) {
  Value x = input(node, 0), w = input(node, 1), b = optInput(node, 2);
  ArrayRef<int64_t> xs = shapeOf(x), ws = shapeOf(w);
  if (ws.size() != xs.size() || xs.size() < 3)
    fail("input and weight ranks differ or are below 3");
  SmallVector<int64_t> spatialK(ws.drop_front(2));
  if (attr(node, "kernel_shape") && attrInts(node, "kernel_shape") != spatialK)
    fail("kernel_shape does not match the weight's spatial dims");
  Window win = window(node, xs.drop_front(2), spatialK);
  Value x2 = to2d(node, x), w2 = to2d(node, w);
  ArrayRef<int64_t> xs2 = shapeOf(x2);
  int64_t group = attrInt(node, "group", 1);
  SmallVector<int64_t> out{
      xs[0], ws[0],
      windowOut(xs2[2], win.pads[0], win.pads[2], win.kernel[0], win.strides[0],
                win.dilations[0], false),
      windowOut(xs2[3], win.pads[1], win.pads[3], win.kernel[1], win.strides[1],
                win.dilations[1], false)};
  Value y = create<caps::Conv2dOp>(node, tensorType(out), x2, w2, b,
                                   builder.getDenseI64ArrayAttr(win.strides),
                                   builder.getDenseI64ArrayAttr(win.pads),
                                   builder.getDenseI64ArrayAttr(win.dilations),
                                   builder.getI64IntegerAttr(group),
                                   /*channels_last=*/UnitAttr());
  setOutput(node, 0,
            xs.size() == 3 ? reshape(node, y, {out[0], out[1], out[3]}) : y);
}

void Importer::importGemm(const onnx::NodeProto &node) {
  Value a = input(node, 0), b = input(node, 1), c = optInput(node, 2);
  bool ta = attrInt(node, "transA", 0), tb = attrInt(node, "transB", 0);
  ArrayRef<int64_t> as = shapeOf(a), bs = shapeOf(b);
  if (as.size() != 2 || bs.size() != 2)
    fail("Gemm expects 2-D A and B");
  int64_t m = ta ? as[1] : as[0], n = tb ? bs[0] : bs[1];
  setOutput(node, 0,
            create<caps::GemmOp>(
                node, tensorType({m, n}), a, b, c,
                builder.getF32FloatAttr(attrFloat(node, "alpha", 1.0f)),
                builder.getF32FloatAttr(attrFloat(node, "beta", 1.0f)),
                builder.getBoolAttr(ta), builder.getBoolAttr(tb)));
}

void Importer::importMatMul(const onnx::NodeProto &node) {
  Value a = input(node, 0), b = input(node, 1);
  ArrayRef<int64_t> as = shapeOf(a), bs = shapeOf(b);
  if (as.empty() || bs.empty())
    fail("MatMul operands must have rank >= 1");
  SmallVector<int64_t> batch =
      broadcastShapes(as.drop_back(std::min<size_t>(as.size(), 2)),
                      bs.drop_back(std::min<size_t>(bs.size(), 2)));
  if (as.size() >= 2)
    batch.push_back(as[as.size() - 2]);
  if (bs.size() >= 2)
    batch.push_back(bs.back());
  setOutput(node, 0, create<caps::MatMulOp>(node, tensorType(batch), a, b));
}

void Importer::importBatchNorm(const onnx::NodeProto &node) {
  if (attrInt(node, "training_mode", 0) != 0 || node.output_size() > 1)
    fail("only inference-mode BatchNormalization (one output) is supported");
  Value x = input(node, 0);
  setOutput(node, 0,
            create<caps::BatchNormOp>(
                node, x.getType(), x, input(node, 1), input(node, 2),
                input(node, 3), input(node, 4),
                builder.getF32FloatAttr(attrFloat(node, "epsilon", 1e-5f))));
}

void Importer::importUnary(const onnx::NodeProto &node) {
  Value x = input(node, 0);
  const std::string &op = node.op_type();
  Value r;
  if (op == "Relu")
    r = create<caps::ReluOp>(node, x.getType(), x);
  else if (op == "Sigmoid")
    r = create<caps::SigmoidOp>(node, x.getType(), x);
  else if (op == "Tanh")
    r = create<caps::TanhOp>(node, x.getType(), x);
  else if (op == "Abs")
    r = create<caps::AbsOp>(node, x.getType(), x);
  else if (op == "Neg")
    r = create<caps::NegOp>(node, x.getType(), x);
  else if (op == "Reciprocal")
    r = create<caps::ReciprocalOp>(node, x.getType(), x);
  else if (op == "Sqrt")
    r = create<caps::SqrtOp>(node, x.getType(), x);
  else if (op == "Exp")
    r = create<caps::ExpOp>(node, x.getType(), x);
  setOutput(node, 0, r);
}

void Importer::importClip(const onnx::NodeProto &node) {
  Value x = input(node, 0);
  float lo = -std::numeric_limits<float>::infinity(),
        hi = std::numeric_limits<float>::infinity();
  if (opset_ < 11) {
    lo = attrFloat(node, "min", lo);
    hi = attrFloat(node, "max", hi);
  } else {
    // Bounds computed at run time clip with max / min; constant ones become
    // attributes.
    auto bound = [&](int index, float &value) -> Value {
      if (index >= node.input_size() || node.input(index).empty())
        return Value();
      if (const HostTensor *t = getConst(node.input(index))) {
        value = (float)t->at(0);
        return Value();
      }
      Value v = input(node, index);
      if (numElements(shapeOf(v)) != 1)
        fail("Clip bounds must be scalars");
      return v;
    };
    Value min = bound(1, lo), max = bound(2, hi);
    if (min)
      x = create<caps::MaxOp>(node, x.getType(), x, min);
    if (max)
      x = create<caps::MinOp>(node, x.getType(), x, max);
    if (min || max) {
      setOutput(node, 0,
                (lo == -std::numeric_limits<float>::infinity() &&
                 hi == std::numeric_limits<float>::infinity())
                    ? x
                    : create<caps::ClipOp>(node, x, builder.getF32FloatAttr(lo),
                                           builder.getF32FloatAttr(hi)));
      return;
    }
  }
  setOutput(node, 0,
            create<caps::ClipOp>(node, x, builder.getF32FloatAttr(lo),
                                 builder.getF32FloatAttr(hi)));
}

void Importer::importMinMax(const onnx::NodeProto &node) {
  Value acc = input(node, 0);
  for (int i = 1; i < node.input_size(); ++i) {
    Value v = input(node, i);
    auto type = tensorType(broadcastShapes(shapeOf(acc), shapeOf(v)));
    acc = node.op_type() == "Max" ? create<caps::MaxOp>(node, type, acc, v)
                                  : create<caps::MinOp>(node, type, acc, v);
  }
  setOutput(node, 0, acc);
}

void Importer::importLeakyRelu(const onnx::NodeProto &node) {
  Value x = input(node, 0);
  setOutput(node, 0,
            create<caps::LeakyReluOp>(
                node, x.getType(), x,
                builder.getF32FloatAttr(attrFloat(node, "alpha", 0.01f))));
}

void Importer::importBinary(const onnx::NodeProto &node) {
  Value a = input(node, 0), b = input(node, 1);
  auto type = tensorType(broadcastShapes(shapeOf(a), shapeOf(b)));
  const std::string &op = node.op_type();
  Value r;
  if (op == "Add")
    r = create<caps::AddOp>(node, type, a, b);
  else if (op == "Sub")
    r = create<caps::SubOp>(node, type, a, b);
  else if (op == "Mul")
    r = create<caps::MulOp>(node, type, a, b);
  else if (op == "Div")
    r = create<caps::DivOp>(node, type, a, b);
  else
    r = create<caps::PowOp>(node, type, a, b);
  setOutput(node, 0, r);
}

void Importer::importPool(const onnx::NodeProto &node) {
  Value x = input(node, 0);
  ArrayRef<int64_t> xs = shapeOf(x);
  if (node.output_size() > 1 && !node.output(1).empty())
    fail("the Indices output of MaxPool is not supported");
  if (attrInt(node, "storage_order", 0) != 0)
    fail("storage_order = 1 is not supported");
  SmallVector<int64_t> kernel = attrInts(node, "kernel_shape");
  if (kernel.size() + 2 != xs.size())
    fail("kernel_shape has " + Twine(kernel.size()) +
         " dims for an input of rank " + Twine(xs.size()));
  Window win = window(node, xs.drop_front(2), kernel);
  Value x2 = to2d(node, x);
  ArrayRef<int64_t> xs2 = shapeOf(x2);
  bool ceil = attrInt(node, "ceil_mode", 0);
  SmallVector<int64_t> out{xs[0], xs[1]};
  for (int d = 0; d < 2; ++d) {
    out.push_back(windowOut(xs2[2 + d], win.pads[d], win.pads[2 + d],
                            win.kernel[d], win.strides[d], win.dilations[d],
                            ceil));
  }
  auto type = tensorType(out);
  auto k = builder.getDenseI64ArrayAttr(win.kernel),
       s = builder.getDenseI64ArrayAttr(win.strides);
  auto p = builder.getDenseI64ArrayAttr(win.pads),
       d = builder.getDenseI64ArrayAttr(win.dilations);
  auto c = builder.getBoolAttr(ceil);
  Value y;
  if (node.op_type() == "MaxPool")
    y = create<caps::MaxPool2dOp>(node, type, x2, k, s, p, d, c,
                                  /*channels_last=*/UnitAttr());
  else
    y = create<caps::AvgPool2dOp>(
        node, type, x2, k, s, p, d, c,
        builder.getBoolAttr(attrInt(node, "count_include_pad", 0)),
        /*channels_last=*/UnitAttr());
  setOutput(node, 0,
            xs.size() == 3 ? reshape(node, y, {out[0], out[1], out[3]}) : y);
}

void Importer::importGlobalPool(const onnx::NodeProto &node) {
  Value x = input(node, 0);
  SmallVector<int64_t> out(shapeOf(x));
  if (out.size() < 3)
    fail("expects an input of rank >= 3");
  for (size_t d = 2; d < out.size(); ++d)
    out[d] = 1;
  if (node.op_type() == "GlobalAveragePool")
    setOutput(node, 0, create<caps::GlobalAvgPoolOp>(node, tensorType(out), x));
  else
    setOutput(node, 0, create<caps::GlobalMaxPoolOp>(node, tensorType(out), x));
}

void Importer::importReduce(const onnx::NodeProto &node) {
  Value x = input(node, 0);
  ArrayRef<int64_t> xs = shapeOf(x);
  int64_t rank = xs.size();
  bool keep = attrInt(node, "keepdims", 1);
  // ReduceSum takes axes as an input from opset 13, the others from opset 18.
  bool axesInput = node.op_type() == "ReduceSum" ? opset_ >= 13 : opset_ >= 18;
  SmallVector<int64_t> axes;
  bool haveAxes = false;
  if (axesInput) {
    if (auto t = optConst(node, 1, "axes")) {
      axes.assign((*t)->i().begin(), (*t)->i().end());
      haveAxes = true;
    }
  } else if (attr(node, "axes")) {
    axes = attrInts(node, "axes");
    haveAxes = true;
  }
  if (!haveAxes || axes.empty()) {
    axes.clear();
    if (!(axesInput && attrInt(node, "noop_with_empty_axes", 0)))
      for (int64_t d = 0; d < rank; ++d)
        axes.push_back(d);
  }
  for (int64_t &a : axes)
    a = normAxis(a, rank);
  llvm::sort(axes);
  axes.erase(std::unique(axes.begin(), axes.end()), axes.end());
  SmallVector<int64_t> out;
  for (int64_t d = 0; d < rank; ++d) {
    if (!llvm::is_contained(axes, d))
      out.push_back(xs[d]);
    else if (keep)
      out.push_back(1);
  }
  auto type = tensorType(out);
  auto axesAttr = builder.getDenseI64ArrayAttr(axes);
  auto keepAttr = builder.getBoolAttr(keep);
  Value r;
  const std::string &op = node.op_type();
  if (op == "ReduceL2" || op == "ReduceSumSquare") {
    // Decomposed: sum of squares (then its square root); the same arithmetic a
    // squash uses.
    Value squares = create<caps::MulOp>(node, x.getType(), x, x);
    r = create<caps::ReduceSumOp>(node, type, squares, axesAttr, keepAttr);
    if (op == "ReduceL2")
      r = create<caps::SqrtOp>(node, r.getType(), r);
  } else if (op == "ReduceSum")
    r = create<caps::ReduceSumOp>(node, type, x, axesAttr, keepAttr);
  else if (op == "ReduceMean")
    r = create<caps::ReduceMeanOp>(node, type, x, axesAttr, keepAttr);
  else
    r = create<caps::ReduceMaxOp>(node, type, x, axesAttr, keepAttr);
  setOutput(node, 0, r);
}

void Importer::importSoftmax(const onnx::NodeProto &node) {
  Value x = input(node, 0);
  int64_t rank = shapeOf(x).size();
  int64_t axis = normAxis(attrInt(node, "axis", -1), rank);
  setOutput(node, 0,
            create<caps::SoftmaxOp>(node, x.getType(), x,
                                    builder.getI64IntegerAttr(axis)));
}

void Importer::importReshape(const onnx::NodeProto &node) {
  const HostTensor &shapeT = needConst(node, 1, "shape");
  bool allowZero = attrInt(node, "allowzero", 0);
  SmallVector<int64_t> inShape = inputShape(node);
  SmallVector<int64_t> out;
  int64_t inferred = -1, known = 1;
  for (int64_t i = 0; i < shapeT.size(); ++i) {
    int64_t d = shapeT.i()[i];
    if (d == 0 && !allowZero) {
      if (i >= (int64_t)inShape.size())
        fail("shape dim 0 copies a dim the input does not have");
      d = inShape[i];
    }
    if (d == -1) {
      if (inferred >= 0)
        fail("more than one -1 in the shape");
      inferred = i;
      out.push_back(1);
      continue;
    }
    if (d < 0)
      fail("negative dim " + Twine(d) + " in the shape");
    if (d != 0 && known > kMaxElements / d)
      fail("the shape has too many elements");
    known *= d;
    out.push_back(d);
  }
  if (inferred >= 0) {
    if (known == 0 || numElements(inShape) % known != 0)
      fail("cannot infer the -1 dim of the shape");
    out[inferred] = numElements(inShape) / known;
  }
  setReshaped(node, out);
}

void Importer::importFlatten(const onnx::NodeProto &node) {
  SmallVector<int64_t> in = inputShape(node);
  int64_t rank = in.size();
  int64_t axis = attrInt(node, "axis", 1);
  if (axis < 0)
    axis += rank;
  if (axis < 0 || axis > rank)
    fail("axis out of range");
  SmallVector<int64_t> out{numElements(ArrayRef<int64_t>(in).take_front(axis)),
                           numElements(ArrayRef<int64_t>(in).drop_front(axis))};
  setReshaped(node, out);
}

void Importer::importSqueeze(const onnx::NodeProto &node) {
  SmallVector<int64_t> in = inputShape(node);
  int64_t rank = in.size();
  SmallVector<int64_t> axes;
  if (opset_ >= 13) {
    if (auto t = optConst(node, 1, "axes"))
      axes.assign((*t)->i().begin(), (*t)->i().end());
  } else {
    axes = attrInts(node, "axes");
  }
  for (int64_t &a : axes)
    a = normAxis(a, rank);
  SmallVector<int64_t> out;
  for (int64_t d = 0; d < rank; ++d) {
    bool drop = axes.empty() ? in[d] == 1 : llvm::is_contained(axes, d);
    if (drop && in[d] != 1)
      fail("cannot squeeze dim " + Twine(d) + " of size " + Twine(in[d]));
    if (!drop)
      out.push_back(in[d]);
  }
  setReshaped(node, out);
}

void Importer::importUnsqueeze(const onnx::NodeProto &node) {
  SmallVector<int64_t> in = inputShape(node);
  SmallVector<int64_t> axes;
  if (opset_ >= 13)
    axes.assign(needConst(node, 1, "axes").i().begin(),
                needConst(node, 1, "axes").i().end());
  else
    axes = attrInts(node, "axes");
  int64_t rank = in.size() + axes.size();
  for (int64_t &a : axes)
    a = normAxis(a, rank);
  if (llvm::SmallDenseSet<int64_t>(axes.begin(), axes.end()).size() !=
      axes.size())
    fail("repeated axes");
  SmallVector<int64_t> out;
  for (int64_t d = 0, k = 0; d < rank; ++d)
    out.push_back(llvm::is_contained(axes, d) ? 1 : in[k++]);
  setReshaped(node, out);
}

void Importer::importTranspose(const onnx::NodeProto &node) {
  Value x = input(node, 0);
  ArrayRef<int64_t> xs = shapeOf(x);
  int64_t rank = xs.size();
  SmallVector<int64_t> perm = attrInts(node, "perm");
  if (perm.empty())
    for (int64_t d = rank - 1; d >= 0; --d)
      perm.push_back(d);
  if ((int64_t)perm.size() != rank)
    fail("perm has " + Twine(perm.size()) + " entries for rank " + Twine(rank));
  SmallVector<int64_t> out;
  for (int64_t &p : perm) {
    p = normAxis(p, rank);
    out.push_back(xs[p]);
  }
  setOutput(node, 0,
            create<caps::TransposeOp>(node, tensorType(out), x,
                                      builder.getDenseI64ArrayAttr(perm)));
}

void Importer::importConcat(const onnx::NodeProto &node) {
  SmallVector<Value> ins;
  for (int i = 0; i < node.input_size(); ++i)
    ins.push_back(input(node, i));
  SmallVector<int64_t> out(shapeOf(ins[0]));
  int64_t axis = normAxis(attrInt(node, "axis", 0), out.size());
  out[axis] = 0;
  for (Value v : ins) {
    if (shapeOf(v).size() != out.size())
      fail("Concat inputs differ in rank");
    out[axis] += shapeOf(v)[axis];
  }
  setOutput(node, 0,
            create<caps::ConcatOp>(node, tensorType(out), ins,
                                   builder.getI64IntegerAttr(axis)));
}

void Importer::importSlice(const onnx::NodeProto &node) {
  Value x = input(node, 0);
  SmallVector<int64_t> starts, sizes, steps;
  const HostTensor *axes = optConst(node, 3, "axes").value_or(nullptr);
  const HostTensor *st = optConst(node, 4, "steps").value_or(nullptr);
  resolveSlice(shapeOf(x), needConst(node, 1, "starts"),
               needConst(node, 2, "ends"), axes, st, starts, sizes, steps);
  if (numElements(sizes) == 0)
    fail("the slice is empty; capsc does not support empty tensors");
  setOutput(node, 0,
            create<caps::SliceOp>(node, tensorType(sizes), x,
                                  builder.getDenseI64ArrayAttr(starts),
                                  builder.getDenseI64ArrayAttr(steps)));
}

void Importer::importPad(const onnx::NodeProto &node) {
  Value x = input(node, 0);
  ArrayRef<int64_t> xs = shapeOf(x);
  int64_t rank = xs.size();
  SmallVector<int64_t> pads;
  float value = 0.0f;
  Value fill; // a constant_value computed at run time
  if (opset_ >= 11) {
    const HostTensor &p = needConst(node, 1, "pads");
    pads.assign(p.i().begin(), p.i().end());
    if (node.input_size() > 2 && !node.input(2).empty()) {
      if (const HostTensor *v = getConst(node.input(2)))
        value = (float)v->at(0);
      else if (numElements(shapeOf(fill = input(node, 2))) != 1)
        fail("constant_value must hold one element");
    }
    if (auto a = optConst(node, 3, "axes")) {
      SmallVector<int64_t> full(2 * rank, 0);
      int64_t na = (*a)->size();
      if ((int64_t)pads.size() != 2 * na)
        fail("expects " + Twine(2 * na) + " pads for " + Twine(na) + " axes");
      for (int64_t i = 0; i < na; ++i) {
        int64_t ax = normAxis((*a)->i()[i], rank);
        full[ax] = pads[i];
        full[rank + ax] = pads[na + i];
      }
      pads = full;
    }
  } else {
    pads = attrInts(node, "pads");
    value = attrFloat(node, "value", 0.0f);
  }
  if ((int64_t)pads.size() != 2 * rank)
    fail("expects " + Twine(2 * rank) + " pads, got " + Twine(pads.size()));
  std::string mode = attrString(node, "mode", "constant");
  if (mode != "constant" && mode != "reflect" && mode != "edge")
    fail("unsupported pad mode '" + mode + "'");
  SmallVector<int64_t> out;
  for (int64_t d = 0; d < rank; ++d) {
    out.push_back(xs[d] + pads[d] + pads[rank + d]);
    if (out.back() <= 0)
      fail("padding leaves dim " + Twine(d) + " empty");
  }
  setOutput(node, 0,
            create<caps::PadOp>(node, tensorType(out), x, fill,
                                builder.getDenseI64ArrayAttr(pads),
                                builder.getStringAttr(mode),
                                builder.getF32FloatAttr(value)));
}

void Importer::importCast(const onnx::NodeProto &node) {
  int64_t to = attrInt(node, "to", 0);
  if (to != onnx::TensorProto::FLOAT)
    fail("Cast of run-time data to " +
         onnx::TensorProto::DataType_Name((onnx::TensorProto::DataType)to) +
         " is not supported (float32 only)");
  Value x = input(node, 0);
  setOutput(node, 0, create<caps::CastOp>(node, x.getType(), x));
}

void Importer::importIdentity(const onnx::NodeProto &node) {
  // Identity and inference-mode Dropout forward their input.
  if (node.op_type() == "Dropout") {
    if (node.output_size() > 1 && !node.output(1).empty())
      fail("the mask output of Dropout is not supported");
    // Training mode drops random elements: not an inference computation (unless
    // the ratio is 0).
    auto training = optConst(node, 2, "training_mode");
    if (training && (*training)->at(0) != 0) {
      const HostTensor *ratio =
          node.input_size() > 1 ? getConst(node.input(1)) : nullptr;
      if (!ratio || ratio->at(0) != 0)
        fail("training-mode Dropout (random masking) is not supported; export "
             "the model in eval mode");
    }
  }
  if (const HostTensor *c = getConst(node.input(0)))
    setConst(node, 0, *c);
  else
    setOutput(node, 0, input(node, 0));
}

void Importer::importConstant(const onnx::NodeProto &node) {
  HostTensor t;
  if (const auto *a = attr(node, "value"))
    t = fromProto(a->t());
  else if (const auto *a = attr(node, "value_float")) {
    t.isFloat = true;
    t.floats = {a->f()};
  } else if (const auto *a = attr(node, "value_floats")) {
    t.isFloat = true;
    t.floats.assign(a->floats().begin(), a->floats().end());
    t.shape = {(int64_t)t.floats.size()};
  } else if (const auto *a = attr(node, "value_int")) {
    t.ints = {a->i()};
  } else if (const auto *a = attr(node, "value_ints")) {
    t.ints.assign(a->ints().begin(), a->ints().end());
    t.shape = {(int64_t)t.ints.size()};
  } else {
    fail("Constant without a supported value attribute (sparse and string "
         "constants are not supported)");
  }
  setConst(node, 0, t);
}

void Importer::importShape(const onnx::NodeProto &node) {
  SmallVector<int64_t> s;
  if (const HostTensor *c = getConst(node.input(0)))
    s = c->shape;
  else
    s.assign(shapeOf(input(node, 0)).begin(), shapeOf(input(node, 0)).end());
  int64_t rank = s.size();
  int64_t start = attrInt(node, "start", 0), end = attrInt(node, "end", rank);
  start = std::clamp<int64_t>(start < 0 ? start + rank : start, 0, rank);
  end = std::clamp<int64_t>(end < 0 ? end + rank : end, 0, rank);
  HostTensor t;
  t.ints.assign(s.begin() + start, s.begin() + std::max(start, end));
  t.shape = {(int64_t)t.ints.size()};
  setConst(node, 0, t);
}

/// Expand of run-time data: x * ones, which broadcasts exactly (x * 1 == x for
/// every float, -0 and NaN included). The ones only span the dims x does not
/// already have.
void Importer::importExpand(const onnx::NodeProto &node) {
  Value x = input(node, 0);
  const HostTensor &target = needConst(node, 1, "shape");
  SmallVector<int64_t> shape(target.i().begin(), target.i().end());
  SmallVector<int64_t> out = broadcastShapes(shapeOf(x), shape);
  checkedElements(out, "Expand's result");
  SmallVector<int64_t> onesShape(out);
  ArrayRef<int64_t> xs = shapeOf(x);
  for (size_t d = 0; d < xs.size(); ++d)
    if (xs[d] != 1)
      onesShape[out.size() - xs.size() + d] = 1;
  HostTensor ones;
  ones.isFloat = true;
  ones.shape = onesShape;
  ones.floats.assign(numElements(onesShape), 1.0f);
  Value onesV = materialize(ones, locOf(node));
  setOutput(node, 0, create<caps::MulOp>(node, tensorType(out), x, onesV));
}

void Importer::importConstOnly(const onnx::NodeProto &node) {
  fail("supported only when all its inputs are compile-time constants (shape "
       "arithmetic)");
}

//===----------------------------------------------------------------------===//
// Einsum, decomposed into transpose / reshape / reduce_sum / batched matmul
//===----------------------------------------------------------------------===//

/// Sums `v` (dims labelled by `labels`) over the labels not in `keep`; drops
/// them from `labels`.
Value Importer::einsumReduce(const onnx::NodeProto &node, Value v,
                             std::string &labels, StringRef keep) {
  SmallVector<int64_t> axes, shape;
  std::string kept;
  for (size_t d = 0; d < labels.size(); ++d) {
    if (keep.contains(labels[d])) {
      kept += labels[d];
      shape.push_back(shapeOf(v)[d]);
    } else {
      axes.push_back(d);
    }
  }
  labels = kept;
  if (axes.empty())
    return v;
  return create<caps::ReduceSumOp>(node, tensorType(shape), v,
                                   builder.getDenseI64ArrayAttr(axes),
                                   builder.getBoolAttr(false));
}

void Importer::importEinsum(const onnx::NodeProto &node) {
  std::string eq;
  for (char c : attrString(node, "equation", ""))
    if (c != ' ')
      eq += c;
  if (eq.find("...") != std::string::npos)
    fail("Einsum with an ellipsis is not supported");
  size_t arrow = eq.find("->");
  std::string lhs = eq.substr(0, arrow);
  SmallVector<std::string> terms;
  for (StringRef t : llvm::split(lhs, ','))
    terms.push_back(t.str());
  if (terms.empty() || terms.size() > 2 ||
      (int)terms.size() != node.input_size())
    fail("Einsum with " + Twine(node.input_size()) +
         " operands is not supported (1 or 2)");
  std::string out;
  if (arrow != std::string::npos) {
    out = eq.substr(arrow + 2);
  } else { // implicit output: labels appearing once, sorted
    for (char c = 'A'; c <= 'z'; ++c)
      if (llvm::count(lhs, c) == 1)
        out += c;
  }
  // Every label's extent, checked across operands; repeated labels within one
  // operand (diagonals) are not supported.
  std::map<char, int64_t> extent;
  SmallVector<Value> ops;
  for (auto [i, t] : llvm::enumerate(terms)) {
    Value v = input(node, i);
    if (shapeOf(v).size() != t.size())
      fail("Einsum term '" + t + "' does not match the rank of input " +
           Twine(i));
    for (size_t d = 0; d < t.size(); ++d) {
      if (llvm::count(t, t[d]) != 1)
        fail("Einsum with a repeated label in one term (diagonal) is not "
             "supported");
      auto [it, inserted] = extent.insert({t[d], shapeOf(v)[d]});
      if (!inserted && it->second != shapeOf(v)[d])
        fail("Einsum label '" + std::string(1, t[d]) +
             "' has different extents (broadcasting is not supported)");
    }
    ops.push_back(v);
  }
  for (char c : out)
    if (!extent.count(c))
      fail("Einsum output label '" + std::string(1, c) +
           "' appears in no input");
  auto transposeTo = [&](Value v, StringRef from, StringRef to) -> Value {
    if (from == to)
      return v;
    SmallVector<int64_t> perm, shape;
    for (char c : to) {
      perm.push_back(from.find(c));
      shape.push_back(shapeOf(v)[perm.back()]);
    }
    return create<caps::TransposeOp>(node, tensorType(shape), v,
                                     builder.getDenseI64ArrayAttr(perm));
  };
  auto prod = [&](StringRef labels) {
    int64_t n = 1;
    for (char c : labels)
      n *= extent[c];
    return n;
  };
  auto shapeFor = [&](StringRef labels) {
    SmallVector<int64_t> s;
    for (char c : labels)
      s.push_back(extent[c]);
    return s;
  };

  if (terms.size() == 1) {
    Value r = einsumReduce(node, ops[0], terms[0], out);
    setOutput(node, 0, transposeTo(r, terms[0], out));
    return;
  }
  // Labels only one operand needs beyond the product are summed away first.
  std::string a = terms[0], b = terms[1];
  Value va = einsumReduce(node, ops[0], a, (out + b));
  Value vb = einsumReduce(node, ops[1], b, (out + a));
  std::string batch, contracted, aKeep, bKeep;
  for (char c : a) {
    bool inB = b.find(c) != std::string::npos,
         inOut = out.find(c) != std::string::npos;
    (inB ? (inOut ? batch : contracted) : aKeep) += c;
  }
  for (char c : b)
    if (a.find(c) == std::string::npos)
      bKeep += c;
  // [batch, aKeep, contracted] x [batch, contracted, bKeep] -> [batch, aKeep,
  // bKeep]
  va = transposeTo(va, a, batch + aKeep + contracted);
  vb = transposeTo(vb, b, batch + contracted + bKeep);
  int64_t bt = prod(batch), m = prod(aKeep), k = prod(contracted),
          n = prod(bKeep);
  va = reshape(node, va, {bt, m, k});
  vb = reshape(node, vb, {bt, k, n});
  Value prodV = create<caps::MatMulOp>(node, tensorType({bt, m, n}), va, vb);
  std::string resultLabels = batch + aKeep + bKeep;
  Value r = reshape(node, prodV, shapeFor(resultLabels));
  setOutput(node, 0, transposeTo(r, resultLabels, out));
}

//===----------------------------------------------------------------------===//
// ai.capsc custom-domain ops (schema in docs/custom-ops.md)
//===----------------------------------------------------------------------===//

StringAttr Importer::squashVariant(const onnx::NodeProto &node,
                                   StringRef dflt) {
  std::string variant = attrString(node, "variant", dflt);
  if (variant != "sabour" && variant != "efficient")
    fail("unknown squash variant '" + variant + "' (sabour, efficient)");
  return builder.getStringAttr(variant);
}

void Importer::importCapsSquash(const onnx::NodeProto &node) {
  Value x = input(node, 0);
  int64_t rank = shapeOf(x).size();
  if (rank == 0 || normAxis(attrInt(node, "axis", -1), rank) != rank - 1)
    fail("Squash works along the last axis only");
  setOutput(node, 0,
            create<caps::SquashOp>(
                node, x.getType(), x, squashVariant(node, "sabour"),
                builder.getF32FloatAttr(attrFloat(node, "epsilon", 1e-7f))));
}

void Importer::importCapsPrimaryCaps(const onnx::NodeProto &node) {
  Value x = input(node, 0), w = input(node, 1), b = optInput(node, 2);
  ArrayRef<int64_t> xs = shapeOf(x), ws = shapeOf(w);
  if (xs.size() != 4 || ws.size() != 4)
    fail("PrimaryCaps expects a 4-D input and weight");
  int64_t dim = attrInt(node, "capsule_dim", 0);
  Window win = window(node, xs.drop_front(2), ws.drop_front(2));
  int64_t count = ws[0];
  for (int d = 0; d < 2; ++d)
    count *= windowOut(xs[2 + d], win.pads[d], win.pads[2 + d], win.kernel[d],
                       win.strides[d], win.dilations[d], false);
  if (dim <= 0 || count % dim != 0)
    fail("capsule_dim must be positive and divide the " + Twine(count) +
         " convolution outputs per image");
  setOutput(node, 0,
            create<caps::PrimaryCapsOp>(
                node, tensorType({xs[0], count / dim, dim}), x, w, b,
                builder.getDenseI64ArrayAttr(win.strides),
                builder.getDenseI64ArrayAttr(win.pads),
                builder.getDenseI64ArrayAttr(win.dilations),
                builder.getI64IntegerAttr(attrInt(node, "group", 1)),
                squashVariant(node, "sabour"),
                builder.getF32FloatAttr(attrFloat(node, "epsilon", 1e-7f)),
                /*channels_last=*/UnitAttr()));
}

/// DynamicRouting(U_hat) or DynamicRouting(U, W); SelfAttentionRouting(U_hat,
/// LogPrior) or SelfAttentionRouting(U, W, LogPrior). With W the prediction
/// vectors are computed first (caps.predict).
void Importer::importCapsRouting(const onnx::NodeProto &node) {
  bool selfAttention = node.op_type() == "SelfAttentionRouting";
  int inputs = 0;
  while (inputs < node.input_size() && !node.input(inputs).empty())
    ++inputs;
  bool withWeights = inputs == (selfAttention ? 3 : 2);
  if (!withWeights && inputs != (selfAttention ? 2 : 1))
    fail("expects " + Twine(selfAttention
                                ? "(U_hat, LogPrior) or (U, W, LogPrior)"
                                : "(U_hat) or (U, W)"));
  Value uHat = input(node, 0);
  if (withWeights) {
    Value w = input(node, 1);
    ArrayRef<int64_t> us = shapeOf(uHat), wsh = shapeOf(w);
    if (us.size() != 3 || wsh.size() != 4)
      fail("expects U [N, in, in_dim] and W [in, out, out_dim, in_dim]");
    uHat = create<caps::PredictOp>(
        node, tensorType({us[0], us[1], wsh[1], wsh[2]}), uHat, w);
  }
  ArrayRef<int64_t> uh = shapeOf(uHat);
  if (uh.size() != 4)
    fail("expects prediction vectors U_hat [N, in, out, dim]");
  auto type = tensorType({uh[0], uh[2], uh[3]});
  auto eps = builder.getF32FloatAttr(attrFloat(node, "epsilon", 1e-7f));
  if (selfAttention)
    setOutput(node, 0,
              create<caps::SelfAttentionRoutingOp>(
                  node, type, uHat, input(node, withWeights ? 2 : 1),
                  squashVariant(node, "efficient"), eps));
  else
    setOutput(node, 0,
              create<caps::DynamicRoutingOp>(
                  node, type, uHat,
                  builder.getI64IntegerAttr(attrInt(node, "iterations", 3)),
                  squashVariant(node, "sabour"), eps));
}

void Importer::importCapsLength(const onnx::NodeProto &node) {
  Value v = input(node, 0);
  ArrayRef<int64_t> s = shapeOf(v);
  if (s.empty())
    fail("CapsLength expects capsules along the last dim");
  setOutput(node, 0,
            create<caps::LengthOp>(node, tensorType(s.drop_back()), v));
}

//===----------------------------------------------------------------------===//
// Pre-quantized models: QDQ (QuantizeLinear / DequantizeLinear pairs, as ONNX
// Runtime's static quantization writes them) and QLinearConv / QLinearMatMul.
// The graph stays float; the model's quantization is recorded (caps.qdq on
// activations, caps.weight_quant on weights) for caps-quantize to use instead
// of calibrated ranges.
//===----------------------------------------------------------------------===//

Importer::QParams Importer::qparams(const onnx::NodeProto &node, int scaleIndex,
                                    int zpIndex, int64_t axis, int64_t rank,
                                    int32_t defaultType) {
  const HostTensor &scale = needConst(node, scaleIndex, "scale");
  std::optional<const HostTensor *> zp = optConst(node, zpIndex, "zero point");
  QParams p;
  if (scale.size() == 0 || (zp && (*zp)->size() != scale.size()))
    fail("scale and zero point must have the same, positive, size");
  if (scale.size() > 1) {
    if (scale.shape.size() != 1)
      fail("per-axis scale must be 1-D");
    p.axis = normAxis(axis, rank);
  }
  int32_t dtype = zp ? (*zp)->dtype : defaultType;
  if (dtype != onnx::TensorProto::UINT8 && dtype != onnx::TensorProto::INT8 &&
      dtype != onnx::TensorProto::INT32)
    fail("capsc imports int8 and uint8 quantization (int32 for biases), not " +
         onnx::TensorProto::DataType_Name((onnx::TensorProto::DataType)dtype));
  p.isUnsigned = dtype == onnx::TensorProto::UINT8;
  for (int64_t i = 0; i < scale.size(); ++i) {
    double s = scale.at(i);
    if (!(s > 0) || !std::isfinite(s))
      fail("scale must be positive and finite");
    p.scales.push_back(s);
    int64_t z = zp ? static_cast<int64_t>((*zp)->at(i)) : 0;
    p.zeroPoints.push_back(p.isUnsigned ? z - 128 : z);
  }
  return p;
}

HostTensor Importer::dequantized(const HostTensor &q, const QParams &p) {
  if (q.isFloat)
    fail("dequantizes a float tensor");
  HostTensor f;
  f.shape = q.shape;
  f.isFloat = true;
  int64_t inner = 1;
  for (size_t d = p.axis + 1; d < q.shape.size(); ++d)
    inner *= q.shape[d];
  int64_t channels = static_cast<int64_t>(p.scales.size());
  if (channels > 1 && (static_cast<int64_t>(q.shape.size()) <= p.axis ||
                       q.shape[p.axis] != channels))
    fail("per-axis scale does not match the tensor's dim " + Twine(p.axis));
  for (int64_t i = 0; i < q.size(); ++i) {
    int64_t c = channels > 1 ? (i / inner) % channels : 0;
    int64_t v = q.ints[i] - (p.isUnsigned ? 128 : 0);
    f.floats.push_back(
        static_cast<float>(p.scales[c] * double(v - p.zeroPoints[c])));
  }
  return f;
}

void Importer::annotateQuantized(Value v, const QParams &p) {
  if (p.scales.size() != 1)
    fail("activations must be quantized per tensor");
  if (p.zeroPoints[0] < -128 || p.zeroPoints[0] > 127)
    fail("zero point out of the 8-bit range");
  auto attr = builder.getDenseF64ArrayAttr(
      {p.scales[0], static_cast<double>(p.zeroPoints[0])});
  if (auto arg = dyn_cast<BlockArgument>(v)) {
    auto func = cast<func::FuncOp>(arg.getOwner()->getParentOp());
    func.setArgAttr(arg.getArgNumber(), "caps.qdq", attr);
    return;
  }
  Operation *def = v.getDefiningOp();
  if (isa<arith::ConstantOp>(def))
    return; // a constant operand keeps its own quantization
  auto existing = def->getAttrOfType<DenseF64ArrayAttr>("caps.qdq");
  if (existing && existing != attr)
    fail("tensor quantized twice with different scales");
  def->setAttr("caps.qdq", attr);
}

void Importer::recordWeightQuant(const std::string &name, const QParams &p,
                                 int32_t dtype) {
  // caps-quantize keeps the model's weight scales where its kernels can:
  // symmetric int8.
  if (p.isUnsigned || dtype != onnx::TensorProto::INT8 ||
      llvm::any_of(p.zeroPoints, [](int64_t z) { return z != 0; }))
    return;
  auto i8 = builder.getIntegerType(8);
  weightQuant[name] =
      p.scales.size() == 1
          ? Type(quant::UniformQuantizedType::get(
                quant::QuantizationFlags::Signed, i8, builder.getF32Type(),
                p.scales[0], 0, -128, 127))
          : Type(quant::UniformQuantizedPerAxisType::get(
                quant::QuantizationFlags::Signed, i8, builder.getF32Type(),
                p.scales, p.zeroPoints, p.axis, -128, 127));
}

void Importer::importQuantizeLinear(const onnx::NodeProto &node) {
  if (const HostTensor *c = getConst(node.input(0))) {
    // Quantized weights stored as floats: the stored integers, for the
    // DequantizeLinear that follows.
    QParams p = qparams(node, 1, 2, attrInt(node, "axis", 1), c->shape.size());
    HostTensor q;
    q.shape = c->shape;
    q.dtype = p.isUnsigned ? onnx::TensorProto::UINT8 : onnx::TensorProto::INT8;
    int64_t inner = 1;
    for (size_t d = p.axis + 1; d < c->shape.size(); ++d)
      inner *= c->shape[d];
    int64_t channels = static_cast<int64_t>(p.scales.size());
    for (int64_t i = 0; i < c->size(); ++i) {
      int64_t ch = channels > 1 ? (i / inner) % channels : 0;
      // ONNX rounds half to even.
      double v =
          std::nearbyint(c->at(i) / p.scales[ch]) + double(p.zeroPoints[ch]);
      q.ints.push_back(static_cast<int64_t>(std::clamp(v, -128.0, 127.0)) +
                       (p.isUnsigned ? 128 : 0));
    }
    setConst(node, 0, q);
    return;
  }
  Value x = input(node, 0);
  QParams p = qparams(node, 1, 2, attrInt(node, "axis", 1), shapeOf(x).size());
  annotateQuantized(x, p);
  setOutput(node, 0, x);
}

void Importer::importDequantizeLinear(const onnx::NodeProto &node) {
  if (const HostTensor *c = getConst(node.input(0))) {
    QParams p = qparams(node, 1, 2, attrInt(node, "axis", 1), c->shape.size(),
                        c->dtype);
    setConst(node, 0, dequantized(*c, p));
    recordWeightQuant(node.output(0), p, c->dtype);
    return;
  }
  // An activation: the float value the matching QuantizeLinear annotated.
  setOutput(node, 0, input(node, 0));
}

void Importer::importQLinear(const onnx::NodeProto &node) {
  bool conv = node.op_type() == "QLinearConv";
  Value x = input(node, 0);
  annotateQuantized(x, qparams(node, 1, 2, 1, shapeOf(x).size()));
  const HostTensor &w = needConst(node, 3, "weights");
  QParams wq = qparams(node, 4, 5, conv ? 0 : 1, w.shape.size(), w.dtype);
  // The float node these compute, on the dequantized weights and bias.
  onnx::NodeProto plain = node;
  plain.set_op_type(conv ? "Conv" : "MatMul");
  plain.clear_input();
  plain.add_input(node.input(0));
  std::string wName = node.output(0) + "#weights";
  consts[wName] = dequantized(w, wq);
  recordWeightQuant(wName, wq, w.dtype);
  plain.add_input(wName);
  if (conv && node.input_size() > 8 && !node.input(8).empty()) {
    const HostTensor &b = needConst(node, 8, "bias");
    double xScale = needConst(node, 1, "scale").at(0);
    HostTensor bf;
    bf.shape = b.shape;
    bf.isFloat = true;
    for (int64_t i = 0; i < b.size(); ++i)
      bf.floats.push_back(static_cast<float>(
          double(b.i()[i]) * xScale * wq.scales[wq.scales.size() > 1 ? i : 0]));
    std::string bName = node.output(0) + "#bias";
    consts[bName] = bf;
    plain.add_input(bName);
  }
  conv ? importConv(plain) : importMatMul(plain);
  Value y = get(node.output(0));
  QParams yq = qparams(node, 6, 7, 1, shapeOf(y).size());
  annotateQuantized(y, yq);
}

const std::map<std::string, void (Importer::*)(const onnx::NodeProto &)> &
Importer::handlers() {
  static const std::map<std::string,
                        void (Importer::*)(const onnx::NodeProto &)>
      table = {
          {"Conv", &Importer::importConv},
          {"Gemm", &Importer::importGemm},
          {"MatMul", &Importer::importMatMul},
          {"BatchNormalization", &Importer::importBatchNorm},
          {"Relu", &Importer::importUnary},
          {"Sigmoid", &Importer::importUnary},
          {"Tanh", &Importer::importUnary},
          {"Abs", &Importer::importUnary},
          {"Neg", &Importer::importUnary},
          {"Reciprocal", &Importer::importUnary},
          {"Sqrt", &Importer::importUnary},
          {"Exp", &Importer::importUnary},
          {"Clip", &Importer::importClip},
          {"LeakyRelu", &Importer::importLeakyRelu},
          {"Add", &Importer::importBinary},
          {"Sub", &Importer::importBinary},
          {"Mul", &Importer::importBinary},
          {"Div", &Importer::importBinary},
          {"Pow", &Importer::importBinary},
          {"Max", &Importer::importMinMax},
          {"Min", &Importer::importMinMax},
          {"MaxPool", &Importer::importPool},
          {"AveragePool", &Importer::importPool},
          {"GlobalAveragePool", &Importer::importGlobalPool},
          {"GlobalMaxPool", &Importer::importGlobalPool},
          {"ReduceSum", &Importer::importReduce},
          {"ReduceMean", &Importer::importReduce},
          {"ReduceMax", &Importer::importReduce},
          {"ReduceL2", &Importer::importReduce},
          {"ReduceSumSquare", &Importer::importReduce},
          {"Einsum", &Importer::importEinsum},
          {"Softmax", &Importer::importSoftmax},
          {"Reshape", &Importer::importReshape},
          {"Flatten", &Importer::importFlatten},
          {"Squeeze", &Importer::importSqueeze},
          {"Unsqueeze", &Importer::importUnsqueeze},
          {"Transpose", &Importer::importTranspose},
          {"Concat", &Importer::importConcat},
          {"Slice", &Importer::importSlice},
          {"Pad", &Importer::importPad},
          {"Cast", &Importer::importCast},
          {"Identity", &Importer::importIdentity},
          {"Dropout", &Importer::importIdentity},
          {"Constant", &Importer::importConstant},
          {"Shape", &Importer::importShape},
          {"Gather", &Importer::importConstOnly},
          {"ConstantOfShape", &Importer::importConstOnly},
          {"Range", &Importer::importConstOnly},
          {"Expand", &Importer::importExpand},
          {"Where", &Importer::importConstOnly},
          {"Equal", &Importer::importConstOnly},
          {"Less", &Importer::importConstOnly},
          {"Greater", &Importer::importConstOnly},
          {"Not", &Importer::importConstOnly},
          {"QuantizeLinear", &Importer::importQuantizeLinear},
          {"DequantizeLinear", &Importer::importDequantizeLinear},
          {"QLinearConv", &Importer::importQLinear},
          {"QLinearMatMul", &Importer::importQLinear},
          {"ai.capsc.Squash", &Importer::importCapsSquash},
          {"ai.capsc.PrimaryCaps", &Importer::importCapsPrimaryCaps},
          {"ai.capsc.DynamicRouting", &Importer::importCapsRouting},
          {"ai.capsc.SelfAttentionRouting", &Importer::importCapsRouting},
          {"ai.capsc.CapsLength", &Importer::importCapsLength},
      };
  return table;
}

//===----------------------------------------------------------------------===//
// Graph
//===----------------------------------------------------------------------===//

OwningOpRef<ModuleOp> Importer::run() {
  const onnx::GraphProto &graph = model.graph();
  Location fileLoc = FileLineColLoc::get(&ctx, path, 0, 0);
  bool failed = false;
  auto report = [&](Location loc, const Twine &msg) {
    emitError(loc) << msg;
    failed = true;
  };

  std::set<std::string> initNames;
  for (const auto &init : graph.initializer()) {
    initNames.insert(init.name());
    try {
      consts[init.name()] = fromProto(init);
    } catch (const NodeError &e) {
      report(NameLoc::get(StringAttr::get(&ctx, init.name()), fileLoc),
             "initializer '" + init.name() + "': " + e.message);
    }
  }

  // Graph inputs (those that are not initializers) and outputs give the
  // signature.
  SmallVector<std::string> inputNames, outputNames;
  SmallVector<Type> inputTypes;
  // Inputs need static shapes (after -batch); outputs may leave dims unknown:
  // capsc computes them and checks the ones the model states.
  auto declaredShape = [&](const onnx::ValueInfoProto &vi, bool isInput,
                           SmallVector<int64_t> &shape) -> bool {
    Location loc = NameLoc::get(StringAttr::get(&ctx, vi.name()), fileLoc);
    const char *kind = isInput ? "graph input" : "graph output";
    if (!vi.type().has_tensor_type()) {
      report(loc, Twine(kind) + " '" + vi.name() + "' is not a tensor");
      return false;
    }
    const auto &tt = vi.type().tensor_type();
    if (tt.elem_type() != onnx::TensorProto::FLOAT) {
      report(loc, Twine(kind) + " '" + vi.name() + "' has element type " +
                      onnx::TensorProto::DataType_Name(
                          (onnx::TensorProto::DataType)tt.elem_type()) +
                      "; capsc supports float32 graph inputs and outputs");
      return false;
    }
    if (!tt.has_shape()) {
      if (isInput)
        report(loc, Twine(kind) + " '" + vi.name() + "' has no shape");
      return isInput ? false : true;
    }
    for (const auto &d : tt.shape().dim()) {
      if (d.has_dim_value() && d.dim_value() > 0) {
        shape.push_back(d.dim_value());
        continue;
      }
      if (!isInput) {
        shape.push_back(ShapedType::kDynamic);
        continue;
      }
      std::string what = d.has_dim_param() ? "'" + d.dim_param() + "'"
                                           : std::string("unknown");
      report(loc, Twine(kind) + " '" + vi.name() +
                      "' has a dynamic dimension " + what + " at dim " +
                      Twine(shape.size()) +
                      "; only the leading (batch) dimension may be symbolic "
                      "(set it with -batch=N)");
      return false;
    }
    if (isInput) {
      try {
        checkedElements(shape, Twine(kind) + " '" + vi.name() + "'");
      } catch (const NodeError &e) {
        report(loc, e.message);
        return false;
      }
    }
    return true;
  };
  for (const auto &vi : graph.input()) {
    if (initNames.count(vi.name()))
      continue;
    SmallVector<int64_t> shape;
    if (declaredShape(vi, true, shape)) {
      inputNames.push_back(vi.name());
      inputTypes.push_back(tensorType(shape));
    }
  }
  // Declared output shapes: kDynamic where the model leaves a dim open, nullopt
  // when it gives no shape.
  SmallVector<std::optional<SmallVector<int64_t>>> outputShapes;
  for (const auto &vi : graph.output()) {
    SmallVector<int64_t> shape;
    bool ranked =
        vi.type().has_tensor_type() && vi.type().tensor_type().has_shape();
    if (declaredShape(vi, false, shape)) {
      outputNames.push_back(vi.name());
      outputShapes.push_back(ranked ? std::optional<SmallVector<int64_t>>(shape)
                                    : std::nullopt);
    }
  }
  if (failed)
    return nullptr;

  OwningOpRef<ModuleOp> module = ModuleOp::create(fileLoc);
  builder.setInsertionPointToEnd(module->getBody());
  auto func = builder.create<func::FuncOp>(
      fileLoc, options.funcName, builder.getFunctionType(inputTypes, {}));
  Block *entry = func.addEntryBlock();
  builder.setInsertionPointToEnd(entry);
  for (auto [name, arg] : llvm::zip(inputNames, entry->getArguments()))
    values[name] = arg;

  std::set<std::string>
      poisoned; // outputs of failed nodes: no follow-up errors for them
  for (const auto &node : graph.node()) {
    Location loc = locOf(node);
    std::string where =
        "node '" + caps::nodeName(loc) + "' (" + node.op_type() + "): ";
    bool dependsOnFailed =
        llvm::any_of(node.input(),
                     [&](const std::string &in) { return poisoned.count(in); });
    auto poison = [&]() {
      for (const auto &out : node.output())
        poisoned.insert(out);
    };
    if (dependsOnFailed) {
      poison();
      continue;
    }
    bool onnxDomain = node.domain().empty() || node.domain() == "ai.onnx";
    if (!onnxDomain && node.domain() != kCapscDomain) {
      report(loc,
             where + "unsupported operator domain '" + node.domain() + "'");
      poison();
      continue;
    }
    auto it = handlers().find(
        onnxDomain ? node.op_type() : node.domain() + "." + node.op_type());
    if (it == handlers().end()) {
      report(loc, where + "unsupported operator" +
                      (onnxDomain ? "" : " in domain '" + node.domain() + "'"));
      poison();
      continue;
    }
    try {
      bool folded = node.op_type() != "Constant" && allConst(node) &&
                    node.input_size() > 0 && foldConstNode(node);
      if (!folded)
        (this->*it->second)(node);
      for (const auto &out : node.output())
        if (!out.empty() && !has(out))
          fail("output '" + out + "' is not supported");
    } catch (const NodeError &e) {
      report(loc, where + e.message);
      poison();
    }
  }
  if (failed)
    return nullptr;

  SmallVector<Value> results;
  for (auto [name, declared] : llvm::zip(outputNames, outputShapes)) {
    Location loc = NameLoc::get(StringAttr::get(&ctx, name), fileLoc);
    Value v;
    try {
      v = get(name);
    } catch (const NodeError &e) {
      report(loc, "graph output '" + name + "': " + e.message);
      continue;
    }
    ArrayRef<int64_t> computed = shapeOf(v);
    bool matches = !declared || declared->size() == computed.size();
    for (size_t d = 0; matches && declared && d < declared->size(); ++d)
      matches = ShapedType::isDynamic((*declared)[d]) ||
                (*declared)[d] == computed[d];
    if (!matches) {
      std::string want;
      llvm::raw_string_ostream os(want);
      llvm::interleave(
          *declared, os,
          [&](int64_t d) {
            os << (ShapedType::isDynamic(d) ? "?" : std::to_string(d));
          },
          "x");
      report(loc, "graph output '" + name + "' has shape " + os.str() +
                      " in the model but capsc computed " +
                      llvm::formatv("{0}", v.getType()).str());
      continue;
    }
    results.push_back(v);
  }
  if (failed)
    return nullptr;
  func.setFunctionType(
      builder.getFunctionType(inputTypes, TypeRange(ValueRange(results))));
  builder.create<func::ReturnOp>(fileLoc, results);
  return module;
}

/// Gives symbolic or unknown leading dims of the graph inputs the batch size,
/// before shape inference.
void setBatch(onnx::ModelProto &model, int64_t batch) {
  std::set<std::string> inits;
  for (const auto &init : model.graph().initializer())
    inits.insert(init.name());
  for (auto &vi : *model.mutable_graph()->mutable_input()) {
    if (inits.count(vi.name()) || !vi.type().has_tensor_type() ||
        !vi.type().tensor_type().has_shape())
      continue;
    auto *shape = vi.mutable_type()->mutable_tensor_type()->mutable_shape();
    if (shape->dim_size() > 0) {
      auto *d = shape->mutable_dim(0);
      if (!d->has_dim_value() || d->dim_value() <= 0)
        d->set_dim_value(batch);
    }
  }
  // Symbolic output dims are left for shape inference (and the importer) to
  // derive: whichever dim the batch reaches, it need not be the leading one.
  for (auto &vi : *model.mutable_graph()->mutable_output()) {
    if (!vi.type().has_tensor_type() || !vi.type().tensor_type().has_shape())
      continue;
    for (auto &d : *vi.mutable_type()
                        ->mutable_tensor_type()
                        ->mutable_shape()
                        ->mutable_dim())
      if (!d.has_dim_value())
        d.clear_dim_param();
  }
}

} // namespace

OwningOpRef<ModuleOp> importOnnxFile(MLIRContext &context, StringRef path,
                                     const ImportOptions &options) {
  context.loadDialect<caps::CapsDialect, arith::ArithDialect, func::FuncDialect,
                      quant::QuantizationDialect>();
  Location fileLoc = FileLineColLoc::get(&context, path, 0, 0);
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false);
  if (!buffer) {
    emitError(fileLoc) << "cannot read '" << path
                       << "': " << buffer.getError().message();
    return nullptr;
  }
  onnx::ModelProto model;
  try {
    if (path.ends_with(".onnxtext")) {
      std::string text = (*buffer)->getBuffer().str();
      auto status = onnx::OnnxParser::Parse(model, text.c_str());
      if (!status.IsOK()) {
        emitError(fileLoc) << "cannot parse ONNX text: "
                           << status.ErrorMessage();
        return nullptr;
      }
    } else if (!model.ParseFromArray((*buffer)->getBufferStart(),
                                     (int)(*buffer)->getBufferSize()) ||
               !model.has_graph()) {
      emitError(fileLoc)
          << "not a valid ONNX model (truncated or corrupt protobuf)";
      return nullptr;
    }
    if (options.batch <= 0) {
      emitError(fileLoc) << "batch size must be positive, got "
                         << options.batch;
      return nullptr;
    }
    // Dangling inputs get our own message naming the node before the checker's
    // generic one.
    std::set<std::string> known;
    for (const auto &vi : model.graph().input())
      known.insert(vi.name());
    for (const auto &init : model.graph().initializer())
      known.insert(init.name());
    bool dangling = false;
    for (const auto &node : model.graph().node()) {
      for (const auto &in : node.input())
        if (!in.empty() && !known.count(in)) {
          std::string name = node.name().empty()
                                 ? (node.output_size() ? node.output(0) : "")
                                 : node.name();
          emitError(NameLoc::get(StringAttr::get(&context, name), fileLoc))
              << "node '" << name << "' (" << node.op_type() << "): input '"
              << in
              << "' is neither a graph input, an initializer nor the output of "
                 "an earlier node "
                 "(missing initializer?)";
          dangling = true;
        }
      for (const auto &out : node.output())
        known.insert(out);
    }
    if (dangling)
      return nullptr;

    onnx::checker::check_model(model);
    int64_t opset = 0;
    for (const auto &o : model.opset_import())
      if (o.domain().empty() || o.domain() == "ai.onnx")
        opset = o.version();
    if (opset && opset < kMinOpset)
      model = onnx::version_conversion::ConvertVersion(model, kMinOpset);
    setBatch(model, options.batch);
    onnx::shape_inference::InferShapes(
        model, onnx::OpSchemaRegistry::Instance(),
        onnx::ShapeInferenceOptions(/*check_type=*/true, /*error_mode=*/1,
                                    /*data_prop=*/true));
    Importer importer(context, model, options, path);
    return importer.run();
  } catch (const std::exception &e) {
    std::string msg = e.what();
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' '))
      msg.pop_back();
    emitError(fileLoc) << "invalid ONNX model: " << msg;
  } catch (...) {
    emitError(fileLoc) << "invalid ONNX model: unknown error in onnx";
  }
  return nullptr;
}

bool readTensorProtoFile(StringRef path, std::vector<int64_t> &shape,
                         std::vector<float> &data, std::string &error) {
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false);
  if (!buffer) {
    error = "cannot read '" + path.str() + "': " + buffer.getError().message();
    return false;
  }
  try {
    onnx::TensorProto tensor;
    if (!tensor.ParseFromArray((*buffer)->getBufferStart(),
                               static_cast<int>((*buffer)->getBufferSize()))) {
      error = "'" + path.str() + "' is not a serialized ONNX TensorProto";
      return false;
    }
    if (tensor.data_type() != onnx::TensorProto::FLOAT) {
      error = "'" + path.str() + "' does not hold float32 data";
      return false;
    }
    shape.assign(tensor.dims().begin(), tensor.dims().end());
    int64_t n = 1;
    for (int64_t d : shape) {
      if (d < 0 || (d && n > kMaxElements / d)) {
        error = "'" + path.str() + "' has a bad shape";
        return false;
      }
      n *= d;
    }
    if (!tensor.raw_data().empty()) {
      if (tensor.raw_data().size() != static_cast<size_t>(n) * sizeof(float)) {
        error = "'" + path.str() +
                "' has a data size that does not match its shape";
        return false;
      }
      data.resize(n);
      std::memcpy(data.data(), tensor.raw_data().data(), n * sizeof(float));
    } else {
      if (tensor.float_data_size() != n) {
        error = "'" + path.str() +
                "' has a data size that does not match its shape";
        return false;
      }
      data.assign(tensor.float_data().begin(), tensor.float_data().end());
    }
    return true;
  } catch (...) {
    error = "'" + path.str() + "' could not be parsed";
    return false;
  }
}

std::vector<std::string> supportedOnnxOps() {
  std::vector<std::string> ops;
  for (const auto &entry : Importer::handlers())
    ops.push_back(entry.first);
  return ops;
}

} // namespace capsc

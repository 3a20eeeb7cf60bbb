//===- Evaluator.cpp - run caps IR on the reference kernels ---------------===//
#include "capsc/Eval/Evaluator.h"
#include "capsc/Dialect/Caps/CapsDialect.h"
#include "capsc/Kernels/KernelCall.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

#include <cstring>

using namespace mlir;

namespace capsc {

Buffer constantData(DenseElementsAttr attr) {
  auto values = attr.getValues<float>();
  return Buffer(values.begin(), values.end());
}

ArrayRef<float> asFloats(const RawBuffer &data) {
  return ArrayRef<float>(reinterpret_cast<const float *>(data.data()),
                         data.size() / sizeof(float));
}

namespace {
int64_t byteSize(Value v) {
  auto type = cast<RankedTensorType>(v.getType());
  return type.getNumElements() * elementBytes(type);
}

/// The bytes of an integer or float dense constant, as the kernels read them.
FailureOr<RawBuffer> constantBytes(arith::ConstantOp c) {
  auto dense = dyn_cast<DenseElementsAttr>(c.getValue());
  if (!dense)
    return c.emitError("evaluator supports dense tensor constants only");
  Type element = dense.getElementType();
  RawBuffer out(static_cast<size_t>(dense.getNumElements() *
                                    elementBytes(dense.getType())));
  if (element.isF32()) {
    Buffer values = constantData(dense);
    std::memcpy(out.data(), values.data(), out.size());
  } else if (element.isInteger(8)) {
    auto *p = reinterpret_cast<int8_t *>(out.data());
    for (const APInt &v : dense.getValues<APInt>())
      *p++ = static_cast<int8_t>(v.getSExtValue());
  } else if (element.isInteger(32)) {
    auto *p = reinterpret_cast<int32_t *>(out.data());
    for (const APInt &v : dense.getValues<APInt>())
      *p++ = static_cast<int32_t>(v.getSExtValue());
  } else {
    return c.emitError("evaluator supports f32, i8 and i32 constants only");
  }
  return out;
}
} // namespace

LogicalResult evaluateOpInto(Operation *op, ArrayRef<const void *> operands,
                             void *out) {
  auto calls = getKernelCalls(op);
  if (failed(calls))
    return failure();
  for (const KernelCall &call : *calls) {
    SmallVector<void *> args;
    for (Value v : call.inputs) {
      if (!v)
        args.push_back(nullptr);
      else if (v == op->getResult(0)) // a later call working in place
        args.push_back(out);
      else
        args.push_back(
            const_cast<void *>(operands[llvm::find(op->getOperands(), v) -
                                        op->getOperands().begin()]));
    }
    std::vector<std::vector<int8_t>>
        tables; // int8 arrays, as the kernel reads them
    for (const ConstArray &array : call.arrays) {
      if (!array.int8) {
        args.push_back(const_cast<int32_t *>(array.values.data()));
        continue;
      }
      tables.emplace_back(array.values.begin(), array.values.end());
      args.push_back(tables.back().data());
    }
    RawBuffer scratch(static_cast<size_t>(call.scratchBytes));
    if (call.scratchBytes)
      args.push_back(scratch.data());
    args.push_back(out);
    caps_status_t status = invokeKernel(call, args);
    if (status != CAPS_OK)
      return op->emitError() << call.kernel << " failed with status "
                             << static_cast<int>(status);
  }
  return success();
}

FailureOr<Buffer> evaluateOp(Operation *op, ArrayRef<const Buffer *> operands) {
  SmallVector<const void *> ptrs;
  for (const Buffer *b : operands)
    ptrs.push_back(b->data());
  Buffer out(static_cast<size_t>(
      cast<RankedTensorType>(op->getResult(0).getType()).getNumElements()));
  if (failed(evaluateOpInto(op, ptrs, out.data())))
    return failure();
  return out;
}

FailureOr<std::vector<Buffer>>
evaluateFunction(func::FuncOp func, ArrayRef<Buffer> inputs, Observer observe) {
  if (inputs.size() != func.getNumArguments())
    return func.emitError() << "expects " << func.getNumArguments()
                            << " inputs, got " << inputs.size();
  llvm::DenseMap<Value, RawBuffer> env;
  for (auto [arg, data] : llvm::zip(func.getArguments(), inputs)) {
    auto type = cast<RankedTensorType>(arg.getType());
    if (!type.getElementType().isF32() ||
        static_cast<int64_t>(data.size()) != type.getNumElements())
      return func.emitError() << "input " << arg.getArgNumber() << " has "
                              << data.size() << " floats, expected " << type;
    RawBuffer &bytes = env[arg];
    bytes.resize(data.size() * sizeof(float));
    std::memcpy(bytes.data(), data.data(), bytes.size());
    if (observe)
      observe(nullptr, arg, {}, bytes);
  }
  std::vector<Buffer> results;
  for (Operation &op : func.getBody().front()) {
    if (auto c = dyn_cast<arith::ConstantOp>(op)) {
      auto bytes = constantBytes(c);
      if (failed(bytes))
        return failure();
      env[c.getResult()] = std::move(*bytes);
      continue;
    }
    if (auto cast = dyn_cast<quant::StorageCastOp>(op)) { // same bytes
      RawBuffer bytes = env[cast.getArg()];
      env[cast.getResult()] = std::move(bytes);
      continue;
    }
    if (auto ret = dyn_cast<func::ReturnOp>(op)) {
      for (Value v : ret.getOperands()) {
        if (!cast<RankedTensorType>(v.getType()).getElementType().isF32())
          return ret.emitError("evaluator returns float results only");
        ArrayRef<float> values = asFloats(env[v]);
        results.emplace_back(values.begin(), values.end());
      }
      break;
    }
    SmallVector<const void *> operands;
    for (Value v : op.getOperands())
      operands.push_back(env[v].data());
    RawBuffer out(static_cast<size_t>(byteSize(op.getResult(0))));
    if (failed(evaluateOpInto(&op, operands, out.data())))
      return failure();
    if (observe)
      observe(&op, op.getResult(0), operands, out);
    env[op.getResult(0)] = std::move(out);
  }
  return results;
}

} // namespace capsc

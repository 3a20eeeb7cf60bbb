//===- Evaluator.cpp - run caps IR on the reference kernels ---------------===//
#include "capsc/Eval/Evaluator.h"
#include "capsc/Kernels/KernelCall.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

using namespace mlir;

namespace capsc {

Buffer constantData(DenseElementsAttr attr) {
  auto values = attr.getValues<float>();
  return Buffer(values.begin(), values.end());
}

FailureOr<Buffer> evaluateOp(Operation *op, ArrayRef<const Buffer *> operands) {
  auto calls = getKernelCalls(op);
  if (failed(calls))
    return failure();
  auto type = cast<RankedTensorType>(op->getResult(0).getType());
  Buffer out(static_cast<size_t>(type.getNumElements()));
  for (const KernelCall &call : *calls) {
    SmallVector<const float *> ins;
    for (Value v : call.inputs) {
      if (!v)
        ins.push_back(nullptr);
      else if (v == op->getResult(0)) // a later call working in place
        ins.push_back(out.data());
      else
        ins.push_back(operands[llvm::find(op->getOperands(), v) -
                               op->getOperands().begin()]
                          ->data());
    }
    Buffer scratch(static_cast<size_t>(call.scratchFloats));
    if (call.scratchFloats)
      ins.push_back(scratch.data());
    caps_status_t status = invokeKernel(call, ins, out.data());
    if (status != CAPS_OK)
      return op->emitError() << call.kernel << " failed with status "
                             << static_cast<int>(status);
  }
  return out;
}

FailureOr<std::vector<Buffer>> evaluateFunction(func::FuncOp func,
                                                ArrayRef<Buffer> inputs) {
  if (inputs.size() != func.getNumArguments())
    return func.emitError() << "expects " << func.getNumArguments()
                            << " inputs, got " << inputs.size();
  llvm::DenseMap<Value, Buffer> env;
  for (auto [arg, data] : llvm::zip(func.getArguments(), inputs)) {
    auto type = cast<RankedTensorType>(arg.getType());
    if (static_cast<int64_t>(data.size()) != type.getNumElements())
      return func.emitError()
             << "input " << arg.getArgNumber() << " has " << data.size()
             << " elements, expected " << type.getNumElements();
    env[arg] = data;
  }
  std::vector<Buffer> results;
  for (Operation &op : func.getBody().front()) {
    if (auto c = dyn_cast<arith::ConstantOp>(op)) {
      auto dense = dyn_cast<DenseElementsAttr>(c.getValue());
      if (!dense)
        return c.emitError("evaluator supports dense tensor constants only");
      env[c.getResult()] = constantData(dense);
      continue;
    }
    if (auto ret = dyn_cast<func::ReturnOp>(op)) {
      for (Value v : ret.getOperands())
        results.push_back(env[v]);
      break;
    }
    SmallVector<const Buffer *> operands;
    for (Value v : op.getOperands())
      operands.push_back(&env[v]);
    auto out = evaluateOp(&op, operands);
    if (failed(out))
      return failure();
    env[op.getResult(0)] = std::move(*out);
  }
  return results;
}

} // namespace capsc

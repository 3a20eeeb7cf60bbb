//===- ConvertCapsToEmitC.cpp - planned caps functions to EmitC -----------===//
//
// Each planned func.func becomes `int32_t <prefix>_run(const float *in...,
// float *out...)`. Tensors become pointer expressions (emitc.literal):
// constants name `static const` globals, arena tensors point into the one
// static arena, graph inputs and outputs are the function's arguments. Every op
// becomes the kernel calls getKernelCalls describes, so the C++ computes what
// the evaluator computes.
//
//===----------------------------------------------------------------------===//
#include "capsc/Kernels/KernelCall.h"
#include "capsc/Passes/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Quant/QuantOps.h"
#include "mlir/IR/Builders.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringSet.h"

#include <limits>

namespace capsc {
#define GEN_PASS_DEF_CONVERTCAPSTOEMITCPASS
#include "capsc/Passes/Passes.h.inc"
} // namespace capsc

using namespace mlir;

namespace {

/// Escapes a string for a C string literal.
std::string cString(StringRef s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\')
      out += '\\';
    if (static_cast<unsigned char>(c) < 0x20)
      continue;
    out += c;
  }
  return out + "\"";
}

struct ConvertCapsToEmitCPass
    : capsc::impl::ConvertCapsToEmitCPassBase<ConvertCapsToEmitCPass> {
  using ConvertCapsToEmitCPassBase::ConvertCapsToEmitCPassBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<func::FuncOp> funcs(module.getOps<func::FuncOp>());
    if (funcs.size() != 1) {
      module.emitError("convert-caps-to-emitc expects exactly one function");
      return signalPassFailure();
    }
    OpBuilder b(module.getBodyRegion());
    b.setInsertionPointToStart(module.getBody());
    // math.h: INFINITY / NAN in parameter structs (e.g. a one-sided clip).
    b.create<emitc::IncludeOp>(module.getLoc(), "math.h",
                               /*is_standard_include=*/true);
    b.create<emitc::IncludeOp>(module.getLoc(), "capsrt/capsrt.h",
                               /*is_standard_include=*/false);
    b.create<emitc::IncludeOp>(module.getLoc(), prefix + ".h",
                               /*is_standard_include=*/false);
    if (failed(convert(funcs.front(), b)))
      return signalPassFailure();
    funcs.front().erase();
  }

  std::string uniqueSymbol(StringRef base) {
    std::string name = base.str();
    for (int i = 1; !symbols.insert(name).second; ++i)
      name = (base + "_" + Twine(i)).str();
    return name;
  }

  LogicalResult convert(func::FuncOp func, OpBuilder &b) {
    MLIRContext *ctx = func.getContext();
    Location loc = func.getLoc();
    auto sizeAttr = func->getAttrOfType<IntegerAttr>("caps.arena_size");
    if (!sizeAttr)
      return func.emitError(
          "convert-caps-to-emitc needs caps-plan-memory first");
    int64_t arenaBytes = std::max<int64_t>(sizeAttr.getInt(), 1);

    auto f32 = Float32Type::get(ctx);
    auto constPtr =
        emitc::PointerType::get(emitc::OpaqueType::get(ctx, "const float"));
    auto ptr = emitc::PointerType::get(f32);
    std::string arenaName = prefix + "_arena";
    symbols.insert(arenaName);
    // Arena and weights are declared with capsrt's CAPS_ALIGNED (16 bytes, for
    // SIMD loads): EmitC 19's globals have no alignment attribute, so it rides
    // on the element type, and weight initializers are written as opaque text
    // (a typed initializer would have to match that opaque element type).
    auto aligned = [&](StringRef cType) {
      return emitc::OpaqueType::get(ctx, (cType + " CAPS_ALIGNED").str());
    };
    b.create<emitc::GlobalOp>(
        loc, arenaName, emitc::ArrayType::get({arenaBytes}, aligned("uint8_t")),
        Attribute(),
        /*extern=*/false, /*static=*/true, /*const=*/false);

    // Constants become static const globals, named after their ONNX tensor.
    llvm::DenseMap<Value, std::string> pointers;
    int64_t constIndex = 0;
    for (auto c : func.getBody().getOps<arith::ConstantOp>()) {
      auto dense = dyn_cast<DenseElementsAttr>(c.getValue());
      auto type = dyn_cast<RankedTensorType>(c.getType());
      Type element = type ? type.getElementType() : Type();
      if (!dense || !type ||
          !(element.isF32() || element.isInteger(8) || element.isInteger(32)))
        return c.emitError("only dense f32, i8 and i32 tensor constants can "
                           "be emitted");
      std::string base = capsc::caps::nodeName(c.getLoc());
      std::string name =
          uniqueSymbol(prefix + "_w_" +
                       (base.empty() ? std::to_string(constIndex)
                                     : capsc::caps::toCIdentifier(base, "t")));
      ++constIndex;
      auto arrayType =
          emitc::ArrayType::get({std::max<int64_t>(type.getNumElements(), 1)},
                                aligned(capsc::cElementType(type)));
      std::string init;
      llvm::raw_string_ostream os(init);
      os << "{";
      int64_t i = 0;
      int64_t perLine = element.isF32() ? 8 : 16;
      auto separator = [&] {
        os << (i == 0 ? "" : i % perLine == 0 ? ",\n    " : ", ");
        ++i;
      };
      if (element.isF32()) {
        for (float v : dense.getValues<float>()) {
          separator();
          capsc::printFloatLiteral(os, v);
        }
      } else {
        for (const APInt &v : dense.getValues<APInt>()) {
          separator();
          int64_t x = v.getSExtValue();
          // INT32_MIN has no literal of type int.
          if (x == std::numeric_limits<int32_t>::min())
            os << "INT32_MIN";
          else
            os << x;
        }
      }
      os << "}";
      b.create<emitc::GlobalOp>(c.getLoc(), name, arrayType,
                                emitc::OpaqueAttr::get(ctx, os.str()), false,
                                true, true);
      pointers[c.getResult()] = name;
    }
    // A storage cast only gives a constant its quantized type.
    for (auto cast : func.getBody().getOps<quant::StorageCastOp>())
      if (auto it = pointers.find(cast.getArg()); it != pointers.end())
        pointers[cast.getResult()] = it->second;

    // The run function.
    SmallVector<Type> argTypes;
    for (unsigned i = 0; i < func.getNumArguments(); ++i)
      argTypes.push_back(constPtr);
    auto ret = cast<func::ReturnOp>(func.getBody().front().getTerminator());
    for (unsigned i = 0; i < ret.getNumOperands(); ++i)
      argTypes.push_back(ptr);
    auto status = b.getI32Type();
    auto run = b.create<emitc::FuncOp>(
        loc, prefix + "_run", FunctionType::get(ctx, argTypes, {status}));
    Block *entry = run.addEntryBlock();
    b.setInsertionPoint(run); // parameter structs go before the function
    OpBuilder fb = OpBuilder::atBlockEnd(entry);

    llvm::DenseMap<Value, Value> values; // tensor -> emitc pointer value
    for (auto [i, arg] : llvm::enumerate(func.getArguments()))
      values[arg] = entry->getArgument(i);
    auto literal = [&](StringRef text, Type type) {
      return fb.create<emitc::LiteralOp>(loc, type, text).getResult();
    };
    // Results that are graph outputs write straight into the caller's buffer
    // (the first output that returns them); others were planned into the arena.
    llvm::DenseMap<Value, unsigned> outputIndex;
    for (auto [i, v] : llvm::enumerate(ret.getOperands()))
      outputIndex.try_emplace(v, func.getNumArguments() + i);
    // A typed pointer into the arena.
    auto arenaPointer = [&](StringRef cType, int64_t offset) {
      return literal(
          ("((" + cType + " *)(" + arenaName + " + " + Twine(offset) + "))")
              .str(),
          cType == "float"
              ? ptr
              : emitc::PointerType::get(emitc::OpaqueType::get(ctx, cType)));
    };
    auto valueOf = [&](Value v) -> Value {
      if (auto it = values.find(v); it != values.end())
        return it->second;
      if (auto it = pointers.find(v); it != pointers.end())
        return literal(it->second, constPtr);
      return Value();
    };

    // One kernel call: its parameter struct as a static const global, then the
    // call wrapped in the runtime's profiling hooks and status check. `inputs`
    // are emitc pointers, null for NULL.
    int32_t layer = 0;
    // One entry per layer index of the profiling hooks: its ONNX node, kernel,
    // cost-model variant, MACs and operand elements, kept on the function as
    // `caps.layers` for capsc -report.
    SmallVector<Attribute> layerTable;
    auto emitCall = [&](StringRef kernel, const capsc::KernelParams &params,
                        ArrayRef<Value> inputs,
                        ArrayRef<capsc::ConstArray> arrays, Value scratch,
                        Value out, int64_t elements, Location opLoc) {
      std::string paramsName = prefix + "_p" + std::to_string(layer);
      std::string text;
      llvm::raw_string_ostream os(text);
      os << "static const " << capsc::paramsTypeName(params) << " "
         << paramsName << " = ";
      capsc::printParams(os, params);
      os << ";";
      SmallVector<std::string> arrayNames;
      for (auto [i, array] : llvm::enumerate(arrays)) {
        arrayNames.push_back(paramsName + "_a" + std::to_string(i));
        os << "\nstatic const " << (array.int8 ? "int8_t " : "int32_t ")
           << arrayNames.back() << "["
           << std::max<size_t>(array.values.size(), 1) << "] = {";
        llvm::interleaveComma(array.values, os);
        os << "};";
      }
      b.create<emitc::VerbatimOp>(opLoc, b.getStringAttr(os.str()));

      SmallVector<Value> operands;
      SmallVector<Attribute> args{
          emitc::OpaqueAttr::get(ctx, "&" + paramsName)};
      auto pushTensor = [&](Value v) {
        if (!v) {
          args.push_back(emitc::OpaqueAttr::get(ctx, "NULL"));
          return;
        }
        args.push_back(fb.getIndexAttr(operands.size()));
        operands.push_back(v);
      };
      for (Value in : inputs)
        pushTensor(in);
      for (const std::string &name : arrayNames)
        args.push_back(emitc::OpaqueAttr::get(ctx, name));
      if (scratch)
        pushTensor(scratch);
      pushTensor(out);
      // Calls of no ONNX node (the graph input's quantization) carry the
      // kernel's name.
      std::string name = capsc::caps::nodeName(opLoc);
      if (name.empty())
        name = kernel.str();
      auto hookArgs =
          fb.getArrayAttr({fb.getI32IntegerAttr(layer),
                           emitc::OpaqueAttr::get(ctx, cString(name))});
      fb.create<emitc::CallOpaqueOp>(opLoc, TypeRange{}, "CAPS_LAYER_BEGIN",
                                     ValueRange{}, hookArgs);
      auto st = fb.create<emitc::CallOpaqueOp>(
          opLoc, TypeRange{emitc::OpaqueType::get(ctx, "caps_status_t")},
          kernel, operands, fb.getArrayAttr(args));
      fb.create<emitc::CallOpaqueOp>(opLoc, TypeRange{}, "CAPS_CHECK",
                                     st.getResults());
      fb.create<emitc::CallOpaqueOp>(opLoc, TypeRange{}, "CAPS_LAYER_END",
                                     ValueRange{}, hookArgs);
      layerTable.push_back(b.getDictionaryAttr(
          {b.getNamedAttr("name", b.getStringAttr(name)),
           b.getNamedAttr("kernel", b.getStringAttr(kernel)),
           b.getNamedAttr("variant", b.getStringAttr(
                                         capsc::kernelVariant(kernel, params))),
           b.getNamedAttr("macs", b.getI64IntegerAttr(
                                      capsc::kernelMacs(kernel, params))),
           b.getNamedAttr("elements", b.getI64IntegerAttr(elements))}));
      ++layer;
    };

    for (Operation &op : func.getBody().front()) {
      if (isa<func::ReturnOp>(op) || capsc::isConstantLike(&op))
        continue;
      Value result = op.getResult(0);
      auto offsetAttr = op.getAttrOfType<IntegerAttr>("caps.arena_offset");
      if (!offsetAttr)
        return op.emitError(
            "convert-caps-to-emitc needs caps-plan-memory first");
      Value out;
      if (auto it = outputIndex.find(result); it != outputIndex.end())
        out = entry->getArgument(it->second);
      else if (offsetAttr.getInt() >= 0)
        out = arenaPointer(capsc::cElementType(result.getType()),
                           offsetAttr.getInt());
      else
        return op.emitError("result has no buffer");
      values[result] = out;
      // An alias sharing its input's arena buffer needs no call.
      if (capsc::isAliasOp(&op)) {
        auto inOffset =
            op.getOperand(0).getDefiningOp()
                ? op.getOperand(0).getDefiningOp()->getAttrOfType<IntegerAttr>(
                      "caps.arena_offset")
                : IntegerAttr();
        if (inOffset && inOffset.getInt() >= 0 && inOffset == offsetAttr &&
            !outputIndex.count(result))
          continue;
      }
      auto calls = capsc::getKernelCalls(&op);
      if (failed(calls))
        return failure();
      for (const capsc::KernelCall &call : *calls) {
        SmallVector<Value> inputs;
        for (Value in : call.inputs)
          inputs.push_back(in ? valueOf(in) : Value());
        Value scratch;
        if (call.scratchBytes) {
          auto offset = op.getAttrOfType<IntegerAttr>("caps.scratch_offset");
          if (!offset)
            return op.emitError("convert-caps-to-emitc needs caps-plan-memory "
                                "first (no scratch planned)");
          // Float kernels take float scratch, integer kernels untyped bytes.
          scratch = arenaPointer(
              StringRef(call.kernel).ends_with("_f32") ? "float" : "void",
              offset.getInt());
        }
        emitCall(call.kernel, call.params, inputs, call.arrays, scratch, out,
                 capsc::kernelElements(call), op.getLoc());
      }
    }

    // Outputs not produced in place: graph inputs, constants, or a value
    // returned twice.
    llvm::DenseSet<unsigned> written;
    for (auto &[v, idx] : outputIndex)
      if (!isa<BlockArgument>(v) && !capsc::isConstantLike(v.getDefiningOp()))
        written.insert(idx);
    for (auto [i, v] : llvm::enumerate(ret.getOperands())) {
      unsigned idx = func.getNumArguments() + i;
      if (written.contains(idx))
        continue;
      int64_t count = cast<RankedTensorType>(v.getType()).getNumElements();
      emitCall("caps_copy_f32",
               caps_unary_params_t{static_cast<int32_t>(count), 0.0f, 0.0f},
               {valueOf(v)}, {}, Value(), entry->getArgument(idx), 2 * count,
               ret.getLoc());
    }
    auto zero =
        fb.create<emitc::ConstantOp>(loc, status, fb.getI32IntegerAttr(0));
    fb.create<emitc::ReturnOp>(loc, zero.getResult());
    run->setAttr("caps.layers", b.getArrayAttr(layerTable));
    return success();
  }

  llvm::StringSet<> symbols;
};
} // namespace

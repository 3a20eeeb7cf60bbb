//===- capsc.cpp - ONNX model to static C++ for microcontrollers ----------===//
#include "capsc/Dialect/Caps/CapsDialect.h"
#include "capsc/Eval/Calibration.h"
#include "capsc/Eval/Validation.h"
#include "capsc/Import/OnnxImporter.h"
#include "capsc/Kernels/KernelCall.h"
#include "capsc/Passes/Passes.h"
#include "capsc/Target/TargetDesc.h"

#include "mlir/Dialect/EmitC/IR/EmitC.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/TypeUtilities.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Support/Timing.h"
#include "mlir/Target/Cpp/CppEmitter.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
namespace cl = llvm::cl;

namespace {
cl::OptionCategory capscCategory("capsc options");

cl::opt<std::string> inputFile(cl::Positional,
                               cl::desc("<model.onnx | model.onnxtext>"),
                               cl::cat(capscCategory));
cl::opt<std::string>
    outputDir("o",
              cl::desc("Directory for <name>.h and <name>.cpp (default: .)"),
              cl::value_desc("dir"), cl::init("."), cl::cat(capscCategory));
cl::opt<std::string> modelName(
    "name",
    cl::desc(
        "Prefix of the generated files and symbols (default: the model file's "
        "stem as a C identifier)"),
    cl::value_desc("id"), cl::cat(capscCategory));
cl::opt<std::string> target(
    "target",
    cl::desc("Target: host (default), cortex-m0plus, cortex-m4, cortex-m7, "
             "cortex-m33, rv32imc, cv32e40p, gap8 (--list-targets describes "
             "them)"),
    cl::value_desc("name"), cl::init("host"), cl::cat(capscCategory));
cl::opt<bool>
    listTargets("list-targets",
                cl::desc("Print the targets and their ISA features and exit"),
                cl::cat(capscCategory));
cl::opt<bool> targetInfo(
    "target-info",
    cl::desc("Print the -target description as JSON (compile flags, ISA "
             "features, QEMU machine and linker script, per-op cost model) "
             "and exit"),
    cl::cat(capscCategory));
enum class EmitKind { Cpp, Mlir, EmitC };
cl::opt<EmitKind> emit(
    "emit", cl::desc("What to produce"), cl::init(EmitKind::Cpp),
    cl::values(
        clEnumValN(EmitKind::Cpp, "cpp",
                   "<name>.h and <name>.cpp in -o (default)"),
        clEnumValN(
            EmitKind::Mlir, "mlir",
            "caps-level IR after all caps passes, before lowering, to stdout"),
        clEnumValN(EmitKind::EmitC, "emitc",
                   "IR after lowering to EmitC, to stdout")),
    cl::cat(capscCategory));
cl::opt<int64_t> batch(
    "batch",
    cl::desc(
        "Value of a symbolic leading (batch) dim of the inputs (default: 1)"),
    cl::value_desc("N"), cl::init(1), cl::cat(capscCategory));
cl::opt<bool> raiseCapsules(
    "raise-capsules",
    cl::desc("Recognize unrolled capsule layers (squash, routing, ...) and "
             "compile them "
             "as capsule ops (default: true); false keeps the generic ops"),
    cl::init(true), cl::cat(capscCategory));
enum class LayoutKind { Target, Nchw, Nhwc };
cl::opt<LayoutKind> layout(
    "layout",
    cl::desc("Layout of convolutions and pooling in the generated code; the "
             "model's inputs and outputs keep their ONNX shapes either way"),
    cl::init(LayoutKind::Target),
    cl::values(clEnumValN(LayoutKind::Target, "target",
                          "the target's (default): nhwc for Cortex-M, nchw "
                          "for the host"),
               clEnumValN(LayoutKind::Nchw, "nchw", "ONNX's layout"),
               clEnumValN(LayoutKind::Nhwc, "nhwc",
                          "channels last (caps-layout), what the SIMD "
                          "kernels gather fastest")),
    cl::cat(capscCategory));
enum class QuantizeKind { None, Int8, Pow2 };
cl::opt<QuantizeKind> quantize(
    "quantize",
    cl::desc("Post-training quantization (needs -calib); a pre-quantized ONNX "
             "model (QuantizeLinear/DequantizeLinear, QLinearConv) compiles "
             "int8 with its own scales without it"),
    cl::init(QuantizeKind::None),
    cl::values(clEnumValN(QuantizeKind::None, "none", "float32 (default)"),
               clEnumValN(QuantizeKind::Int8, "int8",
                          "affine int8 activations, per-channel int8 weights, "
                          "TFLite/CMSIS-NN requantization"),
               clEnumValN(QuantizeKind::Pow2, "pow2",
                          "symmetric power-of-two scales, shift-only "
                          "requantization")),
    cl::cat(capscCategory));
cl::opt<std::string> calibFile(
    "calib",
    cl::desc("Calibration samples for -quantize: a float32 .npy array in the "
             "model's input layout, samples along the leading dim; or a "
             "directory of ONNX TensorProto inputs (test_data_set_*/input_N.pb "
             "or *.pb)"),
    cl::value_desc("file.npy|dir"), cl::cat(capscCategory));
cl::opt<capsc::RangeMethod> calibMethod(
    "calib-method", cl::desc("How calibration picks each tensor's range"),
    cl::init(capsc::RangeMethod::Mse),
    cl::values(clEnumValN(capsc::RangeMethod::MinMax, "minmax",
                          "observed minimum and maximum"),
               clEnumValN(capsc::RangeMethod::Percentile, "percentile",
                          "clip both tails at -calib-percentile"),
               clEnumValN(capsc::RangeMethod::Mse, "mse",
                          "clip to minimize the expected quantization error "
                          "(default)")),
    cl::cat(capscCategory));
cl::opt<double> calibPercentile(
    "calib-percentile",
    cl::desc("Percentile of values kept by -calib-method=percentile "
             "(default 99.99)"),
    cl::init(99.99), cl::cat(capscCategory));
cl::opt<std::string> validateFile(
    "validate",
    cl::desc("With -quantize: run the float and the quantized model on these "
             "samples (like -calib) and print accuracy, top-1 agreement and "
             "per-layer SQNR"),
    cl::value_desc("file.npy|dir"), cl::cat(capscCategory));
cl::opt<std::string> labelsFile(
    "labels",
    cl::desc("Class labels of the -validate samples (integer .npy, one per "
             "row of the first output)"),
    cl::value_desc("file.npy"), cl::cat(capscCategory));
cl::opt<std::string> reportFile(
    "report",
    cl::desc("Write a JSON report: target, arena bytes, the kernel calls "
             "(ONNX node, kernel, MACs, operand elements, and the instructions "
             "the target's cost model estimates) and, with -validate, the "
             "quantization figures (docs/quantization.md has the schema)"),
    cl::value_desc("file.json"), cl::cat(capscCategory));
cl::opt<std::string> evalFile(
    "eval",
    cl::desc("Run the compiled model (float or quantized) in capsc's "
             "evaluator on these samples (like -calib) and write its outputs "
             "to -eval-output: the reference the generated code must match "
             "bit for bit"),
    cl::value_desc("file.npy|dir"), cl::cat(capscCategory));
cl::opt<std::string> evalOutput(
    "eval-output",
    cl::desc("Outputs of -eval as float32 .npy [samples, output shape]; "
             "with several outputs, output i goes to <stem>_<i>.npy"),
    cl::value_desc("file.npy"), cl::cat(capscCategory));
cl::opt<bool> listOps("list-ops",
                      cl::desc("Print the supported ONNX operators and exit"),
                      cl::cat(capscCategory));
/// What -report writes, gathered along the compilation.
llvm::json::Object report;

cl::opt<bool> showRemarks("remarks",
                          cl::desc("Print pass remarks (arena plan, ...)"),
                          cl::cat(capscCategory));

void printDiagnostic(Diagnostic &diag, int depth) {
  const char *severity =
      diag.getSeverity() == DiagnosticSeverity::Error     ? "error"
      : diag.getSeverity() == DiagnosticSeverity::Warning ? "warning"
      : diag.getSeverity() == DiagnosticSeverity::Remark  ? "remark"
                                                          : "note";
  // One line: onnx's multi-line messages are joined.
  std::string text = diag.str(), message;
  for (StringRef line : llvm::split(StringRef(text).trim(), '\n'))
    if (!line.trim().empty())
      message += (message.empty() ? "" : "; ") + line.trim().str();
  std::string node = capsc::caps::nodeName(diag.getLocation());
  std::string opType = capsc::caps::nodeOpType(diag.getLocation());
  llvm::errs() << (depth ? "  " : "") << llvm::sys::path::filename(inputFile)
               << ": " << severity << ": ";
  if (!node.empty() && message.find("'" + node + "'") == std::string::npos)
    llvm::errs() << "node '" << node << "'"
                 << (opType.empty() ? "" : " (" + opType + ")") << ": ";
  llvm::errs() << message << "\n";
  for (Diagnostic &note : diag.getNotes())
    if (depth == 0 &&
        !StringRef(note.str()).starts_with("see current operation"))
      printDiagnostic(note, 1);
}

bool isIdentifier(StringRef s) {
  if (s.empty() || llvm::isDigit(s[0]))
    return false;
  return llvm::all_of(s, [](char c) { return llvm::isAlnum(c) || c == '_'; });
}

/// The C API header: usable from C99 and C++, one run function plus shape and
/// size constants.
std::string makeHeader(func::FuncOp func, StringRef name, int64_t arenaBytes) {
  std::string text;
  llvm::raw_string_ostream os(text);
  std::string upper = StringRef(name).upper();
  os << "/* Generated by capsc " CAPSC_VERSION " from "
     << llvm::sys::path::filename(inputFile) << ". Do not edit. */\n"
     << "#ifndef CAPSC_MODEL_" << upper << "_H\n#define CAPSC_MODEL_" << upper
     << "_H\n\n"
     << "#include <stdint.h>\n\n#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n"
     << "/** Bytes of the static activation arena inside " << name
     << ".cpp. */\n"
     << "#define " << upper << "_ARENA_BYTES " << arenaBytes << "u\n"
     << "/** The -target the code was generated for. */\n"
     << "#define " << upper << "_TARGET \"" << target << "\"\n";
  auto describe = [&](StringRef kind, unsigned count, auto typeAt) {
    os << "#define " << upper << "_NUM_" << kind << "S " << count << "\n";
    for (unsigned i = 0; i < count; ++i) {
      auto type = cast<RankedTensorType>(typeAt(i));
      std::string k = (kind + Twine(i)).str();
      os << "#define " << upper << "_" << k << "_SIZE " << type.getNumElements()
         << " /* float32 elements */\n"
         << "#define " << upper << "_" << k << "_RANK " << type.getRank()
         << "\n"
         << "#define " << upper << "_" << k << "_SHAPE {";
      llvm::interleave(type.getShape(), os, ", ");
      os << "}\n";
    }
  };
  describe("INPUT", func.getNumArguments(),
           [&](unsigned i) { return func.getArgumentTypes()[i]; });
  describe("OUTPUT", func.getNumResults(),
           [&](unsigned i) { return func.getResultTypes()[i]; });
  // A quantized model computes each output in int8 and dequantizes it: the
  // step of its values (one LSB) and zero point.
  auto ret = cast<func::ReturnOp>(func.getBody().front().getTerminator());
  for (auto [i, v] : llvm::enumerate(ret.getOperands())) {
    auto dcast = v.getDefiningOp<quant::DequantizeCastOp>();
    auto q = dcast ? dyn_cast<quant::UniformQuantizedType>(
                         getElementTypeOrSelf(dcast.getArg().getType()))
                   : nullptr;
    if (!q)
      continue;
    os << "#define " << upper << "_OUTPUT" << i << "_QUANT_SCALE "
       << llvm::formatv("{0:e9}", q.getScale()) << " /* int8 step */\n"
       << "#define " << upper << "_OUTPUT" << i << "_QUANT_ZERO_POINT "
       << q.getZeroPoint() << "\n";
  }
  os << "\n/** Runs the model: inputs then outputs, dense row-major float32 "
        "(NCHW as in the ONNX model).\n"
     << " *  Not reentrant (one static arena). Returns 0, or a negative "
        "caps_status_t of a failing kernel. */\n"
     << "int32_t " << name << "_run(";
  for (unsigned i = 0; i < func.getNumArguments(); ++i)
    os << (i ? ", " : "") << "const float *input" << i;
  for (unsigned i = 0; i < func.getNumResults(); ++i)
    os << (i || func.getNumArguments() ? ", " : "") << "float *output" << i;
  os << ");\n\n#ifdef __cplusplus\n}\n#endif\n\n#endif\n";
  return os.str();
}

LogicalResult writeFile(StringRef path, StringRef contents) {
  std::string error;
  auto file = openOutputFile(path, &error);
  if (!file) {
    llvm::WithColor::error(llvm::errs(), "capsc") << error << "\n";
    return failure();
  }
  file->os() << contents;
  file->keep();
  return success();
}

LogicalResult fail(const Twine &message) {
  llvm::WithColor::error(llvm::errs(), "capsc") << message << "\n";
  return failure();
}

/// Samples from a directory of ONNX TensorProto files: subdirectories (sorted)
/// holding input_0.pb, input_1.pb, ... (the ONNX test data set layout), one
/// sample each, or .pb files (sorted), one single-input sample each. Other
/// entries are ignored.
LogicalResult loadProtoSamples(func::FuncOp func, StringRef dir,
                               std::vector<capsc::Sample> &samples) {
  std::error_code ec;
  std::vector<std::string> entries;
  for (llvm::sys::fs::directory_iterator it(dir, ec), end; it != end && !ec;
       it.increment(ec))
    entries.push_back(it->path());
  if (ec)
    return fail("cannot read '" + dir + "': " + ec.message());
  llvm::sort(entries);
  auto readInto = [&](StringRef file, unsigned input, capsc::Sample &sample) {
    std::vector<int64_t> shape;
    std::vector<float> data;
    std::string error;
    if (!capsc::readTensorProtoFile(file, shape, data, error))
      return fail(error);
    auto type = cast<RankedTensorType>(func.getArgumentTypes()[input]);
    if (static_cast<int64_t>(data.size()) != type.getNumElements())
      return fail("'" + file + "' has " + Twine(data.size()) +
                  " elements, the model's input " + Twine(input) + " " +
                  Twine(type.getNumElements()));
    sample.push_back(std::move(data));
    return success();
  };
  for (const std::string &entry : entries) {
    SmallString<128> first(entry);
    llvm::sys::path::append(first, "input_0.pb");
    if (llvm::sys::fs::is_directory(entry) && llvm::sys::fs::exists(first)) {
      capsc::Sample sample;
      for (unsigned i = 0; i < func.getNumArguments(); ++i) {
        SmallString<128> file(entry);
        llvm::sys::path::append(file, "input_" + Twine(i) + ".pb");
        if (failed(readInto(file, i, sample)))
          return failure();
      }
      samples.push_back(std::move(sample));
    } else if (StringRef(entry).ends_with(".pb")) {
      if (func.getNumArguments() != 1)
        return fail("'" + dir + "' holds .pb files; a model with " +
                    Twine(func.getNumArguments()) +
                    " inputs needs one subdirectory per sample");
      capsc::Sample sample;
      if (failed(readInto(entry, 0, sample)))
        return failure();
      samples.push_back(std::move(sample));
    }
  }
  if (samples.empty())
    return fail("'" + dir +
                "' holds no samples (.pb files or data set "
                "directories)");
  return success();
}

/// Samples from a float32 .npy (single-input models) or a directory of ONNX
/// TensorProto inputs (given with `flag`).
LogicalResult loadSamples(func::FuncOp func, StringRef flag, StringRef path,
                          std::vector<capsc::Sample> &samples) {
  if (llvm::sys::fs::is_directory(path))
    return loadProtoSamples(func, path, samples);
  if (func.getNumArguments() != 1)
    return fail("-" + flag +
                " with a .npy file needs a model with one input, "
                "this one has " +
                Twine(func.getNumArguments()));
  capsc::NpyArray array;
  std::string error;
  int64_t inputElements =
      cast<RankedTensorType>(func.getArgumentTypes()[0]).getNumElements();
  if (!capsc::readNpy(path, array, error) ||
      !capsc::splitSamples(array, inputElements, samples, error))
    return fail(llvm::sys::path::filename(path) + ": " + error);
  return success();
}

/// Runs the float model over the -calib samples and records the ranges
/// caps-quantize reads.
LogicalResult calibrateModel(func::FuncOp func) {
  if (calibFile.empty())
    return fail("-quantize needs calibration data: -calib=FILE.npy");
  if (!(calibPercentile > 50.0 && calibPercentile <= 100.0))
    return fail("-calib-percentile must be in (50, 100]");
  std::vector<capsc::Sample> samples;
  if (failed(loadSamples(func, "calib", calibFile, samples)))
    return failure();
  capsc::CalibrationOptions options;
  options.method = calibMethod;
  options.percentile = calibPercentile;
  options.progress = true;
  return capsc::calibrate(func, samples, options);
}

/// -validate: float vs quantized on a labelled set; a table on stdout and
/// the -report JSON.
LogicalResult validateModel(func::FuncOp floatFunc, func::FuncOp quantFunc) {
  std::vector<capsc::Sample> samples;
  std::vector<int64_t> labels;
  if (failed(loadSamples(floatFunc, "validate", validateFile, samples)))
    return failure();
  if (!labelsFile.empty()) {
    capsc::NpyArray array;
    std::string error;
    if (!capsc::readNpy(labelsFile, array, error))
      return fail(llvm::sys::path::filename(labelsFile) + ": " + error);
    if (array.kind == 'f')
      return fail(llvm::sys::path::filename(labelsFile) +
                  ": labels must be integers");
    for (int64_t i = 0; i < array.numElements(); ++i)
      labels.push_back(static_cast<int64_t>(array.at(i)));
  }
  auto result =
      capsc::validate(floatFunc, quantFunc, samples, labels, /*progress=*/true);
  if (failed(result))
    return failure();
  auto percent = [](std::optional<double> v) {
    return v ? llvm::formatv("{0:F2} %", *v * 100.0).str() : std::string("-");
  };
  llvm::outs() << llvm::formatv("{0,-28} {1,10}\n", "samples", result->samples)
               << llvm::formatv("{0,-28} {1,10}\n", "float accuracy",
                                percent(result->floatAccuracy))
               << llvm::formatv("{0,-28} {1,10}\n", "quantized accuracy",
                                percent(result->quantizedAccuracy))
               << llvm::formatv("{0,-28} {1,10}\n", "top-1 agreement",
                                percent(result->top1Agreement))
               << "\n";
  size_t width = StringRef("layer (ONNX node)").size();
  for (const capsc::LayerSqnr &l : result->layers)
    width = std::max(width, l.name.size());
  llvm::outs() << llvm::left_justify("layer (ONNX node)", width) << "  "
               << llvm::left_justify("op", 28) << "  SQNR (dB)\n";
  for (const capsc::LayerSqnr &l : result->layers)
    llvm::outs() << llvm::left_justify(l.name, width) << "  "
                 << llvm::left_justify(l.op, 28) << "  "
                 << llvm::formatv("{0,9:F1}", l.sqnrDb) << "\n";
  namespace json = llvm::json;
  auto optional = [](std::optional<double> v) -> json::Value {
    return v ? json::Value(*v) : json::Value(nullptr);
  };
  json::Array layers;
  for (const capsc::LayerSqnr &l : result->layers)
    layers.push_back(json::Object{{"name", l.name},
                                  {"op", l.op},
                                  {"sqnr_db", std::isfinite(l.sqnrDb)
                                                  ? json::Value(l.sqnrDb)
                                                  : json::Value(nullptr)}});
  report["calibration"] = json::Object{
      {"file", calibFile.empty() ? json::Value(nullptr)
                                 : json::Value(calibFile.getValue())},
      {"method", calibMethod == capsc::RangeMethod::MinMax ? "minmax"
                 : calibMethod == capsc::RangeMethod::Mse  ? "mse"
                                                           : "percentile"}};
  report["validation"] =
      json::Object{{"file", validateFile.getValue()},
                   {"samples", result->samples},
                   {"float_accuracy", optional(result->floatAccuracy)},
                   {"int8_accuracy", optional(result->quantizedAccuracy)},
                   {"top1_agreement", result->top1Agreement}};
  report["layers"] = std::move(layers);
  return success();
}

/// -report: the figures gathered so far plus the compilation's own (target,
/// arena, one entry per kernel call of the lowered function).
LogicalResult writeReport(ModuleOp module, int64_t arenaBytes) {
  if (reportFile.empty())
    return success();
  namespace json = llvm::json;
  report["model"] = llvm::sys::path::filename(inputFile).str();
  report["target"] = target.getValue();
  report["quantize"] = quantize == QuantizeKind::None   ? "none"
                       : quantize == QuantizeKind::Pow2 ? "pow2"
                                                        : "int8";
  report["arena_bytes"] = arenaBytes;
  json::Array kernels;
  const capsc::TargetDesc *desc = capsc::lookupTarget(target);
  double estimatedTotal = 0;
  bool estimatedAll = desc && !desc->costs.empty();
  for (auto run : module.getOps<emitc::FuncOp>())
    if (auto table = run->getAttrOfType<ArrayAttr>("caps.layers"))
      for (auto [i, entry] : llvm::enumerate(table.getAsRange<DictionaryAttr>())) {
        StringRef kernel = cast<StringAttr>(entry.get("kernel")).getValue();
        StringRef variant = cast<StringAttr>(entry.get("variant")).getValue();
        int64_t macs = cast<IntegerAttr>(entry.get("macs")).getInt();
        int64_t elements = cast<IntegerAttr>(entry.get("elements")).getInt();
        json::Object k{{"layer", static_cast<int64_t>(i)},
                       {"name", cast<StringAttr>(entry.get("name")).getValue()},
                       {"kernel", kernel},
                       {"variant", variant},
                       {"macs", macs},
                       {"elements", elements}};
        std::optional<double> estimate =
            desc ? capsc::estimateInstructions(*desc, kernel, variant, macs,
                                               elements)
                 : std::nullopt;
        if (estimate) {
          k["estimated_instructions"] = static_cast<int64_t>(*estimate);
          estimatedTotal += *estimate;
        } else {
          estimatedAll = false;
        }
        kernels.push_back(std::move(k));
      }
  report["kernels"] = std::move(kernels);
  // The sum over the calls the target's cost model covers; complete when it
  // covers them all.
  if (desc && !desc->costs.empty()) {
    report["estimated_instructions"] = static_cast<int64_t>(estimatedTotal);
    report["estimate_complete"] = estimatedAll;
  }
  std::string text;
  llvm::raw_string_ostream os(text);
  os << llvm::formatv("{0:2}", json::Value(std::move(report))) << "\n";
  return writeFile(reportFile, os.str());
}

/// -eval: the compiled model's outputs on the samples, from the evaluator.
LogicalResult evaluateModel(func::FuncOp func) {
  if (evalOutput.empty())
    return fail("-eval needs -eval-output=FILE.npy");
  std::vector<capsc::Sample> samples;
  if (failed(loadSamples(func, "eval", evalFile, samples)))
    return failure();
  unsigned numOutputs = func.getNumResults();
  std::vector<std::vector<capsc::Buffer>> outputs(numOutputs);
  for (const capsc::Sample &sample : samples) {
    auto out = capsc::evaluateFunction(func, sample);
    if (failed(out))
      return failure();
    for (unsigned i = 0; i < numOutputs; ++i)
      outputs[i].push_back((*out)[i]);
  }
  for (unsigned i = 0; i < numOutputs; ++i) {
    SmallString<128> path(evalOutput);
    if (numOutputs > 1) {
      llvm::sys::path::replace_extension(path, "");
      path += "_" + std::to_string(i) + ".npy";
    }
    std::string error;
    if (!capsc::writeNpy(
            path, cast<RankedTensorType>(func.getResultTypes()[i]).getShape(),
            outputs[i], error))
      return fail(error);
  }
  return success();
}

int run() {
  if (listTargets) {
    for (const capsc::TargetDesc &t : capsc::allTargets()) {
      llvm::outs() << llvm::left_justify(t.name, 15) << t.summary << "\n";
      if (!t.compileFlags.empty())
        llvm::outs().indent(15) << "flags: " << t.compileFlags << " ("
                                << t.compiler << ")\n";
      if (!t.qemuMachine.empty() || !t.qemuNote.empty())
        llvm::outs().indent(15)
            << "QEMU: " << (t.qemuMachine.empty() ? "-" : t.qemuMachine)
            << (t.qemuNote.empty() ? "" : " (" + t.qemuNote.str() + ")")
            << "\n";
    }
    return 0;
  }
  if (listOps) {
    for (const std::string &op : capsc::supportedOnnxOps())
      llvm::outs() << op << "\n";
    return 0;
  }
  const capsc::TargetDesc *targetDesc = capsc::lookupTarget(target);
  if (!targetDesc) {
    llvm::WithColor::error(llvm::errs(), "capsc")
        << "unknown target '" << target << "' (known:";
    for (const capsc::TargetDesc &t : capsc::allTargets())
      llvm::errs() << " " << t.name;
    llvm::errs() << ")\n";
    return 1;
  }
  if (targetInfo) {
    llvm::outs() << llvm::formatv(
                        "{0:2}",
                        llvm::json::Value(capsc::targetInfoJson(*targetDesc)))
                 << "\n";
    return 0;
  }
  if (inputFile.empty()) {
    llvm::WithColor::error(llvm::errs(), "capsc")
        << "no input model (see --help)\n";
    return 1;
  }
  if (quantize == QuantizeKind::None && !calibFile.empty()) {
    llvm::WithColor::error(llvm::errs(), "capsc")
        << "-calib is only used with -quantize=int8|pow2\n";
    return 1;
  }

  std::string name = modelName.empty()
                         ? capsc::caps::toCIdentifier(
                               llvm::sys::path::stem(inputFile), "model_")
                         : modelName.getValue();
  if (!isIdentifier(name)) {
    llvm::WithColor::error(llvm::errs(), "capsc")
        << "-name='" << name << "' is not a C identifier\n";
    return 1;
  }

  DialectRegistry registry;
  registry
      .insert<capsc::caps::CapsDialect, quant::QuantizationDialect,
              arith::ArithDialect, func::FuncDialect, emitc::EmitCDialect>();
  MLIRContext context(registry);
  context.loadAllAvailableDialects();
  // One line per diagnostic: "<model>: error: node '<onnx node>': <message>".
  // Remarks (the arena plan) only with -remarks.
  context.getDiagEngine().registerHandler([&](Diagnostic &diag) {
    if (diag.getSeverity() == DiagnosticSeverity::Remark && !showRemarks)
      return success();
    printDiagnostic(diag, 0);
    return success();
  });

  capsc::ImportOptions options;
  options.batch = batch;
  options.funcName = name;
  OwningOpRef<ModuleOp> module =
      capsc::importOnnxFile(context, inputFile, options);
  // Attributes taken from the model (group, pads, bias shapes, ...) are checked
  // by the op verifiers before any pass touches the IR.
  if (!module || failed(verify(*module)))
    return 1;
  if (targetDesc->cores > 1)
    (*module)->setAttr(capsc::kCoresAttr,
                       IntegerAttr::get(IntegerType::get(&context, 64),
                                        targetDesc->cores));

  DefaultTimingManager tm;
  applyDefaultTimingManagerCLOptions(tm);
  TimingScope timing = tm.getRootScope();

  PassManager pm(&context);
  if (failed(applyPassManagerCLOptions(pm)))
    return 1;
  pm.enableTiming(timing);
  pm.addPass(createCanonicalizerPass());
  pm.addPass(capsc::createCapsFoldPass());
  pm.addPass(createCanonicalizerPass());
  if (raiseCapsules) {
    pm.addPass(capsc::createCapsRaiseCapsulesPass());
    pm.addPass(createCanonicalizerPass());
  }
  if (layout == LayoutKind::Nhwc ||
      (layout == LayoutKind::Target && targetDesc->channelsLast))
    pm.addPass(capsc::createCapsLayoutPass());
  pm.addPass(createCSEPass());
  if (failed(pm.run(*module)))
    return 1;
  auto func = *module->getOps<func::FuncOp>().begin();
  // A pre-quantized (QDQ) model brings its own int8 scales: it compiles int8
  // without calibration (-calib still ranges any tensor the model left out).
  bool qdq =
      llvm::any_of(func.getArguments(),
                   [&](BlockArgument a) {
                     return func.getArgAttr(a.getArgNumber(), "caps.qdq");
                   }) ||
      func.walk([](Operation *op) {
            return op->hasAttr("caps.qdq") ? WalkResult::interrupt()
                                           : WalkResult::advance();
          })
          .wasInterrupted();
  if (qdq && quantize == QuantizeKind::Pow2) {
    (void)fail("the model is pre-quantized (QuantizeLinear/DequantizeLinear): "
               "it compiles with its own int8 scales, not -quantize=pow2");
    return 1;
  }
  if (qdq && quantize == QuantizeKind::None) {
    quantize = QuantizeKind::Int8;
    func.emitRemark("pre-quantized model: compiled int8 with the model's own "
                    "scales");
  }
  if (quantize == QuantizeKind::None &&
      (!validateFile.empty() || !labelsFile.empty())) {
    (void)fail("-validate and -labels need -quantize");
    return 1;
  }
  if (!labelsFile.empty() && validateFile.empty()) {
    (void)fail("-labels needs -validate");
    return 1;
  }
  OwningOpRef<ModuleOp> floatModule;
  if (quantize != QuantizeKind::None) {
    if ((!qdq || !calibFile.empty()) && failed(calibrateModel(func)))
      return 1;
    if (!validateFile.empty())
      floatModule = module->clone();
    PassManager qpm(&context);
    if (failed(applyPassManagerCLOptions(qpm)))
      return 1;
    qpm.enableTiming(timing);
    capsc::CapsQuantizePassOptions quantOptions;
    quantOptions.scheme = quantize == QuantizeKind::Pow2 ? "pow2" : "int8";
    qpm.addPass(capsc::createCapsQuantizePass(quantOptions));
    qpm.addPass(createCSEPass());
    if (failed(qpm.run(*module)))
      return 1;
    if (floatModule && failed(validateModel(
                           *floatModule->getOps<func::FuncOp>().begin(), func)))
      return 1;
  }
  if (!evalFile.empty() && failed(evaluateModel(func)))
    return 1;
  PassManager plan(&context);
  if (failed(applyPassManagerCLOptions(plan)))
    return 1;
  plan.enableTiming(timing);
  plan.addPass(capsc::createCapsPlanMemoryPass());
  if (failed(plan.run(*module)))
    return 1;
  int64_t arenaBytes =
      func->getAttrOfType<IntegerAttr>("caps.arena_size").getInt();
  if (emit == EmitKind::Mlir) {
    module->print(llvm::outs());
    return failed(writeReport(*module, arenaBytes)) ? 1 : 0;
  }
  std::string header = makeHeader(func, name, arenaBytes);

  PassManager lower(&context);
  if (failed(applyPassManagerCLOptions(lower)))
    return 1;
  lower.enableTiming(timing);
  capsc::ConvertCapsToEmitCPassOptions lowerOptions;
  lowerOptions.prefix = name;
  lower.addPass(capsc::createConvertCapsToEmitCPass(lowerOptions));
  if (failed(lower.run(*module)))
    return 1;
  if (failed(writeReport(*module, arenaBytes)))
    return 1;
  if (emit == EmitKind::EmitC) {
    module->print(llvm::outs());
    return 0;
  }

  std::string source;
  llvm::raw_string_ostream os(source);
  os << "/* Generated by capsc " CAPSC_VERSION " from "
     << llvm::sys::path::filename(inputFile) << " for target " << target
     << ". Do not edit. */\n";
  if (failed(emitc::translateToCpp(*module, os)))
    return 1;
  if (std::error_code ec = llvm::sys::fs::create_directories(outputDir)) {
    llvm::WithColor::error(llvm::errs(), "capsc")
        << "cannot create '" << outputDir << "': " << ec.message() << "\n";
    return 1;
  }
  SmallString<128> hPath(outputDir), cppPath(outputDir);
  llvm::sys::path::append(hPath, name + ".h");
  llvm::sys::path::append(cppPath, name + ".cpp");
  if (failed(writeFile(hPath, header)) || failed(writeFile(cppPath, os.str())))
    return 1;
  return 0;
}
} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM y(argc, argv);
  registerAsmPrinterCLOptions();
  registerMLIRContextCLOptions();
  registerPassManagerCLOptions();
  registerDefaultTimingManagerCLOptions();
  cl::SetVersionPrinter([](llvm::raw_ostream &os) {
    os << "capsc " CAPSC_VERSION " (MLIR 19)\n";
  });
  cl::HideUnrelatedOptions(capscCategory);
  cl::ParseCommandLineOptions(
      argc, argv,
      "capsc: compiles an ONNX model into static C++ for microcontrollers\n\n"
      "  capsc model.onnx -o out/            writes out/model.h and "
      "out/model.cpp\n"
      "  capsc model.onnx -emit=mlir         prints the caps IR after all caps "
      "passes\n"
      "  capsc model.onnx -quantize=int8 -calib=calib.npy -o out/\n"
      "                                      int8, calibrated on calib.npy "
      "(docs/quantization.md)\n\n"
      "The generated code calls the capsrt runtime (runtime/): compile it "
      "with\n"
      "-I runtime/include and link libcapsrt.a. Errors exit with status 1.\n"
      "MLIR pass-manager flags (-mlir-print-ir-after-all, -mlir-timing, ...) "
      "are\n"
      "accepted too; --help-hidden lists them.\n");
  return run();
}

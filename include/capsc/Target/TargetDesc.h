//===- TargetDesc.h - what capsc knows about each -target ------*- C++ -*-===//
//
// Targets are data, not forks: one table row per -target value says which ISA
// features the core has, how firmware for it is compiled, and where it runs
// under emulation. The same pass pipeline serves every target; passes and
// tools read the row (capsc-check reads it through `capsc --target-info`).
//
//===----------------------------------------------------------------------===//
#ifndef CAPSC_TARGET_TARGETDESC_H
#define CAPSC_TARGET_TARGETDESC_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/JSON.h"

#include <optional>

namespace capsc {

enum class FpuKind { None, Single, Double };

/// One row of a per-op cost model: a call of `kernel` (of `variant`, see
/// capsc::kernelVariant) retires about perMac * MACs + perElement * elements
/// instructions, elements counting the call's tensor operands. Fitted from
/// runtime/bench/bench_kernels.c on QEMU by bench/kernels.py (KernelCosts.inc).
struct KernelCost {
  llvm::StringRef kernel;
  llvm::StringRef variant;
  double perMac;
  double perElement;
};

struct TargetDesc {
  /// The -target value.
  llvm::StringRef name;
  llvm::StringRef summary;
  /// Core name for the compiler (-mcpu) and the runtime build (CAPSRT_CPU);
  /// empty for the host.
  llvm::StringRef cpu;
  /// Compiler flags that select the core, FPU and float ABI; firmware and the
  /// runtime library must both be built with them. Empty for the host.
  llvm::StringRef compileFlags;
  /// ARMv7E-M / ARMv8-M DSP extension: SMLAD, SXTB16, SSAT, QADD8, ...
  bool dsp = false;
  FpuKind fpu = FpuKind::None;
  /// Word and halfword loads at any address (ARMv7-M and later; not ARMv6-M).
  bool unalignedAccess = true;
  /// QEMU machine that runs this core's firmware (runtime/boards/mps2), or
  /// empty. An ARMv6-M program runs unchanged on the Cortex-M3 of mps2-an385.
  llvm::StringRef qemuMachine;
  /// What runs there when the core is not the target's own.
  llvm::StringRef qemuNote;
  /// Linker script of that board in runtime/boards/mps2 (with -L there).
  llvm::StringRef linkerScript;
  /// Image ops run NHWC (caps-layout), the layout the SIMD kernels gather
  /// fastest; the host keeps ONNX's NCHW, so that checking a target against
  /// the host also checks the layout conversion.
  bool channelsLast = false;
  /// The per-op cost model of the kernels this core links (empty: none, as
  /// for the host), and where it was measured.
  llvm::ArrayRef<KernelCost> costs = {};
  llvm::StringRef costSource = "";
  /// Board support the emulated runs link (runtime/boards/<board>): "mps2"
  /// (Arm), "virt" (RISC-V), or empty.
  llvm::StringRef board = "";
  /// The C/C++ compiler driver that builds firmware for this core.
  llvm::StringRef compiler = "";
  /// SIMD extension the kernels use: "arm-dsp", "corev" (CORE-V xcvsimd),
  /// "xpulpv2" (PULP / GAP-8), or empty.
  llvm::StringRef simd = "";
  /// Cores that run a layer together (a PULP cluster), and the memories the
  /// kernels tile for: L1 (the cluster's shared scratchpad) and L2, in bytes
  /// (0: not modelled).
  unsigned cores = 1;
  int64_t l1Bytes = 0;
  int64_t l2Bytes = 0;
};

/// Every target, host first.
llvm::ArrayRef<TargetDesc> allTargets();

/// The row for `name`, or null.
const TargetDesc *lookupTarget(llvm::StringRef name);

/// Instructions a call is estimated to retire on `target` (its cost model),
/// or nothing when the target has no model or the model no row for the
/// kernel and variant.
std::optional<double> estimateInstructions(const TargetDesc &target,
                                           llvm::StringRef kernel,
                                           llvm::StringRef variant,
                                           int64_t macs, int64_t elements);

/// The row as JSON (`capsc --target-info`).
llvm::json::Object targetInfoJson(const TargetDesc &target);

} // namespace capsc

#endif // CAPSC_TARGET_TARGETDESC_H

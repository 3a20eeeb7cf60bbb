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

namespace capsc {

enum class FpuKind { None, Single, Double };

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
};

/// Every target, host first.
llvm::ArrayRef<TargetDesc> allTargets();

/// The row for `name`, or null.
const TargetDesc *lookupTarget(llvm::StringRef name);

/// The row as JSON (`capsc --target-info`).
llvm::json::Object targetInfoJson(const TargetDesc &target);

} // namespace capsc

#endif // CAPSC_TARGET_TARGETDESC_H

//===- TargetDesc.cpp - the -target table ---------------------------------===//
#include "capsc/Target/TargetDesc.h"

using namespace capsc;

namespace {
#include "KernelCosts.inc"

constexpr llvm::StringLiteral kArmDspSource =
    "arm/ kernels measured on Cortex-M7 (QEMU mps2-an500, bench/kernels.py)";
constexpr llvm::StringLiteral kPortableSource =
    "portable kernels measured on Cortex-M0+ code (QEMU mps2-an385, "
    "bench/kernels.py)";

const TargetDesc kTargets[] = {
    {"host", "the build machine: portable C99 reference kernels", "", "",
     /*dsp=*/false, FpuKind::Double, /*unalignedAccess=*/true, "", "", ""},
    {"cortex-m0plus", "Arm Cortex-M0+ (ARMv6-M, no DSP, no FPU)",
     "cortex-m0plus", "-mcpu=cortex-m0plus -mthumb -mfloat-abi=soft",
     /*dsp=*/false, FpuKind::None, /*unalignedAccess=*/false, "mps2-an385",
     "QEMU has no Cortex-M0+ board: the ARMv6-M code runs on mps2-an385's "
     "Cortex-M3",
     "mps2.ld", /*channelsLast=*/true, kPortableKernelCosts, kPortableSource,
     "mps2", "arm-none-eabi-gcc", ""},
    {"cortex-m4", "Arm Cortex-M4F (ARMv7E-M, DSP, single-precision FPU)",
     "cortex-m4", "-mcpu=cortex-m4 -mthumb -mfpu=fpv4-sp-d16 -mfloat-abi=hard",
     /*dsp=*/true, FpuKind::Single, /*unalignedAccess=*/true, "mps2-an386",
     "", "mps2.ld", /*channelsLast=*/true, kArmDspKernelCosts, kArmDspSource,
     "mps2", "arm-none-eabi-gcc", "arm-dsp"},
    {"cortex-m7", "Arm Cortex-M7 (ARMv7E-M, DSP, double-precision FPU)",
     "cortex-m7", "-mcpu=cortex-m7 -mthumb -mfpu=fpv5-d16 -mfloat-abi=hard",
     /*dsp=*/true, FpuKind::Double, /*unalignedAccess=*/true, "mps2-an500",
     "", "mps2.ld", /*channelsLast=*/true, kArmDspKernelCosts, kArmDspSource,
     "mps2", "arm-none-eabi-gcc", "arm-dsp"},
    {"cortex-m33",
     "Arm Cortex-M33 (ARMv8-M Mainline, DSP, single-precision FPU)",
     "cortex-m33",
     "-mcpu=cortex-m33 -mthumb -mfpu=fpv5-sp-d16 -mfloat-abi=hard",
     /*dsp=*/true, FpuKind::Single, /*unalignedAccess=*/true, "mps2-an505",
     "the program runs in Secure state", "mps2-an505.ld",
     /*channelsLast=*/true, kArmDspKernelCosts, kArmDspSource, "mps2",
     "arm-none-eabi-gcc", "arm-dsp"},
    {"rv32imc", "RISC-V RV32IMC (portable kernels, no FPU)", "rv32imc",
     "-march=rv32imc -misa-spec=2.2 -mabi=ilp32", /*dsp=*/false,
     FpuKind::None, /*unalignedAccess=*/false, "virt", "", "",
     /*channelsLast=*/true, {}, "", "virt", "riscv64-unknown-elf-gcc", ""},
    {"cv32e40p",
     "OpenHW CORE-V CV32E40P (RV32IMC + xcvsimd/xcvmac/xcvalu/xcvmem)",
     "cv32e40p",
     "--target=riscv32-unknown-elf "
     "-march=rv32imc_xcvsimd_xcvmac_xcvalu_xcvmem -mabi=ilp32 "
     "-mno-strict-align",
     /*dsp=*/false, FpuKind::None, /*unalignedAccess=*/true, "",
     "QEMU has no CORE-V core (its cv.* instructions trap): the code is "
     "compiled and linked with clang-19, and the portable path runs on "
     "-target=rv32imc",
     "", /*channelsLast=*/true, {}, "", "", "clang-19", "corev"},
    {"gap8",
     "GreenWaves GAP-8 (PULP: RV32IMC + Xpulpv2, 8-core cluster, 64 KB L1, "
     "512 KB L2)",
     "gap8", "-march=rv32imcxgap8 -mPE=8 -mFC=1", /*dsp=*/false,
     FpuKind::None, /*unalignedAccess=*/true, "",
     "no GAP-8 emulator here: build with the PULP SDK's GCC (docs), run the "
     "portable path on -target=rv32imc",
     "", /*channelsLast=*/true, {}, "", "", "riscv32-unknown-elf-gcc (PULP SDK)",
     "xpulpv2", /*cores=*/8, /*l1Bytes=*/64 * 1024, /*l2Bytes=*/512 * 1024},
};
} // namespace

llvm::ArrayRef<TargetDesc> capsc::allTargets() { return kTargets; }

const TargetDesc *capsc::lookupTarget(llvm::StringRef name) {
  for (const TargetDesc &t : kTargets)
    if (t.name == name)
      return &t;
  return nullptr;
}

std::optional<double> capsc::estimateInstructions(const TargetDesc &target,
                                                  llvm::StringRef kernel,
                                                  llvm::StringRef variant,
                                                  int64_t macs,
                                                  int64_t elements) {
  for (const KernelCost &c : target.costs)
    if (c.kernel == kernel && c.variant == variant)
      return c.perMac * static_cast<double>(macs) +
             c.perElement * static_cast<double>(elements);
  return std::nullopt;
}

llvm::json::Object capsc::targetInfoJson(const TargetDesc &t) {
  llvm::json::Array costs;
  for (const KernelCost &c : t.costs)
    costs.push_back(llvm::json::Object{{"kernel", c.kernel},
                                       {"variant", c.variant},
                                       {"per_mac", c.perMac},
                                       {"per_element", c.perElement}});
  return llvm::json::Object{
      {"cost_model", llvm::json::Object{{"source", t.costSource},
                                        {"kernels", std::move(costs)}}},
      {"name", t.name},
      {"summary", t.summary},
      {"cpu", t.cpu},
      {"compile_flags", t.compileFlags},
      {"dsp", t.dsp},
      {"fpu", t.fpu == FpuKind::None     ? "none"
              : t.fpu == FpuKind::Single ? "single"
                                         : "double"},
      {"unaligned_access", t.unalignedAccess},
      {"qemu_machine", t.qemuMachine},
      {"qemu_note", t.qemuNote},
      {"linker_script", t.linkerScript},
      {"layout", t.channelsLast ? "nhwc" : "nchw"},
      {"board", t.board},
      {"compiler", t.compiler},
      {"simd", t.simd},
      {"cores", static_cast<int64_t>(t.cores)},
      {"l1_bytes", t.l1Bytes},
      {"l2_bytes", t.l2Bytes},
  };
}

# CMake toolchain file for the OpenHW CORE-V CV32E40P with clang-19 (the only compiler here that knows its
# xcvsimd / xcvmac / xcvalu / xcvmem extensions) and Debian's picolibc for RISC-V:
#
#   cmake -S runtime -B build-cv -G Ninja -DCMAKE_TOOLCHAIN_FILE=runtime/cmake/cv32e40p-clang.cmake
#
# clang compiles (the PULP kernels' intrinsic layer then emits cv.* instructions: pulp_simd.h; the core loads
# misaligned words in hardware, so -mno-strict-align lets word loads stay word loads); GNU binutils do
# not know CORE-V, so programs are linked by the riscv64-unknown-elf-gcc driver with picolibc's semihosting
# crt0, as for rv32imc. Nothing here runs: QEMU has no CORE-V core (cv.* instructions trap), so the build only
# proves the CORE-V code compiles and links, and gives its disassembly (scripts/corev-inner-loops.py).
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR riscv32)
set(CMAKE_C_COMPILER clang-19)
set(CMAKE_C_COMPILER_TARGET riscv32-unknown-elf)
set(CMAKE_AR llvm-ar-19)
set(CMAKE_RANLIB llvm-ranlib-19)
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

set(CAPSRT_CPU "cv32e40p" CACHE STRING "CORE-V core: cv32e40p")
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES CAPSRT_CPU)

set(_capsrt_picolibc /usr/lib/picolibc/riscv64-unknown-elf)
set(CMAKE_C_FLAGS_INIT
    "-march=rv32imc_xcvsimd_xcvmac_xcvalu_xcvmem -mabi=ilp32 -mno-strict-align -isystem ${_capsrt_picolibc}/include -ffunction-sections -fdata-sections")
set(CMAKE_C_LINK_EXECUTABLE
    "riscv64-unknown-elf-gcc -march=rv32imc -misa-spec=2.2 -mabi=ilp32 --specs=picolibc.specs --oslib=semihost --crt0=semihost -Wl,--gc-sections -Wl,--defsym=__flash=0x80000000 -Wl,--defsym=__flash_size=0x400000 -Wl,--defsym=__ram=0x80400000 -Wl,--defsym=__ram_size=0x3c00000 <LINK_FLAGS> <OBJECTS> -o <TARGET> <LINK_LIBRARIES>")

set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)

set(CMAKE_C_FLAGS_RELEASE "-O2 -DNDEBUG" CACHE STRING "Flags used by the C compiler in Release builds")

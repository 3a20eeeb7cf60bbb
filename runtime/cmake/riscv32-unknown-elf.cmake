# CMake toolchain file for 32-bit RISC-V with Debian's gcc-riscv64-unknown-elf + picolibc
# (picolibc-riscv64-unknown-elf).
#
#   cmake -S runtime -B build-rv -G Ninja -DCMAKE_TOOLCHAIN_FILE=runtime/cmake/riscv32-unknown-elf.cmake \
#         -DCAPSRT_CPU=rv32imc
#
# CAPSRT_CPU selects the ISA: rv32imc (the portable kernels; runs on qemu-system-riscv32 -M virt). The same
# flags must build the firmware that links libcapsrt.a. -misa-spec=2.2 implies Zicsr (minstret) and keeps the
# driver on the rv32imc/ilp32 multilib (an explicit _zicsr picks a 64-bit one and the link fails). Programs
# are linked with picolibc's semihosting crt0: stdio and fopen reach the host when they run on QEMU, and
# memory is placed for the virt machine's RAM at 0x80000000 (4 MB for code and constants, then data).
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR riscv32)
set(CMAKE_C_COMPILER riscv64-unknown-elf-gcc)
set(CMAKE_CXX_COMPILER riscv64-unknown-elf-g++)
set(CMAKE_ASM_COMPILER riscv64-unknown-elf-gcc)
set(CMAKE_AR riscv64-unknown-elf-ar)
set(CMAKE_RANLIB riscv64-unknown-elf-ranlib)
set(CMAKE_SIZE riscv64-unknown-elf-size)
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

set(CAPSRT_CPU "rv32imc" CACHE STRING "RISC-V ISA: rv32imc")
set_property(CACHE CAPSRT_CPU PROPERTY STRINGS rv32imc)
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES CAPSRT_CPU)
if(NOT CAPSRT_CPU STREQUAL "rv32imc")
  message(FATAL_ERROR "CAPSRT_CPU='${CAPSRT_CPU}' is not rv32imc")
endif()

set(_capsrt_cpu_flags "-march=rv32imc -misa-spec=2.2 -mabi=ilp32")
set(CMAKE_C_FLAGS_INIT "${_capsrt_cpu_flags} --specs=picolibc.specs -ffunction-sections -fdata-sections")
set(CMAKE_CXX_FLAGS_INIT "${_capsrt_cpu_flags} --specs=picolibc.specs -ffunction-sections -fdata-sections -fno-exceptions -fno-rtti")
set(CMAKE_ASM_FLAGS_INIT "${_capsrt_cpu_flags}")
set(CMAKE_EXE_LINKER_FLAGS_INIT
    "--oslib=semihost --crt0=semihost -Wl,--gc-sections -Wl,--defsym=__flash=0x80000000 -Wl,--defsym=__flash_size=0x400000 -Wl,--defsym=__ram=0x80400000 -Wl,--defsym=__ram_size=0x3c00000")

set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)

set(CMAKE_C_FLAGS_RELEASE "-O2 -DNDEBUG" CACHE STRING "Flags used by the C compiler in Release builds")
set(CMAKE_CXX_FLAGS_RELEASE "-O2 -DNDEBUG" CACHE STRING "Flags used by the C++ compiler in Release builds")

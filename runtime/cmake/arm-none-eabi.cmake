# CMake toolchain file for Arm Cortex-M with Debian's gcc-arm-none-eabi + newlib (libnewlib-arm-none-eabi).
#
#   cmake -S runtime -B build-m7 -G Ninja -DCMAKE_TOOLCHAIN_FILE=runtime/cmake/arm-none-eabi.cmake \
#         -DCAPSRT_CPU=cortex-m7
#
# CAPSRT_CPU selects the core, its FPU and float ABI (the same flags must build the firmware that links
# libcapsrt.a): cortex-m0plus (no FPU, soft float), cortex-m3 (soft float), cortex-m4 (FPv4-SP, hard),
# cortex-m7 (FPv5 double precision, hard), cortex-m33 (FPv5-SP, hard). Programs are linked for
# semihosting (newlib's rdimon): stdio and fopen reach the host when they run on QEMU.
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR arm)
set(CMAKE_C_COMPILER arm-none-eabi-gcc)
set(CMAKE_CXX_COMPILER arm-none-eabi-g++)
set(CMAKE_ASM_COMPILER arm-none-eabi-gcc)
set(CMAKE_AR arm-none-eabi-ar)
set(CMAKE_RANLIB arm-none-eabi-ranlib)
set(CMAKE_SIZE arm-none-eabi-size)
# Try-compiles build a library: a test program would need a startup file and a linker script.
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

set(CAPSRT_CPU "cortex-m7" CACHE STRING "Cortex-M core: cortex-m0plus, cortex-m3, cortex-m4, cortex-m7, cortex-m33")
set_property(CACHE CAPSRT_CPU PROPERTY STRINGS cortex-m0plus cortex-m3 cortex-m4 cortex-m7 cortex-m33)
# try_compile projects see the cache variable only when it is forwarded.
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES CAPSRT_CPU)

if(CAPSRT_CPU STREQUAL "cortex-m7")
  set(_capsrt_cpu_flags "-mcpu=cortex-m7 -mfpu=fpv5-d16 -mfloat-abi=hard")
elseif(CAPSRT_CPU STREQUAL "cortex-m4")
  set(_capsrt_cpu_flags "-mcpu=cortex-m4 -mfpu=fpv4-sp-d16 -mfloat-abi=hard")
elseif(CAPSRT_CPU STREQUAL "cortex-m33")
  set(_capsrt_cpu_flags "-mcpu=cortex-m33 -mfpu=fpv5-sp-d16 -mfloat-abi=hard")
elseif(CAPSRT_CPU STREQUAL "cortex-m3")
  set(_capsrt_cpu_flags "-mcpu=cortex-m3 -mfloat-abi=soft")
elseif(CAPSRT_CPU STREQUAL "cortex-m0plus")
  set(_capsrt_cpu_flags "-mcpu=cortex-m0plus -mfloat-abi=soft")
else()
  message(FATAL_ERROR "CAPSRT_CPU='${CAPSRT_CPU}' is not one of cortex-m0plus, cortex-m3, cortex-m4, cortex-m7, cortex-m33")
endif()

set(CMAKE_C_FLAGS_INIT "-mthumb ${_capsrt_cpu_flags} -ffunction-sections -fdata-sections")
set(CMAKE_CXX_FLAGS_INIT "-mthumb ${_capsrt_cpu_flags} -ffunction-sections -fdata-sections -fno-exceptions -fno-rtti")
set(CMAKE_ASM_FLAGS_INIT "-mthumb ${_capsrt_cpu_flags}")
set(CMAKE_EXE_LINKER_FLAGS_INIT "--specs=rdimon.specs -nostartfiles -Wl,--gc-sections")

set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)

# Release builds use -O2, as the Cortex-M figures in docs/performance.md are measured (CMake would append its
# default -O3 to *_FLAGS_RELEASE_INIT, so the cache entries are set here, before the languages are enabled).
set(CMAKE_C_FLAGS_RELEASE "-O2 -DNDEBUG" CACHE STRING "Flags used by the C compiler in Release builds")
set(CMAKE_CXX_FLAGS_RELEASE "-O2 -DNDEBUG" CACHE STRING "Flags used by the C++ compiler in Release builds")

# capsc CMake package (installed by `cmake --install` into <prefix>/lib/cmake/capsc).
#
#   find_package(capsc REQUIRED)
#   add_executable(fw main.c)
#   capsc_add_model(TARGET fw MODEL net.onnx CPU cortex-m7 [NAME net] [QUANTIZE int8|pow2] [CALIB calib.npy]
#                   [CAPSC_ARGS ...])
#
# capsc_add_model runs capsc at build time (re-running when the model, the calibration file or capsc change),
# adds the generated <NAME>.cpp to TARGET with its header's directory on the include path, and links TARGET with
# capsrt built from the installed runtime sources for CPU: the arm/ DSP kernels on cortex-m4/m7/m33, the
# portable ones elsewhere. Build the firmware with the toolchain file the package points to
# (${CAPSC_TOOLCHAIN_FILE}, -DCAPSRT_CPU=<cpu>) or any toolchain with the same core flags. On QEMU's MPS2 boards
# link capsrt_mps2 too (startup code, linker script, semihosting; runtime/boards/mps2).
#
# Variables: CAPSC_EXECUTABLE, CAPSC_RUNTIME_DIR, CAPSC_TOOLCHAIN_FILE.
get_filename_component(_capsc_prefix "${CMAKE_CURRENT_LIST_DIR}/../../.." ABSOLUTE)
set(CAPSC_EXECUTABLE "${_capsc_prefix}/bin/capsc" CACHE FILEPATH "capsc compiler")
set(CAPSC_RUNTIME_DIR "${_capsc_prefix}/share/capsc/runtime")
set(CAPSC_TOOLCHAIN_FILE "${CAPSC_RUNTIME_DIR}/cmake/arm-none-eabi.cmake")
if(NOT EXISTS "${CAPSC_EXECUTABLE}")
  set(capsc_FOUND FALSE)
  set(capsc_NOT_FOUND_MESSAGE "capsc executable not found at ${CAPSC_EXECUTABLE}")
  return()
endif()

function(capsc_add_model)
  cmake_parse_arguments(ARG "" "TARGET;MODEL;CPU;NAME;QUANTIZE;CALIB" "CAPSC_ARGS" ${ARGN})
  if(NOT ARG_TARGET OR NOT ARG_MODEL OR NOT ARG_CPU)
    message(FATAL_ERROR "capsc_add_model: TARGET, MODEL and CPU are required")
  endif()
  if(ARG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "capsc_add_model: unknown arguments ${ARG_UNPARSED_ARGUMENTS}")
  endif()
  get_filename_component(model "${ARG_MODEL}" ABSOLUTE)
  if(NOT ARG_NAME)
    get_filename_component(ARG_NAME "${model}" NAME_WE)
    string(MAKE_C_IDENTIFIER "${ARG_NAME}" ARG_NAME)
  endif()
  set(out_dir "${CMAKE_CURRENT_BINARY_DIR}/capsc/${ARG_NAME}")
  set(argv "${model}" -target=${ARG_CPU} -name=${ARG_NAME} -o "${out_dir}")
  set(depends "${model}" "${CAPSC_EXECUTABLE}")
  if(ARG_QUANTIZE AND NOT ARG_QUANTIZE STREQUAL "none")
    if(NOT ARG_CALIB)
      message(FATAL_ERROR "capsc_add_model: QUANTIZE ${ARG_QUANTIZE} needs CALIB <file.npy or directory>")
    endif()
    get_filename_component(calib "${ARG_CALIB}" ABSOLUTE)
    list(APPEND argv -quantize=${ARG_QUANTIZE} -calib=${calib})
    list(APPEND depends "${calib}")
  endif()
  list(APPEND argv ${ARG_CAPSC_ARGS})
  add_custom_command(
    OUTPUT "${out_dir}/${ARG_NAME}.cpp" "${out_dir}/${ARG_NAME}.h"
    COMMAND "${CAPSC_EXECUTABLE}" ${argv}
    DEPENDS ${depends}
    COMMENT "capsc: compiling ${ARG_NAME} for ${ARG_CPU}"
    VERBATIM)
  target_sources(${ARG_TARGET} PRIVATE "${out_dir}/${ARG_NAME}.cpp")
  target_include_directories(${ARG_TARGET} PRIVATE "${out_dir}")

  # One capsrt per build, for the core the firmware is compiled for.
  if(NOT TARGET capsrt)
    if(DEFINED CAPSRT_CPU AND NOT CAPSRT_CPU STREQUAL ARG_CPU)
      message(FATAL_ERROR "capsc_add_model: CPU ${ARG_CPU} differs from CAPSRT_CPU ${CAPSRT_CPU} of this build")
    endif()
    set(CAPSRT_CPU ${ARG_CPU} CACHE STRING "Cortex-M core of capsrt" FORCE)
    set(CAPSRT_BUILD_TESTS OFF CACHE BOOL "Build the capsrt kernel unit tests")
    add_subdirectory("${CAPSC_RUNTIME_DIR}" "${CMAKE_BINARY_DIR}/capsrt")
  elseif(NOT CAPSRT_CPU STREQUAL ARG_CPU)
    message(FATAL_ERROR "capsc_add_model: CPU ${ARG_CPU} differs from the CPU capsrt was built for (${CAPSRT_CPU})")
  endif()
  target_link_libraries(${ARG_TARGET} PRIVATE capsrt)
  # The generated code is C++ without exceptions, RTTI or the C++ library: link with the C driver (Debian's
  # arm-none-eabi toolchain ships no libstdc++).
  set_target_properties(${ARG_TARGET} PROPERTIES LINKER_LANGUAGE C)
endfunction()

# -*- Python -*-
import os
import shutil

import lit.formats
from lit.llvm import llvm_config
from lit.llvm.subst import ToolSubst

config.name = "CAPSC"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".onnxtext", ".test"]
config.excludes = ["Inputs", "CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py", "models"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.capsc_obj_root, "test")

config.substitutions.append(("%PATH%", config.environment["PATH"]))
config.substitutions.append(("%capsc_src", config.capsc_src_root))

llvm_config.with_system_environment(["HOME", "INCLUDE", "LIB", "TMP", "TEMP"])
llvm_config.use_default_substitutions()

tool_dirs = [config.capsc_tools_dir, config.llvm_tools_dir]
tools = ["capsc-opt", "capsc", "capsc-check"]
llvm_config.add_tool_substitutions(tools, tool_dirs)
llvm_config.with_environment("PATH", config.capsc_tools_dir, append_path=True)
# `not` at the start of a RUN line and mlir-translate come from LLVM's tools, as in MLIR's own lit config.
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
if shutil.which("mlir-translate", path=config.llvm_tools_dir):
    config.available_features.add("mlir-translate")

#!/usr/bin/python3
"""The inner loops of the PULP kernels as compiled for CORE-V (clang-19, cv32e40p), from the disassembly.

Usage: scripts/corev-inner-loops.py [--build DIR] [--markdown FILE]
  Disassembles BUILD/runtime-cv32e40p/tests/capsrt_test_pulp_twins (the library's pulp/ kernels, linked) with
  llvm-objdump-19 and finds the inner loops (a backward branch and the instructions up to it) of each kernel's
  phase function:
    - SIMD kernels (conv2d, fc, predict): the loop with the most cv.sdotsp.b, the innermost of those; it must do
      4 int8 MACs per SIMD instruction and load no single bytes (weights and activations come in words);
    - scalar-MAC kernels (depthwise conv2d, the two loops of dynamic routing, whose int8 operands meet int32
      ones or serve a single product): every innermost loop with a cv.mac; it must use cv.mac.
  Prints each loop's instructions, MACs, word and byte loads; exits 1 when a check fails. --markdown rewrites
  the section between <!-- BEGIN corev-inner-loops --> and <!-- END corev-inner-loops --> of FILE
  (docs/performance.md). Nothing runs the code: QEMU has no CORE-V core.
"""
import argparse
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# (kernel, its phase function, the instruction that does its MACs, MACs per such instruction)
KERNELS = [("caps_conv2d_s8", "compute_phase", "cv.sdotsp.b", 4), ("caps_fc_s8", "fc_phase", "cv.sdotsp.b", 4),
           ("caps_predict_s8", "predict_phase", "cv.sdotsp.b", 4),
           ("caps_conv2d_s8 depthwise", "depthwise_phase", "cv.mac", 1),
           ("caps_dynamic_routing_s8", "route_phase", "cv.mac", 1)]
LINE = re.compile(r"^\s*([0-9a-f]+):\s+(\S+)\s*(.*)$")
BRANCH = re.compile(r"^(b\w*|cv\.b\w*)$")


def functions(elf):
    text = subprocess.run(["llvm-objdump-19", "-d", "--no-show-raw-insn",
                           "--mattr=+xcvsimd,+xcvalu,+xcvmac,+xcvmem", elf],
                          check=True, stdout=subprocess.PIPE, universal_newlines=True).stdout
    funcs, current = {}, None
    for line in text.splitlines():
        m = re.match(r"^[0-9a-f]+ <(.+)>:$", line)
        if m:
            current = funcs.setdefault(m.group(1), [])
            continue
        m = LINE.match(line)
        if m and current is not None:
            current.append((int(m.group(1), 16), m.group(2), m.group(3)))
    return funcs


def loops(insns, op):
    """Every [target, backward branch] range with at least one `op`, as (instructions, count of op)."""
    found = []
    for i, (addr, name, args) in enumerate(insns):
        if not BRANCH.match(name):
            continue
        m = re.search(r"0x([0-9a-f]+)", args)
        if not m or int(m.group(1), 16) > addr:
            continue
        body = [x for x in insns[:i + 1] if x[0] >= int(m.group(1), 16)]
        count = sum(1 for x in body if x[1] == op)
        if count:
            found.append((body, count))
    return found


def inner_loops(insns, op, macs_per_op):
    """SIMD kernels: the loop with the most `op`, the shortest of those (the dot-product loop, not the weight-sum
    one). Scalar-MAC kernels: every loop that holds no other loop with an `op`."""
    found = loops(insns, op)
    if not found:
        return []
    if macs_per_op > 1:
        return [min(found, key=lambda f: (-f[1], len(f[0])))]
    starts = lambda f: (f[0][0][0], f[0][-1][0])
    return [f for f in found
            if not any(g is not f and starts(f)[0] <= starts(g)[0] and starts(g)[1] <= starts(f)[1] for g in found)]


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--build", default=os.path.join(ROOT, "build"))
    p.add_argument("--markdown")
    args = p.parse_args()
    elf = os.path.join(args.build, "runtime-cv32e40p", "tests", "capsrt_test_pulp_twins")
    if not os.path.isfile(elf):
        sys.exit("corev-inner-loops: %s not found: build the CORE-V runtime (scripts/build.sh)" % elf)
    funcs = functions(elf)
    ok = True
    lines = ["| kernel | inner loop instructions | MAC instruction | its count | int8 MACs | MACs per MAC "
             "instruction | word loads | byte loads |", "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: |"]
    listings = []
    for kernel, phase, op, per in KERNELS:
        found = inner_loops(funcs.get(phase, []), op, per)
        if not found:
            print("%s: no loop with %s in %s" % (kernel, op, phase))
            ok = False
        for loop, count in found:
            words = sum(1 for x in loop if x[1] in ("lw", "cv.lw", "c.lw", "c.lwsp"))
            bytes_ = sum(1 for x in loop if x[1] in ("lb", "lbu", "cv.lb", "cv.lbu"))
            macs = per * count
            good = per == 1 or bytes_ == 0
            ok = ok and good
            print("%s (%s): %d instructions, %d %s = %d MACs (%d per MAC instruction), %d word loads, "
                  "%d byte loads%s" % (kernel, phase, len(loop), count, op, macs, per, words, bytes_,
                                       "" if good else "  <-- FAIL"))
            lines.append("| `%s` | %d | `%s` | %d | %d | %d | %d | %d |" % (kernel, len(loop), op, count, macs, per,
                                                                           words, bytes_))
            listings += ["", "`%s` (%s):" % (kernel, phase), "", "```"] + \
                ["%8x:  %-12s %s" % x for x in loop] + ["```"]
    if args.markdown:
        text = "\n".join(["", "From `scripts/corev-inner-loops.py --markdown docs/performance.md` (clang-19, "
                          "`-target=cv32e40p` flags; the disassembly of the linked test program):", ""] +
                         lines + listings) + "\n"
        with open(args.markdown) as f:
            doc = f.read()
        begin, end = "<!-- BEGIN corev-inner-loops -->", "<!-- END corev-inner-loops -->"
        if begin not in doc or end not in doc:
            sys.exit("%s has no %s ... %s section" % (args.markdown, begin, end))
        doc = doc[:doc.index(begin) + len(begin)] + "\n" + text + doc[doc.index(end):]
        with open(args.markdown, "w") as f:
            f.write(doc)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()

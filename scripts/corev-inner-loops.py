#!/usr/bin/python3
"""The inner loops of the PULP kernels as compiled for CORE-V (clang-19, cv32e40p), from the disassembly.

Usage: scripts/corev-inner-loops.py [--build DIR] [--markdown FILE]
  Disassembles BUILD/runtime-cv32e40p/tests/capsrt_test_pulp_twins (the library's pulp/ kernels, linked) with
  llvm-objdump-19, finds in each kernel's phase function the loop (a backward branch and the instructions up to
  it) with the most cv.sdotsp.b, the innermost of those, and prints its instructions, SIMD dot products, the int8 MACs
  they do (4 each), its word and byte loads. Exits 1 unless every such loop does 4 MACs per SIMD instruction
  and loads no single bytes (weights and activations come in words). --markdown rewrites the section between
  <!-- BEGIN corev-inner-loops --> and <!-- END corev-inner-loops --> of FILE (docs/performance.md).
  Nothing runs the code: QEMU has no CORE-V core.
"""
import argparse
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# kernel -> its phase function that holds the dot products
KERNELS = [("caps_conv2d_s8", "compute_phase"), ("caps_fc_s8", "fc_phase"), ("caps_predict_s8", "predict_phase")]
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


def innermost_dot_loop(insns):
    """The [target, backward branch] range with the most cv.sdotsp.b (the dot-product loop, not the weight-sum
    one), the shortest of those, as its instructions."""
    best, key = None, None
    for i, (addr, op, args) in enumerate(insns):
        if not BRANCH.match(op):
            continue
        m = re.search(r"0x([0-9a-f]+)", args)
        if not m:
            continue
        target = int(m.group(1), 16)
        if target > addr:
            continue
        body = [x for x in insns[:i + 1] if x[0] >= target]
        dots = sum(1 for x in body if x[1] == "cv.sdotsp.b")
        if dots and (key is None or (-dots, len(body)) < key):
            best, key = body, (-dots, len(body))
    return best


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
    lines = ["| kernel | inner loop instructions | SIMD dot products (`cv.sdotsp.b`) | int8 MACs | MACs per SIMD "
             "instruction | word loads | byte loads |", "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    listings = []
    for kernel, phase in KERNELS:
        loop = innermost_dot_loop(funcs.get(phase, []))
        if loop is None:
            print("%s: no loop with cv.sdotsp.b in %s" % (kernel, phase))
            ok = False
            continue
        dots = sum(1 for x in loop if x[1] == "cv.sdotsp.b")
        words = sum(1 for x in loop if x[1] in ("lw", "cv.lw", "c.lw", "c.lwsp"))
        bytes_ = sum(1 for x in loop if x[1] in ("lb", "lbu", "cv.lb", "cv.lbu"))
        macs = 4 * dots
        good = dots > 0 and bytes_ == 0
        ok = ok and good
        print("%s (%s): %d instructions, %d cv.sdotsp.b = %d MACs (%.1f per SIMD instruction), %d word loads, "
              "%d byte loads%s" % (kernel, phase, len(loop), dots, macs, macs / dots, words, bytes_,
                                   "" if good else "  <-- FAIL"))
        lines.append("| `%s` | %d | %d | %d | %.0f | %d | %d |" % (kernel, len(loop), dots, macs, macs / dots, words,
                                                                   bytes_))
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

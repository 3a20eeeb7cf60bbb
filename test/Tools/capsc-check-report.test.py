# Prints the -report of capsc-check-report.test in a form FileCheck can match (see that test).
import json
import sys

report = json.load(open(sys.argv[1]))
for case in report["cases"]:
    consistent = case["total_instructions"] == sum(l["instructions"] for l in case["layers"]) and \
        case["macs"] == sum(l["macs"] for l in case["layers"])
    print("%s flash>0 arena=%d %s" % (case["name"], case["arena_bytes"] if case["flash_bytes"] > 0 else -1,
                                      "consistent" if consistent else "INCONSISTENT"))
    for layer in case["layers"]:
        print("  %s [%s] macs=%d instructions>0" % (layer["name"], ", ".join(layer["kernels"]), layer["macs"])
              if layer["instructions"] > 0 else "  %s: no instructions" % layer["name"])

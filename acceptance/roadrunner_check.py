#!/usr/bin/env python3
"""A real simulator reads what odered writes (issue 13).

For each model: `odered convert MODEL -o original.xml`, `odered reduce MODEL -o reduced.xml
--partition-out partition.json`; libRoadRunner loads both SBML files and simulates them from
their initial values; for every block of the partition, the sum of the original species'
trajectories must equal the reduced variable's trajectory (named after the block's first
member) to integration tolerance.

Usage: roadrunner_check.py --binary PATH [--t-end T] MODEL...
Exit status 0 when every model agrees.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
import roadrunner


def simulate(path, t_end, points):
    r = roadrunner.RoadRunner(path)
    r.integrator.absolute_tolerance = 1e-12
    r.integrator.relative_tolerance = 1e-10
    result = r.simulate(0, t_end, points)
    names = [n.strip("[]") for n in result.colnames]
    return {n: np.array(result[:, k]) for k, n in enumerate(names)}


def check(binary, model, t_end, points, work):
    original = os.path.join(work, "original.xml")
    reduced = os.path.join(work, "reduced.xml")
    partition = os.path.join(work, "partition.json")
    for args in (["convert", model, "-o", original], ["reduce", model, "-o", reduced, "--partition-out", partition]):
        run = subprocess.run([binary] + args, capture_output=True, text=True)
        if run.returncode != 0:
            return "odered %s failed: %s" % (args[0], run.stderr.strip())
    blocks = json.load(open(partition))["partition"]
    a = simulate(original, t_end, points)
    b = simulate(reduced, t_end, points)
    worst = 0.0
    for block in blocks:
        total = sum(a[name] for name in block)
        mine = b[block[0]]
        scale = max(1.0, float(np.max(np.abs(total))))
        worst = max(worst, float(np.max(np.abs(total - mine))) / scale)
    if worst > 1e-6:
        return "block sums differ from the reduced trajectories by %.3g (relative to the largest value)" % worst
    return "ok: %d variables -> %d blocks, largest difference %.2g" % (len(a) - 1, len(blocks), worst)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--binary", required=True)
    parser.add_argument("--t-end", type=float, default=10.0)
    parser.add_argument("--points", type=int, default=101)
    parser.add_argument("models", nargs="+")
    args = parser.parse_args()
    failures = 0
    for model in args.models:
        with tempfile.TemporaryDirectory(prefix="odered-roadrunner-") as work:
            status = check(args.binary, model, args.t_end, args.points, work)
        print("%-50s %s" % (os.path.basename(model), status))
        failures += not status.startswith("ok")
    print("%d of %d models agree" % (len(args.models) - failures, len(args.models)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""BioNetGen itself reads and simulates the .net files odered exports (issue 14).

For each model: `odered export MODEL --to net`, then BioNetGen (BNG2.pl from the PyPI package
`bionetgen`, which bundles BioNetGen and its run_network) reads the file with `readFile` and
simulates it (`simulate({method=>"ode"})`, CVODE); `odered simulate` integrates the original
model. Every species must agree at every output time within 1e-6 × max(|value|, 1e-6 × that
species' largest value) + 1e-12 (the absolute part: values of 1e-14 are noise at atol 1e-14) —
at tolerances rtol 1e-10, atol 1e-14 on both sides.

Usage: bionetgen_net_check.py --binary PATH [--t-end T] MODEL...
Exit status 0 when every model agrees; 2 when BioNetGen is not installed.
"""
import argparse
import glob
import os
import subprocess
import sys
import tempfile

import numpy as np


def bng2():
    """The BNG2.pl of the `bionetgen` package, or None."""
    import importlib.util
    # This folder has its own bionetgen.py (the sympy reference reader): look past it.
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != here]
    spec = importlib.util.find_spec("bionetgen")
    if spec is None or not spec.origin:
        return None
    base = os.path.dirname(spec.origin)
    found = glob.glob(os.path.join(base, "bng-linux", "BNG2.pl"))
    return found[0] if found else None


def odered_trajectory(binary, model, t_end, points, work):
    run = subprocess.run([binary, "simulate", model, "--t-end", str(t_end), "--points", str(points),
                          "--rtol", "1e-10", "--atol", "1e-14"], capture_output=True, text=True, cwd=work)
    if run.returncode != 0:
        raise RuntimeError("odered simulate failed: " + run.stderr.strip())
    rows = [line.split(",") for line in run.stdout.strip().splitlines()]
    return np.array([[float(x) for x in r] for r in rows[1:]])


def bionetgen_trajectory(script, net, t_end, points, work):
    with open(os.path.join(work, "run.bngl"), "w") as f:
        f.write('readFile({file=>"%s"})\n' % os.path.basename(net))
        f.write('simulate({method=>"ode",t_end=>%r,n_steps=>%d,atol=>1e-14,rtol=>1e-10})\n' % (float(t_end), points - 1))
    run = subprocess.run(["perl", script, "run.bngl"], capture_output=True, text=True, cwd=work)
    if run.returncode != 0 or not os.path.exists(os.path.join(work, "run.cdat")):
        raise RuntimeError("BioNetGen failed: " + (run.stdout + run.stderr).strip()[-400:])
    return np.loadtxt(os.path.join(work, "run.cdat"), ndmin=2)


def check(binary, script, model, t_end, points):
    with tempfile.TemporaryDirectory() as work:
        net = os.path.join(work, "exported.net")
        run = subprocess.run([binary, "export", model, "--to", "net", "-o", net], capture_output=True, text=True)
        if run.returncode != 0:
            return "odered export failed: " + run.stderr.strip()
        ours = odered_trajectory(binary, model, t_end, points, work)
        theirs = bionetgen_trajectory(script, net, t_end, points, work)
        if ours.shape != theirs.shape:
            return "shapes differ: odered %s, BioNetGen %s" % (ours.shape, theirs.shape)
        if np.max(np.abs(ours[:, 0] - theirs[:, 0])) > 1e-9 * t_end:
            return "output times differ"
        scale = np.max(np.abs(ours[:, 1:]), axis=0)
        floor = np.maximum(np.abs(ours[:, 1:]), 1e-6 * scale)
        allowed = 1e-6 * floor + 1e-12
        error = np.abs(ours[:, 1:] - theirs[:, 1:]) / allowed
        worst = np.unravel_index(np.argmax(error), error.shape)
        if error[worst] > 1:
            return "species %d at t = %g: odered %.10g, BioNetGen %.10g (%.2g of the allowed)" % (
                worst[1] + 1, ours[worst[0], 0], ours[worst[0], worst[1] + 1], theirs[worst[0], worst[1] + 1], error[worst])
        return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--binary", required=True)
    ap.add_argument("--t-end", type=float, default=10.0)
    ap.add_argument("--points", type=int, default=21)
    ap.add_argument("models", nargs="+")
    args = ap.parse_args()
    script = bng2()
    if script is None:
        print("BioNetGen not found (pip install bionetgen)")
        return 2
    agree = 0
    for model in args.models:
        try:
            problem = check(os.path.abspath(args.binary), script, os.path.abspath(model), args.t_end, args.points)
        except RuntimeError as error:
            problem = str(error).replace("\n", " | ")
        print("%s: %s" % (model, problem or "agrees"))
        agree += problem is None
    print("%d of %d models agree" % (agree, len(args.models)))
    return 0 if agree == len(args.models) else 1


if __name__ == "__main__":
    sys.exit(main())

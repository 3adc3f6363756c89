#!/usr/bin/env python3
"""odered's reading of SBML against an independent implementation of SBML semantics (issue 13).

libRoadRunner simulates the original SBML file (events removed: odered reads the continuous
dynamics only) and the SBML odered writes after reading it, in both of its forms
(`odered convert MODEL -o X.xml --form odes|reactions`: every variable an amount in a
compartment of size 1, with a rate rule or in mass-action reactions recovered from odered's
polynomials, so only odered's interpretation is in it). For every
odered variable, the original's trajectory — the concentration `[S]` of a species with
`hasOnlySubstanceUnits="false"`, the amount otherwise, the value of a parameter driven by a rate
rule — must equal odered's to integration tolerance. A wrong reading of concentrations,
compartments, conversion factors, rules, local parameters or function definitions shows up as a
difference.

Usage: sbml_semantics_check.py --binary PATH [--t-end T] MODEL.xml...
Exit status 0 when every model agrees.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

import numpy as np
import roadrunner


def without_events(path, out):
    """The file with its <listOfEvents> removed (text-level: keeps namespaces and prefixes)."""
    text = open(path, encoding="utf-8").read()
    text = re.sub(r"<(\w+:)?listOfEvents\b.*?</(\w+:)?listOfEvents>", "", text, flags=re.S)
    open(out, "w", encoding="utf-8").write(text)


def concentration_species(path):
    ids = set()
    for element in ET.parse(path).iter():
        if element.tag.endswith("}species") or element.tag == "species":
            # Level 2 default: hasOnlySubstanceUnits="false".
            if element.get("hasOnlySubstanceUnits", "false") == "false":
                ids.add(element.get("id"))
    return ids


def simulate(path, selections, t_end, points):
    r = roadrunner.RoadRunner(path)
    r.integrator.absolute_tolerance = 1e-12
    r.integrator.relative_tolerance = 1e-10
    r.timeCourseSelections = ["time"] + selections
    result = r.simulate(0, t_end, points)
    return {s: np.array(result[:, k + 1]) for k, s in enumerate(selections)}


def check(binary, model, t_end, points, work):
    original = os.path.join(work, "original.xml")
    without_events(model, original)
    report = []
    for form in ("odes", "reactions"):
        ours = os.path.join(work, "ours-%s.xml" % form)
        run = subprocess.run([binary, "convert", model, "-o", ours, "--form", form], capture_output=True, text=True)
        if run.returncode != 0:
            return "odered convert --form %s failed: %s" % (form, run.stderr.strip())
        runner = roadrunner.RoadRunner(ours)  # kept alive: its model is borrowed
        variables = list(runner.model.getFloatingSpeciesIds())
        concentrations = concentration_species(model)
        selections = ["[%s]" % v if v in concentrations else v for v in variables]
        a = simulate(original, selections, t_end, points)
        b = simulate(ours, variables, t_end, points)
        worst, where = 0.0, None
        for s, v in zip(selections, variables):
            scale = max(1e-9, float(np.max(np.abs(a[s]))))
            d = float(np.max(np.abs(a[s] - b[v]))) / scale
            if d > worst:
                worst, where = d, v
        if worst > 1e-5:
            return "trajectories differ (%s): %s by %.3g (relative)" % (form, where, worst)
        report.append("%s %.2g" % (form, worst))
    return "ok: %d variables, largest relative difference %s" % (len(variables), ", ".join(report))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--binary", required=True)
    parser.add_argument("--t-end", type=float, default=1.0)
    parser.add_argument("--points", type=int, default=51)
    parser.add_argument("models", nargs="+")
    args = parser.parse_args()
    failures = 0
    for model in args.models:
        with tempfile.TemporaryDirectory(prefix="odered-sbml-semantics-") as work:
            try:
                status = check(args.binary, model, args.t_end, args.points, work)
            except RuntimeError as e:
                status = "roadrunner failed: %s" % str(e).split("\n")[0]
        print("%-40s %s" % (os.path.basename(model), status))
        failures += not status.startswith("ok")
    print("%d of %d models agree" % (len(args.models) - failures, len(args.models)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

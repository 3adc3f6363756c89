#!/usr/bin/env python3
"""Writes one random mass-action network twice, as ERODE .ode and as SBML Level 3 Version 2, for
the SBML load-time benchmark of bench/RESULTS.md (issue 13).

    bench/generate-large-sbml.py SPECIES REACTIONS SEED OUT_PREFIX

writes OUT_PREFIX.ode and OUT_PREFIX.xml. Reaction j is `x_a + x_b -> x_c` with rate constant
k_(j mod 10), species chosen uniformly at random (the same choices for both files). The SBML
species are concentrations in one compartment of size 1, as most exported networks are; both
files therefore have the same polynomial ODE (odered checks this: `odered info` prints the same
term count for both).
"""
import random
import sys


def main():
    if len(sys.argv) != 5:
        sys.exit("usage: generate-large-sbml.py SPECIES REACTIONS SEED OUT_PREFIX")
    n, m, seed, prefix = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    rng = random.Random(seed)
    reactions = [(rng.randrange(n), rng.randrange(n), rng.randrange(n), j % 10) for j in range(m)]
    rates = [f"{1 + i}/{10 + i}" for i in range(10)]
    values = [(1 + i) / (10 + i) for i in range(10)]

    with open(prefix + ".ode", "w") as f:
        f.write("begin model large\n begin parameters\n")
        for i, r in enumerate(rates):
            f.write(f"  k{i} = {r}\n")
        f.write(" end parameters\n begin init\n")
        for i in range(n):
            f.write(f"  x{i} = {1 + i % 7}\n")
        f.write(" end init\n begin reactions\n")
        for a, b, c, k in reactions:
            f.write(f"  x{a} + x{b} -> x{c} , k{k}\n")
        f.write(" end reactions\nend model\n")

    with open(prefix + ".xml", "w") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<sbml xmlns="http://www.sbml.org/sbml/level3/version2/core" level="3" version="2">\n'
                '  <model id="large">\n'
                '    <listOfCompartments>\n'
                '      <compartment id="cell" size="1" constant="true"/>\n'
                '    </listOfCompartments>\n    <listOfSpecies>\n')
        for i in range(n):
            f.write(f'      <species id="x{i}" compartment="cell" initialConcentration="{1 + i % 7}" '
                    'hasOnlySubstanceUnits="false" boundaryCondition="false" constant="false"/>\n')
        f.write('    </listOfSpecies>\n    <listOfParameters>\n')
        for i in range(10):
            # The exact value is an initial assignment (k_i = (1+i)/(10+i)), as odered writes it.
            f.write(f'      <parameter id="k{i}" value="{values[i]!r}" constant="true"/>\n')
        f.write('    </listOfParameters>\n    <listOfInitialAssignments>\n')
        for i in range(10):
            f.write(f'      <initialAssignment symbol="k{i}">\n'
                    '        <math xmlns="http://www.w3.org/1998/Math/MathML">\n'
                    f'          <apply><divide/><cn type="integer">{1 + i}</cn><cn type="integer">{10 + i}</cn></apply>\n'
                    '        </math>\n      </initialAssignment>\n')
        f.write('    </listOfInitialAssignments>\n    <listOfReactions>\n')
        for j, (a, b, c, k) in enumerate(reactions):
            if a == b:
                reactants = f'          <speciesReference species="x{a}" stoichiometry="2" constant="true"/>\n'
            else:
                reactants = (f'          <speciesReference species="x{a}" stoichiometry="1" constant="true"/>\n'
                             f'          <speciesReference species="x{b}" stoichiometry="1" constant="true"/>\n')
            f.write(f'      <reaction id="r{j}" reversible="false">\n'
                    '        <listOfReactants>\n' + reactants + '        </listOfReactants>\n'
                    '        <listOfProducts>\n'
                    f'          <speciesReference species="x{c}" stoichiometry="1" constant="true"/>\n'
                    '        </listOfProducts>\n'
                    '        <kineticLaw>\n'
                    '          <math xmlns="http://www.w3.org/1998/Math/MathML">\n'
                    f'            <apply><times/><ci> cell </ci><ci> k{k} </ci><ci> x{a} </ci><ci> x{b} </ci></apply>\n'
                    '          </math>\n        </kineticLaw>\n      </reaction>\n')
        f.write('    </listOfReactions>\n  </model>\n</sbml>\n')


if __name__ == "__main__":
    main()

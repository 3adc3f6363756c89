#!/usr/bin/env python3
"""Independent exact check of odered's BioNetGen reader (issue 12).

A second implementation of BioNetGen `.net` semantics, written from BioNetGen's documentation
with sympy's exact arithmetic, not from odered's code:

  * parameters `index name expression` (forward references allowed), with BioNetGen's
    built-ins: ln, log10, log2, log (= log10, as BioNetGen's muParser), exp, sqrt, trig,
    abs, min, max, rint (floor(x + 1/2)), if, sum, avg, _pi, _e;
  * species `index string initial`, `$` (or `@C::$`) marks a fixed species (derivative 0);
  * functions `index name() expression` of parameters, observables (groups) and functions;
  * reactions `index reactants products rate`: flux = rate × Π reactants (BioNetGen has
    already put symmetry and volume factors into the rate), each species changed by its net
    stoichiometry;
  * groups `index name w*i,…` as observables.

For every model it compares, exactly, the right-hand sides odered writes (`odered convert`)
with its own, and the coarsest forward equivalence odered reports (`odered reduce --json`)
with one computed here by naive partition refinement on the definition (for each block H and
all i, j in a block, ∂f_H/∂x_i ≡ ∂f_H/∂x_j). sympy uses true relations between irrational
constants (sqrt(2)² = 2); odered keeps them as independent symbols, so odered's partition must
refine this one and equal it when no such relation is involved (files say so with a
`# relation` comment). Files whose name starts with `reject_` must be refused by odered with
one line `file:line:column: …`, and are non-polynomial here too.

Usage: bionetgen.py --binary PATH [--random N] [--seed S] [FILES…]
(default files: acceptance/bionetgen/*.net; --random adds N generated networks).
Exit status 0 when everything agrees.
"""
import argparse
import glob
import json
import os
import random
import re
import subprocess
import sys
import tempfile

import sympy
from sympy.parsing.sympy_parser import parse_expr, standard_transformations, convert_xor

TRANSFORMS = standard_transformations + (convert_xor,)


def bng_functions():
    def rint(x):
        return sympy.floor(x + sympy.Rational(1, 2))

    def ite(c, a, b):
        c = sympy.sympify(c)
        if c in (sympy.true, sympy.false):
            return a if c == sympy.true else b
        if c.is_number:
            return a if c != 0 else b
        raise ValueError("if() of a non-constant condition")

    return {
        "ln": sympy.log, "log": lambda x: sympy.log(x, 10), "log10": lambda x: sympy.log(x, 10),
        "log2": lambda x: sympy.log(x, 2), "exp": sympy.exp, "sqrt": sympy.sqrt,
        "sin": sympy.sin, "cos": sympy.cos, "tan": sympy.tan, "asin": sympy.asin, "acos": sympy.acos,
        "atan": sympy.atan, "sinh": sympy.sinh, "cosh": sympy.cosh, "tanh": sympy.tanh,
        "abs": sympy.Abs, "min": sympy.Min, "max": sympy.Max, "rint": rint, "if": ite,
        "sum": lambda *a: sympy.Add(*a), "avg": lambda *a: sympy.Add(*a) / len(a),
        "_pi": sympy.pi, "_e": sympy.E, "sign": sympy.sign,
    }


def to_python(text):
    """BioNetGen expression text → sympy-parsable text."""
    text = text.replace("&&", " and ").replace("||", " or ")
    text = re.sub(r"\bif\s*\(", "ite_(", text)
    text = re.sub(r"(\d)\.(?!\d)", r"\1.0", text)
    # Decimal literals become exact rationals: 1.5e-3 is 3/2000.
    def exact(m):
        return "Rational('%s')" % m.group(0) if any(c in m.group(0) for c in ".eE") else m.group(0)
    text = re.sub(r"(?<![\w.])(\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)", exact, text)
    return text


class NotPolynomial(Exception):
    pass


def parse(text, names):
    local = dict(bng_functions())
    local["ite_"] = local.pop("if")
    local["Rational"] = lambda s: sympy.Rational(s)
    local.update(names)
    try:
        return sympy.sympify(parse_expr(to_python(text), local_dict=local, transformations=TRANSFORMS, evaluate=True))
    except (ValueError, TypeError, SyntaxError, ZeroDivisionError) as e:
        raise NotPolynomial("%s: %s" % (text, e))


def read_net(path):
    sections = {}
    current = None
    lines = open(path).read().replace("\\\n", " ").split("\n")
    for raw in lines:
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        words = line.split()
        if words[0] == "begin":
            current = " ".join(words[1:])
            sections.setdefault(current, [])
            continue
        if words[0] == "end":
            current = None
            continue
        if current is not None:
            sections[current].append(words)
    # Parameters, allowing forward references.
    params = {}
    pending = [(w[1], " ".join(w[2:])) for w in sections.get("parameters", [])]
    while pending:
        left = []
        for name, text in pending:
            bare = re.sub(r"(?<![\w.])(\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)", " ", text)
            free = set(re.findall(r"[A-Za-z_]\w*", bare)) - set(params) - set(bng_functions()) - {"if", "Rational"}
            if free:
                left.append((name, text))
            else:
                params[name] = parse(text, {k: v for k, v in params.items()})
        if len(left) == len(pending):
            raise NotPolynomial("parameters without value: %s" % left)
        pending = left
    species = []
    fixed = set()
    initial = []
    for w in sections.get("species", []):
        s = w[1]
        bare = re.sub(r"^(@[^:]+::)?\$", r"\1", s)
        if bare != s:
            fixed.add(len(species))
        species.append((int(w[0]), bare))
        initial.append(parse(" ".join(w[2:]), params))
    index = {n: k for k, (n, _) in enumerate(species)}
    x = sympy.symbols("x0:%d" % len(species))
    groups = {}
    for w in sections.get("groups", []):
        total = sympy.Integer(0)
        if len(w) > 2:
            for item in w[2].split(","):
                if "*" in item:
                    a, b = item.split("*")
                    total += sympy.Integer(a) * x[index[int(b)]]
                else:
                    total += x[index[int(item)]]
        groups[w[1]] = total
    funcs = {}
    for w in sections.get("functions", []):
        m = re.match(r"(\w+)\(\)$", w[1])
        if not m:
            continue  # functions with arguments: refused below if used
        funcs[m.group(1)] = " ".join(w[2:])
    values = {}

    def function_value(name, depth=0):
        if name in values:
            return values[name]
        if depth > 50:
            raise NotPolynomial("function cycle")
        text = funcs[name]
        if re.search(r"\btime\s*\(", text):
            raise NotPolynomial("time()")
        text = re.sub(r"\b(\w+)\(\)", r"\1", text)
        names = dict(params)
        names.update(groups)
        for f in funcs:
            if re.search(r"\b%s\b" % re.escape(f), text):
                names[f] = function_value(f, depth + 1)
        values[name] = parse(text, names)
        return values[name]

    rhs = [sympy.Integer(0)] * len(species)
    for w in sections.get("reactions", []):
        reactants = [] if w[1] == "0" else [index[int(i)] for i in w[1].split(",")]
        products = [] if w[2] == "0" else [index[int(i)] for i in w[2].split(",")]
        text = " ".join(w[3:])
        if re.match(r"(Sat|MM|Hill)\(", text):
            raise NotPolynomial("rate law")
        text = re.sub(r"\b(\w+)\(\)", r"\1", text)
        names = dict(params)
        for f in funcs:
            if re.search(r"\b%s\b" % re.escape(f), text):
                names[f] = function_value(f)
        rate = parse(text, names)
        flux = rate
        for r in reactants:
            flux *= x[r]
        net = {}
        for r in reactants:
            net[r] = net.get(r, 0) - 1
        for p in products:
            net[p] = net.get(p, 0) + 1
        for s, n in net.items():
            if n != 0 and s not in fixed:
                rhs[s] += n * flux
    rhs = [sympy.expand(f) for f in rhs]
    for f in rhs:
        try:
            sympy.Poly(f, *x)
        except sympy.PolynomialError:
            raise NotPolynomial("not polynomial: %s" % f)
        for c in sympy.Poly(f, *x).coeffs():
            if c.free_symbols:
                raise NotPolynomial("coefficient %s depends on the state" % c)
    return species, x, rhs, initial


def constant_is_zero(c):
    """Whether a constant (rational or with irrational constants) is exactly 0."""
    c = sympy.expand(c)
    if c == 0 or sympy.simplify(c) == 0:
        return True
    return abs(sympy.N(c, 60)) < sympy.Float("1e-50")


def zero(e, x):
    """Whether a polynomial in x with constant coefficients is identically 0."""
    e = sympy.expand(e)
    if e == 0:
        return True
    return all(constant_is_zero(c) for c in sympy.Poly(e, *x).coeffs())


def coarsest_fde(x, rhs):
    n = len(x)
    blocks = [list(range(n))] if n else []
    while True:
        sums = [sympy.expand(sum(rhs[i] for i in b)) for b in blocks]
        new = []
        for b in blocks:
            classes = []
            for i in b:
                sig = [sympy.diff(f, x[i]) for f in sums]
                for c in classes:
                    if all(zero(a - s, x) for a, s in zip(sig, c[0])):
                        c[1].append(i)
                        break
                else:
                    classes.append((sig, [i]))
            new.extend(c[1] for c in classes)
        if len(new) == len(blocks):
            return blocks
        blocks = new


def odered_equations(binary, path):
    """odered's right-hand sides, parameters substituted, as sympy expressions in x0, x1, …."""
    out = subprocess.run([binary, "convert", path, "-o", "-"], capture_output=True, text=True)
    if out.returncode != 0:
        return None, out.stderr.strip()
    text = out.stdout
    params = {}
    local = {"ln": sympy.log, "exp": sympy.exp, "sqrt": sympy.sqrt, "sin": sympy.sin, "cos": sympy.cos,
             "tan": sympy.tan, "asin": sympy.asin, "acos": sympy.acos, "atan": sympy.atan,
             "sinh": sympy.sinh, "cosh": sympy.cosh, "tanh": sympy.tanh, "log10": lambda v: sympy.log(v, 10),
             "log2": lambda v: sympy.log(v, 2), "pi": lambda: sympy.pi, "Rational": sympy.Rational}
    section = None
    species = []
    eqs = {}
    for line in text.split("\n"):
        line = line.split("//", 1)[0].strip()
        if line.startswith("begin "):
            section = line[6:]
            continue
        if line.startswith("end "):
            section = None
            continue
        if not line:
            continue
        if section == "parameters":
            name, expr = line.split("=", 1)
            params[name.strip()] = parse_expr(to_python(expr), local_dict=dict(local, **params), transformations=TRANSFORMS)
        elif section == "init":
            species.append(line.split()[0])
        elif section == "ODE":
            m = re.match(r"d\((\w+)\)\s*=\s*(.*)$", line)
            eqs[m.group(1)] = m.group(2)
    x = sympy.symbols("x0:%d" % len(species))
    names = dict(local, **params)
    names.update({s: x[k] for k, s in enumerate(species)})
    return [sympy.expand(parse_expr(to_python(eqs[s]), local_dict=names, transformations=TRANSFORMS)) for s in species], None


def odered_partition(binary, path):
    out = subprocess.run([binary, "reduce", path, "--json"], capture_output=True, text=True)
    if out.returncode != 0:
        return None
    data = json.loads(out.stdout)
    return data["partition"]


def random_network(rng, k):
    """A random network: irrational and rational parameters, polynomial functions of observables."""
    n = rng.randint(3, 7)
    consts = ["ln(2)", "ln(3)/7", "sqrt(2)", "exp(-1/2)", "_pi", "10^(1/3)", "log(1000)", "1/4", "3", "2.5e-1",
              "sqrt(8)/2", "max(1, 2)", "if(2 > 1, 1/3, 5)", "rint(1.5)"]
    lines = ["# random network %d" % k, "begin parameters"]
    np_ = rng.randint(2, 5)
    for j in range(np_):
        a, b = rng.choice(consts), rng.choice(consts)
        lines.append("    %d k%d %s*%s" % (j + 1, j, a, b))
    lines.append("end parameters")
    groups = ["    1 Tot %s" % ",".join(str(i + 1) for i in range(n)), "    2 Half %s" % ",".join("2*%d" % (i + 1) for i in range(0, n, 2))]
    lines += ["begin functions", "    1 f0() k0*Tot", "    2 f1() f0()*Half + k1", "    3 out() Tot/(Half+1)", "end functions"]
    lines.append("begin species")
    for i in range(n):
        lines.append("    %d S%d() %d" % (i + 1, i, rng.randint(0, 3)))
    lines.append("end species")
    lines.append("begin reactions")
    for r in range(rng.randint(n, 2 * n)):
        reac = sorted(rng.sample(range(1, n + 1), rng.randint(0, 2)))
        prod = sorted(rng.sample(range(1, n + 1), rng.randint(0, 2)))
        rate = rng.choice(["k%d" % rng.randrange(np_), "2*k%d" % rng.randrange(np_), "f0", "f1", "0.5*f0"])
        lines.append("    %d %s %s %s" % (r + 1, ",".join(map(str, reac)) or "0", ",".join(map(str, prod)) or "0", rate))
    lines.append("end reactions")
    lines += ["begin groups"] + groups + ["end groups"]
    return "\n".join(lines) + "\n"


def check(binary, path, relation):
    name = os.path.basename(path)
    try:
        species, x, rhs, _ = read_net(path)
        reference_error = None
    except (NotPolynomial, KeyError) as e:
        reference_error = str(e)
    ours, error = odered_equations(binary, path)
    if name.startswith("reject_"):
        if reference_error is None:
            return "reference accepts a file meant to be rejected"
        if error is None:
            return "odered accepted a non-polynomial model"
        if not re.search(r":\d+:\d+: ", error) or "\n" in error:
            return "odered's error is not one line with line:column: %s" % error
        return None
    if reference_error:
        return "reference refused: %s" % reference_error
    if error:
        return "odered refused: %s" % error
    if len(ours) != len(rhs):
        return "variable counts differ: %d vs %d" % (len(ours), len(rhs))
    for i, (a, b) in enumerate(zip(ours, rhs)):
        if not zero(a - b, x):
            return "d(%s) differs: odered %s, reference %s" % (species[i][1], a, b)
    partition = odered_partition(binary, path)
    reference = coarsest_fde(x, rhs)
    theirs = sorted(sorted("s%d" % (species[i][0] - 1) for i in b) for b in reference)
    mine = sorted(sorted(b) for b in partition)
    block_of = {v: k for k, b in enumerate(theirs) for v in b}
    if any(len({block_of[v] for v in b}) != 1 for b in mine):
        return "odered's partition does not refine the reference: %s vs %s" % (mine, theirs)
    if mine != theirs and not relation:
        return "partitions differ: odered %s, reference %s" % (mine, theirs)
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--binary", required=True)
    parser.add_argument("--random", type=int, default=0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("files", nargs="*")
    args = parser.parse_args()
    here = os.path.dirname(os.path.abspath(__file__))
    files = args.files or sorted(glob.glob(os.path.join(here, "bionetgen", "*.net")))
    rng = random.Random(args.seed)
    tmp = tempfile.mkdtemp(prefix="odered-bng-acceptance-")
    for k in range(args.random):
        path = os.path.join(tmp, "random_%03d.net" % k)
        open(path, "w").write(random_network(rng, k))
        files.append(path)
    failures = 0
    for path in files:
        relation = "# relation" in open(path).read()
        problem = check(args.binary, path, relation)
        status = "ok" if problem is None else "FAIL: " + problem
        print("%-40s %s" % (os.path.basename(path), status))
        failures += problem is not None
    print("%d of %d models agree" % (len(files) - failures, len(files)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
